/**
 * ModRM, SIB and displacement encoding of memory and register operands (Intel SDM Vol. 2A,
 * 2.1.5 "Addressing-Mode Encoding of ModR/M and SIB Bytes", Tables 2-1 (16-bit), 2-2 (32-bit)
 * and 2-3 (SIB)), with NASM's displacement choice: no displacement when it is a known absolute
 * zero (except [ebp]/[bp], which need disp8), disp8 when it is a known absolute value that fits,
 * otherwise disp16/disp32 — a label's address is never shortened (NASM keeps relocatable values
 * full-width). Left out: RIP-relative and 64-bit forms.
 */
import type { MemOperand } from "./operands";
import { OperandError } from "./operands";

export interface EncodedRM {
  /** ModRM byte (reg field already merged in). */
  modrm: number;
  sib?: number;
  /** Displacement bytes (little-endian). */
  disp: number[];
}

/** Encodes a register operand in the rm field (mod = 11). */
export function registerRM(reg: number, rm: number): EncodedRM {
  return { modrm: 0xc0 | (reg << 3) | rm, disp: [] };
}

function le(v: number | bigint, n: number): number[] {
  const out: number[] = [];
  if (typeof v === "number" && n <= 4 && Number.isSafeInteger(v)) {
    // fast path: two's complement bytes of a safe integer
    let lo = v % 4294967296;
    if (lo < 0) lo += 4294967296;
    for (let i = 0; i < n; i++) {
      out.push(lo & 0xff);
      lo = Math.floor(lo / 256);
    }
    return out;
  }
  let x = BigInt.asUintN(64, typeof v === "bigint" ? v : BigInt(Math.trunc(v)));
  for (let i = 0; i < n; i++) {
    out.push(Number(x & 0xffn));
    x >>= 8n;
  }
  return out;
}

/** The displacement as the CPU sees it: wrapped to the address size (NASM does the same). */
function wrapped(m: MemOperand, wide: number): number {
  return wide === 2 ? (m.disp.n << 16) >> 16 : m.disp.n | 0;
}

function fitsByte(m: MemOperand, wide: number): boolean {
  const n = wrapped(m, wide);
  return m.disp.seg === null && !m.disp.unknown && n >= -128 && n <= 127;
}

function isZero(m: MemOperand, wide: number): boolean {
  return m.disp.seg === null && !m.disp.unknown && wrapped(m, wide) === 0;
}

/** Chooses mod and displacement bytes for a based address (explicit `[byte ...]`/`[dword ...]` win). */
function dispMode(m: MemOperand, baseNeedsDisp: boolean, wide: number): { mod: number; disp: number[] } {
  if (m.dispSize === 8 || (m.dispSize === undefined && !isZero(m, wide) && fitsByte(m, wide)) || (m.dispSize === undefined && isZero(m, wide) && baseNeedsDisp))
    return { mod: 1, disp: le(m.disp.n, 1) };
  if (m.dispSize === undefined && isZero(m, wide)) return { mod: 0, disp: [] };
  return { mod: 2, disp: le(m.disp.n, wide) };
}

/** Encodes a memory operand with `reg` (register number or /digit) in ModRM.reg. */
export function memoryRM(m: MemOperand, reg: number, addrSize: number): EncodedRM {
  return addrSize === 16 ? memory16(m, reg) : memory32(m, reg);
}

function memory32(m: MemOperand, reg: number): EncodedRM {
  const r = reg << 3;
  const base = m.base?.num;
  const index = m.index?.num;
  if (base === undefined && index === undefined) return { modrm: r | 5, disp: le(m.disp.n, 4) };
  if (index === undefined && base !== 4) {
    const { mod, disp } = dispMode(m, base === 5, 4);
    return { modrm: (mod << 6) | r | base!, disp };
  }
  const ss = [1, 2, 4, 8].indexOf(m.scale);
  const idx = index ?? 4;
  if (base === undefined) return { modrm: r | 4, sib: (ss << 6) | (idx << 3) | 5, disp: le(m.disp.n, 4) };
  const { mod, disp } = dispMode(m, base === 5, 4);
  return { modrm: (mod << 6) | r | 4, sib: (ss << 6) | (idx << 3) | base, disp };
}

/** The eight 16-bit forms: rm = index into [bx+si, bx+di, bp+si, bp+di, si, di, bp, bx]. */
function memory16(m: MemOperand, reg: number): EncodedRM {
  const r = reg << 3;
  const b = m.base?.name;
  const i = m.index?.name;
  if (!b && !i) return { modrm: r | 6, disp: le(m.disp.n, 2) };
  const key = `${b ?? ""}+${i ?? ""}`;
  const rm = ({ "bx+si": 0, "bx+di": 1, "bp+si": 2, "bp+di": 3, "+si": 4, "+di": 5, "bp+": 6, "bx+": 7 } as Record<string, number>)[key];
  if (rm === undefined) throw new OperandError("invalid 16-bit effective address", m.col);
  const { mod, disp } = dispMode(m, rm === 6, 2);
  return { modrm: (mod << 6) | r | rm, disp };
}

export { le as littleEndian };
