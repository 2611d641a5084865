/**
 * Data movement: MOV (r/m, register, immediate and moffs forms), MOVZX/MOVSX, LEA, XCHG, XADD,
 * CMPXCHG, CMPXCHG8B, BSWAP, CMOVcc, CBW/CWDE, CWD/CDQ, LAHF/SAHF and XLAT. MOV to and from
 * segment registers is in ops/system*.ts (cpu-system): it loads descriptors.
 *
 * Follows the Operation sections of SDM Vol. 2A/2B. Notable details:
 * - moffs (A0-A3): the offset has the ADDRESS size and uses DS unless overridden.
 * - LEA computes the address with the address size, then truncates it to the operand size.
 * - XCHG with memory is implicitly locked; it reads, then writes memory, then the register.
 * - CMPXCHG always writes its destination (with the old value when the comparison fails), so a
 *   read-only destination faults either way (SDM Vol. 2A, CMPXCHG: "the destination operand is
 *   written back if the comparison fails").
 * - CMOVcc reads its source even when the condition is false; the destination is then unchanged.
 */
import type { Cpu } from "../cpu";
import type { Handler, Insn } from "../decode";
import { fault, UD } from "../exception";
import { condition, getEflags, K_ADD, K_SUB, setEflags, setLazy } from "../flags";
import { AF, CF, EAX, EBX, ECX, EDX, PF, SF, ZF } from "../state";
import { ea, getReg, getReg8, readE, readMem, setReg, setReg8, sext, trunc, vsz, writeE, writeMem } from "./operand";

function moffs(insn: Insn): number {
  return insn.a16 ? insn.disp & 0xffff : insn.disp >>> 0;
}

function xchgE(cpu: Cpu, insn: Insn, sz: number): void {
  const s = cpu.state;
  const r = getReg(s, insn.reg, sz);
  if (insn.mod === 3) {
    const d = getReg(s, insn.rm, sz);
    setReg(s, insn.rm, sz, r);
    setReg(s, insn.reg, sz, d);
  } else {
    const a = ea(cpu, insn);
    const d = readMem(cpu, insn.seg, a, sz);
    writeMem(cpu, insn.seg, a, sz, r);
    setReg(s, insn.reg, sz, d);
  }
}

/** XADD (SDM Vol. 2B): TEMP = SRC + DEST; SRC = DEST; DEST = TEMP; flags as ADD. */
function xadd(cpu: Cpu, insn: Insn, sz: number): void {
  const s = cpu.state;
  const src = getReg(s, insn.reg, sz);
  if (insn.mod === 3) {
    const d = getReg(s, insn.rm, sz);
    const t = trunc(d + src, sz);
    setReg(s, insn.reg, sz, d);
    setReg(s, insn.rm, sz, t);
    setLazy(s, K_ADD, sz, t, d, src);
  } else {
    const a = ea(cpu, insn);
    const d = readMem(cpu, insn.seg, a, sz);
    const t = trunc(d + src, sz);
    writeMem(cpu, insn.seg, a, sz, t);
    setReg(s, insn.reg, sz, d);
    setLazy(s, K_ADD, sz, t, d, src);
  }
}

/** CMPXCHG (SDM Vol. 2A): flags as CMP accumulator, destination. */
function cmpxchg(cpu: Cpu, insn: Insn, sz: number): void {
  const s = cpu.state;
  const acc = getReg(s, EAX, sz);
  const src = getReg(s, insn.reg, sz);
  if (insn.mod === 3) {
    const d = getReg(s, insn.rm, sz);
    if (d === acc) setReg(s, insn.rm, sz, src);
    else setReg(s, EAX, sz, d);
    setLazy(s, K_SUB, sz, trunc(acc - d, sz), acc, d);
  } else {
    const a = ea(cpu, insn);
    const d = readMem(cpu, insn.seg, a, sz);
    writeMem(cpu, insn.seg, a, sz, d === acc ? src : d);
    if (d !== acc) setReg(s, EAX, sz, d);
    setLazy(s, K_SUB, sz, trunc(acc - d, sz), acc, d);
  }
}

