/**
 * Multiboot v1 kernel loading (Multiboot Specification 0.6.96, 3.1 "OS image format"):
 * find the header (magic 0x1BADB002 in the first 8192 bytes, 32-bit aligned, with
 * magic + flags + checksum = 0), honour its flags, and place the image in RAM either
 * from the header's address fields (flag 16, "the a.out kludge": header_addr, load_addr,
 * load_end_addr, bss_end_addr, entry_addr) or, without flag 16, from the ELF32 program
 * headers. When flag 16 is set the address fields win even for an ELF file, as the spec
 * and QEMU's loader do.
 *
 * Flags bits 0-15 are requirements: bit 0 (page-align modules: no modules here), bit 1
 * (memory info: always given) and bit 2 (video mode: accepted, no framebuffer info is
 * passed, as with QEMU) are understood; any other set bit makes loading fail, as the spec
 * demands. Every failure is an ImageError with a one-line message.
 *
 * Left out: boot modules, a.out symbol tables, video mode setting.
 */
import { ImageError, isElf, parseElf32 } from "./elf32";
import { BOOT_STACK_TOP, MULTIBOOT_INFO_END } from "./layout";
import type { PhysicalMemory } from "./memory";

export const MULTIBOOT_HEADER_MAGIC = 0x1badb002;
export const MULTIBOOT2_HEADER_MAGIC = 0xe85250d6;
export const MULTIBOOT_SEARCH = 8192;
export const MB_FLAG_PAGE_ALIGN = 1 << 0;
export const MB_FLAG_MEMORY_INFO = 1 << 1;
export const MB_FLAG_VIDEO_MODE = 1 << 2;
export const MB_FLAG_ADDRESS_FIELDS = 1 << 16;
const UNDERSTOOD_REQUIREMENTS = MB_FLAG_PAGE_ALIGN | MB_FLAG_MEMORY_INFO | MB_FLAG_VIDEO_MODE;

export interface MultibootHeader {
  /** File offset of the header. */
  offset: number;
  flags: number;
  /** Address fields, present with flag 16. */
  headerAddr?: number;
  loadAddr?: number;
  loadEndAddr?: number;
  bssEndAddr?: number;
  entryAddr?: number;
}

/** A physical range [start, end) the kernel occupies. */
export interface LoadedRange {
  start: number;
  end: number;
}

export interface LoadedKernel {
  entry: number;
  ranges: LoadedRange[];
  header: MultibootHeader;
}

function u32(image: Uint8Array, off: number): number {
  return (image[off] | (image[off + 1] << 8) | (image[off + 2] << 16) | (image[off + 3] << 24)) >>> 0;
}

const hex = (n: number): string => "0x" + n.toString(16);

/** Finds and checks the Multiboot header. */
export function findMultibootHeader(image: Uint8Array): MultibootHeader {
  if (image.length === 0) throw new ImageError("empty file, not a Multiboot image");
  const limit = Math.min(MULTIBOOT_SEARCH, image.length);
  let sawMultiboot2 = false;
  for (let off = 0; off + 12 <= limit; off += 4) {
    const magic = u32(image, off);
    if (magic === MULTIBOOT2_HEADER_MAGIC) sawMultiboot2 = true;
    if (magic !== MULTIBOOT_HEADER_MAGIC) continue;
    const flags = u32(image, off + 4);
    if (((magic + flags + u32(image, off + 8)) >>> 0) !== 0) continue; // not a header: checksum fails
    const h: MultibootHeader = { offset: off, flags };
    const unknown = flags & 0xffff & ~UNDERSTOOD_REQUIREMENTS;
    if (unknown) throw new ImageError(`Multiboot header requires features this loader lacks (flags ${hex(unknown)})`);
    if (flags & MB_FLAG_ADDRESS_FIELDS) {
      if (off + 32 > image.length) throw new ImageError("truncated Multiboot header: address fields missing");
      h.headerAddr = u32(image, off + 12);
      h.loadAddr = u32(image, off + 16);
      h.loadEndAddr = u32(image, off + 20);
      h.bssEndAddr = u32(image, off + 24);
      h.entryAddr = u32(image, off + 28);
    }
    return h;
  }
  if (sawMultiboot2) throw new ImageError("Multiboot 2 images are not supported (no Multiboot v1 header)");
  throw new ImageError(`not a Multiboot image (no Multiboot header in the first ${MULTIBOOT_SEARCH} bytes)`);
}

