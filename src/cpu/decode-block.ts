/**
 * Straight-line blocks of decoded instructions compiled into one JS function each.
 *
 * The interpreter's inner loop pays, per instruction, a lookup in the decoded-instruction cache
 * and an indirect call whose target changes every instruction (so V8 can inline nothing). For
 * code that runs often, the run loop instead groups the cached, innocuous instructions that
 * follow each other in one page into a block, ending at the first control transfer (JMP, Jcc,
 * CALL, RET, LOOP, JECXZ) or REP string instruction, and compiles it with `new Function` into:
 *
 *     cpu.insnEip = E0; s.eip = N0; h0(cpu, i0); if (cpu.attention || gen[P] !== G) { <counts>; return 1; }
 *     cpu.insnEip = E1; s.eip = N1; h1(cpu, i1); if (...) { <counts>; return 2; }
 *     ...
 *
 * with the instruction addresses and handlers as constants. Register-only instructions
 * (ops/fastpath.ts isRegisterOnly: ALU on registers, INC/DEC, MOV, LEA, shifts/rotates by a
 * constant) are pasted inline as JS source instead (fastpath.ts inlineSource), need no EIP store
 * and no exit check after them, and drop their lazy-flags record when the next inline instruction
 * overwrites it unread. Counters are added per pass at the exits. A block whose last
 * instruction branches back to its first runs again inside the function (loops), within the
 * instruction budget `room` it is given. Each block function
 * has its own call sites, which stay monomorphic, so V8 inlines the handlers. Semantics are those
 * of the handlers executed one by one: EIP and the counters advance per instruction, a handler
 * that faults leaves `cpu.insnEip` on itself and `cpu.blockDone` at the instructions of earlier
 * passes (the caller then counts the instructions retired before it),
 * and the block returns early when an MMIO access raised `attention` or a write changed code in
 * its page (the page's generation counter moved: self-modifying code within a block works).
 *
 * Blocks are derived data (never in CpuState) and hang off the first instruction; a block is
 * valid while the page generation it was built under is current.
 */
import type { Cpu } from "./cpu";
import type { Handler, Insn } from "./decode";
import type { CpuState } from "./state";
import { OPCODES } from "./opcodes";
import { inlineSource, isRegisterOnly, overwritesFlags } from "./ops/fastpath";
import { getCF, getEflags } from "./flags";

/** Runs the block (repeatedly while it branches back to its own start and `room` allows); returns instructions retired. */
export type BlockFn = (cpu: Cpu, s: CpuState, counts: Float64Array, gens: Uint32Array, room: number) => number;

export interface Block {
  fn: BlockFn;
  /** EIP of the first instruction (blocks bake in absolute EIPs). */
  eip: number;
  /** Instructions in the block. */
  length: number;
  /** Offset just past the last instruction (for the CS limit check). */
  end: number;
  /** Page generation the block was built under. */
  gen: number;
  /** EIP of each instruction, to count the retired ones when instruction k faults. */
  eips: number[];
  /** Counter slot of each instruction. */
  counters: number[];
}

/**
 * Accounts a fault raised by the instruction at `faultEip` during a block run that had retired
 * `done` instructions in complete passes before the current one: adds the counters the generated
 * code had not yet added, and returns the number of instructions retired in total.
 */
export function countFault(b: Block, done: number, faultEip: number, counts: Float64Array): number {
  const j = Math.max(0, b.eips.indexOf(faultEip));
  const passes = done / b.length;
  for (let k = 0; k < b.length; k++) counts[b.counters[k]] += passes + (k < j ? 1 : 0);
  return done + j;
}

/** Longest block, in instructions. */
export const MAX_BLOCK = 48;

/** True when the instruction may transfer control, so nothing after it belongs to the block. */
export function endsBlock(insn: Insn): boolean {
  const m = OPCODES[insn.entry].mnemonic;
  if (m.startsWith("j") || m.startsWith("call") || m.startsWith("ret") || m.startsWith("loop")) return true;
  return insn.rep !== 0 && /^(movs|stos|lods|cmps|scas)/.test(m);
}

/**
 * Compiles `insns` (consecutive, at `eips`, in the page whose generation index is `page` and
 * value `gen`) into a block. `mode` is CS.D: with a 16-bit code segment EIP wraps at 64 KiB.
 */
export function compileBlock(insns: Insn[], eips: number[], mode: number, page: number, gen: number): Block {
  const names: string[] = [];
  const values: (Handler | Insn)[] = [];
  let body = "";
  // EIP is stored before every instruction that may need it (faults, relative branches, pushes of
  // the return address) and at every exit; register-only instructions skip both the store and the
  // MMIO / self-modification check after them.
  // Counters: a pass through the block counts each of its instructions once, so the generated
  // code counts passes and adds them at every exit (plus one for each instruction already run in
  // the unfinished pass of an early exit); a fault is accounted by the caller (countFault).
  const counters = insns.map((i) => i.counter);
  const addPasses = (extra: number) => counters.map((c, j) => `counts[${c}] += passes${j < extra ? " + 1" : ""};`).join(" ");
  let eipKnown = true;
  for (let k = 0; k < insns.length; k++) {
    const insn = insns[k];
    const next = mode !== 0 ? (eips[k] + insn.len) >>> 0 : (eips[k] + insn.len) & 0xffff;
    names.push(`h${k}`, `i${k}`);
    values.push(insn.fn, insn);
    const pure = isRegisterOnly(insn.fn);
    // Register-only instructions with a known form are pasted inline; their flag record is left
    // out when the next instruction (also inline, no exit in between) overwrites it unread.
    const flagsDead = k + 1 < insns.length && isRegisterOnly(insns[k + 1].fn) && overwritesFlags(insns[k + 1]);
    const inline = pure ? inlineSource(insn, !flagsDead) : null;
    if (inline !== null) {
      body += `${inline}\n`;
      eipKnown = false;
    } else if (pure) {
      body += `h${k}(cpu, i${k});\n`;
      eipKnown = false;
    } else {
      body += `cpu.insnEip = ${eips[k]}; s.eip = ${next}; h${k}(cpu, i${k});\n`;
      eipKnown = true;
      if (k < insns.length - 1) {
        body += `if (cpu.attention || gens[${page}] !== ${gen}) { ${addPasses(k + 1)} return done + ${k + 1}; }\n`;
      }
    }
    if (k === insns.length - 1 && !eipKnown) body += `s.eip = ${next};\n`;
  }
  const n = insns.length;
  // A block that ends by branching back to its own start (a loop) runs again without leaving.
  const code = `return function block(cpu, s, counts, gens, room) {
const r = s.regs;
let done = 0, passes = 0;
for (;;) {
cpu.blockDone = done;
${body}done += ${n}; passes++;
if (s.eip !== ${eips[0]} || done + ${n} > room || cpu.attention || gens[${page}] !== ${gen}) { ${addPasses(0)} return done; }
}
};`;
  const factory = new Function("getCF", "getEflags", ...names, code) as
    (cf: typeof getCF, ef: typeof getEflags, ...args: (Handler | Insn)[]) => BlockFn;
  const last = insns.length - 1;
  return {
    fn: factory(getCF, getEflags, ...values),
    eip: eips[0],
    length: insns.length,
    end: eips[last] + insns[last].len,
    gen,
    eips,
    counters,
  };
}
