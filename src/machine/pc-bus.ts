/**
 * The CPU's view of the PC (the Bus of src/cpu/bus.ts): RAM, the port bus, the MMIO bus and
 * the INTR pin of the master 8259A. Addresses at or above the end of RAM go to MMIO.
 */
import type { AccessSize, Bus } from "../cpu/bus";
import type { DualPic } from "./devices/dual-pic";
import { MmioBus, PortBus } from "./io-bus";

export class PcBus implements Bus {
  readonly io = new PortBus();
  readonly mmio = new MmioBus();

  constructor(readonly ram: Uint8Array, private readonly pic: DualPic) {}

  mmioRead(addr: number, size: AccessSize): number {
    return this.mmio.read(addr >>> 0, size);
  }

  mmioWrite(addr: number, size: AccessSize, value: number): void {
    this.mmio.write(addr >>> 0, size, value);
  }

  ioRead(port: number, size: AccessSize): number {
    return this.io.read(port, size);
  }

  ioWrite(port: number, size: AccessSize, value: number): void {
    this.io.write(port, size, value);
  }

  interruptPending(): boolean {
    return this.pic.intr;
  }

  acknowledgeInterrupt(): number {
    return this.pic.acknowledge();
  }
}