/** The area the loader itself uses (boot stack, GDT, info structure). */
const BOOT_AREA: LoadedRange = { start: BOOT_STACK_TOP - 0x1000, end: MULTIBOOT_INFO_END };

function checkRange(r: LoadedRange, mem: PhysicalMemory, what: string): void {
  if (r.end > mem.size || r.end < r.start) {
    throw new ImageError(`${what} at ${hex(r.start)}-${hex(r.end)} does not fit in ${mem.size / 1048576}M of RAM`);
  }
  if (r.start < BOOT_AREA.end && BOOT_AREA.start < r.end) {
    throw new ImageError(`${what} at ${hex(r.start)}-${hex(r.end)} overlaps the boot loader area ${hex(BOOT_AREA.start)}-${hex(BOOT_AREA.end)}`);
  }
}

/** Loads the kernel image into `mem`. Throws ImageError on any bad input. */
export function loadMultibootKernel(image: Uint8Array, mem: PhysicalMemory): LoadedKernel {
  const header = findMultibootHeader(image);
  if (header.flags & MB_FLAG_ADDRESS_FIELDS) return loadWithAddressFields(image, mem, header);
  if (!isElf(image)) {
    throw new ImageError("Multiboot header has no address fields (flag 16) and the file is not ELF");
  }
  const elf = parseElf32(image);
  const ranges: LoadedRange[] = [];
  for (const seg of elf.segments) {
    const r = { start: seg.paddr, end: seg.paddr + seg.memSize };
    checkRange(r, mem, "ELF segment");
    ranges.push(r);
  }
  elf.segments.forEach((seg) => {
    mem.write(seg.paddr, image.subarray(seg.offset, seg.offset + seg.fileSize));
    mem.fill(seg.paddr + seg.fileSize, seg.memSize - seg.fileSize, 0);
  });
  // A higher-half kernel links its entry at a virtual address: translate it through the segment that holds it.
  let entry = elf.entry;
  if (!ranges.some((r) => entry >= r.start && entry < r.end)) {
    const seg = elf.segments.find((s) => entry >= s.vaddr && entry < s.vaddr + s.memSize);
    if (!seg) throw new ImageError(`ELF entry point ${hex(entry)} is outside every loadable segment`);
    entry = (entry - seg.vaddr + seg.paddr) >>> 0;
  }
  return { entry, ranges, header };
}

function loadWithAddressFields(image: Uint8Array, mem: PhysicalMemory, h: MultibootHeader): LoadedKernel {
  const headerAddr = h.headerAddr as number, loadAddr = h.loadAddr as number;
  if (loadAddr > headerAddr) throw new ImageError(`Multiboot load_addr ${hex(loadAddr)} is above header_addr ${hex(headerAddr)}`);
  const fileStart = h.offset - (headerAddr - loadAddr);
  if (fileStart < 0) throw new ImageError("Multiboot header_addr/load_addr put the load start before the file's beginning");
  const loadEnd = h.loadEndAddr === 0 ? loadAddr + (image.length - fileStart) : (h.loadEndAddr as number);
  if (loadEnd < loadAddr) throw new ImageError(`Multiboot load_end_addr ${hex(loadEnd)} is below load_addr ${hex(loadAddr)}`);
  const size = loadEnd - loadAddr;
  if (fileStart + size > image.length) {
    throw new ImageError(`truncated image: the Multiboot header asks for ${size} bytes from offset ${fileStart}, the file has ${image.length}`);
  }
  const bssEnd = h.bssEndAddr === 0 ? loadEnd : Math.max(loadEnd, h.bssEndAddr as number);
  const r = { start: loadAddr, end: bssEnd };
  checkRange(r, mem, "kernel image");
  mem.write(loadAddr, image.subarray(fileStart, fileStart + size));
  mem.fill(loadEnd, bssEnd - loadEnd, 0);
  const entry = h.entryAddr as number;
  if (entry < loadAddr || entry >= bssEnd) {
    throw new ImageError(`Multiboot entry_addr ${hex(entry)} is outside the loaded image ${hex(loadAddr)}-${hex(bssEnd)}`);
  }
  return { entry, ranges: [r], header: h };
}
