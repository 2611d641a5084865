/**
 * Control-state instructions (SDM Vol. 2A/2B, each instruction's "Protected Mode Exceptions"):
 * MOV to/from CR0/CR2/CR3/CR4, MOV to/from DR0-DR7, LMSW, SMSW, CLTS, INVLPG, INVD, WBINVD, HLT,
 * CLI and STI (with the interrupt shadow of 6.8.3).
 *
 * The intercept point (Cpu.run, before the handler) has already given a hypervisor its chance; the
 * handler then does the native behaviour in the SDM's order: privilege check (CPL 0, or CPL <= IOPL
 * for CLI/STI) -> #GP(0), operand checks, then the effect.
 * - MOV CR0: PG without PE, or NW without CD -> #GP(0); ET reads as 1 (P6 and later hard-wire it);
 *   clearing PE (real mode) is outside this CPU's scope and shuts it down with a clear reason.
 *   A change of PG or WP flushes the TLB (4.10.4.1).
 * - MOV CR3 flushes non-global TLB entries; MOV CR4 with reserved or unsupported bits -> #GP(0)
 *   (VMXE only on VMX models); a change of PGE, PSE or PAE flushes the whole TLB. PAE paging is not
 *   modelled: setting CR4.PAE shuts the CPU down with a clear reason rather than mistranslating.
 * - CR1, CR5-CR7: #UD. DR4/DR5 alias DR6/DR7 unless CR4.DE = 1 (then #UD).
 * - DR6 keeps its fixed-1 bits (0xFFFF0FF0), DR7 its bit 10.
 * - STI sets the interrupt shadow only when IF was 0 (Vol. 2B, STI).
 *
 * Left out: DR7.GD general-detect #DB, hardware breakpoints (DR0-3 are stored but not armed),
 * CR8/TPR, SMEP/SMAP/UMIP, virtual-8086 and VME/PVI (CLI/STI with VIF).
 */
import type { Cpu } from "../cpu";
import type { Handler } from "../decode";
import { CpuException, GP, UD } from "../exception";
import { getEflags, setEflags } from "../flags";
import { enterShutdown } from "../interrupts";
import { onControlRegisterWrite } from "../mmu";
import { hasVmx } from "../model";
import {
  CR0_CD, CR0_ET, CR0_NW, CR0_PE, CR0_PG, CR0_TS, CR4_DE, CR4_PAE, CR4_VMXE, CpuState, IF, IOPL_MASK,
} from "../state";
import { effectiveAddress, readEw, writeEwZx } from "./system-operands";

function requireCpl0(s: CpuState): void {
  if (s.cpl !== 0) throw new CpuException(GP, 0);
}

/** CR4 bits 0-10 (VME PVI TSD DE PSE PAE MCE PGE PCE OSFXSR OSXMMEXCPT) plus VMXE on VMX models. */
function cr4Allowed(cpu: Cpu): number {
  return 0x7ff | (hasVmx(cpu.model) ? CR4_VMXE : 0);
}

/** MOV CRn, r32 (SDM Vol. 2B, "MOV—Move to/from Control Registers"). */
export function writeControlRegister(cpu: Cpu, n: number, value: number): void {
  const s = cpu.state;
  value >>>= 0;
  switch (n) {
    case 0: {
      if ((value & CR0_PG) !== 0 && (value & CR0_PE) === 0) throw new CpuException(GP, 0);
      if ((value & CR0_NW) !== 0 && (value & CR0_CD) === 0) throw new CpuException(GP, 0);
      const old = s.cr[0];
      // Bits 28:19, 17, 15:6 are reserved and read as written 0 on P6 (kept as 0 here).
      const v = (value & 0xe005003f) | CR0_ET;
      if ((v & CR0_PE) === 0) {
        enterShutdown(s, "real mode unsupported: MOV to CR0 cleared PE");
        return;
      }
      s.cr[0] = v;
      onControlRegisterWrite(cpu, 0, old, v);
      return;
    }
    case 2:
      s.cr[2] = value;
      return;
    case 3: {
      const old = s.cr[3];
      s.cr[3] = value;
      onControlRegisterWrite(cpu, 3, old, value);
      return;
    }
    case 4: {
      if ((value & ~cr4Allowed(cpu)) !== 0) throw new CpuException(GP, 0);
      if ((value & CR4_PAE) !== 0) {
        enterShutdown(s, "PAE paging unsupported: MOV to CR4 set PAE");
        return;
      }
      const old = s.cr[4];
      s.cr[4] = value;
      onControlRegisterWrite(cpu, 4, old, value);
      return;
    }
  }
  throw new CpuException(UD);
}

