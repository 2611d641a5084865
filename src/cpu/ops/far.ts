/**
 * Far control transfers in protected mode: JMP ptr16:16/32 and m16:16/32, CALL far (direct and
 * through call gates, with the stack switch and parameter copy of 5.8.5), RETF [imm16] to the same
 * or an outer privilege level, and IRET/IRETD (SDM Vol. 2A/2B, JMP, CALL, RET, IRET — the
 * PROTECTED-MODE branches of their pseudocode; Vol. 3A, 5.8 "Privilege Level Checking When
 * Transferring Program Control Between Code Segments").
 *
 * Code-segment rules for direct JMP/CALL: conforming code needs DPL <= CPL; non-conforming needs
 * RPL <= CPL and DPL = CPL; CPL is unchanged and CS.RPL := CPL. Through a call gate: gate DPL >= CPL
 * and >= RPL; the target code DPL <= CPL; a CALL to more privileged non-conforming code switches to
 * the TSS stack for the new level, pushes the caller's SS:ESP, copies `param count` stack entries,
 * then pushes CS:EIP (Figure 5-13). JMP through a gate never changes privilege (DPL must equal CPL
 * for non-conforming code). RETF/IRET to RPL > CPL pop the outer SS:ESP as well and then null
 * ES/DS/FS/GS that the outer level may not use.
 *
 * IRET's EFLAGS image is written with the rules of the old CPL: IF only when CPL <= IOPL, IOPL only
 * at CPL 0; VM/VIF/VIP are never set (virtual-8086 mode is out of scope).
 *
 * Every check happens before any register changes, so a fault leaves the caller's state intact
 * (pushes may already have reached memory below ESP, as on hardware).
 *
 * Left out (reported as a shutdown with reason "task switch unsupported ..."): JMP/CALL to a TSS
 * or a task gate, IRET with EFLAGS.NT = 1. IRET to virtual-8086 mode: shutdown "virtual-8086 mode
 * unsupported".
 */
import type { Cpu } from "../cpu";
import type { Handler, Insn } from "../decode";
import {
  descBase, descDpl, descIsCode, descIsCodeData, descIsConformingCode, descIsWritableData, descLimit, descPresent, descType,
  gateOffset, gateParamCount, gateSelector, SYS_CALL_GATE16, SYS_CALL_GATE32, SYS_TASK_GATE, SYS_TSS16_AVAIL, SYS_TSS16_BUSY,
  SYS_TSS32_AVAIL, SYS_TSS32_BUSY,
} from "../descriptor";
import { CpuException, GP, NP, SS_, TS } from "../exception";
import { adjustStack, currentStack, peekValue, popValue, pushValue, StackPointer } from "../farstack";
import { getEflags, setEflags } from "../flags";
import { enterShutdown } from "../interrupts";
import {
  Descriptor, isNullSelector, markAccessed, nullInaccessibleDataSegments, readDescriptor, selectorError, setSegmentCache,
} from "../segmentation";
import {
  AC, AF, AR_DB, CF, CpuState, CS, DF, ESP, ID, IF, IOPL_MASK, NT, OF, PF, RF, SF, SS, TF, ZF,
} from "../state";
import { innerStack } from "../tss";
import { effectiveAddress } from "./system-operands";

function gp(sel: number): never {
  throw new CpuException(GP, selectorError(sel));
}

function isTaskDescriptor(type: number): boolean {
  return type === SYS_TASK_GATE || type === SYS_TSS16_AVAIL || type === SYS_TSS16_BUSY || type === SYS_TSS32_AVAIL || type === SYS_TSS32_BUSY;
}

function taskSwitch(s: CpuState, what: string, sel: number): void {
  enterShutdown(s, `task switch unsupported: ${what} to selector 0x${sel.toString(16)} (hardware task switching is not modelled)`);
}

/** Loads CS from a checked code descriptor with RPL := cpl, and sets CPL. */
function loadCs(cpu: Cpu, sel: number, d: Descriptor, cpl: number): void {
  markAccessed(cpu, d);
  setSegmentCache(cpu.state, CS, (sel & 0xfffc) | cpl, d.lo, d.hi);
  cpu.state.cpl = cpl;
}

/** Direct JMP/CALL to a code segment: the privilege rules of 5.8.1/5.8.2, then presence. */
function checkDirectCode(s: CpuState, sel: number, d: Descriptor): void {
  const dpl = descDpl(d.hi);
  if (descIsConformingCode(d.hi)) {
    if (dpl > s.cpl) gp(sel);
  } else if ((sel & 3) > s.cpl || dpl !== s.cpl) gp(sel);
  if (!descPresent(d.hi)) throw new CpuException(NP, selectorError(sel));
}

