/**
 * Near control transfer and miscellaneous one-byte instructions: JMP (rel8/rel16/rel32, r/m),
 * Jcc, JECXZ/JCXZ, LOOP/LOOPE/LOOPNE, near CALL/RET (RET imm16), NOP/PAUSE/multi-byte NOP/UD2,
 * CLC/STC/CMC/CLD/STD, FWAIT and the x87 escape opcodes (no FPU is emulated). BOUND and ARPL
 * are with the system handlers (cpu-system).
 *
 * Follows the "Operation" sections of SDM Vol. 2A/2B for JMP, Jcc, JCXZ/JECXZ, LOOP/LOOPcc, CALL
 * and RET (near forms): the target is truncated to 16 bits with a 16-bit operand size and must lie
 * within the CS limit, else #GP(0) at the branch itself (state untouched). JECXZ/LOOP use CX
 * instead of ECX with a 16-bit ADDRESS size. Far forms are in ops/far.ts (cpu-system).
 */
import type { Cpu } from "../cpu";
import type { Handler, Insn } from "../decode";
import { fault, GP, NM, UD } from "../exception";
import { condition, getEflags, materialize } from "../flags";
import { CF, CR0_MP, CR0_TS, CS, DF, ZF } from "../state";
import { getCount, readE, relTarget, setCount, vsz } from "./operand";

/** Jumps to an offset in CS after the limit check (SDM JMP/CALL/RET: "IF tempEIP is not within code segment limit THEN #GP(0)"). */
export function branch(cpu: Cpu, target: number): void {
  if (target > cpu.state.segLimit[CS]) fault(GP, 0);
  cpu.state.eip = target;
}

function rel(cpu: Cpu, insn: Insn): void {
  branch(cpu, relTarget(cpu, insn));
}

function loopcc(cpu: Cpu, insn: Insn, cond: number): void {
  const s = cpu.state;
  const c = insn.a16 ? (getCount(s, insn) - 1) & 0xffff : (getCount(s, insn) - 1) >>> 0;
  const target = relTarget(cpu, insn);
  let take = c !== 0;
  if (take && cond !== 0) {
    const zf = (getEflags(s) & ZF) !== 0;
    take = cond === 1 ? zf : !zf;
  }
  if (take && target > s.segLimit[CS]) fault(GP, 0);
  setCount(s, insn, c);
  if (take) s.eip = target;
}

export const controlHandlers: Record<string, Handler> = {
  jmp_Jb: rel,
  jmp_Jz: rel,
  jmp_Ev: (cpu, i) => {
    const t = readE(cpu, i, vsz(i));
    branch(cpu, t);
  },
  jcc_Jb: (cpu, i) => { if (condition(cpu.state, i.opcode & 0xf)) rel(cpu, i); },
  jcc_Jz: (cpu, i) => { if (condition(cpu.state, i.opcode & 0xf)) rel(cpu, i); },
  jecxz_Jb: (cpu, i) => { if (getCount(cpu.state, i) === 0) rel(cpu, i); },
  loop_Jb: (cpu, i) => loopcc(cpu, i, 0),
  loope_Jb: (cpu, i) => loopcc(cpu, i, 1),
  loopne_Jb: (cpu, i) => loopcc(cpu, i, 2),

  call_Jz: (cpu, i) => {
    const t = relTarget(cpu, i);
    if (t > cpu.state.segLimit[CS]) fault(GP, 0);
    cpu.pushV(i.o16, cpu.state.eip);
    cpu.state.eip = t;
  },
  call_Ev: (cpu, i) => {
    const t = readE(cpu, i, vsz(i));
    if (t > cpu.state.segLimit[CS]) fault(GP, 0);
    cpu.pushV(i.o16, cpu.state.eip);
    cpu.state.eip = t;
  },
  ret: (cpu, i) => {
    const sp = cpu.sp();
    const t = i.o16 ? cpu.read16(2, sp) : cpu.read32(2, sp);
    branch(cpu, t);
    cpu.setSp(sp + (i.o16 ? 2 : 4));
  },
  ret_Iw: (cpu, i) => {
    const sp = cpu.sp();
    const t = i.o16 ? cpu.read16(2, sp) : cpu.read32(2, sp);
    branch(cpu, t);
    cpu.setSp(sp + (i.o16 ? 2 : 4) + i.imm);
  },

  nop: () => {},
  pause: () => {},
  nop_Ev: () => {},
  ud2: () => fault(UD),
  fwait: (cpu) => {
    // SDM Vol. 2A, WAIT/FWAIT: #NM if CR0.MP = 1 and CR0.TS = 1.
    const cr0 = cpu.state.cr[0];
    if ((cr0 & CR0_MP) !== 0 && (cr0 & CR0_TS) !== 0) fault(NM);
  },
  // x87 escapes (D8-DF): ops/x87.ts.

  clc: (cpu) => { const s = cpu.state; materialize(s); s.eflags &= ~CF; },
  stc: (cpu) => { const s = cpu.state; materialize(s); s.eflags |= CF; },
  cmc: (cpu) => { const s = cpu.state; materialize(s); s.eflags ^= CF; },
  cld: (cpu) => { cpu.state.eflags &= ~DF; },
  std: (cpu) => { cpu.state.eflags |= DF; },

};
