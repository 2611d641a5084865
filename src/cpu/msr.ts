/**
 * Model-specific registers this CPU implements (SDM Vol. 4, Table 2-2 "IA-32 Architectural MSRs";
 * AMD APM Vol. 2, Appendix A for EFER):
 *
 *   0x10        IA32_TIME_STAMP_COUNTER  TSC = cycles + tscOffset; a write sets the offset
 *   0x1B        IA32_APIC_BASE           bit 8 BSP, bit 11 global enable, bits 31:12 base (kept, not acted on)
 *   0x174       IA32_SYSENTER_CS         low 32 bits kept (SYSENTER/SYSEXIT, ops/system-sysenter.ts)
 *   0x175       IA32_SYSENTER_ESP
 *   0x176       IA32_SYSENTER_EIP
 *   0xC0000080  IA32_EFER                SCE (0), LME (8), LMA (10, read-only), NXE (11), SVME (12, AMD);
 *                                        each only if the model's CPUID reports the feature
 * Any other index, or a reserved bit set on a write, raises #GP(0) (Vol. 2B, RDMSR/WRMSR:
 * "If the value in ECX specifies a reserved or unimplemented MSR address" / "...sets a reserved bit").
 * The 64-bit values travel as EDX:EAX. The SYSENTER MSRs keep their low 32 bits (a 32-bit CPU
 * uses no more); APIC_BASE allows high bits up to a 36-bit physical address; EFER has none.
 *
 * Left out: MTRRs, PAT, machine-check banks, performance counters, IA32_FEATURE_CONTROL and the VMX
 * capability MSRs (they belong to the VMX model), VM_CR/VM_HSAVE_PA (SVM model).
 */
import { CpuException, GP } from "./exception";
import { CpuModel } from "./model";
import { CpuState } from "./state";

export const IA32_TIME_STAMP_COUNTER = 0x10, IA32_APIC_BASE = 0x1b, IA32_SYSENTER_CS = 0x174,
  IA32_SYSENTER_ESP = 0x175, IA32_SYSENTER_EIP = 0x176, IA32_EFER = 0xc0000080;

export const EFER_SCE = 1 << 0, EFER_LME = 1 << 8, EFER_LMA = 1 << 10, EFER_NXE = 1 << 11, EFER_SVME = 1 << 12;

const TWO32 = 0x100000000;

/** The time-stamp counter as a number (exact below 2^53). */
export function readTsc(s: CpuState): number {
  return s.cycles + s.tscOffset;
}

/** EFER bits the model lets software write (CPUID.8000_0001h: EDX bit 11 SYSCALL, 20 NX, 29 LM; ECX bit 2 SVM). */
function eferWritable(m: CpuModel): number {
  if (m.maxExtendedLeaf < 0x80000001) return 0;
  let w = 0;
  if (m.featuresExtEdx & (1 << 11)) w |= EFER_SCE;
  if (m.featuresExtEdx & (1 << 29)) w |= EFER_LME;
  if (m.featuresExtEdx & (1 << 20)) w |= EFER_NXE;
  if (m.featuresExtEcx & (1 << 2)) w |= EFER_SVME;
  return w;
}

/** RDMSR: returns [EAX, EDX] for MSR `index`, or throws #GP(0). */
export function readMsr(s: CpuState, m: CpuModel, index: number): [number, number] {
  switch (index >>> 0) {
    case IA32_TIME_STAMP_COUNTER: {
      const t = Math.max(0, readTsc(s));
      return [t % TWO32 >>> 0, Math.floor(t / TWO32) >>> 0];
    }
    case IA32_APIC_BASE: return [s.msrApicBase >>> 0, 0];
    case IA32_SYSENTER_CS: return [s.msrSysenterCs >>> 0, 0];
    case IA32_SYSENTER_ESP: return [s.msrSysenterEsp >>> 0, 0];
    case IA32_SYSENTER_EIP: return [s.msrSysenterEip >>> 0, 0];
    case IA32_EFER: return [s.msrEfer >>> 0, 0];
  }
  throw new CpuException(GP, 0);
}

/** WRMSR of EDX:EAX = hi:lo into MSR `index`, or #GP(0) for unknown MSRs and reserved bits. */
export function writeMsr(s: CpuState, m: CpuModel, index: number, lo: number, hi: number): void {
  lo >>>= 0;
  hi >>>= 0;
  switch (index >>> 0) {
    case IA32_TIME_STAMP_COUNTER:
      s.tscOffset = hi * TWO32 + lo - s.cycles;
      return;
    case IA32_APIC_BASE:
      // bits 7:0, 9, 10 reserved; bits above the physical-address width (36) reserved.
      if ((lo & 0x6ff) !== 0 || (hi & ~0xf) !== 0) throw new CpuException(GP, 0);
      s.msrApicBase = lo;
      return;
    case IA32_SYSENTER_CS:
      s.msrSysenterCs = lo;
      return;
    case IA32_SYSENTER_ESP:
      s.msrSysenterEsp = lo;
      return;
    case IA32_SYSENTER_EIP:
      s.msrSysenterEip = lo;
      return;
    case IA32_EFER: {
      if (hi !== 0 || (lo & ~(eferWritable(m) | EFER_LMA)) !== 0) throw new CpuException(GP, 0);
      s.msrEfer = (lo & ~EFER_LMA) | (s.msrEfer & EFER_LMA);
      return;
    }
  }
  throw new CpuException(GP, 0);
}
