// Dead status-flag elimination in compiled blocks (src/cpu/flag-liveness.ts, block-emit.ts):
// a register-only instruction whose status flags are all overwritten before anything can read
// them skips its flag bookkeeping. These loops are built so that a wrong elimination changes what
// the guest sees: flags of a merging op (ROL/ROR, INC/DEC) read by ADC/Jcc/SETcc/PUSHFD, rotates
// and shifts whose count is 0 (no flags written, SDM Vol. 2B ROL/SHL "Flags Affected"), INC/DEC
// between a CF producer and a CF consumer (INC/DEC keep CF), memory accesses that fault between a
// producer and its overwrite, and budgets that end mid-pass. compileBlocks = false (one
// instruction at a time) is the reference: registers, EIP, EFLAGS, counters must agree.
import { describe, expect, it } from "vitest";
import type { World } from "./helpers/exec";
import { agree as agreeSeeded, identityPagedWithout } from "./helpers/stepped-oracle";

/** Compiled vs one at a time (helpers/stepped-oracle.ts), with this file's register seed. */
function agree(source: string, budgets: number[], setup?: (w: World) => void) {
  return agreeSeeded(source, budgets, setup, 5);
}

function rng(seed: number): () => number {
  let x = seed >>> 0;
  return () => { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; return x; };
}

/** Budgets that end passes at every offset. */
function budgets(seed: number): number[] {
  const next = rng(seed);
  const out = [40, 1, 2, 3, 5, 7, 11];
  for (let k = 0; k < 25; k++) out.push(1 + (next() % 997));
  out.push(1_000_000);
  return out;
}

const loop = (body: string, count = 300) => `mov edi, ${count}\nl:\n${body}\ndec edi\njnz l\nhlt`;

