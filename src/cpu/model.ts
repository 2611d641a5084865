/**
 * CPU models as data: what a given processor says about itself through CPUID, and its clock.
 *
 * A model is identity (vendor string, family/model/stepping, brand string), the CPUID feature
 * words of leaf 1 (SDM Vol. 2A, CPUID, Table 3-10 "Feature Information Returned in ECX" and
 * Table 3-11 "... in EDX") and of leaf 8000_0001h (AMD APM Vol. 3, Appendix E.4.2), any other
 * raw leaves the model reports, and a clock rate used to turn virtual cycles into time (PIT).
 * The CPUID instruction (src/cpu/cpuid.ts) computes its answers from this data only, so a user
 * can derive a model with `defineCpuModel(base, overrides)` and e.g. switch VMX off.
 *
 * The three built-in models:
 * - "core2": Intel Core 2 Duo T7400 (Merom, family 6 model 15 stepping 6, 2.16 GHz) with
 *   CPUID.1:ECX.VMX[bit 5] = 1, as the real part reports.
 * - "athlon64x2": AMD Athlon 64 X2 4800+ (Windsor, family 0Fh ext. model 4 model 3 stepping 2,
 *   2.5 GHz) with CPUID.8000_0001h:ECX.SVM[bit 2] = 1 and leaf 8000_000Ah (SVM revision, ASIDs).
 * - "qemu32": QEMU 7.2's default i386 CPU ("QEMU Virtual CPU version 2.5+") under TCG, leaf for
 *   leaf as `qemu-system-i386 -cpu qemu32` answers (checked by a test that asks QEMU).
 *
 * Left out: the feature flags describe the real part; vtlab does not emulate the FPU, MMX, SSE,
 * PAE, machine checks, MTRRs or the local APIC registers although the models advertise them.
 */

/** One CPUID answer. */
export interface CpuidRegs {
  eax: number;
  ebx: number;
  ecx: number;
  edx: number;
}

export interface CpuModel {
  /** Key in `cpuModels` and name shown to users. */
  readonly name: string;
  /** 12-character vendor identification string, CPUID.0:EBX,EDX,ECX ("GenuineIntel", "AuthenticAMD"). */
  readonly vendor: string;
  /** Display family / model / stepping (SDM Vol. 2A, CPUID, Figure 3-6 "Version Information"). */
  readonly family: number;
  readonly model: number;
  readonly stepping: number;
  /** Processor brand string, CPUID.8000_0002h..8000_0004h (at most 47 characters). */
  readonly brand: string;
  /** Highest basic and extended leaves (CPUID.0:EAX, CPUID.8000_0000h:EAX). */
  readonly maxBasicLeaf: number;
  readonly maxExtendedLeaf: number;
  /** CPUID.1:ECX and CPUID.1:EDX feature words. */
  readonly features1Ecx: number;
  readonly features1Edx: number;
  /** CPUID.1:EBX (brand index, CLFLUSH line size, logical processor count, initial APIC ID). */
  readonly leaf1Ebx: number;
  /** CPUID.8000_0001h:ECX and EDX feature words. */
  readonly featuresExtEcx: number;
  readonly featuresExtEdx: number;
  /**
   * Any further leaves, keyed "eax" or "eax.ecx" in hex ("2", "4.0", "8000000a"), as raw registers.
   * Leaves in range but not listed answer zeros.
   */
  readonly leaves: Readonly<Record<string, CpuidRegs>>;
  /** Core clock in Hz: cycles per second of virtual time. */
  readonly clockHz: number;
}

/** CPUID.1:ECX bits used by the engine (SDM Vol. 2A, Table 3-10). */
export const CPUID_1_ECX_SSE3 = 1 << 0, CPUID_1_ECX_VMX = 1 << 5, CPUID_1_ECX_HYPERVISOR = 1 << 31;
/** CPUID.1:EDX bits used by the engine (SDM Vol. 2A, Table 3-11). */
export const CPUID_1_EDX_FPU = 1 << 0, CPUID_1_EDX_VME = 1 << 1, CPUID_1_EDX_DE = 1 << 2,
  CPUID_1_EDX_PSE = 1 << 3, CPUID_1_EDX_TSC = 1 << 4, CPUID_1_EDX_MSR = 1 << 5, CPUID_1_EDX_PAE = 1 << 6,
  CPUID_1_EDX_CX8 = 1 << 8, CPUID_1_EDX_APIC = 1 << 9, CPUID_1_EDX_SEP = 1 << 11, CPUID_1_EDX_PGE = 1 << 13,
  CPUID_1_EDX_CMOV = 1 << 15;
/** CPUID.8000_0001h:ECX.SVM (AMD APM Vol. 3, E.4.2). */
export const CPUID_EXT_ECX_SVM = 1 << 2;

