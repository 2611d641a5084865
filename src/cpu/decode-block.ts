/**
 * Straight-line blocks of decoded instructions compiled into one JS function each.
 *
 * The interpreter's inner loop pays, per instruction, a lookup in the decoded-instruction cache
 * and an indirect call whose target changes every instruction (so V8 can inline nothing). For
 * code that runs often, the run loop instead groups the cached, innocuous instructions that
 * follow each other in one page into a block, ending at the first control transfer (JMP, Jcc,
 * CALL, RET, LOOP, JECXZ) or REP string instruction, and compiles it with `new Function`
 * (block-emit.ts writes the source). Inside the function the guest registers and the lazy-flags
 * record live in JS locals; register-only instructions and a trailing 32-bit Jcc are plain JS on
 * them, every other instruction calls its handler with the state synchronised first:
 *
 *     <locals written since the last sync stored>; cpu.insnEip = E1; s.eip = N1; h1(cpu, i1);
 *     <locals the handler may change reloaded>; if (cpu.attention || gen[P] !== G) { <counts>; return 2; }
 *
 * with the instruction addresses and handlers as constants. Counters are added per pass at the
 * exits. A block whose last instruction branches back to its first runs again inside the
 * function (loops), within the instruction budget `room` it is given. Each block function has
 * its own call sites, which stay monomorphic, so V8 inlines the handlers. Semantics are those of
 * the handlers executed one by one: a handler that faults finds EIP, registers and flags as they
 * were before it and leaves `cpu.insnEip` on itself and `cpu.blockDone` at the instructions of
 * earlier passes (the caller then counts the instructions retired before it), and the block
 * returns early when an MMIO access raised `attention` or a write changed code in its page (the
 * page's generation counter moved: self-modifying code within a block works).
 *
 * Blocks are derived data (never in CpuState) and hang off the first instruction; a block is
 * valid while the page generation it was built under is current.
 */
import type { Cpu } from "./cpu";
import type { Insn } from "./decode";
import type { CpuState } from "./state";
import { OPCODES } from "./opcodes";
import { emitBlock } from "./block-emit";
import { condition, getCF, getEflags, PARITY } from "./flags";

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

/** Block factories by generated source (see compileBlock); owned by one Cpu. */
export type BlockFactories = Map<string, (...args: unknown[]) => BlockFn>;
/** Entries a factory cache keeps before it starts over. */
const MAX_FACTORIES = 4096;

/**
 * Compiles `insns` (consecutive, at `eips`, in the page whose generation index is `page` and
 * value `gen`) into a block. `mode` is CS.D: with a 16-bit code segment EIP wraps at 64 KiB.
 * The source does not depend on the generation, so when a page's code is invalidated and the
 * same instructions are compiled again (a guest writing data next to its code, as a timer
 * handler updating a counter does), `factories` hands back the factory of the first time and V8
 * reuses its optimised code instead of warming up a new function.
 */
export function compileBlock(insns: Insn[], eips: number[], mode: number, page: number, gen: number, factories: BlockFactories): Block {
  const counters = insns.map((i) => i.counter);
  const { code, names, values } = emitBlock(insns, eips, mode, page, counters);
  let factory = factories.get(code);
  if (factory === undefined) {
    if (factories.size >= MAX_FACTORIES) factories.clear();
    factory = new Function("getCF", "getEflags", "condition", "PARITY", "G", ...names, code) as (...args: unknown[]) => BlockFn;
    factories.set(code, factory);
  }
  const last = insns.length - 1;
  return {
    fn: factory(getCF, getEflags, condition, PARITY, gen, ...values),
    eip: eips[0],
    length: insns.length,
    end: eips[last] + insns[last].len,
    gen,
    eips,
    counters,
  };
}
