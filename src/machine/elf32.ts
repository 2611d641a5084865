/**
 * The part of an ELF32 executable a boot loader needs: the file header and the PT_LOAD
 * program headers (System V ABI, "ELF Header" and "Program Header"; Intel386 supplement:
 * ELFCLASS32, ELFDATA2LSB, EM_386). Every offset and size is checked against the file so a
 * truncated or corrupt file gives a one-line error instead of reading past its end.
 *
 * Left out: section headers and symbols (Multiboot's optional ELF "syms" info), dynamic
 * linking, relocation.
 */

export class ImageError extends Error {
  override readonly name = "ImageError";
}

export interface ElfSegment {
  /** File offset of the segment's bytes. */
  offset: number;
  fileSize: number;
  memSize: number;
  vaddr: number;
  paddr: number;
}

export interface Elf32 {
  entry: number;
  segments: ElfSegment[];
}

const PT_LOAD = 1;
const ET_EXEC = 2;
const EM_386 = 3;

export function isElf(image: Uint8Array): boolean {
  return image.length >= 4 && image[0] === 0x7f && image[1] === 0x45 && image[2] === 0x4c && image[3] === 0x46;
}

/** Parses the ELF32 file header and its loadable segments. */
export function parseElf32(image: Uint8Array): Elf32 {
  if (!isElf(image)) throw new ImageError("not an ELF file");
  if (image.length < 52) throw new ImageError(`truncated ELF file (${image.length} bytes, the ELF header needs 52)`);
  const dv = new DataView(image.buffer, image.byteOffset, image.byteLength);
  if (image[4] !== 1) throw new ImageError("not a 32-bit ELF file (ELFCLASS64 or unknown class)");
  if (image[5] !== 1) throw new ImageError("not a little-endian ELF file");
  const type = dv.getUint16(16, true);
  const machine = dv.getUint16(18, true);
  if (machine !== EM_386) throw new ImageError(`ELF file is not for i386 (e_machine ${machine})`);
  if (type !== ET_EXEC) throw new ImageError(`ELF file is not an executable (e_type ${type})`);
  const entry = dv.getUint32(24, true);
  const phoff = dv.getUint32(28, true);
  const phentsize = dv.getUint16(42, true);
  const phnum = dv.getUint16(44, true);
  if (phnum === 0) throw new ImageError("ELF file has no program headers");
  if (phentsize < 32) throw new ImageError(`ELF program header size ${phentsize} is too small`);
  if (phoff + phnum * phentsize > image.length) {
    throw new ImageError(`truncated ELF file: program headers end at ${phoff + phnum * phentsize}, file has ${image.length} bytes`);
  }
  const segments: ElfSegment[] = [];
  for (let i = 0; i < phnum; i++) {
    const h = phoff + i * phentsize;
    if (dv.getUint32(h, true) !== PT_LOAD) continue;
    const seg: ElfSegment = {
      offset: dv.getUint32(h + 4, true),
      vaddr: dv.getUint32(h + 8, true),
      paddr: dv.getUint32(h + 12, true),
      fileSize: dv.getUint32(h + 16, true),
      memSize: dv.getUint32(h + 20, true),
    };
    if (seg.memSize === 0) continue;
    if (seg.fileSize > seg.memSize) throw new ImageError(`ELF segment ${i}: file size exceeds memory size`);
    if (seg.offset + seg.fileSize > image.length) {
      throw new ImageError(`truncated ELF file: segment ${i} needs bytes up to ${seg.offset + seg.fileSize}, file has ${image.length}`);
    }
    segments.push(seg);
  }
  if (segments.length === 0) throw new ImageError("ELF file has no loadable segments");
  return { entry, segments };
}
