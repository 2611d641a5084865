/**
 * Linear-to-physical translation: 32-bit two-level paging (SDM Vol. 3A, 4.3 "32-Bit Paging").
 *
 *   linear address      31        22 21        12 11          0
 *                       | directory  |   table    |   offset   |       4-KiB page
 *                       | directory  |        offset (22 bits) |       4-MiB page (CR4.PSE, PDE.PS)
 *
 *   PDE/PTE  31..12 frame | 8 G | 7 PS(PDE)/PAT(PTE) | 6 D | 5 A | 4 PCD | 3 PWT | 2 U/S | 1 R/W | 0 P
 *   4-MiB PDE 31..22 frame, 21 reserved, 20..13 PSE-36 address bits 39:32 (dropped here)
 *
 * Access rights (4.6): a user-mode access (CPL = 3 and not an implicit supervisor access such as
 * a descriptor-table or TSS reference) needs U/S = 1 in both levels, and R/W = 1 in both levels to
 * write. A supervisor access may read anything; it may write a read-only page only while
 * CR0.WP = 0. 32-bit paging has no execute-disable, so execute is checked as read.
 * Accessed/dirty (4.8): the PDE's A flag is set when the walk goes through it to a page table;
 * the leaf's A flag (and D for a write) is set once the access is allowed — the order QEMU's
 * walker uses, so that page-table dumps compare equal under the differential tests.
 * A failed translation loads CR2 with the linear address and raises #PF with the error code of
 * 4.7 (Figure 4-12): bit 0 P (the page was present: a protection violation), bit 1 W/R, bit 2 U/S,
 * bit 3 RSVD (reserved bit 21 of a 4-MiB PDE was set; with P = 1 as the SDM says — QEMU 7.2
 * reports 8 without P).
 *
 * Left out: PAE and 4-level paging, PSE-36 physical addresses above 4 GiB, PAT/PCD/PWT memory
 * types, SMEP/SMAP, protection keys.
 */
import type { Bus } from "./bus";
import { CpuException, PF_ } from "./exception";
import { CpuState, CR0_PG, CR0_WP, CR4_PGE, CR4_PSE } from "./state";
import { Tlb } from "./tlb";

/** The part of the Cpu the MMU uses (class Cpu in src/cpu/cpu.ts has these members). */
export interface MmuCpu {
  readonly state: CpuState;
  readonly bus: Bus;
  readonly tlb: Tlb;
  /** Tells the decoded-instruction cache that RAM at [addr, addr+length) changed. */
  notifyPhysicalWrite(addr: number, length: number): void;
}

/** Bits of the `access` code given to translate(). */
export const ACCESS_WRITE = 1, ACCESS_USER = 2, ACCESS_EXEC = 4;

/** Paging-entry flags (SDM Vol. 3A, Table 4-5 and 4-6). */
export const PTE_P = 1 << 0, PTE_RW = 1 << 1, PTE_US = 1 << 2, PTE_PWT = 1 << 3, PTE_PCD = 1 << 4,
  PTE_A = 1 << 5, PTE_D = 1 << 6, PTE_PS = 1 << 7, PTE_G = 1 << 8;

/** #PF error-code bits (SDM Vol. 3A, 4.7). */
export const PFEC_P = 1 << 0, PFEC_W = 1 << 1, PFEC_U = 1 << 2, PFEC_RSVD = 1 << 3;

/** Bit 21 of a 4-MiB PDE, reserved in 32-bit paging (SDM Vol. 3A, Table 4-4). */
const PDE_4M_RESERVED = 0x00200000;

export function readPhys32(bus: Bus, addr: number): number {
  const ram = bus.ram;
  if (addr + 4 <= ram.length) return (ram[addr] | (ram[addr + 1] << 8) | (ram[addr + 2] << 16) | (ram[addr + 3] << 24)) >>> 0;
  return bus.mmioRead(addr >>> 0, 4) >>> 0;
}

export function writePhys32(cpu: MmuCpu, addr: number, value: number): void {
  const ram = cpu.bus.ram;
  if (addr + 4 <= ram.length) {
    ram[addr] = value;
    ram[addr + 1] = value >>> 8;
    ram[addr + 2] = value >>> 16;
    ram[addr + 3] = value >>> 24;
    cpu.notifyPhysicalWrite(addr, 4);
  } else cpu.bus.mmioWrite(addr >>> 0, 4, value >>> 0);
}

/** The set of access codes (bit per code 0..7) that a translation with these combined bits permits. */
function permissions(us: boolean, rw: boolean, wp: boolean, dirty: boolean): number {
  let perm = 0;
  for (let a = 0; a < 8; a++) {
    const write = (a & ACCESS_WRITE) !== 0;
    const user = (a & ACCESS_USER) !== 0;
    if (user && !us) continue;
    if (write && (user || wp) && !rw) continue;
    if (write && !dirty) continue; // must walk to set D
    perm |= 1 << a;
  }
  return perm;
}

