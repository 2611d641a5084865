// Compiled blocks that keep registers and the flags record in JS locals (block-emit.ts) must leave
// exactly the state one-at-a-time execution leaves (compileBlocks = false is the reference):
// registers, EIP, EFLAGS, the lazy record, the retired-instruction and cycle counters and the
// per-mnemonic counters — when the budget ends mid-loop, when a memory access inside a hot loop
// faults (#PF, #GP) or a DIV raises #DE, when the loop rewrites its own code, when PIT interrupts
// arrive during a hot loop (a Multiboot guest on the Machine), and on seeded random loops.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { World } from "./helpers/exec";
import { agree, identityPagedWithout } from "./helpers/stepped-oracle";
import { Machine } from "../../src/machine";


const COMPUTE = `mov ecx, 100000
l: add eax, ebx
xor ebx, eax
rol eax, 5
lea edx, [edx + eax * 2 + 7]
sub ebx, edx
dec ecx
jnz l
hlt`;

function rng(seed: number): () => number {
  let x = seed >>> 0;
  return () => { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; return x; };
}

describe("blocks with registers in locals", () => {
  it("stop exactly at the instruction budget in the middle of a hot loop", () => {
    const next = rng(5);
    const budgets = [50, 1, 2, 3, 7, 300, 1001];
    for (let k = 0; k < 40; k++) budgets.push(1 + (next() % 2000));
    const { stops } = agree(COMPUTE, budgets);
    expect(stops.every((s) => (s as { kind: string }).kind === "budget")).toBe(true);
  });

  it("run to the end with exact counters", () => {
    const { a, stops } = agree(COMPUTE, [1_000_000]);
    expect(stops[0]).toEqual({ kind: "hlt" });
    expect(a.cpu.state.instructions).toBe(1 + 7 * 100000 + 1);
  });

  it("report #DE from DIV inside a hot loop with the state before it", () => {
    const src = `mov ecx, 300
mov ebx, 200
l: add esi, ecx
mov eax, 1000
xor edx, edx
div ebx
rol esi, 3
dec ebx
dec ecx
jnz l
hlt`;
    const { a, stops } = agree(src, [100_000]);
    expect(stops[0]).toMatchObject({ kind: "exception", vector: 0 });
    expect(a.cpu.state.regs[3]).toBe(0);
  });

  it("report #GP from a load past the DS limit inside a hot loop", () => {
    const src = `mov esi, 0x1000
mov ecx, 5000
l: add edx, [esi]
add esi, 4
lea edi, [edi + edx + 1]
dec ecx
jnz l
hlt`;
    // DS limit 0x1fff: the load at ESI = 0x2000 faults after 1024 passes.
    const setup = (w: World) => { w.cpu.state.segLimit[3] = 0x1fff; };
    const { a, stops } = agree(src, [100_000], setup);
    expect(stops[0]).toMatchObject({ kind: "exception", vector: 13, errorCode: 0 });
    expect(a.cpu.state.regs[6]).toBe(0x2000);
  });

  it("report #PF from a store inside a hot loop with EIP, registers and counters exact", () => {
    const src = `mov edi, 0x30000
mov ecx, 5000
l: mov [edi], eax
add eax, ecx
add edi, 4
ror eax, 7
dec ecx
jnz l
hlt`;
    // Identity paging of the first 4 MiB, page 0x31000 not present.
    const setup = identityPagedWithout(0x31);
    const { a, stops } = agree(src, [100_000], setup);
    expect(stops[0]).toMatchObject({ kind: "exception", vector: 14 });
    expect(a.cpu.state.regs[7]).toBe(0x31000);
    expect(a.cpu.state.cr[2]).toBe(0x31000);
  });

  it("see code the loop rewrites in itself", () => {
    const src = `mov ecx, 400
l: add eax, 1
patch: add ebx, 0x11111111
mov [patch + 2], eax
xor edx, ebx
dec ecx
jnz l
hlt`;
    const { stops } = agree(src, [333, 1000, 100_000]);
    expect(stops[2]).toEqual({ kind: "hlt" });
  });

  it("stay exact when stores next to the loop's code invalidate and rebuild its blocks", () => {
    // The store hits the 64-byte line of the loop itself: every pass drops the decoded code and
    // the blocks are compiled again (from the cached factory, decode-block.ts).
    const src = `mov ecx, 3000
l: add eax, ecx
rol eax, 3
mov [var], eax
sub edx, eax
dec ecx
jnz l
hlt
var: dd 0`;
    const { a, stops } = agree(src, [500, 777, 100_000]);
    expect(stops[2]).toEqual({ kind: "hlt" });
    expect(a.cpu.state.instructions).toBe(1 + 6 * 3000 + 1);
  });

  it("carry every kind of flags record into INC/DEC (kept CF) and ROL (full EFLAGS)", () => {
    // Each flag writer, with equal operands too (CF of SUB/CMP at the boundary), then INC (keeps
    // CF from the record), ADC reading it, ROL merging its CF/OF into the materialised EFLAGS,
    // PUSHFD exposing all of them.
    const writers = ["cmp eax, eax", "cmp eax, ebx", "sub esi, esi", "sub esi, 1", "add eax, ebx", "add eax, 0",
      "xor edx, eax", "shl ebx, 3", "shr ebx, 31", "sar edx, 5", "inc ebp", "dec ebp", "rol eax, 7", "ror ebx, 1"];
    for (const w of writers) {
      for (const tail of ["inc ebx\nadc edi, 0", "rol ebx, 1\npushfd\npop edi", "dec ecx\nsetc dl\ninc ecx"]) {
        const src = `mov ecx, 50
l: add ebx, ecx
${w}
${tail}
xor esi, edi
dec ecx
jnz l
hlt`;
        agree(src, [123, 100_000]);
      }
    }
  });

  it("agree on seeded random loops with memory operands and every Jcc", () => {
    const next = rng(91);
    const R = ["eax", "ebx", "edx", "esi", "ebp"];
    for (let p = 0; p < 30; p++) {
      const r = () => R[next() % R.length];
      const lines: string[] = [];
      for (let k = 0, n = 3 + (next() % 9); k < n; k++) {
        const a = r(), b = r(), imm = next() | 0;
        switch (next() % 10) {
          case 0: lines.push(`add ${a}, ${b}`); break;
          case 1: lines.push(`sub ${a}, ${imm}`); break;
          case 2: lines.push(`mov [edi + ${(next() % 64) * 4}], ${a}`); break;
          case 3: lines.push(`mov ${a}, [edi + ${(next() % 64) * 4}]`); break;
          case 4: lines.push(`${["rol", "ror", "shl", "sar", "shr"][next() % 5]} ${a}, ${next() % 32}`); break;
          case 5: lines.push(`${["inc", "dec"][next() % 2]} ${a}`); break;
          case 6: lines.push(`cmp ${a}, ${b}`); break;
          case 7: lines.push(`add ${a}, [edi + ${(next() % 64) * 4}]`); break;
          case 8: lines.push(`${["and", "or", "xor"][next() % 3]} ${a}, ${b}`); break;
          default: lines.push(`lea ${a}, [${b} + ${a} * 4 + ${imm}]`); break;
        }
      }
      const cc = ["o", "no", "b", "ae", "e", "ne", "be", "a", "s", "ns", "p", "np", "l", "ge", "le", "g"][next() % 16];
      const src = `mov edi, 0x4000
mov ecx, 60
l: ${lines.join("\n")}
j${cc} skip
inc edi
skip: dec ecx
jnz l
hlt`;
      agree(src, [97, 1 + (next() % 500), 100_000]);
    }
  });
});

