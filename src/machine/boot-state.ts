/**
 * The machine state at a Multiboot kernel's entry point (Multiboot Specification 0.6.96,
 * 3.2 "Machine state"):
 *
 *   EAX = 0x2BADB002, EBX = physical address of the Multiboot information structure,
 *   CS  = 32-bit read/execute code segment, base 0, limit 0xFFFFFFFF,
 *   DS, ES, FS, GS, SS = 32-bit read/write data segments, base 0, limit 0xFFFFFFFF,
 *   A20 enabled, CR0.PG = 0, CR0.PE = 1, EFLAGS.VM = 0, EFLAGS.IF = 0;
 *   ESP, GDTR and IDTR are undefined: the kernel must set up its own.
 *
 * The loader still leaves them usable, as QEMU's Multiboot option ROM does: a three-entry
 * GDT in low memory whose selectors match the loaded segments (code 0x08, data 0x10, the
 * selectors QEMU uses), the real-mode IDTR (base 0, limit 0x3FF) and a small stack below
 * BOOT_STACK_TOP. Segment caches use the VMX access-rights format of src/cpu/state.ts.
 */
import { setEflags } from "../cpu/flags";
import {
  AR_DB, AR_G, AR_P, AR_S, CpuState, CR0_ET, CR0_PE, CS, DS, EAX, EBX, ES, ESP, FS, GS, SS,
} from "../cpu/state";
import { BOOT_CS, BOOT_DS, BOOT_GDT, BOOT_STACK_TOP } from "./layout";
import type { PhysicalMemory } from "./memory";

export const MULTIBOOT_BOOTLOADER_MAGIC = 0x2badb002;

/** Access rights of flat 32-bit segments: code execute/read accessed (type 0xB), data read/write accessed (type 3). */
const AR_FLAT_CODE = 0xb | AR_S | AR_P | AR_DB | AR_G;
const AR_FLAT_DATA = 0x3 | AR_S | AR_P | AR_DB | AR_G;

/** Writes the boot GDT: null, flat code (0x08), flat data (0x10). */
export function writeBootGdt(mem: PhysicalMemory): void {
  mem.fill(BOOT_GDT, 24, 0);
  // base 0, limit 0xFFFFF pages, G=1 D=1, P=1 DPL=0 S=1; type 0xB / 0x3.
  mem.write32(BOOT_GDT + 8, 0x0000ffff);
  mem.write32(BOOT_GDT + 12, 0x00cf9b00);
  mem.write32(BOOT_GDT + 16, 0x0000ffff);
  mem.write32(BOOT_GDT + 20, 0x00cf9300);
}

/** Puts the CPU state into the Multiboot entry state (after cpu.reset()). */
export function setMultibootEntryState(s: CpuState, entry: number, infoAddr: number): void {
  s.regs.fill(0);
  s.regs[EAX] = MULTIBOOT_BOOTLOADER_MAGIC;
  s.regs[EBX] = infoAddr;
  s.regs[ESP] = BOOT_STACK_TOP;
  s.eip = entry >>> 0;
  setEflags(s, 0x2, 0xffffffff); // IF = 0, VM = 0, every other flag clear
  for (const seg of [ES, CS, SS, DS, FS, GS]) {
    s.segSelector[seg] = seg === CS ? BOOT_CS : BOOT_DS;
    s.segBase[seg] = 0;
    s.segLimit[seg] = 0xffffffff;
    s.segAr[seg] = seg === CS ? AR_FLAT_CODE : AR_FLAT_DATA;
  }
  s.cpl = 0;
  s.cr[0] = CR0_PE | CR0_ET; // paging off
  s.gdtrBase = BOOT_GDT;
  s.gdtrLimit = 23;
  s.idtrBase = 0;
  s.idtrLimit = 0x3ff;
  s.halted = false;
  s.interruptShadow = false;
}
