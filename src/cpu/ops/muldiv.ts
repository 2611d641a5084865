/**
 * Multiplication and division: MUL, IMUL (one-operand F6/F7 /5, two-operand 0F AF, three-operand
 * 69/6B), DIV and IDIV (F6/F7 /6, /7). SDM Vol. 2A "IMUL", "DIV", "IDIV"; Vol. 2B "MUL".
 *
 * MUL/IMUL set CF = OF = 1 when the upper half of the product is significant (MUL: non-zero;
 * IMUL: not the sign extension of the lower half); SF ZF AF PF are undefined and are written from
 * the low half of the product with AF = 0 (QEMU's choice). DIV/IDIV raise #DE (a fault: EIP
 * stays on the instruction) on a zero divisor or a quotient that does not fit; their flags are
 * undefined and left unchanged. 32x32 products are formed exactly from 16-bit halves; the 64-bit
 * dividends of 32-bit division use BigInt (division is rare enough).
 */
import type { Cpu } from "../cpu";
import type { Handler, Insn } from "../decode";
import { DE, fault } from "../exception";
import { PARITY, setArith } from "../flags";
import { CF, EAX, EDX, OF, PF, SF, ZF } from "../state";
import { getReg, readE, setReg, sext, SIGNS, trunc, vsz } from "./operand";

/** Unsigned 32x32 -> 64 product as [lo, hi]. */
function mulu32(a: number, b: number): [number, number] {
  const aL = a & 0xffff, aH = a >>> 16, bL = b & 0xffff, bH = b >>> 16;
  const ll = aL * bL, lh = aL * bH, hl = aH * bL, hh = aH * bH;
  const mid = (ll >>> 16) + (lh & 0xffff) + (hl & 0xffff);
  const lo = (((mid & 0xffff) << 16) | (ll & 0xffff)) >>> 0;
  const hi = (hh + (lh >>> 16) + (hl >>> 16) + Math.floor(mid / 65536)) >>> 0;
  return [lo, hi];
}

/** Signed 32x32 -> 64 product as [lo, hi] (two's complement halves, unsigned numbers). */
function muls32(a: number, b: number): [number, number] {
  const [lo, hi] = mulu32(a >>> 0, b >>> 0);
  let h = hi;
  if ((a | 0) < 0) h -= b >>> 0;
  if ((b | 0) < 0) h -= a >>> 0;
  return [lo, h >>> 0];
}

function mulFlags(cpu: Cpu, overflow: boolean, low: number, sz: number): void {
  const f = (overflow ? CF | OF : 0) | ((low & SIGNS[sz]) !== 0 ? SF : 0) | (low === 0 ? ZF : 0) | (PARITY[low & 0xff] ? PF : 0);
  setArith(cpu.state, f);
}

function mul(cpu: Cpu, insn: Insn, sz: number, signed: boolean): void {
  const s = cpu.state;
  const src = readE(cpu, insn, sz);
  if (sz === 0) {
    const a = s.regs[EAX] & 0xff;
    const p = signed ? (sext(a, 0) * sext(src, 0)) & 0xffff : a * src;
    setReg(s, EAX, 1, p);
    const over = signed ? sext(p & 0xff, 0) !== sext(p, 1) : (p >>> 8) !== 0;
    mulFlags(cpu, over, p & 0xff, 0);
  } else if (sz === 1) {
    const a = s.regs[EAX] & 0xffff;
    const p = signed ? sext(a, 1) * sext(src, 1) : a * src;
    const lo = p & 0xffff, hi = (p >> 16) & 0xffff;
    setReg(s, EAX, 1, lo);
    setReg(s, EDX, 1, hi);
    const over = signed ? sext(lo, 1) !== p : hi !== 0;
    mulFlags(cpu, over, lo, 1);
  } else {
    const [lo, hi] = signed ? muls32(s.regs[EAX], src) : mulu32(s.regs[EAX], src);
    s.regs[EAX] = lo;
    s.regs[EDX] = hi;
    const over = signed ? hi !== ((lo & 0x80000000) !== 0 ? 0xffffffff : 0) : hi !== 0;
    mulFlags(cpu, over, lo, 2);
  }
}

