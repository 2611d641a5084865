/**
 * Operand access shared by the integer handlers: ModRM effective addresses, the 8/16/32-bit
 * general-register views, and r/m operands that are either a register or memory.
 *
 * Register views follow SDM Vol. 2A, 3.1.1.1 / Table 2-1: byte registers 0-3 are AL CL DL BL
 * (low bytes of EAX..EBX), 4-7 are AH CH DH BH (bits 15:8 of EAX..EBX); writing a 16-bit or 8-bit
 * register leaves the other bits of the 32-bit register unchanged.
 * The effective address is base + index * 2^scale + disp modulo 2^32, or modulo 2^16 with a 16-bit
 * address size (SDM Vol. 1, 3.7.5 "Specifying an Offset").
 *
 * Sizes are coded 0 = byte, 1 = word, 2 = dword everywhere in ops/ (the lazy-flags size codes).
 */
import type { Cpu } from "../cpu";
import type { Insn } from "../decode";
import type { CpuState } from "../state";

export const MASKS = [0xff, 0xffff, 0xffffffff] as const;
export const SIGNS = [0x80, 0x8000, 0x80000000] as const;
export const BITS = [8, 16, 32] as const;

/** Operand-size code of a v-sized operand: 1 (16-bit) or 2 (32-bit). */
export function vsz(insn: Insn): number {
  return insn.o16 ? 1 : 2;
}

/** x truncated to the size, as an unsigned number. */
export function trunc(x: number, sz: number): number {
  return sz === 2 ? x >>> 0 : x & (sz === 0 ? 0xff : 0xffff);
}

/** Sign-extends an unsigned value of size sz to a signed JS number. */
export function sext(x: number, sz: number): number {
  return sz === 0 ? (x << 24) >> 24 : sz === 1 ? (x << 16) >> 16 : x | 0;
}

/** Effective address (offset in the instruction's segment) of a memory operand. */
export function ea(cpu: Cpu, insn: Insn): number {
  const r = cpu.state.regs;
  let a = insn.disp;
  if (insn.base >= 0) a += r[insn.base];
  if (insn.index >= 0) a += r[insn.index] << insn.scale;
  return insn.a16 ? a & 0xffff : a >>> 0;
}

export function getReg8(s: CpuState, r: number): number {
  return r < 4 ? s.regs[r] & 0xff : (s.regs[r - 4] >>> 8) & 0xff;
}
export function setReg8(s: CpuState, r: number, v: number): void {
  if (r < 4) s.regs[r] = (s.regs[r] & 0xffffff00) | (v & 0xff);
  else s.regs[r - 4] = (s.regs[r - 4] & 0xffff00ff) | ((v & 0xff) << 8);
}
export function getReg(s: CpuState, r: number, sz: number): number {
  return sz === 2 ? s.regs[r] : sz === 1 ? s.regs[r] & 0xffff : getReg8(s, r);
}
export function setReg(s: CpuState, r: number, sz: number, v: number): void {
  if (sz === 2) s.regs[r] = v;
  else if (sz === 1) s.regs[r] = (s.regs[r] & 0xffff0000) | (v & 0xffff);
  else setReg8(s, r, v);
}

export function readMem(cpu: Cpu, seg: number, a: number, sz: number): number {
  return sz === 2 ? cpu.read32(seg, a) : sz === 1 ? cpu.read16(seg, a) : cpu.read8(seg, a);
}
export function writeMem(cpu: Cpu, seg: number, a: number, sz: number, v: number): void {
  if (sz === 2) cpu.write32(seg, a, v);
  else if (sz === 1) cpu.write16(seg, a, v);
  else cpu.write8(seg, a, v);
}

/** Reads the r/m operand (register or memory). */
export function readE(cpu: Cpu, insn: Insn, sz: number): number {
  if (insn.mod === 3) return getReg(cpu.state, insn.rm, sz);
  return readMem(cpu, insn.seg, ea(cpu, insn), sz);
}
/** Writes the r/m operand (register or memory). */
export function writeE(cpu: Cpu, insn: Insn, sz: number, v: number): void {
  if (insn.mod === 3) setReg(cpu.state, insn.rm, sz, v);
  else writeMem(cpu, insn.seg, ea(cpu, insn), sz, v);
}

/** Target of a relative branch: EIP + rel, truncated to 16 bits with a 16-bit operand size (SDM JMP). */
export function relTarget(cpu: Cpu, insn: Insn): number {
  const t = cpu.state.eip + insn.imm;
  return insn.o16 ? t & 0xffff : t >>> 0;
}

/** The count register of string ops and LOOP: ECX, or CX with a 16-bit address size. */
export function getCount(s: CpuState, insn: Insn): number {
  return insn.a16 ? s.regs[1] & 0xffff : s.regs[1];
}
export function setCount(s: CpuState, insn: Insn, v: number): void {
  if (insn.a16) s.regs[1] = (s.regs[1] & 0xffff0000) | (v & 0xffff);
  else s.regs[1] = v;
}
