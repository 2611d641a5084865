/**
 * Linear- and physical-memory access for the system parts of the CPU: descriptor tables,
 * the TSS, the interrupt stack frame. These are accesses by linear address that bypass
 * segmentation (the tables are addressed by GDTR/IDTR/LDTR/TR bases), translated by the MMU.
 *
 * Descriptor-table and TSS references are "implicit supervisor-mode accesses" (SDM Vol. 3A, 4.6):
 * they pass `user = false` whatever the CPL. Stack pushes of an interrupt frame are ordinary
 * accesses at the new CPL.
 *
 * An access that crosses a page boundary translates every page it touches before it writes
 * anything, so a #PF on the second page leaves memory unchanged (the SDM's restartability of
 * faults, 6.5).
 *
 * Left out: alignment checking (#AC), split-lock semantics.
 */
import type { AccessSize } from "./bus";
import { ACCESS_USER, ACCESS_WRITE, MmuCpu, translate } from "./mmu";

export function readPhys(cpu: MmuCpu, addr: number, size: AccessSize): number {
  addr >>>= 0;
  const ram = cpu.bus.ram;
  if (addr + size <= ram.length) {
    if (size === 1) return ram[addr];
    if (size === 2) return ram[addr] | (ram[addr + 1] << 8);
    return (ram[addr] | (ram[addr + 1] << 8) | (ram[addr + 2] << 16) | (ram[addr + 3] << 24)) >>> 0;
  }
  return cpu.bus.mmioRead(addr, size) >>> 0;
}

export function writePhys(cpu: MmuCpu, addr: number, size: AccessSize, value: number): void {
  addr >>>= 0;
  const ram = cpu.bus.ram;
  if (addr + size <= ram.length) {
    ram[addr] = value;
    if (size > 1) ram[addr + 1] = value >>> 8;
    if (size > 2) {
      ram[addr + 2] = value >>> 16;
      ram[addr + 3] = value >>> 24;
    }
    cpu.notifyPhysicalWrite(addr, size);
  } else cpu.bus.mmioWrite(addr, size, value >>> 0);
}

export function readLinear(cpu: MmuCpu, linear: number, size: AccessSize, user: boolean): number {
  linear >>>= 0;
  const access = user ? ACCESS_USER : 0;
  if (((linear & 0xfff) + size) <= 0x1000) return readPhys(cpu, translate(cpu, linear, access), size);
  let v = 0;
  const phys: number[] = [];
  for (let i = 0; i < size; i++) phys.push(translate(cpu, (linear + i) >>> 0, access));
  for (let i = size - 1; i >= 0; i--) v = (v << 8) | readPhys(cpu, phys[i], 1);
  return v >>> 0;
}

export function writeLinear(cpu: MmuCpu, linear: number, size: AccessSize, value: number, user: boolean): void {
  linear >>>= 0;
  const access = ACCESS_WRITE | (user ? ACCESS_USER : 0);
  if (((linear & 0xfff) + size) <= 0x1000) {
    writePhys(cpu, translate(cpu, linear, access), size, value);
    return;
  }
  const phys: number[] = [];
  for (let i = 0; i < size; i++) phys.push(translate(cpu, (linear + i) >>> 0, access));
  for (let i = 0; i < size; i++) writePhys(cpu, phys[i], 1, (value >>> (8 * i)) & 0xff);
}

/** Checks that a write to [linear, linear+size) would be allowed (translates, writes nothing). */
export function probeWrite(cpu: MmuCpu, linear: number, size: number, user: boolean): void {
  const access = ACCESS_WRITE | (user ? ACCESS_USER : 0);
  translate(cpu, linear >>> 0, access);
  if (size > 1) translate(cpu, (linear + size - 1) >>> 0, access);
}
