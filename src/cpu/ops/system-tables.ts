/**
 * Descriptor-table instructions (SDM Vol. 2A/2B): LGDT/LIDT (CPL 0), SGDT/SIDT (any CPL: the
 * "sensitive but unprivileged" stores of Robin & Irvine), LLDT/LTR (CPL 0; checks in
 * segmentation.ts), SLDT/STR, and the descriptor probes LAR, LSL, VERR, VERW and ARPL.
 *
 * - LGDT/LIDT m16&32: a 16-bit limit then a 32-bit base; with a 16-bit operand size only 24 bits of
 *   the base are used. SGDT/SIDT store limit and base; with a 16-bit operand size the sixth byte is 0.
 * - LAR/LSL/VERR/VERW never fault on the selector: a null selector, one outside the table, a type
 *   the instruction does not accept, or a privilege mismatch (DPL < CPL or DPL < RPL, except for
 *   conforming code) clears ZF and leaves the destination unchanged. LAR accepts code/data and the
 *   system types 1,2,3,4,5,9,B,C (Vol. 2A, LAR, Table 3-52); LSL accepts code/data and 1,2,3,9,B.
 *   LAR returns the descriptor's high dword AND 00FxFF00H (32-bit) / FF00H (16-bit), with the
 *   undefined bits 19:16 (limit 19:16) returned as 0 as QEMU does; LSL the byte-granular limit.
 * - ARPL r/m16, r16: raises the RPL of the destination to that of the source, ZF = 1 if it did.
 *
 * Left out: UMIP (SGDT/SIDT/SLDT/SMSW/STR faulting at CPL > 0).
 */
import type { Cpu } from "../cpu";
import type { Handler, Insn } from "../decode";
import { descDpl, descIsCode, descIsCodeData, descIsConformingCode, descIsReadable, descIsWritableData, descLimit, descType } from "../descriptor";
import { CpuException, GP, UD } from "../exception";
import { setEflags } from "../flags";
import { Descriptor, isNullSelector, loadLdtr, loadTr } from "../segmentation";
import { AR_UNUSABLE, CpuState, LDTR, TR, ZF } from "../state";
import { readLinear } from "../sysmem";
import { effectiveAddress, readEw, writeEwZx, writeGv } from "./system-operands";

function requireCpl0(s: CpuState): void {
  if (s.cpl !== 0) throw new CpuException(GP, 0);
}

/** Reads limit and base of a pseudo-descriptor operand (LGDT/LIDT). */
function readPseudoDescriptor(cpu: Cpu, insn: Insn): [number, number] {
  const a = effectiveAddress(cpu, insn);
  const next = (d: number) => (insn.a16 ? (a + d) & 0xffff : (a + d) >>> 0);
  const limit = cpu.read16(insn.seg, a);
  let base = cpu.read32(insn.seg, next(2));
  if (insn.o16) base &= 0xffffff;
  return [limit, base >>> 0];
}

function storePseudoDescriptor(cpu: Cpu, insn: Insn, limit: number, base: number): void {
  const a = effectiveAddress(cpu, insn);
  const next = (d: number) => (insn.a16 ? (a + d) & 0xffff : (a + d) >>> 0);
  // Probe the whole 6-byte operand first so a fault on the second part leaves memory untouched.
  cpu.probeWrite(insn.seg, a, 2);
  cpu.probeWrite(insn.seg, next(2), 4);
  cpu.write16(insn.seg, a, limit);
  cpu.write32(insn.seg, next(2), insn.o16 ? base & 0xffffff : base);
}

/**
 * The descriptor a LAR/LSL/VERR/VERW selector names, or null when the probe fails without a fault:
 * null selector, outside the GDT/LDT, or no usable LDT. Page faults while reading still fault.
 */
function probeDescriptor(cpu: Cpu, sel: number): Descriptor | null {
  const s = cpu.state;
  if (isNullSelector(sel)) return null;
  let base: number, limit: number;
  if ((sel & 4) !== 0) {
    if ((s.segAr[LDTR] & AR_UNUSABLE) !== 0) return null;
    base = s.segBase[LDTR];
    limit = s.segLimit[LDTR];
  } else {
    base = s.gdtrBase;
    limit = s.gdtrLimit;
  }
  const off = sel & 0xfff8;
  if (off + 7 > limit) return null;
  const addr = (base + off) >>> 0;
  return { lo: readLinear(cpu, addr, 4, false), hi: readLinear(cpu, (addr + 4) >>> 0, 4, false), addr };
}

