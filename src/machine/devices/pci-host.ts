/**
 * PCI configuration mechanism #1 (ports 0xCF8 address, 0xCFC-0xCFF data) on bus 0 with the
 * functions QEMU 7.2's default `pc` machine has, their configuration headers as SeaBIOS leaves
 * them (BARs assigned, interrupt lines routed), read by a probe guest:
 *
 *   00:00.0 8086:1237 i440FX host bridge      00:01.3 8086:7113 PIIX4 ACPI / SMBus
 *   00:01.0 8086:7000 PIIX3 ISA bridge        00:02.0 1234:1111 VGA (bochs)
 *   00:01.1 8086:7010 PIIX3 IDE               00:03.0 8086:100E e1000 NIC
 *
 * So a kernel that enumerates PCI lists the same devices with the same IDs, classes, BARs and
 * interrupt lines. Writable as in QEMU: the command register, cache line size and latency
 * timer, the interrupt line, and the BARs / expansion-ROM BARs, which answer a sizing write of
 * all ones with their size mask (the addresses they hold reach no device here: vtlab emulates
 * none of these functions, and unassigned memory reads 0). Everything else is read-only.
 * Port 0xCF9 (PIIX reset control): writing bit 2 resets the machine, as QEMU does.
 *
 * Sources: PCI Local Bus Specification 3.0, 3.2.2.3.2 (configuration mechanism #1) and 6.2.5
 * (base address registers, sizing); Intel 82371SB (PIIX3) data sheet (RCR at 0xCF9).
 * Left out: the functions themselves (IDE, VGA, e1000, ACPI registers), other buses, MSI.
 */
import type { AccessSize } from "../../cpu/bus";
import type { PortDevice } from "../io-bus";

/** Configuration headers (dwords from offset 0; the rest of the 256 bytes is 0), by devfn. */
const HEADERS: ReadonlyArray<readonly [number, readonly number[]]> = [
  [0x00, [
      0x12378086, 0x00000103, 0x06000002, 0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x00000000,
      0x00000000, 0x00000000, 0x00000000, 0x11001af4, 0x00000000, 0x00000000, 0x00000000, 0x00000000,
      0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x08000000, 0x11111000, 0x33111111,
      0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x000a0000, 0x00000000, 0x00000000, 0x00000000,
  ]],
  [0x08, [
      0x70008086, 0x02000103, 0x06010000, 0x00800000, 0x00000000, 0x00000000, 0x00000000, 0x00000000,
      0x00000000, 0x00000000, 0x00000000, 0x11001af4, 0x00000000, 0x00000000, 0x00000000, 0x00000000,
      0x00000000, 0x00000000, 0x00000000, 0x0003004d, 0x00000000, 0x00000000, 0x00000000, 0x00000000,
      0x0b0b0a0a, 0x00000000, 0x00000200, 0x00000000, 0x00000080, 0x0c0c0000, 0x00000002, 0x00000000,
      0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x00000000,
      0x00000008, 0x00000000, 0x0000000f, 0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x00000000,
  ]],
  [0x09, [
      0x70108086, 0x02800103, 0x01018000, 0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x00000000,
      0x0000c041, 0x00000000, 0x00000000, 0x11001af4, 0x00000000, 0x00000000, 0x00000000, 0x00000000,
      0x80008000, 0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x00000000,
  ]],
  [0x0b, [
      0x71138086, 0x02800103, 0x06800003, 0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x00000000,
      0x00000000, 0x00000000, 0x00000000, 0x11001af4, 0x00000000, 0x00000000, 0x00000000, 0x00000109,
      0x00000601, 0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x02000000, 0x90000000,
      0x60000000, 0x08000000, 0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x00000000,
      0x00000001, 0x00000000, 0x00000000, 0x00000000, 0x00000701, 0x00000000, 0x00000000, 0x00000000,
      0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x00000000,
      0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x00090000, 0x00000000, 0x00000000, 0x00000000,
  ]],
  [0x10, [
      0x11111234, 0x00000103, 0x03000002, 0x00000000, 0xfd000008, 0x00000000, 0xfebf0000, 0x00000000,
      0x00000000, 0x00000000, 0x00000000, 0x11001af4, 0xfebe0000, 0x00000000, 0x00000000, 0x00000000,
  ]],
  [0x18, [
      0x100e8086, 0x00000103, 0x02000003, 0x00000000, 0xfebc0000, 0x0000c001, 0x00000000, 0x00000000,
      0x00000000, 0x00000000, 0x00000000, 0x11001af4, 0xfeb80000, 0x00000000, 0x00000000, 0x0000010b,
  ]],
];

