/**
 * Disassembler: iced-x86's decoder and NASM formatter (iced-x86 README "Disassemble"), producing
 * rows of address, bytes, NASM-syntax text and the symbol at that address. Branch targets that
 * match a symbol are shown by name. Left out: data/code separation (everything is decoded as code).
 */
import type * as Iced from "iced-x86";
import type { DisasmRow, DisassembleOptions } from "./types";

/** iced-x86 is loaded on first use: its WebAssembly module is large and `vtlab asm` never needs it. */
let iced: typeof Iced | undefined;

export function disassemble(bytes: Uint8Array, options: DisassembleOptions = {}): DisasmRow[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  iced ??= require("iced-x86") as typeof Iced;
  const { Decoder, DecoderOptions, Formatter, FormatterSyntax } = iced;
  const origin = options.origin ?? 0;
  const bitness = options.bitness ?? 32;
  const byAddr = new Map<number, string>();
  for (const [name, addr] of Object.entries(options.symbols ?? {})) if (!byAddr.has(addr)) byAddr.set(addr, name);
  const decoder = new Decoder(bitness, bytes, DecoderOptions.None);
  decoder.ip = BigInt(origin);
  const formatter = new Formatter(FormatterSyntax.Nasm);
  formatter.uppercaseHex = false;
  formatter.hexPrefix = "0x";
  formatter.hexSuffix = "";
  formatter.spaceAfterOperandSeparator = true;
  formatter.showBranchSize = true;
  formatter.branchLeadingZeros = false;
  // keep every byte visible so that re-assembling the text gives the same encoding
  formatter.showUselessPrefixes = true;
  formatter.nasmShowSignExtendedImmediateSize = true;
  const rows: DisasmRow[] = [];
  try {
    while (decoder.canDecode) {
      const instr = decoder.decode();
      const address = Number(instr.ip);
      const off = address - origin;
      let text = formatter.format(instr);
      // a 3E prefix on an indirect branch is shown by iced as CET's `notrack`; NASM spells it ds:
      if (text.startsWith("notrack ")) text = text.slice(8).replace("[", "[ds:");
      // NASM assembles `retw imm16` without the 66 prefix (insns.dat quirk); `retnw imm16` keeps it
      if (/^retw \S/.test(text)) text = "retnw" + text.slice(4);
      if (instr.isJmpShortOrNear || instr.isJccShortOrNear || instr.isCallNear) {
        const target = Number(instr.nearBranchTarget);
        const name = byAddr.get(target);
        if (name) text += `  ; ${name}`;
      }
      const row: DisasmRow = { address, bytes: bytes.slice(off, off + instr.length), text };
      const sym = byAddr.get(address);
      if (sym) row.symbol = sym;
      rows.push(row);
      instr.free();
    }
  } finally {
    formatter.free();
    decoder.free();
  }
  return rows;
}