/** IMUL r, r/m, imm (and the two-operand form with imm = the register): truncated signed product. */
function imulTrunc(cpu: Cpu, insn: Insn, a: number, b: number): void {
  const s = cpu.state;
  const sz = vsz(insn);
  if (sz === 1) {
    const p = sext(a, 1) * sext(b, 1);
    const lo = p & 0xffff;
    setReg(s, insn.reg, 1, lo);
    mulFlags(cpu, sext(lo, 1) !== p, lo, 1);
  } else {
    const [lo, hi] = muls32(a, b);
    s.regs[insn.reg] = lo;
    mulFlags(cpu, hi !== ((lo & 0x80000000) !== 0 ? 0xffffffff : 0), lo, 2);
  }
}

function div(cpu: Cpu, insn: Insn, sz: number): void {
  const s = cpu.state;
  const d = readE(cpu, insn, sz);
  if (d === 0) fault(DE);
  if (sz === 0) {
    const n = s.regs[EAX] & 0xffff;
    const q = Math.floor(n / d);
    if (q > 0xff) fault(DE);
    setReg(s, EAX, 1, ((n % d) << 8) | q);
  } else if (sz === 1) {
    const n = ((s.regs[EDX] & 0xffff) * 65536) + (s.regs[EAX] & 0xffff);
    const q = Math.floor(n / d);
    if (q > 0xffff) fault(DE);
    setReg(s, EAX, 1, q);
    setReg(s, EDX, 1, n % d);
  } else {
    const n = (BigInt(s.regs[EDX]) << 32n) | BigInt(s.regs[EAX]);
    const q = n / BigInt(d);
    if (q > 0xffffffffn) fault(DE);
    s.regs[EAX] = Number(q);
    s.regs[EDX] = Number(n % BigInt(d));
  }
}

function idiv(cpu: Cpu, insn: Insn, sz: number): void {
  const s = cpu.state;
  const d = sext(readE(cpu, insn, sz), sz);
  if (d === 0) fault(DE);
  if (sz === 0) {
    const n = sext(s.regs[EAX] & 0xffff, 1);
    const q = Math.trunc(n / d);
    if (q > 127 || q < -128) fault(DE);
    setReg(s, EAX, 1, (((n % d) & 0xff) << 8) | (q & 0xff));
  } else if (sz === 1) {
    const n = ((s.regs[EDX] & 0xffff) << 16) | (s.regs[EAX] & 0xffff); // int32
    const q = Math.trunc(n / d);
    if (q > 32767 || q < -32768) fault(DE);
    setReg(s, EAX, 1, q & 0xffff);
    setReg(s, EDX, 1, (n % d) & 0xffff);
  } else {
    const n = (BigInt(s.regs[EDX] | 0) << 32n) | BigInt(s.regs[EAX]);
    const q = n / BigInt(d);
    if (q > 0x7fffffffn || q < -0x80000000n) fault(DE);
    s.regs[EAX] = Number(BigInt.asUintN(32, q));
    s.regs[EDX] = Number(BigInt.asUintN(32, n % BigInt(d)));
  }
}

export const muldivHandlers: Record<string, Handler> = {
  mul_Eb: (cpu, i) => mul(cpu, i, 0, false),
  mul_Ev: (cpu, i) => mul(cpu, i, vsz(i), false),
  imul_Eb: (cpu, i) => mul(cpu, i, 0, true),
  imul_Ev: (cpu, i) => mul(cpu, i, vsz(i), true),
  imul_Gv_Ev: (cpu, i) => { const sz = vsz(i); imulTrunc(cpu, i, getReg(cpu.state, i.reg, sz), readE(cpu, i, sz)); },
  imul_Gv_Ev_Iz: (cpu, i) => imulTrunc(cpu, i, readE(cpu, i, vsz(i)), i.imm),
  imul_Gv_Ev_Ib: (cpu, i) => { const sz = vsz(i); imulTrunc(cpu, i, readE(cpu, i, sz), trunc((i.imm << 24) >> 24, sz)); },
  div_Eb: (cpu, i) => div(cpu, i, 0),
  div_Ev: (cpu, i) => div(cpu, i, vsz(i)),
  idiv_Eb: (cpu, i) => idiv(cpu, i, 0),
  idiv_Ev: (cpu, i) => idiv(cpu, i, vsz(i)),
};
