/**
 * Processor-information and fast-system-call instructions (SDM Vol. 2A/2B): CPUID, RDMSR, WRMSR,
 * RDTSC, RDPMC, SYSENTER, SYSEXIT, VMCALL, VMMCALL and RSM.
 *
 * - CPUID answers from the CPU model (cpuid.ts); EAX = leaf, ECX = subleaf.
 * - RDMSR/WRMSR: CPL 0, else #GP(0); the MSR file and its #GP(0) rules are msr.ts.
 * - RDTSC: #GP(0) when CR4.TSD = 1 and CPL > 0; EDX:EAX = cycles + TSC offset (virtual time).
 * - RDPMC: #GP(0) when CR4.PCE = 0 and CPL > 0, or ECX names no counter (the models have 2);
 *   performance events are not modelled, so the counters read 0.
 * - SYSENTER (Vol. 2B): #GP(0) when IA32_SYSENTER_CS[15:2] = 0; then CS = SYSENTER_CS & FFFCH and
 *   SS = CS + 8 with fixed flat ring-0 caches, ESP/EIP from their MSRs, VM/IF/RF cleared, CPL 0.
 *   Absent (#UD) on models without CPUID.1:EDX.SEP.
 * - SYSEXIT: #GP(0) at CPL > 0 or with SYSENTER_CS[15:2] = 0; CS = (SYSENTER_CS + 16) | 3,
 *   SS = (SYSENTER_CS + 24) | 3 with flat ring-3 caches, ESP = ECX, EIP = EDX, CPL 3.
 * - VMCALL / VMMCALL outside a virtual machine: #UD (Vol. 3C, 31.3 "VMCALL"; APM Vol. 3, VMMCALL).
 *   The hypervisor layers intercept them first when a guest runs.
 * - RSM outside system-management mode: #UD.
 *
 * Left out: SYSCALL/SYSRET (64-bit era), RDTSCP, RDPID, MONITOR/MWAIT, XGETBV, the VMX and SVM
 * instructions themselves (VMXON, VMRUN ...; they belong to the hypervisor models).
 */
import type { Handler } from "../decode";
import { CpuException, GP, UD } from "../exception";
import { cpuid } from "../cpuid";
import { setEflags } from "../flags";
import { CPUID_1_EDX_SEP } from "../model";
import { readMsr, readTsc, writeMsr } from "../msr";
import { AR_DB, AR_G, AR_P, AR_S, CpuState, CR4_TSD, CS, EAX, EBX, ECX, EDX, ESP, IF, RF, SS, VM } from "../state";

const CR4_PCE = 1 << 8;
const TWO32 = 0x100000000;

/** Flat 4-GiB segment cache: code execute/read accessed (0Bh) or data read/write accessed (03h). */
function flatSegment(s: CpuState, sreg: number, selector: number, type: number, dpl: number): void {
  s.segSelector[sreg] = selector;
  s.segBase[sreg] = 0;
  s.segLimit[sreg] = 0xffffffff;
  s.segAr[sreg] = type | AR_S | (dpl << 5) | AR_P | AR_DB | AR_G;
}

export const miscHandlers: Record<string, Handler> = {
  cpuid: (cpu) => {
    const r = cpu.state.regs;
    const v = cpuid(cpu.model, r[EAX], r[ECX]);
    r[EAX] = v.eax;
    r[EBX] = v.ebx;
    r[ECX] = v.ecx;
    r[EDX] = v.edx;
  },
  rdmsr: (cpu) => {
    const s = cpu.state;
    if (s.cpl !== 0) throw new CpuException(GP, 0);
    const [lo, hi] = readMsr(s, cpu.model, s.regs[ECX]);
    s.regs[EAX] = lo;
    s.regs[EDX] = hi;
  },
  wrmsr: (cpu) => {
    const s = cpu.state;
    if (s.cpl !== 0) throw new CpuException(GP, 0);
    writeMsr(s, cpu.model, s.regs[ECX], s.regs[EAX], s.regs[EDX]);
  },
  rdtsc: (cpu) => {
    const s = cpu.state;
    if ((s.cr[4] & CR4_TSD) !== 0 && s.cpl !== 0) throw new CpuException(GP, 0);
    const t = Math.max(0, readTsc(s));
    s.regs[EAX] = t % TWO32;
    s.regs[EDX] = Math.floor(t / TWO32);
  },
  rdpmc: (cpu) => {
    const s = cpu.state;
    if ((s.cr[4] & CR4_PCE) === 0 && s.cpl !== 0) throw new CpuException(GP, 0);
    if (s.regs[ECX] > 1) throw new CpuException(GP, 0);
    s.regs[EAX] = 0;
    s.regs[EDX] = 0;
  },
  sysenter: (cpu) => {
    const s = cpu.state;
    if ((cpu.model.features1Edx & CPUID_1_EDX_SEP) === 0) throw new CpuException(UD);
    const cs = s.msrSysenterCs & 0xffff;
    if ((cs & 0xfffc) === 0) throw new CpuException(GP, 0);
    setEflags(s, 0, VM | IF | RF);
    flatSegment(s, CS, cs & 0xfffc, 0xb, 0);
    flatSegment(s, SS, ((cs & 0xfffc) + 8) & 0xffff, 0x3, 0);
    s.cpl = 0;
    s.regs[ESP] = s.msrSysenterEsp;
    s.eip = s.msrSysenterEip;
  },
  sysexit: (cpu) => {
    const s = cpu.state;
    if ((cpu.model.features1Edx & CPUID_1_EDX_SEP) === 0) throw new CpuException(UD);
    const cs = s.msrSysenterCs & 0xffff;
    if ((cs & 0xfffc) === 0 || s.cpl !== 0) throw new CpuException(GP, 0);
    flatSegment(s, CS, ((cs + 16) & 0xfffc) | 3, 0xb, 3);
    flatSegment(s, SS, ((cs + 24) & 0xfffc) | 3, 0x3, 3);
    s.cpl = 3;
    s.regs[ESP] = s.regs[ECX];
    s.eip = s.regs[EDX];
  },
  vmcall: () => {
    throw new CpuException(UD);
  },
  vmmcall: () => {
    throw new CpuException(UD);
  },
  rsm: () => {
    throw new CpuException(UD);
  },
};
