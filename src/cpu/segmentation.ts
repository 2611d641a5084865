/**
 * Protected-mode segmentation: reading descriptors from the GDT/LDT, loading segment registers
 * with the SDM's checks, and the LDTR/TR loads (SDM Vol. 3A, chapter 3 "Protected-Mode Memory
 * Management" and chapter 5 "Protection"; Vol. 2 MOV, POP, LDS/LES/LFS/LGS/LSS, LLDT, LTR,
 * "Protected Mode Exceptions").
 *
 *   selector   15            3  2   1 0
 *             |     index      | TI | RPL |     TI = 1: the LDT, else the GDT
 *
 * A faulting selector load reports the selector with RPL cleared as its error code
 * (6.13 "Error Code": bits 15:3 index, bit 2 TI, bit 1 IDT, bit 0 EXT); a null SS load raises
 * #GP(0). The checks for ES/DS/FS/GS, in the SDM's order (MOV—"IF DS, ES, FS, or GS is loaded
 * with non-NULL selector"):
 *   index outside the table limit                    #GP(selector)
 *   not a data or readable code segment              #GP(selector)
 *   data or non-conforming code with RPL > DPL or CPL > DPL   #GP(selector)
 *   not present                                      #NP(selector)
 * and for SS ("IF SS is loaded"): null #GP(0); outside limit, RPL != CPL, not writable data,
 * DPL != CPL #GP(selector); not present #SS(selector). A null selector in ES/DS/FS/GS loads an
 * unusable segment (VMX AR bit 16) and any later access through it raises #GP(0).
 * Loading a descriptor whose accessed bit is clear sets it in memory (3.4.5.1).
 *
 * Left out: virtual-8086 and real-mode segment loads, 64-bit system descriptors.
 */
import {
  descAr, descBase, descDpl, descIsCodeData, descIsConformingCode, descIsReadable, descIsWritableData,
  descLimit, descPresent, descType, SYS_LDT, SYS_TSS16_AVAIL, SYS_TSS32_AVAIL, TYPE_ACCESSED,
} from "./descriptor";
import { CpuException, GP, NP, SS_ } from "./exception";
import type { MmuCpu } from "./mmu";
import { AR_UNUSABLE, CpuState, CS, LDTR, SS, TR } from "./state";
import { readLinear, writeLinear } from "./sysmem";

/** A descriptor as read from its table: the two dwords and the linear address it came from. */
export interface Descriptor {
  lo: number;
  hi: number;
  addr: number;
}

/** A selector with RPL and TI cleared is 0: the null selector (3.4.2). */
export function isNullSelector(selector: number): boolean {
  return (selector & 0xfffc) === 0;
}

/** The error code a faulting selector reports (6.13): index and TI, RPL bits cleared. */
export function selectorError(selector: number): number {
  return selector & 0xfffc;
}

/**
 * Reads the descriptor `selector` names from the GDT or LDT. Raises `vector`(selector) when the
 * index is outside the table (or TI = 1 while LDTR is unusable); `ext` is the EXT bit of that error code.
 */
export function readDescriptor(cpu: MmuCpu, selector: number, vector = GP, ext = 0): Descriptor {
  const s = cpu.state;
  let base: number, limit: number;
  if ((selector & 4) !== 0) {
    // LDTR is unusable after LLDT of a null selector; the power-on LDTR (selector 0, base 0,
    // limit FFFFH, present: SDM Vol. 3A Table 9-1) is usable, as QEMU also treats it.
    if ((s.segAr[LDTR] & AR_UNUSABLE) !== 0) throw new CpuException(vector, selectorError(selector) | ext);
    base = s.segBase[LDTR];
    limit = s.segLimit[LDTR];
  } else {
    base = s.gdtrBase;
    limit = s.gdtrLimit;
  }
  const offset = selector & 0xfff8;
  if (offset + 7 > limit) throw new CpuException(vector, selectorError(selector) | ext);
  const addr = (base + offset) >>> 0;
  return { lo: readLinear(cpu, addr, 4, false), hi: readLinear(cpu, (addr + 4) >>> 0, 4, false), addr };
}

/** Sets the accessed bit of a code/data descriptor in memory if clear (3.4.5.1). */
export function markAccessed(cpu: MmuCpu, d: Descriptor): void {
  if ((d.hi & (TYPE_ACCESSED << 8)) === 0) {
    d.hi = (d.hi | (TYPE_ACCESSED << 8)) >>> 0;
    writeLinear(cpu, (d.addr + 4) >>> 0, 4, d.hi, false);
  }
}

/** Fills the visible and hidden parts of segment register `sreg` from a descriptor. */
export function setSegmentCache(s: CpuState, sreg: number, selector: number, lo: number, hi: number): void {
  s.segSelector[sreg] = selector;
  s.segBase[sreg] = descBase(lo, hi);
  s.segLimit[sreg] = descLimit(lo, hi);
  s.segAr[sreg] = descAr(hi);
}

