// Decoder vs iced-x86 (the oracle): for seeded random byte streams, every instruction our decoder
// maps to an opcode-table entry must have iced-x86's length and mnemonic; every stream iced-x86
// decodes as an integer instruction of the set must not be #UD here.
// SDM Vol. 2A chapter 2 (instruction format), Vol. 2D Appendix A (opcode maps).
import { describe, expect, it } from "vitest";
import { Code, Decoder, DecoderOptions, Mnemonic } from "iced-x86";
import { decode, Insn } from "../../src/cpu/decode";
import { OPCODES } from "../../src/cpu/opcodes";
import { missingHandlers, duplicateHandlers } from "../../src/cpu/ops/index";
import { CODE, flatWorld } from "./helpers/exec";

/** Mulberry32: a small seeded PRNG (tests must be reproducible). */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** iced-x86 names that differ from the table's (same instruction). */
const ALIASES: Record<string, string> = { wait: "fwait", jecxz: "jecxz", jcxz: "jecxz", pushad: "pushad", pusha: "pusha" };

/** Instruction classes vtlab does not emulate (x87, MMX/SSE, ...): #UD here is expected. */
function outOfScope(name: string, code: string): boolean {
  return /^(f|pf|p[a-z]|movd|movq|emms|ldmxcsr|stmxcsr|fx|sysret|syscall|rsm|prefetch|clflush|lfence|mfence|sfence|ud0|ud1|getsec|monitor|mwait|xgetbv|xsetbv|rdtscp|swapgs|invept|invvpid|vm|xsave|xrstor|salc|loadall|popcnt|lzcnt|tzcnt|crc32|movbe|rdrand|rdseed|cmpxchg16b|xabort|xbegin|xend|xtest|encls|enclu|bnd|endbr|rdpid|clac|stac|wbnoinvd|invpcid|lock|movnti|skinit|clgi|stgi|invlpga)/.test(name)
    || /xmm|ymm|zmm|_mm|mm_|_st|st_|Reservednop|3dnow|Tzcnt|Popcnt|Lzcnt/i.test(code);
}

describe("decoder", () => {
  it("has a handler for every opcode-table entry and no handler defined twice", () => {
    expect(missingHandlers).toEqual([]);
    expect(duplicateHandlers).toEqual([]);
  });

  it("agrees with iced-x86 on length and mnemonic for 20,000 seeded random streams", () => {
    const w = flatWorld();
    const rnd = prng(12345);
    const insn = new Insn();
    const mismatches: string[] = [];
    const missing = new Map<string, string>();
    let checked = 0;
    const bytes = new Uint8Array(16);
    for (let n = 0; n < 20000; n++) {
      for (let k = 0; k < 16; k++) bytes[k] = Math.floor(rnd() * 256);
      // Bias towards the two-byte map and prefixes, where the tricky forms are.
      if (n % 3 === 0) bytes[0] = 0x0f;
      if (n % 7 === 0) { bytes[1] = bytes[0]; bytes[0] = [0x66, 0x67, 0xf3, 0xf2, 0x26, 0x64][n % 6]; }
      w.ram.set(bytes, CODE);
      const d = new Decoder(32, bytes, DecoderOptions.None);
      d.ip = BigInt(CODE);
      const ins = d.decode();
      const icedValid = ins.code !== Code.INVALID;
      const icedName = Mnemonic[ins.mnemonic].toLowerCase();
      const icedCode = Code[ins.code];
      const icedLen = ins.length;
      ins.free?.();
      let ours: string | null = null;
      try {
        decode(w.cpu, CODE, 1, insn);
        if (insn.entry >= 0) {
          const e = OPCODES[insn.entry];
          ours = insn.o16 && e.mnemonic16 ? e.mnemonic16 : e.mnemonic;
        }
      } catch {
        ours = null; // >15 bytes: #GP
      }
      if (ours !== null && ours !== "fpu" && bytes[insn.len - 1] !== undefined) {
        // A LOCK prefix on a form that does not allow it decodes to #UD handler but keeps its entry.
        if (!icedValid) { if (!insn.lock) mismatches.push(`${Buffer.from(bytes).toString("hex")}: ours ${ours}, iced invalid`); continue; }
        checked++;
        const want = ALIASES[icedName] ?? icedName;
        const got = ALIASES[ours] ?? ours;
        if (want !== got && !(want.startsWith("nop") && got === "nop") && !/^prefetch|^reservednop/.test(want)) {
          mismatches.push(`${Buffer.from(bytes.subarray(0, icedLen)).toString("hex")}: ours ${ours}, iced ${icedName}`);
        } else if (insn.len !== icedLen) {
          mismatches.push(`${Buffer.from(bytes.subarray(0, icedLen)).toString("hex")}: ${ours} length ${insn.len}, iced ${icedLen}`);
        }
      } else if (icedValid && !outOfScope(icedName, icedCode)) {
        missing.set(icedName, `${Buffer.from(bytes.subarray(0, icedLen)).toString("hex")} (${icedCode})`);
      }
    }
    expect(mismatches.slice(0, 20)).toEqual([]);
    expect([...missing.entries()].map((e) => e.join(" ")).slice(0, 40)).toEqual([]);
    expect(checked).toBeGreaterThan(10000);
  });
});
