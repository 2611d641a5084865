/**
 * String instructions MOVS, STOS, LODS, CMPS, SCAS in byte/word/dword forms, with the REP,
 * REPE/REPZ and REPNE/REPNZ prefixes. SDM Vol. 2B "MOVS", "STOS", "LODS", "CMPS", "SCAS" and
 * "REP/REPE/REPZ/REPNE/REPNZ" (Operation, and its note that a repeated string instruction is
 * interruptible: state is kept in ECX/ESI/EDI after each iteration).
 *
 * The source is DS:(E)SI (segment override allowed), the destination ES:(E)DI (never
 * overridden); SI/DI/CX instead of ESI/EDI/ECX with a 16-bit ADDRESS size. EFLAGS.DF selects
 * increment or decrement. Each iteration updates the registers after its memory accesses, so a
 * fault in the middle resumes where it stopped. A repeated instruction runs at most CHUNK
 * iterations per execution and then re-executes itself (EIP back on it) so that interrupts, stop
 * requests and the instruction budget are honoured during long copies. REP before LODS/STOS/MOVS
 * ignores ZF; CMPS/SCAS stop on ZF = 0 (REPE) or ZF = 1 (REPNE).
 */
import type { Cpu } from "../cpu";
import type { Handler, Insn } from "../decode";
import { K_SUB, setLazy } from "../flags";
import { DF, EAX, ECX, EDI, ES, ESI } from "../state";
import { getReg, readMem, setReg, trunc, vsz, writeMem } from "./operand";

/** Iterations of a repeated string instruction per execution before it yields. */
export const CHUNK = 4096;

/** Reads index register r (ESI/EDI), 16 bits with a 16-bit address size. */
export function idx(cpu: Cpu, insn: Insn, r: number): number {
  return insn.a16 ? cpu.state.regs[r] & 0xffff : cpu.state.regs[r];
}
/** Steps index register r (ESI/EDI) by `delta`, wrapping at 64 KiB with a 16-bit address size. */
export function advance(cpu: Cpu, insn: Insn, r: number, delta: number): void {
  const s = cpu.state;
  if (insn.a16) s.regs[r] = (s.regs[r] & 0xffff0000) | ((s.regs[r] + delta) & 0xffff);
  else s.regs[r] = s.regs[r] + delta;
}

/**
 * Runs `step` under the REP prefixes (also for INS/OUTS, system-io.ts); `cmp` = true for CMPS/SCAS
 * (the ZF termination conditions). At most `chunk` iterations run before the instruction restarts.
 */
export function repeat(cpu: Cpu, insn: Insn, sz: number, cmp: boolean, step: (delta: number) => boolean | void, chunk = CHUNK): void {
  const s = cpu.state;
  const delta = ((s.eflags & DF) !== 0 ? -1 : 1) * (1 << sz);
  if (insn.rep === 0) { step(delta); return; }
  const a16 = insn.a16;
  for (let k = 0; k < chunk; k++) {
    const c = a16 ? s.regs[ECX] & 0xffff : s.regs[ECX];
    if (c === 0) return;
    const zf = step(delta);
    if (a16) s.regs[ECX] = (s.regs[ECX] & 0xffff0000) | ((c - 1) & 0xffff);
    else s.regs[ECX] = c - 1;
    if (cmp && (insn.rep === 0xf3 ? !zf : zf)) return;
  }
  if ((a16 ? s.regs[ECX] & 0xffff : s.regs[ECX]) !== 0) s.eip = cpu.insnEip;
}

function movs(cpu: Cpu, insn: Insn, sz: number): void {
  repeat(cpu, insn, sz, false, (delta) => {
    const v = readMem(cpu, insn.seg, idx(cpu, insn, ESI), sz);
    writeMem(cpu, ES, idx(cpu, insn, EDI), sz, v);
    advance(cpu, insn, ESI, delta);
    advance(cpu, insn, EDI, delta);
  });
}
function stos(cpu: Cpu, insn: Insn, sz: number): void {
  const v = getReg(cpu.state, EAX, sz);
  repeat(cpu, insn, sz, false, (delta) => {
    writeMem(cpu, ES, idx(cpu, insn, EDI), sz, v);
    advance(cpu, insn, EDI, delta);
  });
}
function lods(cpu: Cpu, insn: Insn, sz: number): void {
  repeat(cpu, insn, sz, false, (delta) => {
    setReg(cpu.state, EAX, sz, readMem(cpu, insn.seg, idx(cpu, insn, ESI), sz));
    advance(cpu, insn, ESI, delta);
  });
}
/** CMPS: compares [seg:ESI] with [ES:EDI] (flags of SRC1 - SRC2, SRC1 = the DS:ESI operand). */
function cmps(cpu: Cpu, insn: Insn, sz: number): void {
  repeat(cpu, insn, sz, true, (delta) => {
    const a = readMem(cpu, insn.seg, idx(cpu, insn, ESI), sz);
    const b = readMem(cpu, ES, idx(cpu, insn, EDI), sz);
    const r = trunc(a - b, sz);
    setLazy(cpu.state, K_SUB, sz, r, a, b);
    advance(cpu, insn, ESI, delta);
    advance(cpu, insn, EDI, delta);
    return r === 0;
  });
}
/** SCAS: compares the accumulator with [ES:EDI]. */
function scas(cpu: Cpu, insn: Insn, sz: number): void {
  const a = getReg(cpu.state, EAX, sz);
  repeat(cpu, insn, sz, true, (delta) => {
    const b = readMem(cpu, ES, idx(cpu, insn, EDI), sz);
    const r = trunc(a - b, sz);
    setLazy(cpu.state, K_SUB, sz, r, a, b);
    advance(cpu, insn, EDI, delta);
    return r === 0;
  });
}

export const stringHandlers: Record<string, Handler> = {
  movsb: (cpu, i) => movs(cpu, i, 0),
  movsd: (cpu, i) => movs(cpu, i, vsz(i)),
  stosb: (cpu, i) => stos(cpu, i, 0),
  stosd: (cpu, i) => stos(cpu, i, vsz(i)),
  lodsb: (cpu, i) => lods(cpu, i, 0),
  lodsd: (cpu, i) => lods(cpu, i, vsz(i)),
  cmpsb: (cpu, i) => cmps(cpu, i, 0),
  cmpsd: (cpu, i) => cmps(cpu, i, vsz(i)),
  scasb: (cpu, i) => scas(cpu, i, 0),
  scasd: (cpu, i) => scas(cpu, i, vsz(i)),
};