describe("dead status-flag elimination", () => {
  it("is applied to the benchmark loop: the dead ROL materialises no EFLAGS", () => {
    const src = `mov ecx, 1000
l: add eax, ebx
xor ebx, eax
rol eax, 5
lea edx, [edx + eax * 2 + 7]
sub ebx, edx
dec ecx
jnz l
hlt`;
    const { a, stops } = agree(src, budgets(3));
    expect(stops.at(-1)).toEqual({ kind: "hlt" });
    const sources = [...(a.cpu as unknown as { blockFactories: Map<string, unknown> }).blockFactories.keys()];
    const hot = sources.filter((c) => c.includes("(d << 5) | (d >>> 27)"));
    expect(hot.length).toBeGreaterThan(0);
    for (const c of hot) expect(c).not.toContain("PARITY[");
  });

  it("keeps the flags of ROL/ROR/SHL/INC/DEC that ADC, Jcc, SETcc or PUSHFD read later", () => {
    const writers = ["rol eax, 5", "ror eax, 1", "rol ebx, 31", "shl ebx, 3", "shr eax, 1", "sar ebx, 7", "inc eax", "dec ebx"];
    const middles = ["", "mov edx, eax", "lea edx, [edx + eax * 2 + 7]", "rol ebx, 0", "shl edx, 32"];
    const readers = ["adc esi, 0", "sbb esi, edx", "setc dl\nsetz dh\nseto cl\nsetp ch", "pushfd\npop esi", "jc .x\ninc esi\n.x:", "jo .y\nadd esi, 3\n.y:", "rcl esi, 1", "lahf\nmov esi, eax"];
    for (const w of writers) for (const m of middles) for (const r of readers) {
      // After the reader, an overwrite makes the writer's flags dead on the other paths.
      agree(loop(`add eax, ebp\n${w}\n${m}\n${r}\nsub ebx, esi`, 60), [97, 1_000_000]);
    }
  });

  it("does not treat a rotate or shift by a count of 0 as an overwrite", () => {
    for (const zero of ["rol edx, 0", "ror edx, 32", "shl edx, 0", "shr edx, 64", "sar edx, 32", "rol edx, cl", "shl edx, cl", "ror edx, cl"]) {
      for (const r of ["adc esi, 0", "setc al", "jz .x\nadd esi, 5\n.x:", "pushfd\npop esi"]) {
        // CL = (EDI * 8) & 0xff: the count masked to 5 bits is 0 in every fourth pass.
        const body = `lea ecx, [edi * 8]\ncmp eax, ebx\n${zero}\n${r}\nadd eax, 0x9e3779b9\nxor ebx, eax`;
        agree(loop(body, 80), [131, 1_000_000]);
      }
    }
  });

  it("keeps CF across INC/DEC from its producer to its consumer", () => {
    for (const p of ["add eax, ebx", "sub eax, ebx", "cmp eax, ebx", "shl eax, 1", "rol eax, 1", "ror ebx, 3"]) {
      for (const r of ["adc esi, 0", "setc dl", "jc .x\nadd esi, 9\n.x:", "rcr esi, 1", "pushfd\npop edx"]) {
        agree(loop(`${p}\ninc edx\ndec ecx\ninc ebp\n${r}\nxor eax, esi\nadd ebx, 0x12345679`, 70), [83, 1_000_000]);
      }
    }
  });

  it("leaves the EFLAGS of the producer when a memory access faults before the overwrite (#PF)", () => {
    for (const p of ["rol eax, 5", "add eax, ebx", "inc eax", "shl eax, 3", "ror eax, 1"]) {
      for (const access of ["mov [esi], eax", "mov edx, [esi]", "add edx, [esi]", "mov byte [esi + 1], al", "add [esi], eax"]) {
        const src = `mov esi, 0x30000
mov ecx, 5000
l: add ebx, ecx
${p}
${access}
sub ebx, edx
add esi, 4
dec ecx
jnz l
hlt`;
        // Identity paging of the first 4 MiB, page 0x31000 not present.
        const setup = identityPagedWithout(0x31);
        const { a, stops } = agree(src, [777, 100_000], setup);
        expect(stops[1], src).toMatchObject({ kind: "exception", vector: 14 });
        expect(a.cpu.state.cr[2] >>> 12, src).toBe(0x31);
      }
    }
  });

  it("leaves the producer's EFLAGS when a load past the DS limit faults before the overwrite (#GP)", () => {
    const src = `mov esi, 0x1000
mov ecx, 5000
l: ror ebx, 3
add edx, [esi]
xor ebx, edx
add esi, 4
dec ecx
jnz l
hlt`;
    const setup = (w: World) => { w.cpu.state.segLimit[3] = 0x1fff; };
    const { stops } = agree(src, [100_000], setup);
    expect(stops[0]).toMatchObject({ kind: "exception", vector: 13 });
  });

  it("stops exactly with the right EFLAGS when the budget ends in the middle of a pass", () => {
    const src = loop(`add eax, ebx
rol eax, 5
inc edx
shl ebx, 3
ror ecx, 1
xor ebx, eax
cmp edx, eax
lea edx, [edx + eax * 2 + 7]
sub ebx, edx`, 2000);
    const { stops } = agree(src, budgets(11));
    expect(stops.at(-1)).toEqual({ kind: "hlt" });
  });

  it("keeps the flags a block leaves when it ends without a branch (before OUT, after 48 instructions)", () => {
    // OUT is not innocuous, so the block [CMP, ROL] ends before it and ADC reads CF after it.
    agree(loop("cmp eax, ebx\nrol edx, 3\nout 0x80, al\nadc esi, 0\nadd eax, 0x9e3779b9\nsub ebx, esi", 100), [61, 1_000_000]);
    // A straight line longer than a block (MAX_BLOCK = 48): the block boundary falls between a
    // producer and its reader.
    const long: string[] = [];
    for (let k = 0; k < 30; k++) long.push(`add eax, ${k * 7 + 1}`, `rol eax, ${1 + (k % 31)}`, `adc ebx, 0`);
    agree(loop(long.join("\n"), 40), [77, 1_000_000]);
    const inc: string[] = [];
    for (let k = 0; k < 60; k++) inc.push(k % 2 === 0 ? `sub eax, ${k * 3 + 5}` : "inc edx");
    agree(loop(inc.join("\n") + "\nadc esi, 0", 40), [77, 1_000_000]);
  });

  it("agrees on seeded random loops mixing writers, zero counts, readers and memory", () => {
    const next = rng(2024);
    const R = ["eax", "ebx", "edx", "esi", "ebp"];
    for (let p = 0; p < 60; p++) {
      const r = () => R[next() % R.length];
      const lines: string[] = [];
      for (let k = 0, n = 4 + (next() % 12); k < n; k++) {
        const a = r(), b = r();
        switch (next() % 13) {
          case 0: lines.push(`${["add", "sub", "xor", "and", "or", "cmp"][next() % 6]} ${a}, ${b}`); break;
          case 1: lines.push(`${["add", "sub", "xor", "and", "or", "cmp"][next() % 6]} ${a}, ${(next() % 256) - 128}`); break;
          case 2: case 3: lines.push(`${["rol", "ror", "shl", "shr", "sar"][next() % 5]} ${a}, ${[0, 1, 5, 31, 32][next() % 5]}`); break;
          case 4: lines.push(`${["inc", "dec"][next() % 2]} ${a}`); break;
          case 5: lines.push(`${["adc", "sbb"][next() % 2]} ${a}, ${b}`); break;
          case 6: lines.push(`set${["c", "z", "o", "s", "p", "be", "l"][next() % 7]} cl`); break;
          case 7: lines.push(`mov [edi + ${(next() % 32) * 4}], ${a}`); break;
          case 8: lines.push(`add ${a}, [edi + ${(next() % 32) * 4}]`); break;
          case 9: lines.push(`lea ${a}, [${b} + ${a} * 2 + ${next() % 100}]`); break;
          case 10: lines.push("pushfd\npop ecx"); break;
          case 11: lines.push(`${["rol", "shl", "ror"][next() % 3]} ${a}, cl`); break;
          default: lines.push(`mov ${a}, ${b}`); break;
        }
      }
      const src = `mov edi, 0x20000\nmov ecx, 3\nmov [edi - 4], dword 200\nl:\n${lines.join("\n")}\ndec dword [edi - 4]\njnz l\nhlt`;
      agree(src, [57, 389, 1_000_000]);
    }
  });
});
