/**
 * Lazy arithmetic flags and the condition-code evaluator.
 *
 * Most instructions set CF PF AF ZF SF OF, and most of those values are never read. So ALU
 * handlers only record what they did (operation kind and size, destination, source, result) in
 * `state.lazy*`; the six flags are computed when somebody asks (Jcc/SETcc/CMOVcc, PUSHF, an
 * interrupt frame, LAHF ...). The definitions of each flag follow SDM Vol. 1, 3.4.3.1 ("Status
 * Flags") and the "Flags Affected" section of each instruction in Vol. 2:
 *   CF  carry out of (ADD/ADC) or borrow into (SUB/SBB/CMP/NEG) the most significant bit
 *   PF  even parity of the low byte of the result
 *   AF  carry/borrow out of bit 3 = bit 4 of (dst ^ src ^ result)
 *   ZF  result == 0;  SF  most significant bit of the result
 *   OF  signed overflow: ADD: dst and src have the same sign, result differs; SUB: signs differ and
 *       the result's sign differs from dst's
 * INC/DEC leave CF unchanged: the old CF is kept in `lazySrc` (their source is always 1).
 * ADC/SBB recover the carry-in from the record (result - dst - src).
 *
 * `state.lazyOp` = 0 means the arithmetic flags are materialised in `state.eflags`. Otherwise
 * lazyOp = (kind << 2) | size (size 0 = byte, 1 = word, 2 = dword) and the arithmetic bits of
 * `state.eflags` are stale. Instructions that compute flags eagerly (shifts, MUL ...) use setArith().
 * Condition codes follow SDM Vol. 2D, B.1.4.7 (Table B-1, "Encoding of Conditional Test (tttn) Field").
 */
import { CpuState, CF, PF, AF, ZF, SF, OF } from "./state";

export const K_ADD = 1, K_ADC = 2, K_SUB = 3, K_SBB = 4, K_LOGIC = 5, K_INC = 6, K_DEC = 7;
/**
 * Shifts by a non-zero masked count (SDM Vol. 2B, SAL/SAR/SHL/SHR): lazyDst = the operand before
 * the shift, lazySrc = the count. CF = last bit shifted out; OF = MSB(result) XOR CF for SHL,
 * MSB(operand >> (count - 1)) XOR MSB(result) for SHR, 0 for SAR (the count-1 definitions,
 * extended to every count as QEMU does); AF = 0.
 */
export const K_SHL = 8, K_SHR = 9, K_SAR = 10;
export const SZ8 = 0, SZ16 = 1, SZ32 = 2;
/** The six status flags computed lazily. */
export const ARITH = CF | PF | AF | ZF | SF | OF;
/** EFLAGS bits that exist on this CPU (SDM Vol. 1, Figure 3-8); others read as 0, bit 1 reads as 1. */
export const EFLAGS_DEFINED = 0x003f7fd5;

const SIGN = [0x80, 0x8000, 0x80000000];
const MASK = [0xff, 0xffff, 0xffffffff];

/** PF lookup: 1 when the byte has an even number of set bits. Immutable. */
export const PARITY: Uint8Array = (() => {
  const t = new Uint8Array(256);
  for (let i = 0; i < 256; i++) {
    let b = i, c = 0;
    while (b) { c += b & 1; b >>= 1; }
    t[i] = (c & 1) === 0 ? 1 : 0;
  }
  return t;
})();

/** Records an ALU result lazily; values are already masked to the operand size. */
export function setLazy(s: CpuState, kind: number, size: number, result: number, dst: number, src: number): void {
  s.lazyOp = (kind << 2) | size;
  s.lazyResult = result;
  s.lazyDst = dst;
  s.lazySrc = src;
}

/** INC/DEC: like setLazy, but the current CF is preserved (SDM Vol. 2A, INC/DEC "Flags Affected"). */
export function setLazyIncDec(s: CpuState, kind: number, size: number, result: number, dst: number): void {
  const prev = s.lazyOp >> 2;
  const cf = prev === K_INC || prev === K_DEC ? s.lazySrc : getCF(s);
  s.lazyOp = (kind << 2) | size;
  s.lazyResult = result;
  s.lazyDst = dst;
  s.lazySrc = cf;
}

/** Sets the six status flags to `value` (bits in ARITH), leaving the others. */
export function setArith(s: CpuState, value: number): void {
  s.eflags = (s.eflags & ~ARITH) | (value & ARITH);
  s.lazyOp = 0;
}

export function getCF(s: CpuState): number {
  const op = s.lazyOp;
  if (op === 0) return s.eflags & CF;
  const mask = MASK[op & 3];
  switch (op >> 2) {
    case K_ADD: return s.lazyResult < s.lazyDst ? 1 : 0;
    case K_ADC: {
      const cin = (s.lazyResult - s.lazyDst - s.lazySrc) & mask;
      return (cin !== 0 ? s.lazyResult <= s.lazyDst : s.lazyResult < s.lazyDst) ? 1 : 0;
    }
    case K_SUB: return s.lazyDst < s.lazySrc ? 1 : 0;
    case K_SBB: {
      const cin = (s.lazyDst - s.lazySrc - s.lazyResult) & mask;
      return (cin !== 0 ? s.lazyDst <= s.lazySrc : s.lazyDst < s.lazySrc) ? 1 : 0;
    }
    case K_INC: case K_DEC: return s.lazySrc;
    case K_SHL: return ((s.lazyDst << (s.lazySrc - 1)) >>> (BITS[op & 3] - 1)) & 1;
    case K_SHR: return (s.lazyDst >>> (s.lazySrc - 1)) & 1;
    case K_SAR: return (signed(s.lazyDst, op & 3) >> (s.lazySrc - 1)) & 1;
    default: return 0;
  }
}

