/**
 * QEMU's isa-debug-exit device (`-device isa-debug-exit,iobase=0xf4,iosize=0x04`, QEMU
 * hw/misc/debugexit.c): a write of value v to any of its ports ends the emulator with
 * process status (v << 1) | 1. Here the write asks the CPU to stop after the current
 * instruction with StopReason { kind: "debug-exit", value: v }; the `vtlab boot` command
 * turns that into the same exit status. Reads return 0, as QEMU's do. Accesses of 1, 2
 * or 4 bytes are taken whole (`wide`).
 */
import type { AccessSize } from "../../cpu/bus";
import type { PortDevice } from "../io-bus";

export class DebugExit implements PortDevice {
  readonly wide = true;

  /** @param onExit called with the value written */
  constructor(private readonly onExit: (value: number) => void) {}

  ioRead(_offset: number, _size: AccessSize): number {
    return 0;
  }

  ioWrite(_offset: number, _size: AccessSize, value: number): void {
    this.onExit(value >>> 0);
  }
}
