/**
 * Architectural exceptions as a thrown value. An instruction handler (or the MMU, or a
 * segment check) that must fault throws a CpuException; the run loop catches it, rolls EIP
 * back to the faulting instruction for faults (or leaves it past the instruction for traps)
 * and delivers it through the IDT. SDM Vol. 3A, 6.3.1 (Table 6-1, "Protected-Mode
 * Exceptions and Interrupts") and 6.13 ("Error Code").
 */
export const DE = 0, DB = 1, NMI = 2, BP = 3, OF_ = 4, BR = 5, UD = 6, NM = 7, DF = 8, TS = 10,
  NP = 11, SS_ = 12, GP = 13, PF_ = 14, MF = 16, AC_ = 17, MC = 18, XM = 19;

export class CpuException {
  constructor(
    readonly vector: number,
    /** Pushed error code, for the vectors that have one (8, 10-14, 17); undefined otherwise. */
    readonly errorCode?: number,
    /** True for trap-class exceptions whose saved EIP is the next instruction (#BP, #OF, INT n, #DB traps). */
    readonly trap = false,
  ) {}
}

/** Throws the exception (typed `never` so call sites read as control flow). */
export function fault(vector: number, errorCode?: number): never {
  throw new CpuException(vector, errorCode);
}
