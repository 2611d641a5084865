/**
 * One Intel 8259A programmable interrupt controller (8259A data sheet, Intel 231468:
 * "Interrupt Sequence", "Programming the 8259A": ICW1-ICW4, OCW1-OCW3, "Fully Nested Mode",
 * "Automatic Rotation", "Specific Rotation", "Special Mask Mode", "Poll Command",
 * "Edge and Level Triggered Modes"). The pair and the cascade wiring live in dual-pic.ts.
 *
 * Registers: IRR (requests), ISR (in service), IMR (mask). Priority is rotating: the
 * lowest-priority line is `priorityAdd - 1`, so with priorityAdd = 0 IR0 is highest and IR7
 * lowest (the state after ICW1). Edge-triggered lines latch IRR on a rising edge and keep
 * it until INTA; level-triggered lines (ICW1.LTIM, or the chipset's ELCR bit) follow the
 * line. The device sees only offsets 0 (command/status) and 1 (data/IMR).
 *
 * Left out: 8080/8085 mode (ICW4.uPM = 0 is accepted but vectors are always x86-style),
 * buffered mode (ICW4.BUF/M/S only stored).
 */

/** Plain-data state of one 8259A (what a snapshot saves). */
export interface Pic8259State {
  irr: number;
  isr: number;
  imr: number;
  /** Current level of each IR input (edge detection). */
  lines: number;
  /** Lowest priority line + 1 (mod 8): the rotation. */
  priorityAdd: number;
  vectorBase: number;
  /** 0 = operational; 1, 2, 3 = expecting ICW2, ICW3, ICW4. */
  initStep: number;
  icw4Needed: boolean;
  single: boolean;
  levelTriggered: boolean;
  icw3: number;
  icw4: number;
  autoEoi: boolean;
  rotateOnAutoEoi: boolean;
  specialFullyNested: boolean;
  readIsr: boolean;
  poll: boolean;
  specialMask: boolean;
  /** Edge/Level Control Register bits (chipset, ports 0x4D0/0x4D1). */
  elcr: number;
}

export class Pic8259 {
  s: Pic8259State = Pic8259.powerOnState();

  /** Power-on state: everything zero; the chip waits for ICW1. */
  static powerOnState(): Pic8259State {
    return {
      irr: 0, isr: 0, imr: 0, lines: 0, priorityAdd: 0, vectorBase: 0, initStep: 0, icw4Needed: false,
      single: false, levelTriggered: false, icw3: 0, icw4: 0, autoEoi: false, rotateOnAutoEoi: false,
      specialFullyNested: false, readIsr: false, poll: false, specialMask: false, elcr: 0,
    };
  }

  /**
   * @param isMaster the master honours special fully nested mode for its cascade input
   * @param elcrMask ELCR bits that may be set (lines wired edge-only on the board read 0)
   * @param onChange called after any change that may move the INT output
   */
  constructor(
    readonly isMaster: boolean,
    readonly elcrMask: number,
    private readonly onChange: () => void,
  ) {}

  save(): Pic8259State {
    return { ...this.s };
  }

  load(s: Pic8259State): void {
    this.s = { ...s };
  }

  private isLevel(irq: number): boolean {
    return this.s.levelTriggered || (this.s.elcr & (1 << irq)) !== 0;
  }

  /** Drives IR input `irq` to `level` (true = high). */
  setIrq(irq: number, level: boolean): void {
    const s = this.s;
    const bit = 1 << irq;
    if (this.isLevel(irq)) {
      if (level) s.irr |= bit;
      else s.irr &= ~bit;
    } else if (level && (s.lines & bit) === 0) {
      s.irr |= bit; // rising edge
    }
    if (level) s.lines |= bit;
    else s.lines &= ~bit;
    this.onChange();
  }

  /** Priority rank (0 = highest) of the highest-priority bit of `mask`, or 8 if none. */
  private priorityOf(mask: number): number {
    if ((mask & 0xff) === 0) return 8;
    let p = 0;
    while ((mask & (1 << ((p + this.s.priorityAdd) & 7))) === 0) p++;
    return p;
  }

  /** The IR line the 8259A would interrupt for now, or -1 ("Interrupt Sequence" steps 1-2). */
  pending(): number {
    const s = this.s;
    const p = this.priorityOf(s.irr & ~s.imr);
    if (p === 8) return -1;
    let inService = s.isr;
    // Special mask mode: masked in-service levels no longer inhibit lower priorities.
    if (s.specialMask) inService &= ~s.imr;
    // Special fully nested mode: the master lets a higher-priority slave request through IR2.
    if (this.isMaster && s.specialFullyNested) inService &= ~s.icw3;
    return p < this.priorityOf(inService) ? (p + s.priorityAdd) & 7 : -1;
  }

