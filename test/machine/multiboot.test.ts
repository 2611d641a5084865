// Multiboot v1 loading (Multiboot Specification 0.6.96, 3.1 "OS image format", 3.3 "Boot
// information format"): images built by nasm at test time; the address-fields header, ELF32
// (including a higher-half entry), and one-line errors for every kind of bad image.
import { describe, expect, it } from "vitest";
import { ImageError } from "../../src/machine/elf32";
import { PhysicalMemory } from "../../src/machine/memory";
import { findMultibootHeader, loadMultibootKernel } from "../../src/machine/multiboot";
import { memoryMap, writeMultibootInfo } from "../../src/machine/multiboot-info";
import { nasm } from "./oracles";

const aoutKludge = (extra = "", flags = "0x00010000") => `
bits 32
org 0x100000
hdr: dd 0x1BADB002, ${flags}, -(0x1BADB002 + ${flags})
     dd hdr, hdr, load_end, bss_end, start
start: mov eax, 1
     hlt
     db "payload"
${extra}
load_end:
     times 64 db 0    ; not part of the load: bss instead (load_end_addr cuts it)
bss_end equ load_end + 0x2000
`;

/** A hand-made ELF32 executable: one text segment and one data+bss segment; entry at `entry`. */
const elf = (opts: { vbase?: number; flags?: string } = {}) => {
  const vbase = opts.vbase ?? 0x100000;
  const flags = opts.flags ?? "0x00000003";
  return `
bits 32
VBASE equ 0x${vbase.toString(16)}
PBASE equ 0x100000
org 0
ehdr: db 0x7F, "ELF", 1, 1, 1, 0
      times 8 db 0
      dw 2, 3            ; ET_EXEC, EM_386
      dd 1, VBASE + (text - ehdr), phdr - ehdr, 0, 0
      dw 52, 32, 2, 40, 0, 0
phdr: dd 1, 0, VBASE, PBASE, text_end - ehdr, text_end - ehdr, 5, 0x1000
      dd 1, data - ehdr, VBASE + 0x10000, PBASE + 0x10000, data_end - data, data_end - data + 0x1000, 6, 0x1000
mb:   dd 0x1BADB002, ${flags}, -(0x1BADB002 + ${flags})
text: mov eax, 2
      hlt
text_end:
data: db "DATA"
data_end:
`;
};

function errorOf(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected an error");
}

describe("Multiboot header and address fields (flag 16)", () => {
  it("loads [load_addr, load_end_addr) from the file, zeroes the bss and takes entry_addr", () => {
    const img = nasm(aoutKludge());
    const mem = new PhysicalMemory(4 << 20);
    mem.ram.fill(0xaa);
    const k = loadMultibootKernel(img, mem);
    const loadEnd = img.length - 64;
    expect(k.entry).toBe(0x100000 + 32);
    expect(k.header.flags).toBe(0x10000);
    expect([...mem.ram.subarray(0x100000, 0x100000 + loadEnd)]).toEqual([...img.subarray(0, loadEnd)]);
    expect(mem.ram.subarray(0x100000 + loadEnd, 0x100000 + loadEnd + 0x2000).every((b) => b === 0)).toBe(true);
    expect(mem.ram[0x100000 + loadEnd + 0x2000]).toBe(0xaa);
    expect(k.ranges).toEqual([{ start: 0x100000, end: 0x100000 + loadEnd + 0x2000 }]);
  });

  it("finds the header anywhere in the first 8 KiB at 4-byte alignment", () => {
    const img = nasm(`times 4096 db 0x90\n` + aoutKludge().replace("org 0x100000", ""));
    expect(findMultibootHeader(img).offset).toBe(4096);
  });

  it.each([
    ["no header at all", () => nasm("times 100 db 0"), /not a Multiboot image \(no Multiboot header in the first 8192 bytes\)/],
    ["a header past 8 KiB", () => nasm("times 8192 db 0\n" + aoutKludge().replace("org 0x100000", "")), /not a Multiboot image/],
    ["a bad checksum", () => nasm("dd 0x1BADB002, 0, 0"), /not a Multiboot image/],
    ["Multiboot 2", () => nasm("dd 0xE85250D6, 0, 16, -(0xE85250D6 + 16)"), /Multiboot 2 images are not supported/],
    ["an unknown requirement bit", () => nasm(aoutKludge("", "0x00010008")), /requires features this loader lacks \(flags 0x8\)/],
    ["an empty file", () => new Uint8Array(0), /empty file/],
    ["a truncated address-fields image", () => nasm(aoutKludge()).subarray(0, 40), /truncated image/],
    ["a header cut inside its address fields", () => nasm(aoutKludge()).subarray(0, 20), /truncated Multiboot header|not a Multiboot image/],
    ["no flag 16 and no ELF", () => nasm("dd 0x1BADB002, 0, -0x1BADB002"), /no address fields \(flag 16\) and the file is not ELF/],
    ["an image that does not fit in RAM", () => nasm(aoutKludge().replace("org 0x100000", "org 0x1000000")), /does not fit in 4M of RAM/],
    ["an image over the loader's boot area", () => nasm(aoutKludge().replace("org 0x100000", "org 0x8000")), /overlaps the boot loader area/],
  ])("rejects %s with a one-line ImageError", (_name, build, re) => {
    const e = errorOf(() => loadMultibootKernel(build(), new PhysicalMemory(4 << 20)));
    expect(e).toBeInstanceOf(ImageError);
    expect(e.message).toMatch(re);
    expect(e.message).not.toContain("\n");
  });
});

