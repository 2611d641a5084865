/**
 * Interrupt and exception delivery through the IDT in protected mode (SDM Vol. 3A, 6.10-6.15;
 * Vol. 2A, "INT n/INTO/INT3/INT1—Call to Interrupt Procedure", the PROTECTED-MODE branch).
 *
 *   IDT gate (8 bytes at IDTR.base + 8 * vector)       types: 5 task gate, 6/7 16-bit interrupt/trap,
 *   | offset 31:16 | P | DPL | 0 | type | ... |          0Eh/0Fh 32-bit interrupt/trap gate
 *   | selector     | offset 15:0               |
 *
 * The steps, each failed check with its own error code (6.13: EXT = bit 0, IDT = bit 1):
 *   1. vector * 8 + 7 beyond IDTR.limit, or not an interrupt/trap/task gate   #GP(vector*8 + 2 + EXT)
 *   2. software interrupt (INT n, INT3, INTO) and gate DPL < CPL               #GP(vector*8 + 2)
 *   3. gate not present                                                        #NP(vector*8 + 2 + EXT)
 *   4. task gate: hardware task switching is not modelled -> shutdown "task switch unsupported"
 *   5. null code selector #GP(EXT); outside the table, not code, or DPL > CPL #GP(sel + EXT);
 *      not present #NP(sel + EXT)
 *   6. non-conforming code with DPL < CPL: switch to the stack SS:ESP for DPL from the TSS
 *      (null SS #TS(EXT); SS.RPL != DPL, SS.DPL != DPL or not writable data #TS(SS + EXT);
 *      not present #SS(SS + EXT)) and push SS, ESP, EFLAGS, CS, EIP [, error code] there;
 *      otherwise push EFLAGS, CS, EIP [, error code] on the current stack (6.12.1, Figure 6-4).
 *   7. EIP outside the new CS limit #GP(EXT); clear TF, NT, RF, VM; an interrupt gate also clears IF.
 *
 * Faults during delivery follow Table 6-5 ("Conditions for Generating a Double Fault"):
 *   first \ second   benign     contributory   page fault
 *   benign           serial     serial         serial
 *   contributory     serial     #DF            serial
 *   page fault       serial     #DF            #DF
 *   double fault     serial     shutdown       shutdown         (6.15, "Interrupt 8": triple fault)
 * Contributory: #DE, #TS, #NP, #SS, #GP (Table 6-4). "Serial" delivers the second event instead.
 * A software interrupt's own delivery faults are not handled here: they propagate to the run loop,
 * which delivers them as faults on the INT instruction (saved EIP = the INT), as the SDM specifies.
 *
 * Left out: virtual-8086 mode, task gates/task switches (shutdown as unsupported), NMI blocking,
 * the #MC abort class, shadow stacks.
 */
import {
  descBase, descDpl, descIsCode, descIsCodeData, descIsConformingCode, descIsWritableData, descLimit, descPresent,
  descType, gateOffset, gateSelector, SYS_TASK_GATE,
} from "./descriptor";
import { CpuException, DE, DF, GP, NP, PF_, SS_, TS } from "./exception";
import { pushValue, currentStack, StackPointer } from "./farstack";
import { getEflags, setEflags } from "./flags";
import type { MmuCpu } from "./mmu";
import { isNullSelector, markAccessed, readDescriptor, selectorError, setSegmentCache } from "./segmentation";
import { CpuState, CS, ESP, IF, NT, RF, SS, TF, VM } from "./state";
import { readLinear } from "./sysmem";
import { innerStack } from "./tss";

export interface DeliverOptions {
  /** Error code to push (vectors 8, 10-14, 17), or undefined. */
  errorCode?: number;
  /** INT n / INT3 / INTO: the gate DPL is checked against CPL and delivery faults propagate. */
  software?: boolean;
  /** A hardware interrupt from INTR (sets EXT in error codes of delivery faults). */
  external?: boolean;
}

/** Puts the processor into shutdown with a reason (Cpu.run returns { kind: "shutdown", reason }). */
export function enterShutdown(s: CpuState, reason: string): void {
  s.shutdown = true;
  if (!s.shutdownReason) s.shutdownReason = reason;
}

const CONTRIBUTORY = new Set([DE, TS, NP, SS_, GP]);
const NAMES: Record<number, string> = { 0: "#DE", 1: "#DB", 2: "NMI", 3: "#BP", 4: "#OF", 5: "#BR", 6: "#UD", 7: "#NM", 8: "#DF",
  10: "#TS", 11: "#NP", 12: "#SS", 13: "#GP", 14: "#PF", 16: "#MF", 17: "#AC", 18: "#MC", 19: "#XM" };

/** Human name of an exception vector ("#GP"), or "vector N". */
export function vectorName(v: number): string {
  return NAMES[v] ?? `vector ${v}`;
}

type Class = 0 | 1 | 2 | 3; // benign, contributory, page fault, double fault
function classOf(vector: number, isException: boolean): Class {
  if (!isException) return 0;
  if (vector === DF) return 3;
  if (vector === PF_) return 2;
  return CONTRIBUTORY.has(vector) ? 1 : 0;
}

/**
 * Delivers interrupt or exception `vector` through the IDT, saving state.eip as the return
 * address (the run loop has already set it to the faulting instruction for faults, or past the
 * instruction for traps and INT n). Handles the double- and triple-fault rules of Table 6-5.
 */
