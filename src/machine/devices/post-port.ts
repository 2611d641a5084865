/**
 * The POST diagnostic port 0x80: firmware and drivers write progress codes or use it as a
 * short I/O delay (Linux `outb_p`). Nothing listens on a PC without a POST card: writes
 * are dropped and reads return all ones, as on QEMU's pc machine.
 */
import type { AccessSize } from "../../cpu/bus";
import type { PortDevice } from "../io-bus";

export class PostPort implements PortDevice {
  ioRead(_offset: number, _size: AccessSize): number {
    return 0xff;
  }

  ioWrite(_offset: number, _size: AccessSize, _value: number): void {
    /* ignored by design */
  }
}
