/**
 * `vtlab disasm <file.bin> [--org ADDRESS] [--bits 16|32]`: disassembles a flat binary in NASM
 * syntax (iced-x86 decoder and NASM formatter), one instruction per line: address, bytes, text.
 * Exit status: 0 success, 1 bad arguments or unreadable file.
 */
import * as fs from "fs";
import { disassemble } from "../asm";

const USAGE = "usage: vtlab disasm <file.bin> [--org ADDRESS] [--bits 16|32]";

function parseAddress(s: string | undefined): number | undefined {
  if (s === undefined || !/^(0x[0-9a-f]+|[0-9]+|[0-9a-f]+h)$/i.test(s)) return undefined;
  const n = /h$/i.test(s) ? parseInt(s.slice(0, -1), 16) : Number(s);
  return Number.isSafeInteger(n) && n >= 0 && n <= 0xffffffff ? n : undefined;
}

export async function run(argv: string[]): Promise<number> {
  let file: string | undefined;
  let origin = 0;
  let bits: 16 | 32 = 32;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "-h" || arg === "--help") {
      process.stdout.write(USAGE + "\n");
      return 0;
    } else if (arg === "--org" || arg.startsWith("--org=")) {
      const v = arg.includes("=") ? arg.slice(6) : argv[++i];
      const n = parseAddress(v);
      if (n === undefined) {
        process.stderr.write(`vtlab disasm: --org needs an address such as 0x100000, not '${v ?? ""}'\n`);
        return 1;
      }
      origin = n;
    } else if (arg === "--bits" || arg.startsWith("--bits=")) {
      const v = arg.includes("=") ? arg.slice(7) : argv[++i];
      if (v !== "16" && v !== "32") {
        process.stderr.write(`vtlab disasm: --bits must be 16 or 32, not '${v ?? ""}'\n`);
        return 1;
      }
      bits = v === "16" ? 16 : 32;
    } else if (arg.startsWith("-")) {
      process.stderr.write(`vtlab disasm: unrecognised option '${arg}'\n${USAGE}\n`);
      return 1;
    } else if (file !== undefined) {
      process.stderr.write(`vtlab disasm: more than one input file\n${USAGE}\n`);
      return 1;
    } else file = arg;
  }
  if (file === undefined) {
    process.stderr.write(`vtlab disasm: no input file specified\n${USAGE}\n`);
    return 1;
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(fs.readFileSync(file));
  } catch (e) {
    process.stderr.write(`vtlab disasm: unable to open '${file}': ${(e as NodeJS.ErrnoException).code ?? String(e)}\n`);
    return 1;
  }
  const lines = disassemble(bytes, { origin, bitness: bits }).map((r) => {
    const hex = Buffer.from(r.bytes).toString("hex").toUpperCase();
    return `${r.address.toString(16).toUpperCase().padStart(8, "0")}  ${hex.padEnd(20)}  ${r.text}`;
  });
  process.stdout.write(lines.join("\n") + (lines.length ? "\n" : ""));
  return 0;
}
