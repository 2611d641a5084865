/**
 * What the CPU sees of the machine around it: physical memory, the port I/O space and the
 * INTR line of the interrupt controller. The machine (src/machine/) implements it; the CPU
 * knows nothing of devices.
 *
 * RAM is one directly indexed byte array for speed; a physical address at or above
 * `ram.length` is an MMIO access routed to the machine (unclaimed MMIO reads return all
 * ones, as an open PC bus does). Port I/O follows SDM Vol. 1, chapter 19 ("Input/Output"):
 * 65,536 8-bit ports, a 16- or 32-bit access covers consecutive ports.
 */
export type AccessSize = 1 | 2 | 4;

export interface Bus {
  /** Guest-physical RAM starting at physical address 0. */
  readonly ram: Uint8Array;
  mmioRead(addr: number, size: AccessSize): number;
  mmioWrite(addr: number, size: AccessSize, value: number): void;
  ioRead(port: number, size: AccessSize): number;
  ioWrite(port: number, size: AccessSize, value: number): void;
  /** Level of the INTR pin (8259A INT output). Sampled between instructions when EFLAGS.IF = 1. */
  interruptPending(): boolean;
  /** The INTA cycle: the interrupt controller returns the vector to deliver (8259A, "INTA sequence"). */
  acknowledgeInterrupt(): number;
}