interface GateTarget {
  code: Descriptor;
  codeSel: number;
  offset: number;
  gate32: boolean;
  params: number;
}

/** Call-gate checks shared by JMP and CALL (5.8.4, Figure 5-11). */
function enterCallGate(cpu: Cpu, sel: number, g: Descriptor): GateTarget {
  const s = cpu.state;
  const gdpl = descDpl(g.hi);
  if (gdpl < s.cpl || gdpl < (sel & 3)) gp(sel);
  if (!descPresent(g.hi)) throw new CpuException(NP, selectorError(sel));
  const codeSel = gateSelector(g.lo);
  if (isNullSelector(codeSel)) throw new CpuException(GP, 0);
  const code = readDescriptor(cpu, codeSel);
  if (!descIsCode(code.hi) || descDpl(code.hi) > s.cpl) gp(codeSel);
  if (!descPresent(code.hi)) throw new CpuException(NP, selectorError(codeSel));
  const gate32 = descType(g.hi) === SYS_CALL_GATE32;
  return { code, codeSel, offset: gate32 ? gateOffset(g.lo, g.hi) : g.lo & 0xffff, gate32, params: gateParamCount(g.hi) };
}

/** JMP far to selector:offset (Vol. 2A, JMP, protected mode). */
export function farJump(cpu: Cpu, sel: number, offset: number): void {
  const s = cpu.state;
  sel &= 0xffff;
  if (isNullSelector(sel)) throw new CpuException(GP, 0);
  const d = readDescriptor(cpu, sel);
  if (descIsCode(d.hi)) {
    checkDirectCode(s, sel, d);
    if (offset > descLimit(d.lo, d.hi)) throw new CpuException(GP, 0);
    loadCs(cpu, sel, d, s.cpl);
    s.eip = offset;
    return;
  }
  const type = descType(d.hi);
  if (descIsCodeData(d.hi)) gp(sel);
  if (type === SYS_CALL_GATE16 || type === SYS_CALL_GATE32) {
    const t = enterCallGate(cpu, sel, d);
    if (!descIsConformingCode(t.code.hi) && descDpl(t.code.hi) !== s.cpl) gp(t.codeSel);
    if (t.offset > descLimit(t.code.lo, t.code.hi)) throw new CpuException(GP, 0);
    loadCs(cpu, t.codeSel, t.code, s.cpl);
    s.eip = t.offset;
    return;
  }
  if (isTaskDescriptor(type)) {
    taskSwitch(s, "JMP", sel);
    return;
  }
  gp(sel);
}

/** CALL far to selector:offset with operand size 16 (o16) or 32 (Vol. 2A, CALL, protected mode). */
export function farCall(cpu: Cpu, sel: number, offset: number, o16: boolean): void {
  const s = cpu.state;
  sel &= 0xffff;
  if (isNullSelector(sel)) throw new CpuException(GP, 0);
  const d = readDescriptor(cpu, sel);
  const retCs = s.segSelector[CS], retEip = s.eip;
  if (descIsCode(d.hi)) {
    checkDirectCode(s, sel, d);
    const size = o16 ? 2 : 4;
    const st = currentStack(s);
    pushValue(cpu, st, size, retCs);
    pushValue(cpu, st, size, retEip);
    if (offset > descLimit(d.lo, d.hi)) throw new CpuException(GP, 0);
    loadCs(cpu, sel, d, s.cpl);
    s.regs[ESP] = st.esp;
    s.eip = offset;
    return;
  }
  const type = descType(d.hi);
  if (descIsCodeData(d.hi)) gp(sel);
  if (isTaskDescriptor(type)) {
    taskSwitch(s, "CALL", sel);
    return;
  }
  if (type !== SYS_CALL_GATE16 && type !== SYS_CALL_GATE32) gp(sel);
  const t = enterCallGate(cpu, sel, d);
  const size = t.gate32 ? 4 : 2;
  const dpl = descDpl(t.code.hi);
  if (!descIsConformingCode(t.code.hi) && dpl < s.cpl) {
    // More privilege: stack switch through the TSS (5.8.5, Figure 5-13).
    const inner = innerStack(cpu, dpl, 0);
    if (isNullSelector(inner.ss)) throw new CpuException(TS, 0);
    const sd = readDescriptor(cpu, inner.ss, TS);
    if ((inner.ss & 3) !== dpl || descDpl(sd.hi) !== dpl || !descIsWritableData(sd.hi)) throw new CpuException(TS, selectorError(inner.ss));
    if (!descPresent(sd.hi)) throw new CpuException(SS_, selectorError(inner.ss));
    const st: StackPointer = { base: descBase(sd.lo, sd.hi), limit: descLimit(sd.lo, sd.hi), ar: (sd.hi >>> 8) & 0xf0ff, esp: inner.esp, user: false, ssError: selectorError(inner.ss) };
    const old = currentStack(s);
    pushValue(cpu, st, size, s.segSelector[SS]);
    pushValue(cpu, st, size, s.regs[ESP]);
    for (let i = t.params - 1; i >= 0; i--) pushValue(cpu, st, size, peekValue(cpu, old, i * size, size));
    pushValue(cpu, st, size, retCs);
    pushValue(cpu, st, size, retEip);
    if (t.offset > descLimit(t.code.lo, t.code.hi)) throw new CpuException(GP, 0);
    markAccessed(cpu, sd);
    setSegmentCache(s, SS, inner.ss, sd.lo, sd.hi);
    s.regs[ESP] = st.esp;
    loadCs(cpu, t.codeSel, t.code, dpl);
    s.eip = t.offset;
    return;
  }
  const st = currentStack(s);
  pushValue(cpu, st, size, retCs);
  pushValue(cpu, st, size, retEip);
  if (t.offset > descLimit(t.code.lo, t.code.hi)) throw new CpuException(GP, 0);
  loadCs(cpu, t.codeSel, t.code, s.cpl);
  s.regs[ESP] = st.esp;
  s.eip = t.offset;
}

