/**
 * Shifts and rotates: SHL/SAL, SHR, SAR, ROL, ROR, RCL, RCR (group 2: D0-D3, C0, C1 by 1, CL or
 * imm8) and the double shifts SHLD/SHRD (0F A4/A5/AC/AD). SDM Vol. 2B, "SAL/SAR/SHL/SHR",
 * "RCL/RCR/ROL/ROR", "SHLD", "SHRD".
 *
 * The count is masked to 5 bits. A masked count of 0 changes nothing, flags included. Shifts
 * record their flags lazily (flags.ts K_SHL/K_SHR/K_SAR) and set
 * CF to the last bit shifted out and SF ZF PF from the result; OF is defined for a count of 1 and
 * is computed with the same expression for larger counts (what QEMU does; programs must not rely
 * on it); AF is undefined and written 0. Rotates change only CF and OF; ROL/ROR rotate by
 * count mod size but still set CF when the masked count is non-zero; RCL/RCR rotate through CF
 * by count mod (size + 1) for byte and word operands. SHLD/SHRD with a 16-bit operand and a
 * count above 16 (undefined) shift the 48-bit value DEST:SRC:DEST, as QEMU does.
 */
import type { Cpu } from "../cpu";
import type { Handler, Insn } from "../decode";
import { getCF, getEflags, K_SAR, K_SHL, K_SHR, PARITY, setArith, setEflags, setLazy } from "../flags";
import { CF, ECX, OF, PF, SF, ZF } from "../state";
import { BITS, ea, getReg, readMem, setReg, sext, SIGNS, trunc, vsz, writeMem } from "./operand";

const ROL = 0, ROR = 1, RCL = 2, RCR = 3, SHL = 4, SHR = 5, SAR = 7;
const NAMES = ["rol", "ror", "rcl", "rcr", "shl", "shr", "", "sar"];

/** SF ZF PF of a result of size sz. */
function szp(r: number, sz: number): number {
  return ((r & SIGNS[sz]) !== 0 ? SF : 0) | (r === 0 ? ZF : 0) | (PARITY[r & 0xff] ? PF : 0);
}

/** Performs the group-2 operation; returns the new value, and sets the flags via `cpu.state`. */
function shiftOp(cpu: Cpu, op: number, sz: number, d: number, count: number): number {
  const s = cpu.state;
  const n = BITS[sz];
  const sign = SIGNS[sz];
  switch (op) {
    case SHL: {
      const r = trunc(d << count, sz);
      setLazy(s, K_SHL, sz, r, d, count);
      return r;
    }
    case SHR: {
      const r = d >>> count;
      setLazy(s, K_SHR, sz, r, d, count);
      return r;
    }
    case SAR: {
      const r = trunc(sext(d, sz) >> count, sz);
      setLazy(s, K_SAR, sz, r, d, count);
      return r;
    }
    case ROL: {
      const c = count & (n - 1);
      const r = c === 0 ? d : trunc((d << c) | (d >>> (n - c)), sz);
      const cf = r & 1;
      const of = ((r & sign) !== 0 ? 1 : 0) ^ cf;
      setEflags(s, cf | (of ? OF : 0), CF | OF);
      return r;
    }
    case ROR: {
      const c = count & (n - 1);
      const r = c === 0 ? d : trunc((d >>> c) | (d << (n - c)), sz);
      const cf = (r & sign) !== 0 ? 1 : 0;
      const of = cf ^ ((r & (sign >>> 1)) !== 0 ? 1 : 0);
      setEflags(s, cf | (of ? OF : 0), CF | OF);
      return r;
    }
    case RCL: {
      const c = sz === 2 ? count : count % (n + 1);
      if (c === 0) return d;
      let cf = getCF(s), r = d;
      for (let k = 0; k < c; k++) {
        const out = (r & sign) !== 0 ? 1 : 0;
        r = trunc((r << 1) | cf, sz);
        cf = out;
      }
      const of = ((r & sign) !== 0 ? 1 : 0) ^ cf;
      setEflags(s, cf | (of ? OF : 0), CF | OF);
      return r;
    }
    default: { // RCR
      const c = sz === 2 ? count : count % (n + 1);
      if (c === 0) return d;
      let cf = getCF(s), r = d;
      for (let k = 0; k < c; k++) {
        const out = r & 1;
        r = trunc((r >>> 1) | (cf !== 0 ? sign : 0), sz);
        cf = out;
      }
      const of = (d & sign) !== 0 !== ((r & sign) !== 0);
      setEflags(s, cf | (of ? OF : 0), CF | OF);
      return r;
    }
  }
}

