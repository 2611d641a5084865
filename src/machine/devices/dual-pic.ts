/**
 * The PC/AT's two cascaded 8259A PICs (IBM PC/AT Technical Reference, "Interrupt
 * Controllers"): the slave's INT output drives the master's IR2, ISA IRQs 0-7 reach the
 * master and 8-15 the slave. The master's INT output is the CPU's INTR pin; the INTA
 * sequence asks the master for the winning line and, when that is the cascade line, lets
 * the slave supply the vector (8259A data sheet, "Cascading"). With no request left at
 * INTA time the chip answers with its IR7 vector (the "spurious interrupt").
 *
 * Also here: the chipset's Edge/Level Control Registers (PIIX ELCR1/ELCR2), a two-port
 * device at offsets 0 (IRQ 0-7) and 1 (IRQ 8-15). IRQ 0, 1, 2, 8 and 13 are edge only.
 *
 * The INT level is cached and recomputed on every change so the CPU's per-instruction
 * `interruptPending()` costs one property read.
 */
import type { AccessSize } from "../../cpu/bus";
import type { PortDevice } from "../io-bus";
import { CASCADE_IRQ } from "../layout";
import { Pic8259, type Pic8259State } from "./pic8259";

export interface DualPicState {
  master: Pic8259State;
  slave: Pic8259State;
}

export class DualPic {
  readonly master: Pic8259;
  readonly slave: Pic8259;
  /** Level of the master's INT output (the CPU's INTR pin). */
  intr = false;
  private updating = false;

  constructor() {
    this.master = new Pic8259(true, 0xf8, () => this.update());
    this.slave = new Pic8259(false, 0xde, () => this.update());
  }

  /** Recomputes the cascade line and INTR after any change in either chip. */
  private update(): void {
    if (this.updating) return;
    this.updating = true;
    try {
      this.master.setIrq(CASCADE_IRQ, this.slave.pending() >= 0);
      this.intr = this.master.pending() >= 0;
    } finally {
      this.updating = false;
    }
  }

  /** Drives ISA IRQ line `irq` (0-15). */
  setIrq(irq: number, level: boolean): void {
    if (irq < 8) this.master.setIrq(irq, level);
    else this.slave.setIrq(irq - 8, level);
  }

  /** A rising and falling edge on an edge-triggered line (how the PIT's OUT0 is seen). */
  pulseIrq(irq: number): void {
    this.setIrq(irq, true);
    this.setIrq(irq, false);
  }

  /** The INTA cycle: returns the vector and moves the request into service. */
  acknowledge(): number {
    const irq = this.master.pending();
    let vector: number;
    if (irq < 0) {
      vector = this.master.vector(7);
    } else {
      this.master.acknowledge(irq);
      if (irq === CASCADE_IRQ) {
        const irq2 = this.slave.pending();
        if (irq2 < 0) {
          vector = this.slave.vector(7);
        } else {
          this.slave.acknowledge(irq2);
          vector = this.slave.vector(irq2);
        }
      } else {
        vector = this.master.vector(irq);
      }
    }
    this.update();
    return vector;
  }

  /** Power-on state of both chips. */
  reset(): void {
    this.master.load(Pic8259.powerOnState());
    this.slave.load(Pic8259.powerOnState());
    this.update();
  }

  save(): DualPicState {
    return { master: this.master.save(), slave: this.slave.save() };
  }

  load(s: DualPicState): void {
    this.master.load(s.master);
    this.slave.load(s.slave);
    this.update();
  }

  /** The ELCR pair as a port device (offset 0: master lines, 1: slave lines). */
  readonly elcr: PortDevice = {
    ioRead: (offset: number, _size: AccessSize) => (offset === 0 ? this.master : this.slave).s.elcr,
    ioWrite: (offset: number, _size: AccessSize, value: number) =>
      (offset === 0 ? this.master : this.slave).writeElcr(value),
  };

  /** Port device for one chip (offset 0 = command/status, 1 = data/IMR). */
  portDevice(chip: Pic8259): PortDevice {
    return {
      ioRead: (offset: number) => chip.ioRead(offset),
      ioWrite: (offset: number, _size: AccessSize, value: number) => chip.ioWrite(offset, value),
    };
  }

  /** Puts both chips in the state the PC firmware leaves (ICW1-4 with the given vector bases). */
  initialize(masterVector: number, slaveVector: number, masterImr: number, slaveImr: number, elcr: readonly number[]): void {
    const m = this.master, sl = this.slave;
    m.ioWrite(0, 0x11); m.ioWrite(1, masterVector); m.ioWrite(1, 1 << CASCADE_IRQ); m.ioWrite(1, 0x01);
    sl.ioWrite(0, 0x11); sl.ioWrite(1, slaveVector); sl.ioWrite(1, CASCADE_IRQ); sl.ioWrite(1, 0x01);
    m.ioWrite(1, masterImr);
    sl.ioWrite(1, slaveImr);
    m.writeElcr(elcr[0]);
    sl.writeElcr(elcr[1]);
  }
}