const core2: CpuModel = {
  name: "core2",
  vendor: "GenuineIntel",
  family: 6,
  model: 15,
  stepping: 6,
  brand: "Intel(R) Core(TM)2 CPU         T7400  @ 2.16GHz",
  maxBasicLeaf: 0xa,
  maxExtendedLeaf: 0x80000008,
  // SSE3 MONITOR DS-CPL VMX EST TM2 SSSE3 CX16 xTPR PDCM
  features1Ecx: 0x0000e3bd,
  // FPU VME DE PSE TSC MSR PAE MCE CX8 APIC SEP MTRR PGE MCA CMOV PAT PSE36 CLFSH DS ACPI MMX FXSR SSE SSE2 SS HTT TM PBE
  features1Edx: 0xbfebfbff,
  leaf1Ebx: 0x00020800, // CLFLUSH 8 quadwords, 2 logical processors, APIC ID 0
  featuresExtEcx: 0x00000001, // LAHF/SAHF in 64-bit mode
  featuresExtEdx: 0x20100800, // SYSCALL, XD, Intel 64
  leaves: {
    "2": { eax: 0x05b0b101, ebx: 0x005657f0, ecx: 0, edx: 0x2cb43049 },
    "80000006": { eax: 0, ebx: 0, ecx: 0x10008040, edx: 0 },
    "80000008": { eax: 0x00003024, ebx: 0, ecx: 0, edx: 0 },
  },
  clockHz: 2_160_000_000,
};

const athlon64x2: CpuModel = {
  name: "athlon64x2",
  vendor: "AuthenticAMD",
  family: 0xf,
  model: 0x43,
  stepping: 2,
  brand: "AMD Athlon(tm) 64 X2 Dual Core Processor 4800+",
  maxBasicLeaf: 1,
  maxExtendedLeaf: 0x8000000a,
  features1Ecx: 0x00002001, // SSE3 CX16
  features1Edx: 0x178bfbff,
  leaf1Ebx: 0x00020800,
  // LahfSahf CmpLegacy SVM ExtApicSpace AltMovCr8
  featuresExtEcx: 0x0000001f,
  // FPU..PSE36, NX, MmxExt, MMX, FXSR, FFXSR, RDTSCP, LM, 3DNowExt, 3DNow
  featuresExtEdx: 0xebd3fbff,
  leaves: {
    "80000005": { eax: 0xff08ff08, ebx: 0xff20ff20, ecx: 0x40020140, edx: 0x40020140 },
    "80000006": { eax: 0, ebx: 0x42004200, ecx: 0x02008140, edx: 0 },
    "80000008": { eax: 0x00003028, ebx: 0, ecx: 0x00000001, edx: 0 },
    // SVM revision 1, 64 ASIDs (AMD APM Vol. 3, E.4.9 "Function 8000_000Ah")
    "8000000a": { eax: 0x00000001, ebx: 0x00000040, ecx: 0, edx: 0 },
  },
  clockHz: 2_500_000_000,
};

const qemu32: CpuModel = {
  name: "qemu32",
  vendor: "GenuineIntel",
  family: 6,
  model: 6,
  stepping: 3,
  brand: "QEMU Virtual CPU version 2.5+",
  maxBasicLeaf: 4,
  maxExtendedLeaf: 0x80000004,
  features1Ecx: 0x80000001, // SSE3, hypervisor present
  features1Edx: 0x0781abfd,
  leaf1Ebx: 0x00000800,
  featuresExtEcx: 0,
  featuresExtEdx: 0,
  leaves: {
    "2": { eax: 0x00000001, ebx: 0, ecx: 0x0000004d, edx: 0x002c307d },
    "4.0": { eax: 0x00000121, ebx: 0x01c0003f, ecx: 0x0000003f, edx: 0x00000001 },
    // TCG's hypervisor leaf: max 4000_0001h, signature "TCGTCGTCGTCG"
    "40000000": { eax: 0x40000001, ebx: 0x54474354, ecx: 0x43544743, edx: 0x47435447 },
    "80000000": { eax: 0x80000004, ebx: 0x756e6547, ecx: 0x6c65746e, edx: 0x49656e69 },
    "80000001": { eax: 0x00000663, ebx: 0, ecx: 0, edx: 0 },
  },
  // QEMU's TCG TSC has no fixed rate; 1 GHz is an assumption that keeps cycles -> time simple.
  clockHz: 1_000_000_000,
};

/** The built-in CPU models by name. */
export const cpuModels: Readonly<Record<string, CpuModel>> = Object.freeze({ core2, athlon64x2, qemu32 });

/** A new model from `base` with some fields replaced (e.g. `{ name: "core2-novmx", features1Ecx: ... }`). */
export function defineCpuModel(base: CpuModel, overrides: Partial<CpuModel>): CpuModel {
  return Object.freeze({ ...base, ...overrides });
}

/** Resolves a model name or passes a model through; unknown names get a one-line error listing the known ones. */
export function resolveCpuModel(model: string | CpuModel | undefined): CpuModel {
  if (model === undefined) return core2;
  if (typeof model !== "string") return model;
  const m = cpuModels[model];
  if (!m) throw new Error(`unknown CPU model "${model}" (known: ${Object.keys(cpuModels).join(", ")})`);
  return m;
}

/** CPUID.1:ECX.VMX: the model has Intel VT-x. */
export function hasVmx(m: CpuModel): boolean {
  return (m.features1Ecx & CPUID_1_ECX_VMX) !== 0;
}

/** CPUID.8000_0001h:ECX.SVM: the model has AMD-V. */
export function hasSvm(m: CpuModel): boolean {
  return m.maxExtendedLeaf >= 0x80000001 && (m.featuresExtEcx & CPUID_EXT_ECX_SVM) !== 0;
}

/** True for "GenuineIntel", which decides vendor-specific behaviour (CPUID beyond range, SYSENTER, VMCALL/VMMCALL). */
export function isIntel(m: CpuModel): boolean {
  return m.vendor === "GenuineIntel";
}