export function readControlRegister(cpu: Cpu, n: number): number {
  if (n === 0 || n === 2 || n === 3 || n === 4) return cpu.state.cr[n] >>> 0;
  throw new CpuException(UD);
}

/** DR index after the DR4/DR5 aliasing rule (SDM Vol. 3B, 17.2.2). */
function debugIndex(s: CpuState, n: number): number {
  if (n === 4 || n === 5) {
    if ((s.cr[4] & CR4_DE) !== 0) throw new CpuException(UD);
    return n + 2;
  }
  return n;
}

export function writeDebugRegister(s: CpuState, n: number, value: number): void {
  const i = debugIndex(s, n);
  if (i === 6) s.dr[6] = (value | 0xffff0ff0) >>> 0;
  else if (i === 7) s.dr[7] = ((value & ~0xd800) | 0x400) >>> 0;
  else s.dr[i] = value >>> 0;
}

export function readDebugRegister(s: CpuState, n: number): number {
  return s.dr[debugIndex(s, n)] >>> 0;
}

export const controlStateHandlers: Record<string, Handler> = {
  mov_Cd_Rd: (cpu, insn) => {
    requireCpl0(cpu.state);
    if (insn.reg === 1 || insn.reg > 4) throw new CpuException(UD);
    writeControlRegister(cpu, insn.reg, cpu.state.regs[insn.rm]);
  },
  mov_Rd_Cd: (cpu, insn) => {
    requireCpl0(cpu.state);
    cpu.state.regs[insn.rm] = readControlRegister(cpu, insn.reg);
  },
  mov_Dd_Rd: (cpu, insn) => {
    requireCpl0(cpu.state);
    writeDebugRegister(cpu.state, insn.reg, cpu.state.regs[insn.rm]);
  },
  mov_Rd_Dd: (cpu, insn) => {
    requireCpl0(cpu.state);
    cpu.state.regs[insn.rm] = readDebugRegister(cpu.state, insn.reg);
  },
  /** LMSW: loads CR0 bits 3:0 (PE MP EM TS); it can set PE but never clear it (Vol. 2A, LMSW). */
  lmsw_Ew: (cpu, insn) => {
    const s = cpu.state;
    requireCpl0(s);
    const src = readEw(cpu, insn);
    const old = s.cr[0];
    s.cr[0] = ((old & ~0xe) | (src & 0xe) | ((old | src) & CR0_PE)) >>> 0;
    onControlRegisterWrite(cpu, 0, old, s.cr[0]);
  },
  /** SMSW: CR0 low 16 bits to memory; a 32-bit register receives all of CR0, as QEMU does. */
  smsw_Ew: (cpu, insn) => {
    const s = cpu.state;
    if (insn.mod === 3 && !insn.o16) s.regs[insn.rm] = s.cr[0];
    else writeEwZx(cpu, insn, s.cr[0] & 0xffff);
  },
  clts: (cpu) => {
    requireCpl0(cpu.state);
    cpu.state.cr[0] &= ~CR0_TS;
  },
  /** INVLPG m: invalidates the TLB entry of the page holding seg.base + ea (4.10.4.1). */
  invlpg_Mb: (cpu, insn) => {
    const s = cpu.state;
    requireCpl0(s);
    cpu.tlb.invalidatePage((s.segBase[insn.seg] + effectiveAddress(cpu, insn)) >>> 0);
  },
  /** INVD/WBINVD: no caches are modelled, so only the privilege check remains. */
  invd: (cpu) => requireCpl0(cpu.state),
  wbinvd: (cpu) => requireCpl0(cpu.state),
  /** HLT: CPL 0 only; the run loop stops with { kind: "hlt" } until an unmasked interrupt. */
  hlt: (cpu) => {
    requireCpl0(cpu.state);
    cpu.state.halted = true;
  },
  cli: (cpu) => {
    const s = cpu.state;
    if (s.cpl > (s.eflags & IOPL_MASK) >>> 12) throw new CpuException(GP, 0);
    setEflags(s, 0, IF);
  },
  sti: (cpu) => {
    const s = cpu.state;
    if (s.cpl > (s.eflags & IOPL_MASK) >>> 12) throw new CpuException(GP, 0);
    if ((getEflags(s) & IF) === 0) s.interruptShadow = true;
    setEflags(s, IF, IF);
  },
};