describe("ELF32 kernels (no flag 16)", () => {
  it("places PT_LOAD segments at their physical addresses and zeroes memsz beyond filesz", () => {
    const img = nasm(elf());
    const mem = new PhysicalMemory(4 << 20);
    mem.ram.fill(0xaa);
    const k = loadMultibootKernel(img, mem);
    expect(k.entry).toBe(0x100000 + img.indexOf(0xb8)); // mov eax, 2 (B8 02 00 00 00)
    expect(mem.ram[k.entry]).toBe(0xb8);
    expect(String.fromCharCode(...mem.ram.subarray(0x110000, 0x110004))).toBe("DATA");
    expect(mem.ram.subarray(0x110004, 0x111004).every((b) => b === 0)).toBe(true);
    expect(mem.ram[0x111004]).toBe(0xaa);
  });

  it("translates a higher-half (virtual) entry point through its segment", () => {
    const img = nasm(elf({ vbase: 0xc0100000 }));
    const mem = new PhysicalMemory(4 << 20);
    const k = loadMultibootKernel(img, mem);
    expect(k.entry).toBeGreaterThanOrEqual(0x100000);
    expect(k.entry).toBeLessThan(0x101000);
    expect(mem.ram[k.entry]).toBe(0xb8);
  });

  it("reports a truncated ELF file", () => {
    const img = nasm(elf());
    const e = errorOf(() => loadMultibootKernel(img.subarray(0, img.length - 6), new PhysicalMemory(4 << 20)));
    expect(e.message).toMatch(/truncated ELF file/);
    const e2 = errorOf(() => loadMultibootKernel(img.subarray(0, 50), new PhysicalMemory(4 << 20)));
    expect(e2).toBeInstanceOf(ImageError);
  });
});

describe("Multiboot information structure", () => {
  it("has the spec's fields, the e820-style memory map and the command line", () => {
    const mem = new PhysicalMemory(64 << 20);
    const info = writeMultibootInfo(mem, "kernel.bin console=ttyS0");
    expect(mem.read32(info)).toBe(0x24f); // mem, boot_device, cmdline, mods, mmap, boot_loader_name
    expect(mem.read32(info + 4)).toBe(639);
    expect(mem.read32(info + 8)).toBe(0xfb80); // QEMU 7.2 + SeaBIOS with -m 64
    expect(mem.read32(info + 12)).toBe(0x8000ffff);
    const cstr = (addr: number): string => {
      let s = "";
      while (mem.ram[addr] !== 0) s += String.fromCharCode(mem.ram[addr++]);
      return s;
    };
    expect(cstr(mem.read32(info + 16))).toBe("kernel.bin console=ttyS0");
    expect(mem.read32(info + 20)).toBe(0);
    expect(cstr(mem.read32(info + 64))).toBe("vtlab");
    const len = mem.read32(info + 44), addr = mem.read32(info + 48);
    const entries: number[][] = [];
    for (let p = addr; p < addr + len; p += mem.read32(p) + 4) {
      entries.push([mem.read32(p + 4), mem.read32(p + 12), mem.read32(p + 20)]);
    }
    expect(entries).toEqual(memoryMap(64 << 20).map((e) => [e.base, e.length, e.type]));
    expect(entries[3]).toEqual([0x100000, (64 << 20) - 0x100000 - 0x20000, 1]);
  });
});

describe("loader robustness", () => {
  /** xorshift32: a seeded PRNG so every run mutates the same way. */
  function rng(seed: number): () => number {
    let x = seed >>> 0 || 1;
    return () => {
      x ^= x << 13; x >>>= 0;
      x ^= x >>> 17;
      x ^= x << 5; x >>>= 0;
      return x;
    };
  }

  it("2,000 seeded corruptions of valid images either load or fail with a one-line ImageError", () => {
    const seeds = [nasm(aoutKludge()), nasm(elf()), nasm(elf({ vbase: 0xc0100000 }))];
    const next = rng(0x5eed);
    const mem = new PhysicalMemory(4 << 20);
    let loaded = 0, rejected = 0;
    for (let i = 0; i < 2000; i++) {
      const base = seeds[i % seeds.length];
      let img = base.slice();
      const edits = 1 + (next() % 4);
      for (let e = 0; e < edits; e++) {
        const kind = next() % 3;
        if (kind === 0) img[next() % img.length] = next() & 0xff; // flip a byte anywhere
        else if (kind === 1) img[next() % Math.min(img.length, 160)] = next() & 0xff; // headers
        else img = img.subarray(0, next() % (img.length + 1)); // truncate
      }
      try {
        loadMultibootKernel(img, mem);
        loaded++;
      } catch (e) {
        if (!(e instanceof ImageError)) throw new Error(`case ${i}: ${String(e)}`);
        expect((e as Error).message).not.toContain("\n");
        rejected++;
      }
    }
    expect(loaded).toBeGreaterThan(0);
    expect(rejected).toBeGreaterThan(0);
  });
});