/** The return-CS checks shared by RETF and IRET (Vol. 2B, RET "PROTECTED-MODE"). */
function checkReturnCs(cpu: Cpu, cs: number): Descriptor {
  const s = cpu.state;
  if (isNullSelector(cs)) throw new CpuException(GP, 0);
  const d = readDescriptor(cpu, cs);
  const rpl = cs & 3;
  if (!descIsCode(d.hi) || rpl < s.cpl) gp(cs);
  const dpl = descDpl(d.hi);
  if (descIsConformingCode(d.hi) ? dpl > rpl : dpl !== rpl) gp(cs);
  if (!descPresent(d.hi)) throw new CpuException(NP, selectorError(cs));
  return d;
}

/** The outer stack of a return to RPL `rpl`: SS checks (#GP(SS), #SS(SS) when not present). */
function checkReturnSs(cpu: Cpu, ss: number, rpl: number): Descriptor {
  if (isNullSelector(ss)) throw new CpuException(GP, 0);
  const d = readDescriptor(cpu, ss);
  if ((ss & 3) !== rpl || !descIsWritableData(d.hi) || descDpl(d.hi) !== rpl) gp(ss);
  if (!descPresent(d.hi)) throw new CpuException(SS_, selectorError(ss));
  return d;
}

/** Sets ESP after a return: the whole register for a 32-bit stack, SP only for a 16-bit one. */
function setStackPointer(s: CpuState, value: number): void {
  if ((s.segAr[SS] & AR_DB) !== 0) s.regs[ESP] = value;
  else s.regs[ESP] = (s.regs[ESP] & 0xffff0000) | (value & 0xffff);
}

/** RETF [imm16] (Vol. 2B, RET, protected mode). */
export function farReturn(cpu: Cpu, o16: boolean, imm: number): void {
  const s = cpu.state;
  const size = o16 ? 2 : 4;
  const st = currentStack(s);
  const eip = popValue(cpu, st, size);
  const cs = popValue(cpu, st, size) & 0xffff;
  const d = checkReturnCs(cpu, cs);
  const rpl = cs & 3;
  if (rpl === s.cpl) {
    if (eip > descLimit(d.lo, d.hi)) throw new CpuException(GP, 0);
    adjustStack(st, imm);
    loadCs(cpu, cs, d, rpl);
    s.regs[ESP] = st.esp;
    s.eip = eip;
    return;
  }
  adjustStack(st, imm);
  const esp = popValue(cpu, st, size);
  const ss = popValue(cpu, st, size) & 0xffff;
  const sd = checkReturnSs(cpu, ss, rpl);
  if (eip > descLimit(d.lo, d.hi)) throw new CpuException(GP, 0);
  loadCs(cpu, cs, d, rpl);
  markAccessed(cpu, sd);
  setSegmentCache(s, SS, ss, sd.lo, sd.hi);
  setStackPointer(s, ((s.segAr[SS] & AR_DB) !== 0 ? esp + imm : (esp + imm) & 0xffff) >>> 0);
  s.eip = eip;
  nullInaccessibleDataSegments(s);
}