/** The privilege rule of LAR/LSL/VERR/VERW: conforming code always passes, else DPL >= CPL and >= RPL. */
function visible(s: CpuState, sel: number, hi: number): boolean {
  if (descIsConformingCode(hi)) return true;
  const dpl = descDpl(hi);
  return dpl >= s.cpl && dpl >= (sel & 3);
}

const LAR_SYSTEM_TYPES = new Set([1, 2, 3, 4, 5, 9, 0xb, 0xc]);
const LSL_SYSTEM_TYPES = new Set([1, 2, 3, 9, 0xb]);

function setZf(s: CpuState, on: boolean): void {
  setEflags(s, on ? ZF : 0, ZF);
}

export const tableHandlers: Record<string, Handler> = {
  lgdt_Ms: (cpu, insn) => {
    const s = cpu.state;
    requireCpl0(s);
    [s.gdtrLimit, s.gdtrBase] = readPseudoDescriptor(cpu, insn);
  },
  lidt_Ms: (cpu, insn) => {
    const s = cpu.state;
    requireCpl0(s);
    [s.idtrLimit, s.idtrBase] = readPseudoDescriptor(cpu, insn);
  },
  sgdt_Ms: (cpu, insn) => storePseudoDescriptor(cpu, insn, cpu.state.gdtrLimit, cpu.state.gdtrBase),
  sidt_Ms: (cpu, insn) => storePseudoDescriptor(cpu, insn, cpu.state.idtrLimit, cpu.state.idtrBase),
  lldt_Ew: (cpu, insn) => {
    requireCpl0(cpu.state);
    loadLdtr(cpu, readEw(cpu, insn));
  },
  ltr_Ew: (cpu, insn) => {
    requireCpl0(cpu.state);
    loadTr(cpu, readEw(cpu, insn));
  },
  sldt_Ew: (cpu, insn) => writeEwZx(cpu, insn, cpu.state.segSelector[LDTR]),
  str_Ew: (cpu, insn) => writeEwZx(cpu, insn, cpu.state.segSelector[TR]),

  lar_Gv_Ew: (cpu, insn) => {
    const s = cpu.state;
    const sel = readEw(cpu, insn);
    const d = probeDescriptor(cpu, sel);
    const ok = d !== null && (descIsCodeData(d.hi) || LAR_SYSTEM_TYPES.has(descType(d.hi))) && visible(s, sel, d.hi);
    if (ok) writeGv(cpu, insn, insn.o16 ? d.hi & 0xff00 : d.hi & 0x00f0ff00);
    setZf(s, ok);
  },
  lsl_Gv_Ew: (cpu, insn) => {
    const s = cpu.state;
    const sel = readEw(cpu, insn);
    const d = probeDescriptor(cpu, sel);
    const ok = d !== null && (descIsCodeData(d.hi) || LSL_SYSTEM_TYPES.has(descType(d.hi))) && visible(s, sel, d.hi);
    if (ok) writeGv(cpu, insn, descLimit(d.lo, d.hi));
    setZf(s, ok);
  },
  verr_Ew: (cpu, insn) => {
    const s = cpu.state;
    const sel = readEw(cpu, insn);
    const d = probeDescriptor(cpu, sel);
    setZf(s, d !== null && descIsReadable(d.hi) && visible(s, sel, d.hi));
  },
  verw_Ew: (cpu, insn) => {
    const s = cpu.state;
    const sel = readEw(cpu, insn);
    const d = probeDescriptor(cpu, sel);
    setZf(s, d !== null && descIsWritableData(d.hi) && !descIsCode(d.hi) && visible(s, sel, d.hi));
  },
  /** ARPL r/m16, r16 (Vol. 2A, ARPL): protected mode only (it is #UD in real and virtual-8086 mode). */
  arpl_Ew_Gw: (cpu, insn) => {
    const s = cpu.state;
    if ((s.cr[0] & 1) === 0) throw new CpuException(UD);
    const dst = readEw(cpu, insn);
    const src = s.regs[insn.reg] & 3;
    if ((dst & 3) < src) {
      const v = (dst & ~3) | src;
      if (insn.mod === 3) s.regs[insn.rm] = (s.regs[insn.rm] & 0xffff0000) | v;
      else cpu.write16(insn.seg, effectiveAddress(cpu, insn), v);
      setZf(s, true);
    } else setZf(s, false);
  },
};
