/**
 * System control port B (port 0x61 on the PC/AT; IBM PC/AT Technical Reference, "System
 * Control Port B"): bit 0 gates PIT counter 2, bit 1 enables the speaker data, bits 2-3
 * are parity/channel-check enables (stored), bit 4 toggles with DRAM refresh (every
 * 15.085 us, the period QEMU uses) and bit 5 reflects PIT counter 2's OUT. Linux reads bit 5
 * to calibrate its TSC against the PIT.
 *
 * Left out: the speaker itself, NMI sources (bits 6-7 read 0).
 */
import type { AccessSize } from "../../cpu/bus";
import type { PortDevice } from "../io-bus";
import { PIT_HZ } from "../layout";
import type { Pit8254 } from "./pit8254";

export interface SystemControlState {
  value: number;
}

/** Refresh toggle period in PIT ticks (15.085 us). */
const REFRESH_TICKS = (15.085e-6 * PIT_HZ);

export class SystemControlB implements PortDevice {
  s: SystemControlState = { value: 0 };

  constructor(private readonly pit: Pit8254, private readonly now: () => number) {}

  ioRead(_offset: number, _size: AccessSize): number {
    const refresh = Math.floor(this.now() / REFRESH_TICKS) & 1;
    return (this.s.value & 0x0f) | (refresh << 4) | (this.pit.out(2) ? 0x20 : 0);
  }

  ioWrite(_offset: number, _size: AccessSize, value: number): void {
    this.s.value = value & 0x0f;
    this.pit.setGate(2, (value & 1) !== 0);
  }

  reset(): void {
    this.s = { value: 0 };
  }

  save(): SystemControlState {
    return { ...this.s };
  }

  load(s: SystemControlState): void {
    this.s = { ...s };
  }
}