/** EFLAGS bits IRET and POPF may write at any CPL (32-bit operand size). */
const RESTORABLE = CF | PF | AF | ZF | SF | TF | DF | OF | NT | RF | AC | ID;

/** Writes an EFLAGS image popped by IRET/POPF with the privilege rules of the current (old) CPL. */
export function writeEflagsImage(s: CpuState, image: number, o16: boolean, keepRf: boolean): void {
  let mask = RESTORABLE; // POPF: "RF is cleared" (keepRf = false), IRET restores it
  const iopl = (getEflags(s) & IOPL_MASK) >>> 12;
  if (s.cpl <= iopl) mask |= IF;
  if (s.cpl === 0) mask |= IOPL_MASK;
  if (o16) mask &= 0xffff;
  setEflags(s, keepRf ? image : image & ~RF, mask);
}

/** IRET/IRETD in protected mode (Vol. 2A, IRET: PROTECTED-MODE, RETURN-FROM-TASK excluded). */
export function interruptReturn(cpu: Cpu, o16: boolean): void {
  const s = cpu.state;
  if ((getEflags(s) & NT) !== 0) {
    enterShutdown(s, "task switch unsupported: IRET with EFLAGS.NT = 1 (return from nested task; hardware task switching is not modelled)");
    return;
  }
  const size = o16 ? 2 : 4;
  const st = currentStack(s);
  const eip = popValue(cpu, st, size);
  const cs = popValue(cpu, st, size) & 0xffff;
  const flags = popValue(cpu, st, size);
  if (!o16 && (flags & (1 << 17)) !== 0 && s.cpl === 0) {
    enterShutdown(s, "virtual-8086 mode unsupported: IRET with VM = 1 in the popped EFLAGS");
    return;
  }
  const d = checkReturnCs(cpu, cs);
  const rpl = cs & 3;
  if (rpl === s.cpl) {
    if (eip > descLimit(d.lo, d.hi)) throw new CpuException(GP, 0);
    writeEflagsImage(s, flags, o16, true);
    loadCs(cpu, cs, d, rpl);
    s.regs[ESP] = st.esp;
    s.eip = eip;
    return;
  }
  const esp = popValue(cpu, st, size);
  const ss = popValue(cpu, st, size) & 0xffff;
  const sd = checkReturnSs(cpu, ss, rpl);
  if (eip > descLimit(d.lo, d.hi)) throw new CpuException(GP, 0);
  writeEflagsImage(s, flags, o16, true);
  loadCs(cpu, cs, d, rpl);
  markAccessed(cpu, sd);
  setSegmentCache(s, SS, ss, sd.lo, sd.hi);
  setStackPointer(s, esp);
  s.eip = eip;
  nullInaccessibleDataSegments(s);
}

/** Far pointer m16:16 / m16:32 at the memory operand: [offset, selector]. */
function readFarPointer(cpu: Cpu, insn: Insn): [number, number] {
  const ea = effectiveAddress(cpu, insn);
  const off = insn.o16 ? cpu.read16(insn.seg, ea) : cpu.read32(insn.seg, ea);
  const lim = insn.a16 ? 0xffff : 0xffffffff;
  const sel = cpu.read16(insn.seg, ((ea + (insn.o16 ? 2 : 4)) & lim) >>> 0);
  return [off, sel];
}

export const farHandlers: Record<string, Handler> = {
  jmp_Ap: (cpu, insn) => farJump(cpu, insn.imm2, insn.imm >>> 0),
  jmp_Mp: (cpu, insn) => {
    const [off, sel] = readFarPointer(cpu, insn);
    farJump(cpu, sel, off);
  },
  call_Ap: (cpu, insn) => farCall(cpu, insn.imm2, insn.imm >>> 0, insn.o16),
  call_Mp: (cpu, insn) => {
    const [off, sel] = readFarPointer(cpu, insn);
    farCall(cpu, sel, off, insn.o16);
  },
  retf: (cpu, insn) => farReturn(cpu, insn.o16, 0),
  retf_Iw: (cpu, insn) => farReturn(cpu, insn.o16, insn.imm & 0xffff),
  iretd: (cpu, insn) => interruptReturn(cpu, insn.o16),
};