  /** INTA for line `irq`: move it from IRR to ISR (or not, in AEOI mode). */
  acknowledge(irq: number): void {
    const s = this.s;
    const bit = 1 << irq;
    if (s.autoEoi) {
      if (s.rotateOnAutoEoi) s.priorityAdd = (irq + 1) & 7;
    } else {
      s.isr |= bit;
    }
    if (!this.isLevel(irq)) s.irr &= ~bit;
    this.onChange();
  }

  /** Vector for line `irq`: ICW2's T7-T3 with the line number. */
  vector(irq: number): number {
    return (this.s.vectorBase + irq) & 0xff;
  }

  ioRead(offset: number): number {
    const s = this.s;
    if (offset === 0) {
      if (s.poll) return this.pollRead();
      return s.readIsr ? s.isr : s.irr;
    }
    if (s.poll) return this.pollRead();
    return s.imr;
  }

  /** Poll command: the next read returns 0x80 | level and acknowledges it, or 0 if none. */
  private pollRead(): number {
    this.s.poll = false;
    const irq = this.pending();
    if (irq < 0) return 0;
    this.acknowledge(irq);
    return 0x80 | irq;
  }

  ioWrite(offset: number, value: number): void {
    const s = this.s;
    if (offset === 0) {
      if (value & 0x10) this.icw1(value);
      else if (value & 0x08) this.ocw3(value);
      else this.ocw2(value);
    } else {
      switch (s.initStep) {
        case 1: // ICW2: vector base (T7-T3)
          s.vectorBase = value & 0xf8;
          s.initStep = s.single ? (s.icw4Needed ? 3 : 0) : 2;
          break;
        case 2: // ICW3: cascade (master: slave bitmap; slave: its ID)
          s.icw3 = value;
          s.initStep = s.icw4Needed ? 3 : 0;
          break;
        case 3: // ICW4: uPM, AEOI, M/S, BUF, SFNM
          s.icw4 = value;
          s.autoEoi = (value & 0x02) !== 0;
          s.specialFullyNested = (value & 0x10) !== 0;
          s.initStep = 0;
          break;
        default: // OCW1: interrupt mask
          s.imr = value;
      }
    }
    this.onChange();
  }

  /** ICW1 starts initialization: "edge sense circuit is reset, IMR cleared, IR7 lowest, special mask cleared, status read set to IRR". */
  private icw1(value: number): void {
    const s = this.s;
    s.icw4Needed = (value & 0x01) !== 0;
    s.single = (value & 0x02) !== 0;
    s.levelTriggered = (value & 0x08) !== 0;
    s.lines = 0;
    s.irr &= s.elcr;
    s.isr = 0;
    s.imr = 0;
    s.priorityAdd = 0;
    s.specialMask = false;
    s.readIsr = false;
    s.poll = false;
    s.autoEoi = false;
    s.rotateOnAutoEoi = false;
    s.specialFullyNested = false;
    if (!s.icw4Needed) s.icw4 = 0;
    s.initStep = 1;
  }

  /** OCW2: R, SL, EOI bits select EOI / rotation commands; L2-L0 the level. */
  private ocw2(value: number): void {
    const s = this.s;
    const level = value & 7;
    switch (value >> 5) {
      case 0: // rotate in AEOI mode (clear)
        s.rotateOnAutoEoi = false;
        break;
      case 4: // rotate in AEOI mode (set)
        s.rotateOnAutoEoi = true;
        break;
      case 1: // non-specific EOI
      case 5: { // rotate on non-specific EOI
        const p = this.priorityOf(s.isr);
        if (p !== 8) {
          const irq = (p + s.priorityAdd) & 7;
          s.isr &= ~(1 << irq);
          if (value >> 5 === 5) s.priorityAdd = (irq + 1) & 7;
        }
        break;
      }
      case 3: // specific EOI
        s.isr &= ~(1 << level);
        break;
      case 7: // rotate on specific EOI
        s.isr &= ~(1 << level);
        s.priorityAdd = (level + 1) & 7;
        break;
      case 6: // set priority: `level` becomes the lowest
        s.priorityAdd = (level + 1) & 7;
        break;
      default: // 2: no operation
        break;
    }
  }

  /** OCW3: ESMM/SMM, P (poll), RR/RIS (read register select). */
  private ocw3(value: number): void {
    const s = this.s;
    if (value & 0x04) s.poll = true;
    if (value & 0x02) s.readIsr = (value & 0x01) !== 0;
    if (value & 0x40) s.specialMask = (value & 0x20) !== 0;
  }

  /** Writes the chipset's ELCR byte for this chip. */
  writeElcr(value: number): void {
    this.s.elcr = value & this.elcrMask;
    this.onChange();
  }
}
