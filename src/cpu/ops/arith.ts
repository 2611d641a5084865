/**
 * Integer arithmetic and logic: ADD OR ADC SBB AND SUB XOR CMP in all nine forms (SDM Vol. 2D,
 * Appendix A, Table A-2 rows 0-3 and group 1), TEST, INC/DEC, NEG/NOT, and the BCD adjustments
 * DAA/DAS/AAA/AAS/AAM/AAD. Each instruction's operation and "Flags Affected" section of SDM
 * Vol. 2A/2B is followed; flags are recorded lazily (flags.ts) except for the BCD ops, whose
 * undefined flags are written as 0 (programs must not depend on them).
 *
 * Memory destinations are read, computed, written, and only then are the flags recorded, so an
 * instruction that faults on its write leaves EFLAGS unchanged and restarts correctly (ADC/SBB
 * re-read CF).
 */
import type { Cpu } from "../cpu";
import type { Handler, Insn } from "../decode";
import { fault, DE } from "../exception";
import { getCF, getEflags, K_ADC, K_ADD, K_DEC, K_INC, K_LOGIC, K_SBB, K_SUB, PARITY, setArith, setLazy, setLazyIncDec } from "../flags";
import { AF, CF, CpuState, PF, SF, ZF, EAX } from "../state";
import { ea, getReg, readE, readMem, setReg, trunc, vsz, writeMem } from "./operand";

/** ModRM.reg order of group 1: ADD OR ADC SBB AND SUB XOR CMP. */
export const ADD = 0, OR = 1, ADC = 2, SBB = 3, AND = 4, SUB = 5, XOR = 6, CMP = 7;
const NAMES = ["add", "or", "adc", "sbb", "and", "sub", "xor", "cmp"];

/** The result of `op` on d and v (size sz); cf is the carry-in for ADC/SBB. */
function compute(op: number, sz: number, d: number, v: number, cf: number): number {
  switch (op) {
    case ADD: return trunc(d + v, sz);
    case OR: return trunc(d | v, sz);
    case ADC: return trunc(d + v + cf, sz);
    case SBB: return trunc(d - v - cf, sz);
    case AND: return trunc(d & v, sz);
    case XOR: return trunc(d ^ v, sz);
    default: return trunc(d - v, sz); // SUB, CMP
  }
}

function record(s: CpuState, op: number, sz: number, r: number, d: number, v: number): void {
  switch (op) {
    case ADD: setLazy(s, K_ADD, sz, r, d, v); break;
    case ADC: setLazy(s, K_ADC, sz, r, d, v); break;
    case SBB: setLazy(s, K_SBB, sz, r, d, v); break;
    case SUB: case CMP: setLazy(s, K_SUB, sz, r, d, v); break;
    default: setLazy(s, K_LOGIC, sz, r, 0, 0); break;
  }
}

/** op r/m, src: the destination is the r/m operand. */
function aluE(cpu: Cpu, insn: Insn, op: number, sz: number, v: number): void {
  const s = cpu.state;
  const cf = op === ADC || op === SBB ? getCF(s) : 0;
  if (insn.mod === 3) {
    const d = getReg(s, insn.rm, sz);
    const r = compute(op, sz, d, v, cf);
    if (op !== CMP) setReg(s, insn.rm, sz, r);
    record(s, op, sz, r, d, v);
  } else {
    const a = ea(cpu, insn);
    const d = readMem(cpu, insn.seg, a, sz);
    const r = compute(op, sz, d, v, cf);
    if (op !== CMP) writeMem(cpu, insn.seg, a, sz, r);
    record(s, op, sz, r, d, v);
  }
}

/** op reg, src: the destination is a general register. */
function aluR(s: CpuState, reg: number, op: number, sz: number, v: number): void {
  const cf = op === ADC || op === SBB ? getCF(s) : 0;
  const d = getReg(s, reg, sz);
  const r = compute(op, sz, d, v, cf);
  if (op !== CMP) setReg(s, reg, sz, r);
  record(s, op, sz, r, d, v);
}

function aluHandlers(op: number): Record<string, Handler> {
  const m = NAMES[op];
  return {
    [`${m}_Eb_Gb`]: (cpu, i) => aluE(cpu, i, op, 0, getReg(cpu.state, i.reg, 0)),
    [`${m}_Ev_Gv`]: (cpu, i) => { const sz = vsz(i); aluE(cpu, i, op, sz, getReg(cpu.state, i.reg, sz)); },
    [`${m}_Gb_Eb`]: (cpu, i) => aluR(cpu.state, i.reg, op, 0, readE(cpu, i, 0)),
    [`${m}_Gv_Ev`]: (cpu, i) => { const sz = vsz(i); aluR(cpu.state, i.reg, op, sz, readE(cpu, i, sz)); },
    [`${m}_AL_Ib`]: (cpu, i) => aluR(cpu.state, EAX, op, 0, i.imm),
    [`${m}_eAX_Iz`]: (cpu, i) => aluR(cpu.state, EAX, op, vsz(i), i.imm),
    [`${m}_Eb_Ib`]: (cpu, i) => aluE(cpu, i, op, 0, i.imm),
    [`${m}_Ev_Iz`]: (cpu, i) => aluE(cpu, i, op, vsz(i), i.imm),
    // 83 /op ib: the immediate byte is sign-extended to the operand size.
    [`${m}_Ev_Ib`]: (cpu, i) => { const sz = vsz(i); aluE(cpu, i, op, sz, trunc((i.imm << 24) >> 24, sz)); },
  };
}