export const moveHandlers: Record<string, Handler> = {
  mov_Eb_Gb: (cpu, i) => writeE(cpu, i, 0, getReg8(cpu.state, i.reg)),
  mov_Ev_Gv: (cpu, i) => {
    if (i.o16) writeE(cpu, i, 1, cpu.state.regs[i.reg] & 0xffff);
    else if (i.mod === 3) cpu.state.regs[i.rm] = cpu.state.regs[i.reg];
    else cpu.write32(i.seg, ea(cpu, i), cpu.state.regs[i.reg]);
  },
  mov_Gb_Eb: (cpu, i) => setReg8(cpu.state, i.reg, readE(cpu, i, 0)),
  mov_Gv_Ev: (cpu, i) => {
    if (i.o16) setReg(cpu.state, i.reg, 1, readE(cpu, i, 1));
    else if (i.mod === 3) cpu.state.regs[i.reg] = cpu.state.regs[i.rm];
    else cpu.state.regs[i.reg] = cpu.read32(i.seg, ea(cpu, i));
  },
  mov_AL_Ob: (cpu, i) => setReg8(cpu.state, 0, cpu.read8(i.seg, moffs(i))),
  mov_eAX_Ov: (cpu, i) => { const sz = vsz(i); setReg(cpu.state, EAX, sz, readMem(cpu, i.seg, moffs(i), sz)); },
  mov_Ob_AL: (cpu, i) => cpu.write8(i.seg, moffs(i), cpu.state.regs[EAX] & 0xff),
  mov_Ov_eAX: (cpu, i) => { const sz = vsz(i); writeMem(cpu, i.seg, moffs(i), sz, getReg(cpu.state, EAX, sz)); },
  mov_Zb_Ib: (cpu, i) => setReg8(cpu.state, i.rm, i.imm),
  mov_Zv_Iv: (cpu, i) => setReg(cpu.state, i.rm, vsz(i), i.imm),
  mov_Eb_Ib: (cpu, i) => writeE(cpu, i, 0, i.imm),
  mov_Ev_Iz: (cpu, i) => writeE(cpu, i, vsz(i), i.imm),

  movzx_Gv_Eb: (cpu, i) => setReg(cpu.state, i.reg, vsz(i), readE(cpu, i, 0)),
  movzx_Gv_Ew: (cpu, i) => setReg(cpu.state, i.reg, vsz(i), readE(cpu, i, 1)),
  movsx_Gv_Eb: (cpu, i) => { const sz = vsz(i); setReg(cpu.state, i.reg, sz, trunc(sext(readE(cpu, i, 0), 0), sz)); },
  movsx_Gv_Ew: (cpu, i) => { const sz = vsz(i); setReg(cpu.state, i.reg, sz, trunc(sext(readE(cpu, i, 1), 1), sz)); },

  lea_Gv_M: (cpu, i) => {
    if (i.mod === 3) fault(UD);
    const sz = vsz(i);
    setReg(cpu.state, i.reg, sz, trunc(ea(cpu, i), sz));
  },

  xchg_Eb_Gb: (cpu, i) => xchgE(cpu, i, 0),
  xchg_Ev_Gv: (cpu, i) => xchgE(cpu, i, vsz(i)),
  xchg_Zv_eAX: (cpu, i) => {
    const s = cpu.state, sz = vsz(i);
    const a = getReg(s, EAX, sz);
    setReg(s, EAX, sz, getReg(s, i.rm, sz));
    setReg(s, i.rm, sz, a);
  },
  xadd_Eb_Gb: (cpu, i) => xadd(cpu, i, 0),
  xadd_Ev_Gv: (cpu, i) => xadd(cpu, i, vsz(i)),
  cmpxchg_Eb_Gb: (cpu, i) => cmpxchg(cpu, i, 0),
  cmpxchg_Ev_Gv: (cpu, i) => cmpxchg(cpu, i, vsz(i)),
  /** CMPXCHG8B m64 (SDM Vol. 2A): compare EDX:EAX with m64; only ZF is affected. */
  cmpxchg8b_Mq: (cpu, i) => {
    const s = cpu.state;
    const a = ea(cpu, i);
    const a4 = i.a16 ? (a + 4) & 0xffff : (a + 4) >>> 0;
    const lo = cpu.read32(i.seg, a), hi = cpu.read32(i.seg, a4);
    const equal = lo === s.regs[EAX] && hi === s.regs[EDX];
    if (equal) { cpu.write32(i.seg, a, s.regs[EBX]); cpu.write32(i.seg, a4, s.regs[ECX]); }
    else { cpu.write32(i.seg, a, lo); cpu.write32(i.seg, a4, hi); s.regs[EAX] = lo; s.regs[EDX] = hi; }
    setEflags(s, equal ? ZF : 0, ZF);
  },
  /** BSWAP r32 (SDM Vol. 2A); with a 16-bit operand size the result is undefined: the low word is cleared as on Intel parts. */
  bswap_Zd: (cpu, i) => {
    const s = cpu.state;
    const v = s.regs[i.rm];
    if (i.o16) { setReg(s, i.rm, 1, 0); return; }
    s.regs[i.rm] = ((v << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24)) >>> 0;
  },
  cmovcc_Gv_Ev: (cpu, i) => {
    const sz = vsz(i);
    const v = readE(cpu, i, sz);
    if (condition(cpu.state, i.opcode & 0xf)) setReg(cpu.state, i.reg, sz, v);
  },

  /** CBW / CWDE (SDM Vol. 2A). */
  cwde: (cpu, i) => {
    const s = cpu.state;
    if (i.o16) setReg(s, EAX, 1, sext(s.regs[EAX] & 0xff, 0) & 0xffff);
    else s.regs[EAX] = sext(s.regs[EAX] & 0xffff, 1) >>> 0;
  },
  /** CWD / CDQ (SDM Vol. 2A). */
  cdq: (cpu, i) => {
    const s = cpu.state;
    if (i.o16) setReg(s, EDX, 1, s.regs[EAX] & 0x8000 ? 0xffff : 0);
    else s.regs[EDX] = s.regs[EAX] & 0x80000000 ? 0xffffffff : 0;
  },
  /** LAHF (SDM Vol. 2A): AH = SF:ZF:0:AF:0:PF:1:CF. */
  lahf: (cpu) => {
    const s = cpu.state;
    setReg8(s, 4, (getEflags(s) & (SF | ZF | AF | PF | CF)) | 2);
  },
  /** SAHF (SDM Vol. 2B): SF ZF AF PF CF from AH. */
  sahf: (cpu) => {
    const s = cpu.state;
    setEflags(s, getReg8(s, 4), SF | ZF | AF | PF | CF);
  },
  /** XLAT (SDM Vol. 2B): AL = [seg:(E)BX + zero-extended AL]. */
  xlatb: (cpu, i) => {
    const s = cpu.state;
    const a = s.regs[EBX] + (s.regs[EAX] & 0xff);
    setReg8(s, 0, cpu.read8(i.seg, i.a16 ? a & 0xffff : a >>> 0));
  },
};