const BITS = [8, 16, 32];
function signed(x: number, sz: number): number {
  return sz === 0 ? (x << 24) >> 24 : sz === 1 ? (x << 16) >> 16 : x | 0;
}

function getOF(s: CpuState): boolean {
  const op = s.lazyOp;
  if (op === 0) return (s.eflags & OF) !== 0;
  const sign = SIGN[op & 3];
  const d = s.lazyDst, r = s.lazyResult;
  switch (op >> 2) {
    case K_ADD: case K_ADC: { const v = s.lazySrc; return ((d ^ r) & (v ^ r) & sign) !== 0; }
    case K_SUB: case K_SBB: { const v = s.lazySrc; return ((d ^ v) & (d ^ r) & sign) !== 0; }
    case K_INC: return r === sign;
    case K_DEC: return d === sign;
    case K_SHL: return ((r & sign) !== 0) !== (getCF(s) !== 0);
    case K_SHR: return (((d >>> (s.lazySrc - 1)) & sign) !== 0) !== ((r & sign) !== 0);
    default: return false;
  }
}

function getZF(s: CpuState): boolean {
  return s.lazyOp === 0 ? (s.eflags & ZF) !== 0 : s.lazyResult === 0;
}

function getSF(s: CpuState): boolean {
  return s.lazyOp === 0 ? (s.eflags & SF) !== 0 : (s.lazyResult & SIGN[s.lazyOp & 3]) !== 0;
}

function getPF(s: CpuState): boolean {
  return s.lazyOp === 0 ? (s.eflags & PF) !== 0 : PARITY[s.lazyResult & 0xff] === 1;
}

function getAF(s: CpuState): boolean {
  const op = s.lazyOp;
  if (op === 0) return (s.eflags & AF) !== 0;
  const kind = op >> 2;
  if (kind === K_LOGIC || kind >= K_SHL) return false;
  const src = kind === K_INC || kind === K_DEC ? 1 : s.lazySrc;
  return ((s.lazyDst ^ src ^ s.lazyResult) & 0x10) !== 0;
}

/** The full EFLAGS value (SDM Vol. 1, 3.4.3). */
export function getEflags(s: CpuState): number {
  const op = s.lazyOp;
  if (op === 0) return s.eflags >>> 0;
  const r = s.lazyResult, d = s.lazyDst, v = s.lazySrc;
  const sign = SIGN[op & 3];
  let f = (s.eflags & ~ARITH) | (PARITY[r & 0xff] !== 0 ? PF : 0) | (r === 0 ? ZF : 0) | ((r & sign) !== 0 ? SF : 0);
  switch (op >> 2) {
    case K_ADD:
      if (r < d) f |= CF;
      if (((d ^ v ^ r) & 0x10) !== 0) f |= AF;
      if (((d ^ r) & (v ^ r) & sign) !== 0) f |= OF;
      break;
    case K_SUB:
      if (d < v) f |= CF;
      if (((d ^ v ^ r) & 0x10) !== 0) f |= AF;
      if (((d ^ v) & (d ^ r) & sign) !== 0) f |= OF;
      break;
    case K_LOGIC:
      break;
    case K_INC:
      f |= v; // the kept CF
      if (((d ^ 1 ^ r) & 0x10) !== 0) f |= AF;
      if (r === sign) f |= OF;
      break;
    case K_DEC:
      f |= v;
      if (((d ^ 1 ^ r) & 0x10) !== 0) f |= AF;
      if (d === sign) f |= OF;
      break;
    default:
      // ADC, SBB and the shifts: the per-flag definitions above.
      f |= getCF(s);
      if (getAF(s)) f |= AF;
      if (getOF(s)) f |= OF;
      break;
  }
  return f >>> 0;
}

/** Writes the bits of `mask` (default: every defined bit) from `value`; bit 1 stays 1, reserved bits 0. */
export function setEflags(s: CpuState, value: number, mask = EFLAGS_DEFINED): void {
  const cur = getEflags(s);
  s.eflags = (((cur & ~mask) | (value & mask)) & EFLAGS_DEFINED) | 2;
  s.lazyOp = 0;
}

/** Materialises the lazy flags into state.eflags (for code that reads eflags bits directly). */
export function materialize(s: CpuState): void {
  if (s.lazyOp !== 0) {
    s.eflags = getEflags(s);
    s.lazyOp = 0;
  }
}

/** Evaluates condition `cc` (0-15, the low nibble of Jcc/SETcc/CMOVcc), SDM Vol. 2D Table B-1. */
export function condition(s: CpuState, cc: number): boolean {
  let r: boolean;
  switch (cc >> 1) {
    case 0: r = getOF(s); break;                                   // O / NO
    case 1: r = getCF(s) !== 0; break;                             // B / AE
    case 2: r = getZF(s); break;                                   // E / NE
    case 3: r = getCF(s) !== 0 || getZF(s); break;                 // BE / A
    case 4: r = getSF(s); break;                                   // S / NS
    case 5: r = getPF(s); break;                                   // P / NP
    case 6: r = getSF(s) !== getOF(s); break;                      // L / GE
    default: r = getZF(s) || getSF(s) !== getOF(s); break;         // LE / G
  }
  return (cc & 1) === 0 ? r : !r;
}