/** TEST: AND without storing the result (SDM Vol. 2B, TEST): CF = OF = 0, SF ZF PF from the result. */
function test(s: CpuState, sz: number, d: number, v: number): void {
  setLazy(s, K_LOGIC, sz, trunc(d & v, sz), 0, 0);
}

/** INC/DEC r/m or register: CF unaffected (SDM Vol. 2A, INC; DEC). */
function incDecE(cpu: Cpu, insn: Insn, sz: number, delta: number): void {
  const s = cpu.state;
  const kind = delta > 0 ? K_INC : K_DEC;
  if (insn.mod === 3) {
    const d = getReg(s, insn.rm, sz);
    const r = trunc(d + delta, sz);
    setReg(s, insn.rm, sz, r);
    setLazyIncDec(s, kind, sz, r, d);
  } else {
    const a = ea(cpu, insn);
    const d = readMem(cpu, insn.seg, a, sz);
    const r = trunc(d + delta, sz);
    writeMem(cpu, insn.seg, a, sz, r);
    setLazyIncDec(s, kind, sz, r, d);
  }
}

/** NEG: 0 - operand; CF = (operand != 0), the rest as SUB (SDM Vol. 2B, NEG). */
function negE(cpu: Cpu, insn: Insn, sz: number): void {
  const s = cpu.state;
  if (insn.mod === 3) {
    const v = getReg(s, insn.rm, sz);
    const r = trunc(-v, sz);
    setReg(s, insn.rm, sz, r);
    setLazy(s, K_SUB, sz, r, 0, v);
  } else {
    const a = ea(cpu, insn);
    const v = readMem(cpu, insn.seg, a, sz);
    const r = trunc(-v, sz);
    writeMem(cpu, insn.seg, a, sz, r);
    setLazy(s, K_SUB, sz, r, 0, v);
  }
}

/** NOT: one's complement, no flags affected (SDM Vol. 2B, NOT). */
function notE(cpu: Cpu, insn: Insn, sz: number): void {
  if (insn.mod === 3) setReg(cpu.state, insn.rm, sz, trunc(~getReg(cpu.state, insn.rm, sz), sz));
  else {
    const a = ea(cpu, insn);
    writeMem(cpu, insn.seg, a, sz, trunc(~readMem(cpu, insn.seg, a, sz), sz));
  }
}

/** SF, ZF, PF of an 8-bit result (BCD instructions). */
function szp8(r: number): number {
  return (r & 0x80 ? SF : 0) | (r === 0 ? ZF : 0) | (PARITY[r] ? PF : 0);
}