function pageFault(state: CpuState, linear: number, access: number, present: boolean): never {
  state.cr[2] = linear;
  const code = (present ? PFEC_P : 0) | (access & ACCESS_WRITE ? PFEC_W : 0) | (access & ACCESS_USER ? PFEC_U : 0);
  throw new CpuException(PF_, code);
}

/**
 * Physical address of `linear` for an access of kind `access` (ACCESS_* bits), walking the page
 * tables on a TLB miss. Throws #PF (after loading CR2) when the translation is not allowed.
 */
export function translate(cpu: MmuCpu, linear: number, access: number): number {
  linear >>>= 0;
  const state = cpu.state;
  if ((state.cr[0] & CR0_PG) === 0) return linear;
  const hit = cpu.tlb.lookup(linear, access);
  if (hit >= 0) return hit;
  return walk(cpu, linear, access);
}

/** The page walk of SDM Vol. 3A, 4.3, filling the TLB. */
export function walk(cpu: MmuCpu, linear: number, access: number): number {
  const state = cpu.state;
  const bus = cpu.bus;
  const write = (access & ACCESS_WRITE) !== 0;
  const user = (access & ACCESS_USER) !== 0;
  const wp = (state.cr[0] & CR0_WP) !== 0;
  const pdeAddr = ((state.cr[3] & 0xfffff000) | ((linear >>> 22) << 2)) >>> 0;
  let pde = readPhys32(bus, pdeAddr);
  if ((pde & PTE_P) === 0) pageFault(state, linear, access, false);

  if ((pde & PTE_PS) !== 0 && (state.cr[4] & CR4_PSE) !== 0) {
    // 4-MiB page: the PDE is the leaf. Bit 21 is reserved: #PF with RSVD. Bits 20:13 (PSE-36
    // physical-address bits 39:32) are dropped: this CPU's physical space is 32 bits.
    if ((pde & PDE_4M_RESERVED) !== 0) {
      state.cr[2] = linear;
      throw new CpuException(PF_, PFEC_P | PFEC_RSVD | (write ? PFEC_W : 0) | (user ? PFEC_U : 0));
    }
    const us = (pde & PTE_US) !== 0, rw = (pde & PTE_RW) !== 0;
    if ((user && !us) || (write && (user || wp) && !rw)) pageFault(state, linear, access, true);
    const want = PTE_A | (write ? PTE_D : 0);
    if ((pde & want) !== want) {
      pde = (pde | want) >>> 0;
      writePhys32(cpu, pdeAddr, pde);
    }
    const global = (pde & PTE_G) !== 0 && (state.cr[4] & CR4_PGE) !== 0;
    const frame = ((pde & 0xffc00000) | (linear & 0x003ff000)) >>> 0;
    cpu.tlb.fill(linear, frame, permissions(us, rw, wp, (pde & PTE_D) !== 0), global, true);
    return (frame | (linear & 0xfff)) >>> 0;
  }

  if ((pde & PTE_A) === 0) {
    pde = (pde | PTE_A) >>> 0;
    writePhys32(cpu, pdeAddr, pde);
  }
  const pteAddr = ((pde & 0xfffff000) | (((linear >>> 12) & 0x3ff) << 2)) >>> 0;
  let pte = readPhys32(bus, pteAddr);
  if ((pte & PTE_P) === 0) pageFault(state, linear, access, false);
  const us = (pde & pte & PTE_US) !== 0, rw = (pde & pte & PTE_RW) !== 0;
  if ((user && !us) || (write && (user || wp) && !rw)) pageFault(state, linear, access, true);
  const want = PTE_A | (write ? PTE_D : 0);
  if ((pte & want) !== want) {
    pte = (pte | want) >>> 0;
    writePhys32(cpu, pteAddr, pte);
  }
  const global = (pte & PTE_G) !== 0 && (state.cr[4] & CR4_PGE) !== 0;
  const frame = (pte & 0xfffff000) >>> 0;
  cpu.tlb.fill(linear, frame, permissions(us, rw, wp, (pte & PTE_D) !== 0), global, false);
  return (frame | (linear & 0xfff)) >>> 0;
}

/**
 * TLB maintenance after a control-register write (SDM Vol. 3A, 4.10.4.1): call with the old and
 * new values of the register that changed.
 */
export function onControlRegisterWrite(cpu: MmuCpu, cr: 0 | 3 | 4, oldValue: number, newValue: number): void {
  if (cr === 3) cpu.tlb.flushNonGlobal();
  else if (cr === 0) {
    if (((oldValue ^ newValue) & (CR0_PG | CR0_WP)) !== 0) cpu.tlb.flushAll();
  } else if (((oldValue ^ newValue) & (CR4_PGE | CR4_PSE | (1 << 5))) !== 0) cpu.tlb.flushAll();
}