/** Loads a null selector: the register becomes unusable (VMX AR.unusable). */
export function setNullSegment(s: CpuState, sreg: number, selector: number): void {
  s.segSelector[sreg] = selector;
  s.segBase[sreg] = 0;
  s.segLimit[sreg] = 0;
  s.segAr[sreg] = AR_UNUSABLE;
}

/**
 * MOV/POP/LDS/LES/LFS/LGS/LSS into ES, SS, DS, FS or GS in protected mode, with the checks of the
 * header. CS is loaded only by far transfers (ops/far.ts). After a successful SS load the caller
 * arms the interrupt shadow (6.8.3).
 */
export function loadSegment(cpu: MmuCpu, sreg: number, selector: number): void {
  const s = cpu.state;
  selector &= 0xffff;
  const rpl = selector & 3;
  if (sreg === SS) {
    if (isNullSelector(selector)) throw new CpuException(GP, 0);
    const d = readDescriptor(cpu, selector);
    if (rpl !== s.cpl || !descIsWritableData(d.hi) || descDpl(d.hi) !== s.cpl) throw new CpuException(GP, selectorError(selector));
    if (!descPresent(d.hi)) throw new CpuException(SS_, selectorError(selector));
    markAccessed(cpu, d);
    setSegmentCache(s, SS, selector, d.lo, d.hi);
    return;
  }
  if (sreg === CS || sreg > 5) throw new Error(`loadSegment: sreg ${sreg} is not ES/SS/DS/FS/GS`);
  if (isNullSelector(selector)) {
    setNullSegment(s, sreg, selector);
    return;
  }
  const d = readDescriptor(cpu, selector);
  if (!descIsReadable(d.hi)) throw new CpuException(GP, selectorError(selector));
  if (!descIsConformingCode(d.hi)) {
    const dpl = descDpl(d.hi);
    if (rpl > dpl || s.cpl > dpl) throw new CpuException(GP, selectorError(selector));
  }
  if (!descPresent(d.hi)) throw new CpuException(NP, selectorError(selector));
  markAccessed(cpu, d);
  setSegmentCache(s, sreg, selector, d.lo, d.hi);
}

/**
 * LLDT (Vol. 2A, LLDT): null selector leaves LDTR unusable; TI = 1, outside the GDT or not an
 * LDT descriptor #GP(selector); not present #NP(selector). The CPL check is the handler's.
 */
export function loadLdtr(cpu: MmuCpu, selector: number): void {
  const s = cpu.state;
  selector &= 0xffff;
  if (isNullSelector(selector)) {
    setNullSegment(s, LDTR, selector);
    return;
  }
  if ((selector & 4) !== 0) throw new CpuException(GP, selectorError(selector));
  const d = readDescriptor(cpu, selector);
  if (descIsCodeData(d.hi) || descType(d.hi) !== SYS_LDT) throw new CpuException(GP, selectorError(selector));
  if (!descPresent(d.hi)) throw new CpuException(NP, selectorError(selector));
  setSegmentCache(s, LDTR, selector, d.lo, d.hi);
}

/**
 * LTR (Vol. 2A, LTR): null #GP(0); TI = 1, outside the GDT or not an available TSS #GP(selector);
 * not present #NP(selector). Marks the descriptor busy in the GDT (type |= 2) and loads TR.
 */
export function loadTr(cpu: MmuCpu, selector: number): void {
  const s = cpu.state;
  selector &= 0xffff;
  if (isNullSelector(selector)) throw new CpuException(GP, 0);
  if ((selector & 4) !== 0) throw new CpuException(GP, selectorError(selector));
  const d = readDescriptor(cpu, selector);
  const type = descType(d.hi);
  if (descIsCodeData(d.hi) || (type !== SYS_TSS32_AVAIL && type !== SYS_TSS16_AVAIL)) throw new CpuException(GP, selectorError(selector));
  if (!descPresent(d.hi)) throw new CpuException(NP, selectorError(selector));
  d.hi = (d.hi | (2 << 8)) >>> 0;
  writeLinear(cpu, (d.addr + 4) >>> 0, 4, d.hi, false);
  setSegmentCache(s, TR, selector, d.lo, d.hi);
}

/**
 * After a RET or IRET to an outer privilege level: ES, DS, FS and GS holding a data or
 * non-conforming code segment with DPL < new CPL are loaded with null (Vol. 2A, RET/IRET,
 * "RETURN-TO-OUTER-PRIVILEGE-LEVEL": "FOR each SegReg in (ES, FS, GS, and DS) ... IF DPL < CPL
 * ... THEN SegReg := NULL").
 */
export function nullInaccessibleDataSegments(s: CpuState): void {
  for (const sreg of [0, 3, 4, 5]) {
    const ar = s.segAr[sreg];
    if ((ar & AR_UNUSABLE) !== 0) continue;
    const dpl = (ar >>> 5) & 3;
    const conformingCode = (ar & 0x18) === 0x18 && (ar & 0x4) !== 0;
    if (!conformingCode && dpl < s.cpl) setNullSegment(s, sreg, 0);
  }
}
