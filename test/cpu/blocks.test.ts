// Compiled blocks (decode-block.ts, with the inline register-only forms of ops/fastpath.ts) must
// behave exactly like the handlers run one at a time: seeded random register-only loops (ALU,
// INC/DEC, MOV, LEA, shifts and rotates, then a flags-reading Jcc/SETcc/ADC) run hot with block
// compilation on and off; registers, EFLAGS and the counters must agree.
import { describe, expect, it } from "vitest";
import { assemble, CODE, flatWorld } from "./helpers/exec";
import { getEflags } from "../../src/cpu/flags";

function rng(seed: number): () => number {
  let x = seed >>> 0;
  return () => { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; return x; };
}

const REGS = ["eax", "ebx", "edx", "esi", "edi", "ebp"]; // ECX counts the loop, ESP stays the stack

function randomBody(next: () => number): string {
  const r = () => REGS[next() % REGS.length];
  const lines: string[] = [];
  const n = 3 + (next() % 10);
  for (let k = 0; k < n; k++) {
    const a = r(), b = r();
    const imm = next() % 3 === 0 ? (next() % 256) - 128 : next() | 0;
    switch (next() % 14) {
      case 0: lines.push(`add ${a}, ${b}`); break;
      case 1: lines.push(`sub ${a}, ${imm}`); break;
      case 2: lines.push(`xor ${a}, ${b}`); break;
      case 3: lines.push(`and ${a}, ${imm}`); break;
      case 4: lines.push(`or ${a}, ${b}`); break;
      case 5: lines.push(`cmp ${a}, ${b}`); break;
      case 6: lines.push(`inc ${a}`); break;
      case 7: lines.push(`dec ${a}`); break;
      case 8: lines.push(`mov ${a}, ${b}`); break;
      case 9: lines.push(`lea ${a}, [${b} + ${a} * ${[1, 2, 4, 8][next() % 4]} + ${imm}]`); break;
      case 10: lines.push(`${["shl", "shr", "sar", "rol", "ror"][next() % 5]} ${a}, ${next() % 32}`); break;
      case 11: lines.push(`${["shl", "shr", "sar", "rol", "ror"][next() % 5]} ${a}, 1`); break;
      case 12: lines.push(`adc ${a}, ${b}`); break;
      default: lines.push(`add eax, ${imm}`); break;
    }
  }
  // Something that reads the flags the body left.
  lines.push(["setc bl", "seto bh", "adc edi, 0", "sbb esi, 1"][next() % 4]);
  return lines.join("\n");
}

function runLoop(source: string, blocks: boolean) {
  const w = flatWorld();
  w.cpu.compileBlocks = blocks;
  w.ram.set(assemble(source), CODE);
  const s = w.cpu.state;
  for (let i = 0; i < 8; i++) if (i !== 4) s.regs[i] = 0x9e3779b9 * (i + 1);
  const stop = w.cpu.run(1_000_000);
  return { stop, regs: Array.from(s.regs), eflags: getEflags(s) & 0x8d5, counters: w.cpu.counters };
}

describe("compiled blocks agree with one-at-a-time execution", () => {
  it("on 60 seeded random register-only loops", () => {
    const next = rng(77);
    for (let p = 0; p < 60; p++) {
      const body = randomBody(next);
      const src = `mov ecx, 40\nl:\n${body}\ndec ecx\njnz l\npushfd\npop ecx\nhlt`;
      const a = runLoop(src, true), b = runLoop(src, false);
      expect(a.stop, src).toEqual({ kind: "hlt" });
      expect(a.regs, src).toEqual(b.regs);
      expect(a.eflags, src).toBe(b.eflags);
      expect(a.counters, src).toEqual(b.counters);
    }
  });
});