export function deliver(cpu: MmuCpu, vector: number, opts: DeliverOptions = {}): void {
  const s = cpu.state;
  if (opts.software) {
    deliverOnce(cpu, vector, opts.errorCode, 0, true);
    return;
  }
  let v = vector;
  let err = opts.errorCode;
  let cls = classOf(v, !opts.external);
  for (;;) {
    try {
      deliverOnce(cpu, v, err, 1, false);
      return;
    } catch (e) {
      if (!(e instanceof CpuException)) throw e;
      const second = classOf(e.vector, true);
      if (cls === 3 && (second === 1 || second === 2)) {
        enterShutdown(s, `triple fault: ${vectorName(e.vector)} while delivering #DF`);
        return;
      }
      if ((cls === 1 && second === 1) || (cls === 2 && (second === 1 || second === 2))) {
        v = DF;
        err = 0;
        cls = 3;
      } else {
        v = e.vector;
        err = e.errorCode;
        cls = second;
      }
    }
  }
}

function deliverOnce(cpu: MmuCpu, vector: number, errorCode: number | undefined, ext: number, software: boolean): void {
  const s = cpu.state;
  const idtOff = (vector & 0xff) * 8;
  const gateErr = idtOff + 2 + ext;
  if (idtOff + 7 > s.idtrLimit) throw new CpuException(GP, gateErr);
  const gAddr = (s.idtrBase + idtOff) >>> 0;
  const lo = readLinear(cpu, gAddr, 4, false);
  const hi = readLinear(cpu, (gAddr + 4) >>> 0, 4, false);
  const type = descType(hi);
  const isGate = !descIsCodeData(hi) && (type === SYS_TASK_GATE || type === 6 || type === 7 || type === 0xe || type === 0xf);
  if (!isGate) throw new CpuException(GP, gateErr);
  if (software && descDpl(hi) < s.cpl) throw new CpuException(GP, idtOff + 2);
  if (!descPresent(hi)) throw new CpuException(NP, gateErr);
  if (type === SYS_TASK_GATE) {
    enterShutdown(s, `task switch unsupported: task gate in IDT entry ${vector} (hardware task switching is not modelled)`);
    return;
  }
  const gate32 = (type & 8) !== 0;
  const interruptGate = (type & 1) === 0;
  const size: 2 | 4 = gate32 ? 4 : 2;
  const sel = gateSelector(lo);
  const offset = gate32 ? gateOffset(lo, hi) : lo & 0xffff;

  if (isNullSelector(sel)) throw new CpuException(GP, ext);
  const cd = readDescriptor(cpu, sel, GP, ext);
  const dpl = descDpl(cd.hi);
  if (!descIsCode(cd.hi) || dpl > s.cpl) throw new CpuException(GP, selectorError(sel) | ext);
  if (!descPresent(cd.hi)) throw new CpuException(NP, selectorError(sel) | ext);
  if (offset > descLimit(cd.lo, cd.hi)) throw new CpuException(GP, ext);

  const eflags = getEflags(s);
  const oldCs = s.segSelector[CS];
  const oldEip = s.eip;
  let st: StackPointer;
  let newCpl = s.cpl;
  let ss: { sel: number; lo: number; hi: number; addr: number } | null = null;
  if (!descIsConformingCode(cd.hi) && dpl < s.cpl) {
    // Inter-privilege-level interrupt: the stack for the new CPL comes from the TSS (6.12.1).
    const inner = innerStack(cpu, dpl, ext);
    if (isNullSelector(inner.ss)) throw new CpuException(TS, ext);
    if ((inner.ss & 3) !== dpl) throw new CpuException(TS, selectorError(inner.ss) | ext);
    const sd = readDescriptor(cpu, inner.ss, TS, ext);
    if (descDpl(sd.hi) !== dpl || !descIsWritableData(sd.hi)) throw new CpuException(TS, selectorError(inner.ss) | ext);
    if (!descPresent(sd.hi)) throw new CpuException(SS_, selectorError(inner.ss) | ext);
    ss = { sel: inner.ss, ...sd };
    st = { base: descBase(sd.lo, sd.hi), limit: descLimit(sd.lo, sd.hi), ar: (sd.hi >>> 8) & 0xf0ff, esp: inner.esp, user: dpl === 3, ssError: selectorError(inner.ss) | ext };
    newCpl = dpl;
    pushValue(cpu, st, size, s.segSelector[SS]);
    pushValue(cpu, st, size, s.regs[ESP]);
  } else {
    st = currentStack(s, ext);
  }
  pushValue(cpu, st, size, eflags);
  pushValue(cpu, st, size, oldCs);
  pushValue(cpu, st, size, oldEip);
  if (errorCode !== undefined) pushValue(cpu, st, size, errorCode);

  // Commit: nothing above changed registers.
  if (ss) {
    markAccessed(cpu, ss);
    setSegmentCache(s, SS, ss.sel, ss.lo, ss.hi);
  }
  markAccessed(cpu, cd);
  setSegmentCache(s, CS, (sel & 0xfffc) | newCpl, cd.lo, cd.hi);
  s.cpl = newCpl;
  s.regs[ESP] = st.esp;
  s.eip = offset;
  setEflags(s, eflags & ~(TF | NT | RF | VM | (interruptGate ? IF : 0)));
  s.halted = false;
  s.interruptShadow = false;
}
