/**
 * The Multiboot information structure handed to the kernel in EBX (Multiboot Specification
 * 0.6.96, 3.3 "Boot information format"), with the memory map (3.3, mmap_* fields; entry
 * format: size, base_addr, length, type) and the command line. Field offsets:
 *
 *    0 flags         4 mem_lower     8 mem_upper    12 boot_device   16 cmdline
 *   20 mods_count   24 mods_addr    28-40 syms     44 mmap_length   48 mmap_addr
 *   52 drives_length 56 drives_addr 60 config_table 64 boot_loader_name 68 apm_table
 *   72-86 vbe_*      (88 bytes; the framebuffer fields are not used)
 *
 * The values mirror what QEMU 7.2 with SeaBIOS gives a Multiboot kernel (observed with a
 * probe guest): flags 0x24F, mem_lower 639, mem_upper up to the firmware's high tables,
 * boot_device 0x8000FFFF, and an e820-style map with the EBDA, BIOS area, the top 128 KiB
 * and the BIOS flash below 4 GiB reserved.
 */
import {
  BIOS_AREA, BIOS_FLASH_BASE, BIOS_FLASH_SIZE, FIRMWARE_HIGH_TABLES, HIGH_MEMORY, KiB, LOW_MEMORY_END, MULTIBOOT_INFO,
  MULTIBOOT_INFO_END, VGA_WINDOW,
} from "./layout";
import { ImageError } from "./elf32";
import type { PhysicalMemory } from "./memory";

export const MBI_FLAG_MEMORY = 1 << 0;
export const MBI_FLAG_BOOT_DEVICE = 1 << 1;
export const MBI_FLAG_CMDLINE = 1 << 2;
export const MBI_FLAG_MODS = 1 << 3;
export const MBI_FLAG_MMAP = 1 << 6;
export const MBI_FLAG_LOADER_NAME = 1 << 9;
export const MMAP_AVAILABLE = 1;
export const MMAP_RESERVED = 2;
export const MBI_SIZE = 88;
export const BOOT_LOADER_NAME = "vtlab";

export interface MemoryMapEntry {
  base: number;
  length: number;
  type: number;
}

/** The PC's memory map for `ramSize` bytes of RAM, as the firmware's e820 reports it. */
export function memoryMap(ramSize: number): MemoryMapEntry[] {
  const top = ramSize - FIRMWARE_HIGH_TABLES;
  return [
    { base: 0, length: LOW_MEMORY_END, type: MMAP_AVAILABLE },
    { base: LOW_MEMORY_END, length: VGA_WINDOW - LOW_MEMORY_END, type: MMAP_RESERVED },
    { base: BIOS_AREA, length: HIGH_MEMORY - BIOS_AREA, type: MMAP_RESERVED },
    { base: HIGH_MEMORY, length: top - HIGH_MEMORY, type: MMAP_AVAILABLE },
    { base: top, length: FIRMWARE_HIGH_TABLES, type: MMAP_RESERVED },
    { base: BIOS_FLASH_BASE, length: BIOS_FLASH_SIZE, type: MMAP_RESERVED },
  ];
}

/** Writes the info structure at MULTIBOOT_INFO and returns its address. */
export function writeMultibootInfo(mem: PhysicalMemory, cmdline: string): number {
  const info = MULTIBOOT_INFO;
  const mmapAddr = info + 0x100;
  const map = memoryMap(mem.size);
  const nameAddr = mmapAddr + map.length * 24;
  const cmdAddr = nameAddr + 0x20;
  const cmdBytes = new TextEncoder().encode(cmdline);
  if (cmdAddr + cmdBytes.length + 1 > MULTIBOOT_INFO_END) {
    throw new ImageError(`command line too long (${cmdBytes.length} bytes)`);
  }
  mem.fill(info, cmdAddr + cmdBytes.length + 1 - info, 0);
  const top = mem.size - FIRMWARE_HIGH_TABLES;
  mem.write32(info + 0, MBI_FLAG_MEMORY | MBI_FLAG_BOOT_DEVICE | MBI_FLAG_CMDLINE | MBI_FLAG_MODS | MBI_FLAG_MMAP | MBI_FLAG_LOADER_NAME);
  mem.write32(info + 4, LOW_MEMORY_END / KiB);
  mem.write32(info + 8, (top - HIGH_MEMORY) / KiB);
  mem.write32(info + 12, 0x8000ffff); // BIOS drive 0x80, no partition
  mem.write32(info + 16, cmdAddr);
  mem.write32(info + 20, 0); // mods_count
  mem.write32(info + 24, mmapAddr); // mods_addr: an empty list
  mem.write32(info + 44, map.length * 24);
  mem.write32(info + 48, mmapAddr);
  mem.write32(info + 64, nameAddr);
  map.forEach((e, i) => {
    const a = mmapAddr + i * 24;
    mem.write32(a, 20); // size of the entry without this field
    mem.write32(a + 4, e.base);
    mem.write32(a + 8, 0);
    mem.write32(a + 12, e.length);
    mem.write32(a + 16, 0);
    mem.write32(a + 20, e.type);
  });
  mem.write(nameAddr, new TextEncoder().encode(BOOT_LOADER_NAME + "\0"));
  mem.write(cmdAddr, cmdBytes);
  return info;
}
