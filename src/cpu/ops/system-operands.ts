/**
 * Operand access for the system-instruction handlers: word reads and selector-sized writes of Ew
 * operands and Gv results (the effective address itself comes from operand.ts, SDM Vol. 2A, 2.1.5).
 * A register r/m operand of a word-sized system instruction (SLDT, STR, SMSW, LLDT, LTR, LMSW,
 * LAR/LSL/VERR/VERW source) is the low 16 bits of the general register.
 *
 * Left out: nothing; the decoder (decode.ts) has already resolved the segment (override, or SS for
 * EBP/ESP bases) into insn.seg.
 */
import type { Cpu } from "../cpu";
import type { Insn } from "../decode";
import { ea } from "./operand";

/** Offset (within insn.seg) of the memory operand (operand.ts computes it for every family). */
export const effectiveAddress = ea;

/** 16-bit r/m operand. */
export function readEw(cpu: Cpu, insn: Insn): number {
  if (insn.mod === 3) return cpu.state.regs[insn.rm] & 0xffff;
  return cpu.read16(insn.seg, effectiveAddress(cpu, insn));
}

/**
 * Stores a selector-sized result (SLDT, STR, SMSW, MOV r/m, Sreg): to memory always 16 bits;
 * to a register 16 bits under a 16-bit operand size, else zero-extended to 32 bits (SDM Vol. 2B,
 * SLDT/STR/SMSW "the high-order 16 bits ... are cleared" for 32-bit register destinations).
 */
export function writeEwZx(cpu: Cpu, insn: Insn, value: number): void {
  const r = cpu.state.regs;
  if (insn.mod === 3) {
    if (insn.o16) r[insn.rm] = (r[insn.rm] & 0xffff0000) | (value & 0xffff);
    else r[insn.rm] = value & 0xffff;
  } else cpu.write16(insn.seg, effectiveAddress(cpu, insn), value & 0xffff);
}

/** Gv destination: 16 or 32 bits by operand size. */
export function writeGv(cpu: Cpu, insn: Insn, value: number): void {
  const r = cpu.state.regs;
  if (insn.o16) r[insn.reg] = (r[insn.reg] & 0xffff0000) | (value & 0xffff);
  else r[insn.reg] = value >>> 0;
}