/** Writable BARs: [devfn, config offset, size mask with the read-only type bits left out]. */
const BARS: ReadonlyArray<readonly [number, number, number]> = [
  [0x09, 0x20, 0xfffffff0], // IDE bus-master I/O, 16 bytes
  [0x10, 0x10, 0xff000000], // VGA framebuffer, 16 MiB prefetchable
  [0x10, 0x18, 0xfffff000], // VGA MMIO, 4 KiB
  [0x10, 0x30, 0xffff0001], // VGA option ROM, 64 KiB (bit 0: enable)
  [0x18, 0x10, 0xfffe0000], // e1000 MMIO, 128 KiB
  [0x18, 0x14, 0xffffffc0], // e1000 I/O, 64 bytes
  [0x18, 0x30, 0xfffc0001], // e1000 option ROM, 256 KiB
];

export interface PciState {
  address: number;
  /** Configuration space of each function (256 bytes), by devfn. */
  config: Record<number, number[]>;
  rcr: number;
}

function initialConfig(): Record<number, number[]> {
  const config: Record<number, number[]> = {};
  for (const [devfn, dwords] of HEADERS) {
    const bytes = new Array<number>(256).fill(0);
    dwords.forEach((d, k) => { for (let b = 0; b < 4; b++) bytes[4 * k + b] = (d >>> (8 * b)) & 0xff; });
    config[devfn] = bytes;
  }
  return config;
}

/** Per function, the write mask of every configuration byte. */
function writeMasks(): Map<number, Uint8Array> {
  const masks = new Map<number, Uint8Array>();
  for (const [devfn] of HEADERS) {
    const m = new Uint8Array(256);
    m[0x04] = 0x47; m[0x05] = 0x05; // command: I/O, memory, master, parity, SERR, INTx disable
    m[0x0c] = 0xff; m[0x0d] = 0xff; // cache line size, latency timer
    m[0x3c] = 0xff; // interrupt line
    masks.set(devfn, m);
  }
  for (const [devfn, off, mask] of BARS) {
    const m = masks.get(devfn)!;
    for (let b = 0; b < 4; b++) m[off + b] = (mask >>> (8 * b)) & 0xff;
  }
  return masks;
}

export class PciHost implements PortDevice {
  readonly wide = true;
  s: PciState = { address: 0, config: initialConfig(), rcr: 0 };
  private readonly masks = writeMasks();

  constructor(private readonly reset: () => void) {}

  resetState(): void {
    this.s = { address: 0, config: initialConfig(), rcr: 0 };
  }

  save(): PciState {
    const config: Record<number, number[]> = {};
    for (const k of Object.keys(this.s.config)) config[Number(k)] = this.s.config[Number(k)].slice();
    return { address: this.s.address, config, rcr: this.s.rcr };
  }

  load(s: PciState): void {
    const config: Record<number, number[]> = {};
    for (const k of Object.keys(s.config)) config[Number(k)] = s.config[Number(k)].slice();
    this.s = { address: s.address, config, rcr: s.rcr };
  }

  /** The function and register the address register selects for data port byte `lane`, or null. */
  private target(lane: number): { bytes: number[]; devfn: number; reg: number } | null {
    const a = this.s.address;
    if ((a & 0x80000000) === 0 || ((a >>> 16) & 0xff) !== 0) return null;
    const devfn = (a >>> 8) & 0xff;
    const bytes = this.s.config[devfn];
    return bytes ? { bytes, devfn, reg: (a & 0xfc) + lane } : null;
  }

  ioRead(offset: number, size: AccessSize): number {
    if (offset < 4) {
      if (offset === 0 && size === 4) return this.s.address >>> 0;
      if (offset === 1 && size === 1) return this.s.rcr;
      return size === 4 ? 0xffffffff : size === 2 ? 0xffff : 0xff;
    }
    const lane = offset - 4;
    const t = this.target(lane);
    if (t === null) return size === 4 ? 0xffffffff : size === 2 ? 0xffff : 0xff;
    let v = 0;
    for (let b = 0; b < size; b++) v |= t.bytes[(t.reg + b) & 0xff] << (8 * b);
    return v >>> 0;
  }

  ioWrite(offset: number, size: AccessSize, value: number): void {
    if (offset < 4) {
      if (offset === 0 && size === 4) this.s.address = value >>> 0;
      else if (offset === 1 && size === 1) {
        this.s.rcr = value & 0x0a;
        if ((value & 0x04) !== 0) this.reset();
      }
      return;
    }
    const t = this.target(offset - 4);
    if (t === null) return;
    const mask = this.masks.get(t.devfn)!;
    for (let b = 0; b < size; b++) {
      const r = (t.reg + b) & 0xff;
      const m = mask[r];
      t.bytes[r] = (t.bytes[r] & ~m) | ((value >>> (8 * b)) & m);
    }
  }
}
