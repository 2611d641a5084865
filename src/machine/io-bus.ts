/**
 * The port I/O space and the MMIO space of the PC, as buses that route an access to the
 * device mapped there. A device sees only the offset from its own base (Firecracker's bus
 * model): it never knows which port or address it sits at.
 *
 * Port I/O follows SDM Vol. 1, 19.2 ("I/O Port Addressing"): 65,536 8-bit ports; a 16- or
 * 32-bit access to port p covers ports p..p+size-1. A device that declares `wide` receives
 * a multi-byte access whole when it lies entirely in its range (QEMU's isa-debug-exit takes
 * 1-4 byte writes); otherwise the bus splits it into byte accesses, little-endian, each
 * routed on its own. Unclaimed ports read as all ones (an open ISA bus) and ignore writes.
 * Unclaimed physical addresses (above RAM, no device) read as 0 and ignore writes, as QEMU's
 * unassigned memory does (QEMU 7.2 softmmu/physmem: unassigned_mem_read returns 0); the
 * differential corpus program mem-unassigned compares this with QEMU.
 *
 * Left out: I/O permission bitmaps (the CPU checks IOPL), bus timing.
 */
import type { AccessSize } from "../cpu/bus";

export interface PortDevice {
  /** Reads `size` bytes at `offset` from the device's base (size is 1 unless `wide`). */
  ioRead(offset: number, size: AccessSize): number;
  ioWrite(offset: number, size: AccessSize, value: number): void;
  /** True if the device accepts 16/32-bit accesses itself instead of byte splits. */
  readonly wide?: boolean;
}

export interface MmioDevice {
  mmioRead(offset: number, size: AccessSize): number;
  mmioWrite(offset: number, size: AccessSize, value: number): void;
}

const ONES = [0, 0xff, 0xffff, 0, 0xffffffff];

export class PortBus {
  /** Device index + 1 per port (0 = unclaimed). */
  private readonly map = new Uint16Array(0x10000);
  private readonly devices: { device: PortDevice; base: number; name: string }[] = [];

  /** Maps `device` at ports base..base+count-1. Overlaps are a programming error. */
  register(name: string, base: number, count: number, device: PortDevice): void {
    if (base < 0 || count <= 0 || base + count > 0x10000) throw new RangeError(`${name}: bad port range`);
    for (let p = base; p < base + count; p++) {
      if (this.map[p] !== 0) {
        throw new Error(`${name}: port 0x${p.toString(16)} already belongs to ${this.devices[this.map[p] - 1].name}`);
      }
    }
    this.devices.push({ device, base, name });
    this.map.fill(this.devices.length, base, base + count);
  }

  /** Name of the device at `port`, or undefined. */
  owner(port: number): string | undefined {
    const i = this.map[port & 0xffff];
    return i === 0 ? undefined : this.devices[i - 1].name;
  }

  read(port: number, size: AccessSize): number {
    port &= 0xffff;
    const i = this.map[port];
    if (i !== 0) {
      const d = this.devices[i - 1];
      if (size === 1) return d.device.ioRead(port - d.base, 1) & 0xff;
      if (d.device.wide && port + size <= 0x10000 && this.map[port + size - 1] === i) {
        return (d.device.ioRead(port - d.base, size) & ONES[size]) >>> 0;
      }
    } else if (size === 1) {
      return 0xff;
    }
    let v = 0;
    for (let k = 0; k < size; k++) v |= this.read((port + k) & 0xffff, 1) << (8 * k);
    return v >>> 0;
  }

  write(port: number, size: AccessSize, value: number): void {
    port &= 0xffff;
    const i = this.map[port];
    if (i !== 0) {
      const d = this.devices[i - 1];
      if (size === 1) {
        d.device.ioWrite(port - d.base, 1, value & 0xff);
        return;
      }
      if (d.device.wide && port + size <= 0x10000 && this.map[port + size - 1] === i) {
        d.device.ioWrite(port - d.base, size, (value & ONES[size]) >>> 0);
        return;
      }
    } else if (size === 1) {
      return;
    }
    for (let k = 0; k < size; k++) this.write((port + k) & 0xffff, 1, (value >>> (8 * k)) & 0xff);
  }
}

export class MmioBus {
  private readonly regions: { base: number; size: number; device: MmioDevice; name: string }[] = [];

  register(name: string, base: number, size: number, device: MmioDevice): void {
    for (const r of this.regions) {
      if (base < r.base + r.size && r.base < base + size) throw new Error(`${name}: MMIO range overlaps ${r.name}`);
    }
    this.regions.push({ base, size, device, name });
  }

  read(addr: number, size: AccessSize): number {
    for (const r of this.regions) {
      if (addr >= r.base && addr + size <= r.base + r.size) return r.device.mmioRead(addr - r.base, size);
    }
    return 0;
  }

  write(addr: number, size: AccessSize, value: number): void {
    for (const r of this.regions) {
      if (addr >= r.base && addr + size <= r.base + r.size) {
        r.device.mmioWrite(addr - r.base, size, value);
        return;
      }
    }
  }
}
