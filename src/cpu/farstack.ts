/**
 * Stack accesses of interrupt delivery and far transfers, on an explicit stack (SS:ESP) that
 * may not yet be the current one — an inner stack taken from the TSS is filled before SS and ESP
 * change, so a fault while building the frame leaves the old stack in place (SDM Vol. 3A, 6.12.1
 * "Exception- and Interrupt-Handler Procedures", 5.8.5 "Stack Switching").
 *
 * The stack's D/B flag selects ESP (B = 1) or SP (B = 0, upper half of ESP untouched)
 * (Vol. 3A, 3.4.5 "D/B flag"). Each access is checked against the segment limit — expand-up:
 * offset + size - 1 <= limit; expand-down: limit < offset and offset + size - 1 <= 0xFFFF or
 * 0xFFFFFFFF (3.4.5.1) — and faults #SS with the error code the caller names (0 for the current
 * stack, the new SS selector + EXT for a stack switch).
 *
 * Left out: shadow stacks (CET), 64-bit stacks.
 */
import { CpuException, SS_ } from "./exception";
import type { MmuCpu } from "./mmu";
import { AR_DB, CpuState, ESP, SS } from "./state";
import { readLinear, writeLinear } from "./sysmem";

export interface StackPointer {
  base: number;
  limit: number;
  /** Access rights of the stack segment (VMX format). */
  ar: number;
  esp: number;
  /** Accesses are user-mode (CPL 3) for the paging checks. */
  user: boolean;
  /** Error code of the #SS a limit violation raises. */
  ssError: number;
}

/** The current stack (SS:ESP) as a StackPointer. */
export function currentStack(s: CpuState, ssError = 0): StackPointer {
  return { base: s.segBase[SS], limit: s.segLimit[SS], ar: s.segAr[SS], esp: s.regs[ESP], user: s.cpl === 3, ssError };
}

function checkLimit(st: StackPointer, offset: number, size: number): void {
  const last = offset + size - 1;
  const big = (st.ar & AR_DB) !== 0;
  const expandDown = (st.ar & 0x1c) === 0x14; // data segment (S=1, code=0) with E = 1
  const ok = expandDown ? offset > st.limit && last <= (big ? 0xffffffff : 0xffff) : last <= st.limit;
  if (!ok) throw new CpuException(SS_, st.ssError);
}

/** Pushes `size` bytes of `value`, moving st.esp down. */
export function pushValue(cpu: MmuCpu, st: StackPointer, size: 2 | 4, value: number): void {
  let offset: number;
  if ((st.ar & AR_DB) !== 0) {
    offset = (st.esp - size) >>> 0;
    checkLimit(st, offset, size);
    writeLinear(cpu, (st.base + offset) >>> 0, size, value, st.user);
    st.esp = offset;
  } else {
    offset = (st.esp - size) & 0xffff;
    checkLimit(st, offset, size);
    writeLinear(cpu, (st.base + offset) >>> 0, size, value, st.user);
    st.esp = ((st.esp & 0xffff0000) | offset) >>> 0;
  }
}

/** Pops `size` bytes, moving st.esp up. */
export function popValue(cpu: MmuCpu, st: StackPointer, size: 2 | 4): number {
  const big = (st.ar & AR_DB) !== 0;
  const offset = big ? st.esp : st.esp & 0xffff;
  checkLimit(st, offset, size);
  const v = readLinear(cpu, (st.base + offset) >>> 0, size, st.user);
  st.esp = big ? (st.esp + size) >>> 0 : ((st.esp & 0xffff0000) | ((offset + size) & 0xffff)) >>> 0;
  return v;
}

/** Reads `size` bytes at `delta` above the stack pointer without popping. */
export function peekValue(cpu: MmuCpu, st: StackPointer, delta: number, size: 2 | 4): number {
  const big = (st.ar & AR_DB) !== 0;
  const offset = big ? (st.esp + delta) >>> 0 : (st.esp + delta) & 0xffff;
  checkLimit(st, offset, size);
  return readLinear(cpu, (st.base + offset) >>> 0, size, st.user);
}

/** Moves the stack pointer by `delta` bytes (RET imm16), honouring the B flag. */
export function adjustStack(st: StackPointer, delta: number): void {
  st.esp = (st.ar & AR_DB) !== 0 ? (st.esp + delta) >>> 0 : ((st.esp & 0xffff0000) | ((st.esp + delta) & 0xffff)) >>> 0;
}