export const arithHandlers: Record<string, Handler> = {
  ...aluHandlers(ADD), ...aluHandlers(OR), ...aluHandlers(ADC), ...aluHandlers(SBB),
  ...aluHandlers(AND), ...aluHandlers(SUB), ...aluHandlers(XOR), ...aluHandlers(CMP),

  test_Eb_Gb: (cpu, i) => test(cpu.state, 0, readE(cpu, i, 0), getReg(cpu.state, i.reg, 0)),
  test_Ev_Gv: (cpu, i) => { const sz = vsz(i); test(cpu.state, sz, readE(cpu, i, sz), getReg(cpu.state, i.reg, sz)); },
  test_AL_Ib: (cpu, i) => test(cpu.state, 0, cpu.state.regs[EAX] & 0xff, i.imm),
  test_eAX_Iz: (cpu, i) => { const sz = vsz(i); test(cpu.state, sz, getReg(cpu.state, EAX, sz), i.imm); },
  test_Eb_Ib: (cpu, i) => test(cpu.state, 0, readE(cpu, i, 0), i.imm),
  test_Ev_Iz: (cpu, i) => { const sz = vsz(i); test(cpu.state, sz, readE(cpu, i, sz), i.imm); },

  inc_Zv: (cpu, i) => {
    const s = cpu.state;
    if (i.o16) { const d = s.regs[i.rm] & 0xffff; const r = (d + 1) & 0xffff; setReg(s, i.rm, 1, r); setLazyIncDec(s, K_INC, 1, r, d); }
    else { const d = s.regs[i.rm]; const r = (d + 1) >>> 0; s.regs[i.rm] = r; setLazyIncDec(s, K_INC, 2, r, d); }
  },
  dec_Zv: (cpu, i) => {
    const s = cpu.state;
    if (i.o16) { const d = s.regs[i.rm] & 0xffff; const r = (d - 1) & 0xffff; setReg(s, i.rm, 1, r); setLazyIncDec(s, K_DEC, 1, r, d); }
    else { const d = s.regs[i.rm]; const r = (d - 1) >>> 0; s.regs[i.rm] = r; setLazyIncDec(s, K_DEC, 2, r, d); }
  },
  inc_Eb: (cpu, i) => incDecE(cpu, i, 0, 1),
  dec_Eb: (cpu, i) => incDecE(cpu, i, 0, -1),
  inc_Ev: (cpu, i) => incDecE(cpu, i, vsz(i), 1),
  dec_Ev: (cpu, i) => incDecE(cpu, i, vsz(i), -1),
  neg_Eb: (cpu, i) => negE(cpu, i, 0),
  neg_Ev: (cpu, i) => negE(cpu, i, vsz(i)),
  not_Eb: (cpu, i) => notE(cpu, i, 0),
  not_Ev: (cpu, i) => notE(cpu, i, vsz(i)),

  /** DAA (SDM Vol. 2A): decimal adjust AL after addition; OF undefined (0). */
  daa: (cpu) => {
    const s = cpu.state;
    const f = getEflags(s);
    const oldAl = s.regs[EAX] & 0xff, oldCf = f & CF;
    let al = oldAl, cf = 0, af = 0;
    if ((al & 0xf) > 9 || (f & AF) !== 0) { cf = oldCf | (al + 6 > 0xff ? 1 : 0); al = (al + 6) & 0xff; af = AF; }
    if (oldAl > 0x99 || oldCf !== 0) { al = (al + 0x60) & 0xff; cf = 1; } else cf = 0;
    setReg(s, EAX, 0, al);
    setArith(s, szp8(al) | af | cf);
  },
  /** DAS (SDM Vol. 2A): decimal adjust AL after subtraction; OF undefined (0). */
  das: (cpu) => {
    const s = cpu.state;
    const f = getEflags(s);
    const oldAl = s.regs[EAX] & 0xff, oldCf = f & CF;
    let al = oldAl, cf = 0, af = 0;
    if ((al & 0xf) > 9 || (f & AF) !== 0) { cf = oldCf | (al < 6 ? 1 : 0); al = (al - 6) & 0xff; af = AF; }
    if (oldAl > 0x99 || oldCf !== 0) { al = (al - 0x60) & 0xff; cf = 1; }
    setReg(s, EAX, 0, al);
    setArith(s, szp8(al) | af | cf);
  },
  /** AAA (SDM Vol. 2A): AX + 106H when adjusting; OF SF ZF PF undefined (from AL here). */
  aaa: (cpu) => {
    const s = cpu.state;
    const f = getEflags(s);
    let ax = s.regs[EAX] & 0xffff;
    let flags = 0;
    if ((ax & 0xf) > 9 || (f & AF) !== 0) { ax = (ax + 0x106) & 0xffff; flags = AF | CF; }
    ax &= 0xff0f;
    setReg(s, EAX, 1, ax);
    setArith(s, flags | szp8(ax & 0xff));
  },
  /** AAS (SDM Vol. 2A): AX - 6, AH - 1 when adjusting; OF SF ZF PF undefined (from AL here). */
  aas: (cpu) => {
    const s = cpu.state;
    const f = getEflags(s);
    let ax = s.regs[EAX] & 0xffff;
    let flags = 0;
    if ((ax & 0xf) > 9 || (f & AF) !== 0) { ax = (ax - 6) & 0xffff; ax = (ax - 0x100) & 0xffff; flags = AF | CF; }
    ax &= 0xff0f;
    setReg(s, EAX, 1, ax);
    setArith(s, flags | szp8(ax & 0xff));
  },
  /** AAM imm8 (SDM Vol. 2A): AH = AL / imm8, AL = AL mod imm8; #DE when imm8 = 0; OF AF CF undefined (0). */
  aam_Ib: (cpu, i) => {
    const s = cpu.state;
    if (i.imm === 0) fault(DE);
    const al = s.regs[EAX] & 0xff;
    const r = ((Math.floor(al / i.imm) & 0xff) << 8) | (al % i.imm);
    setReg(s, EAX, 1, r);
    setArith(s, szp8(r & 0xff));
  },
  /** AAD imm8 (SDM Vol. 2A): AL = (AL + AH * imm8) & FFH, AH = 0; OF AF CF undefined (0). */
  aad_Ib: (cpu, i) => {
    const s = cpu.state;
    const ax = s.regs[EAX] & 0xffff;
    const al = ((ax & 0xff) + (ax >> 8) * i.imm) & 0xff;
    setReg(s, EAX, 1, al);
    setArith(s, szp8(al));
  },
};