function grp2(cpu: Cpu, insn: Insn, op: number, sz: number, rawCount: number): void {
  const count = rawCount & 0x1f;
  const s = cpu.state;
  if (insn.mod === 3) {
    if (count === 0) return;
    setReg(s, insn.rm, sz, shiftOp(cpu, op, sz, getReg(s, insn.rm, sz), count));
  } else {
    const a = ea(cpu, insn);
    const d = readMem(cpu, insn.seg, a, sz);
    if (count === 0) return;
    const save = getEflags(s);
    const r = shiftOp(cpu, op, sz, d, count);
    try {
      writeMem(cpu, insn.seg, a, sz, r);
    } catch (e) {
      setEflags(s, save);
      throw e;
    }
  }
}

function grp2Handlers(op: number): Record<string, Handler> {
  const m = NAMES[op];
  return {
    [`${m}_Eb_1`]: (cpu, i) => grp2(cpu, i, op, 0, 1),
    [`${m}_Ev_1`]: (cpu, i) => grp2(cpu, i, op, vsz(i), 1),
    [`${m}_Eb_CL`]: (cpu, i) => grp2(cpu, i, op, 0, cpu.state.regs[ECX] & 0xff),
    [`${m}_Ev_CL`]: (cpu, i) => grp2(cpu, i, op, vsz(i), cpu.state.regs[ECX] & 0xff),
    [`${m}_Eb_Ib`]: (cpu, i) => grp2(cpu, i, op, 0, i.imm),
    [`${m}_Ev_Ib`]: (cpu, i) => grp2(cpu, i, op, vsz(i), i.imm),
  };
}

/** SHLD/SHRD result and flags. */
function doubleShift(cpu: Cpu, left: boolean, sz: number, d: number, src: number, c: number): number {
  const s = cpu.state;
  let r: number, cf: number;
  if (sz === 2) {
    if (left) { r = ((d << c) | (src >>> (32 - c))) >>> 0; cf = (d >>> (32 - c)) & 1; }
    else { r = ((d >>> c) | (src << (32 - c))) >>> 0; cf = (d >>> (c - 1)) & 1; }
  } else {
    // 48-bit DEST:SRC:DEST (left) or DEST:SRC:DEST read from the right (right), exact in a double.
    const v = left ? d * 2 ** 32 + src * 2 ** 16 + d : d * 2 ** 32 + src * 2 ** 16 + d;
    if (left) { r = Math.floor(v / 2 ** (32 - c)) % 65536; cf = Math.floor(v / 2 ** (48 - c)) % 2; }
    else { r = Math.floor(v / 2 ** c) % 65536; cf = Math.floor(v / 2 ** (c - 1)) % 2; }
  }
  const sign = SIGNS[sz];
  const of = ((r & sign) !== 0) !== ((d & sign) !== 0);
  setArith(s, szp(r, sz) | cf | (of ? OF : 0));
  return r;
}

function shxd(cpu: Cpu, insn: Insn, left: boolean, rawCount: number): void {
  const s = cpu.state;
  const sz = vsz(insn);
  const c = rawCount & 0x1f;
  const src = getReg(s, insn.reg, sz);
  if (insn.mod === 3) {
    if (c === 0) return;
    setReg(s, insn.rm, sz, doubleShift(cpu, left, sz, getReg(s, insn.rm, sz), src, c));
  } else {
    const a = ea(cpu, insn);
    const d = readMem(cpu, insn.seg, a, sz);
    if (c === 0) return;
    const save = getEflags(s);
    const r = doubleShift(cpu, left, sz, d, src, c);
    try {
      writeMem(cpu, insn.seg, a, sz, r);
    } catch (e) {
      setEflags(s, save);
      throw e;
    }
  }
}

export const shiftHandlers: Record<string, Handler> = {
  ...grp2Handlers(ROL), ...grp2Handlers(ROR), ...grp2Handlers(RCL), ...grp2Handlers(RCR),
  ...grp2Handlers(SHL), ...grp2Handlers(SHR), ...grp2Handlers(SAR),
  shld_Ev_Gv_Ib: (cpu, i) => shxd(cpu, i, true, i.imm),
  shld_Ev_Gv_CL: (cpu, i) => shxd(cpu, i, true, cpu.state.regs[ECX] & 0xff),
  shrd_Ev_Gv_Ib: (cpu, i) => shxd(cpu, i, false, i.imm),
  shrd_Ev_Gv_CL: (cpu, i) => shxd(cpu, i, false, cpu.state.regs[ECX] & 0xff),
};
