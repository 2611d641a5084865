/**
 * Physical memory of the PC: one zero-filled byte array starting at physical address 0
 * (the CPU indexes it directly, see src/cpu/bus.ts), plus the parser for sizes such as
 * "64M" that the machine options and the `vtlab boot --memory` flag accept.
 *
 * Size strings follow QEMU's `-m` conventions: a number with an optional binary suffix
 * K, M, G (case-insensitive, optionally followed by "B" or "iB"); a bare number means MiB,
 * as with `qemu-system-i386 -m 64`. A size must be a whole number of 4 KiB pages between
 * MIN_MEMORY and MAX_MEMORY (see layout.ts).
 *
 * Left out: the VGA window and ROM areas are plain RAM here (QEMU maps VGA and shadowed
 * BIOS there); guests that need those devices are out of scope.
 */
import { GiB, KiB, MAX_MEMORY, MiB, MIN_MEMORY } from "./layout";

/** A bad memory size; the message is one line meant for the user. */
export class MemorySizeError extends Error {
  override readonly name = "MemorySizeError";
}

const UNITS: Record<string, number> = { "": MiB, b: 1, k: KiB, m: MiB, g: GiB };

/** Parses "64M", "512k", "1G", "64MiB", "128" (MiB) or a byte count given as a number. */
export function parseMemorySize(size: string | number): number {
  let bytes: number;
  if (typeof size === "number") {
    bytes = size;
  } else {
    const m = /^\s*(\d+)\s*([bkmg]?)(?:i?b)?\s*$/i.exec(size);
    if (!m) throw new MemorySizeError(`bad memory size '${size}' (expected e.g. 64M, 512K, 1G)`);
    bytes = Number(m[1]) * UNITS[m[2].toLowerCase()];
  }
  const shown = typeof size === "number" ? `${size} bytes` : `'${size}'`;
  if (!Number.isSafeInteger(bytes) || bytes <= 0) throw new MemorySizeError(`bad memory size ${shown}`);
  if (bytes % (4 * KiB) !== 0) throw new MemorySizeError(`memory size ${shown} is not a multiple of 4 KiB`);
  if (bytes < MIN_MEMORY) throw new MemorySizeError(`memory size ${shown} is below the minimum of ${MIN_MEMORY / MiB}M`);
  if (bytes > MAX_MEMORY) throw new MemorySizeError(`memory size ${shown} is above the maximum of ${MAX_MEMORY / MiB}M`);
  return bytes;
}

/** Guest-physical RAM. */
export class PhysicalMemory {
  readonly ram: Uint8Array;

  constructor(readonly size: number) {
    this.ram = new Uint8Array(size);
  }

  /** Copies `data` to physical address `addr`; the range must lie inside RAM. */
  write(addr: number, data: Uint8Array): void {
    if (addr < 0 || addr + data.length > this.size) {
      throw new RangeError(`physical range 0x${addr.toString(16)}+0x${data.length.toString(16)} is outside RAM`);
    }
    this.ram.set(data, addr);
  }

  fill(addr: number, length: number, value = 0): void {
    if (addr < 0 || addr + length > this.size) {
      throw new RangeError(`physical range 0x${addr.toString(16)}+0x${length.toString(16)} is outside RAM`);
    }
    this.ram.fill(value, addr, addr + length);
  }

  read32(addr: number): number {
    const r = this.ram;
    return (r[addr] | (r[addr + 1] << 8) | (r[addr + 2] << 16) | (r[addr + 3] << 24)) >>> 0;
  }

  write32(addr: number, value: number): void {
    const r = this.ram;
    r[addr] = value & 0xff;
    r[addr + 1] = (value >>> 8) & 0xff;
    r[addr + 2] = (value >>> 16) & 0xff;
    r[addr + 3] = (value >>> 24) & 0xff;
  }

  write16(addr: number, value: number): void {
    this.ram[addr] = value & 0xff;
    this.ram[addr + 1] = (value >>> 8) & 0xff;
  }
}