describe("hot compiled loops and the PIT", () => {
  it("take the same timer interrupts as one-at-a-time execution (bench compute guest)", () => {
    const guests = join(__dirname, "../../bench/guests");
    const out = join(require("node:os").tmpdir(), `vtlab-blocks-pit-${process.pid}.bin`);
    execFileSync("nasm", ["-f", "bin", "-DITERATIONS=400000", "-I", guests + "/", "-o", out, join(guests, "compute.asm")]);
    const image = new Uint8Array(readFileSync(out));
    const go = (blocks: boolean) => {
      const m = new Machine({ memory: "16M" });
      m.cpu.compileBlocks = blocks;
      m.loadMultiboot(image, { cmdline: out });
      const stop = m.run();
      return { stop, serial: m.serialOutput(), regs: Array.from(m.cpu.state.regs), n: m.cpu.state.instructions, counters: m.cpu.counters };
    };
    const a = go(true), b = go(false);
    expect(a.stop.kind).toBe("debug-exit");
    expect(a).toEqual(b);
    // The stopwatch counted PIT interrupts taken during the loop.
    const ticks = /ms ([0-9A-F]{8})/.exec(a.serial);
    expect(ticks).not.toBeNull();
    expect(parseInt((ticks as RegExpExecArray)[1], 16)).toBeGreaterThan(0);
  });
});
