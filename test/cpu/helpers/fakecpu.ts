/**
 * A minimal stand-in for the Cpu (the MmuCpu shape: state, bus, tlb, notifyPhysicalWrite) over a
 * plain RAM array, for unit tests of paging, segmentation and delivery without the interpreter.
 */
import type { Bus } from "../../../src/cpu/bus";
import { CpuState } from "../../../src/cpu/state";
import { Tlb } from "../../../src/cpu/tlb";

export function fakeCpu(ramSize = 1 << 22) {
  const ram = new Uint8Array(ramSize);
  const writes: Array<[number, number]> = [];
  const bus: Bus = {
    ram,
    mmioRead: () => 0xffffffff,
    mmioWrite: () => undefined,
    ioRead: () => 0xffffffff,
    ioWrite: () => undefined,
    interruptPending: () => false,
    acknowledgeInterrupt: () => 0,
  };
  return {
    state: new CpuState(),
    bus,
    tlb: new Tlb(),
    writes,
    notifyPhysicalWrite(addr: number, len: number) {
      writes.push([addr, len]);
    },
  };
}

export function w32(ram: Uint8Array, addr: number, v: number): void {
  new DataView(ram.buffer).setUint32(addr, v >>> 0, true);
}
export function r32(ram: Uint8Array, addr: number): number {
  return new DataView(ram.buffer).getUint32(addr, true);
}
