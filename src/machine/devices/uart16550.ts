/**
 * National Semiconductor PC16550D UART (data sheet, "Registers": RBR/THR/IER/IIR/FCR/LCR/
 * MCR/LSR/MSR/SCR, DLL/DLM behind LCR.DLAB), as COM1. The device sees offsets 0-7.
 *
 *   off  read            write          (DLAB = 1: offset 0/1 are DLL/DLM)
 *   0    RBR             THR
 *   1    IER             IER
 *   2    IIR             FCR
 *   3    LCR             LCR
 *   4    MCR             MCR
 *   5    LSR             (factory test, ignored)
 *   6    MSR             (ignored)
 *   7    SCR             SCR
 *
 * Transmission is instantaneous in virtual time: a THR write goes straight to `onTransmit`
 * (or, in loopback, to the receiver), THRE/TEMT are set again at once and, with IER.ETBEI,
 * the THRE interrupt is raised (the INTRPT line drops and rises again, so the edge-triggered
 * PIC sees a new request, as with QEMU). Interrupt priorities and clearing follow the
 * data sheet's IIR table: line status (cleared by reading LSR) > received data (cleared
 * when the FIFO drops below the trigger level) > THRE (cleared by reading IIR or writing
 * THR) > modem status (cleared by reading MSR).
 * The receiver holds 16 bytes with FIFOs enabled, else one (a further byte sets OE).
 * Two ways in: `receive()` is the wire (bytes arrive whether or not there is room, so they
 * can overrun), `queueInput()` is a host terminal with flow control like QEMU's chardev
 * backend: bytes wait in `input` and move into the receiver as room appears (when the
 * guest reads RBR or enables the FIFO), so typed or piped input is never lost.
 *
 * Deviations: the character-timeout interrupt (IIR 0xC) is reported at once when fewer
 * bytes than the trigger level wait, instead of after four character times. Like QEMU's
 * serial device, the interrupt line is not gated by MCR.OUT2 (on a real PC board OUT2
 * enables the IRQ buffer; drivers set it anyway). Baud rate and line format are stored,
 * not simulated.
 */
import type { AccessSize } from "../../cpu/bus";
import type { PortDevice } from "../io-bus";

export const LSR_DR = 0x01, LSR_OE = 0x02, LSR_PE = 0x04, LSR_FE = 0x08, LSR_BI = 0x10, LSR_THRE = 0x20,
  LSR_TEMT = 0x40, LSR_FIFO_ERR = 0x80;
export const IER_ERBFI = 0x01, IER_ETBEI = 0x02, IER_ELSI = 0x04, IER_EDSSI = 0x08;
export const IIR_NONE = 0x01, IIR_MSI = 0x00, IIR_THRI = 0x02, IIR_RDI = 0x04, IIR_RLSI = 0x06, IIR_CTI = 0x0c,
  IIR_FIFO = 0xc0;
export const LCR_DLAB = 0x80;
export const MCR_DTR = 0x01, MCR_RTS = 0x02, MCR_OUT1 = 0x04, MCR_OUT2 = 0x08, MCR_LOOP = 0x10;
export const MSR_DCTS = 0x01, MSR_DDSR = 0x02, MSR_TERI = 0x04, MSR_DDCD = 0x08, MSR_CTS = 0x10, MSR_DSR = 0x20,
  MSR_RI = 0x40, MSR_DCD = 0x80;
export const FCR_ENABLE = 0x01, FCR_CLEAR_RX = 0x02, FCR_CLEAR_TX = 0x04;

const FIFO_SIZE = 16;
const TRIGGER_LEVELS = [1, 4, 8, 14];

export interface Uart16550State {
  rx: number[];
  /** Host input waiting for room in the receiver (flow-controlled, see queueInput). */
  input: number[];
  ier: number;
  fcr: number;
  lcr: number;
  mcr: number;
  lsr: number;
  msr: number;
  scr: number;
  dll: number;
  dlm: number;
  /** The THRE interrupt is pending (set when THR empties, cleared by IIR read / THR write). */
  thrPending: boolean;
  /** Level of the INTRPT output last driven. */
  irq: boolean;
}

export class Uart16550 implements PortDevice {
  s: Uart16550State = Uart16550.resetState();

  /**
   * @param onTransmit receives every byte the guest transmits (not in loopback)
   * @param setIrq drives the UART's interrupt line (COM1: ISA IRQ4)
   */
  constructor(private readonly onTransmit: (byte: number) => void, private readonly setIrq: (level: boolean) => void) {}

  /** Master-reset values (data sheet Table IV); MSR shows CTS/DSR/DCD asserted by the "modem". */
  static resetState(): Uart16550State {
    return {
      rx: [], input: [], ier: 0, fcr: 0, lcr: 0, mcr: 0, lsr: LSR_THRE | LSR_TEMT, msr: MSR_DCD | MSR_DSR | MSR_CTS, scr: 0,
      dll: 0x0c, dlm: 0, thrPending: false, irq: false,
    };
  }

  /** Master reset (MR pin): register reset values, receiver and host queue emptied. */
  reset(): void {
    this.s = Uart16550.resetState();
    this.setIrq(false);
  }

  save(): Uart16550State {
    return { ...this.s, rx: [...this.s.rx], input: [...this.s.input] };
  }

  load(s: Uart16550State): void {
    this.s = { ...s, rx: [...s.rx], input: [...(s.input ?? [])] };
  }

  private get fifoEnabled(): boolean {
    return (this.s.fcr & FCR_ENABLE) !== 0;
  }

  /** The interrupt identification the IIR would show now (without the FIFO bits). */
  private identify(): number {
    const s = this.s;
    if (s.ier & IER_ELSI && s.lsr & (LSR_OE | LSR_PE | LSR_FE | LSR_BI)) return IIR_RLSI;
    if (s.ier & IER_ERBFI && s.rx.length > 0) {
      if (!this.fifoEnabled) return IIR_RDI;
      return s.rx.length >= TRIGGER_LEVELS[s.fcr >> 6] ? IIR_RDI : IIR_CTI;
    }
    if (s.ier & IER_ETBEI && s.thrPending) return IIR_THRI;
    if (s.ier & IER_EDSSI && s.msr & 0x0f) return IIR_MSI;
    return IIR_NONE;
  }

  private updateIrq(): void {
    const level = this.identify() !== IIR_NONE;
    this.s.irq = level;
    this.setIrq(level);
  }

  /** Bytes arriving on the receive line (host keyboard, test input). Ignored in loopback. */
  receive(bytes: Iterable<number>): void {
    if (this.s.mcr & MCR_LOOP) return;
    for (const b of bytes) this.receiveByte(b & 0xff);
    this.updateIrq();
  }

  /** Host input with flow control: bytes enter the receiver only when it has room. */
  queueInput(bytes: Iterable<number>): void {
    for (const b of bytes) this.s.input.push(b & 0xff);
    this.pullInput();
  }

  /** Bytes of host input not yet taken by the receiver. */
  get queuedInput(): number {
    return this.s.input.length;
  }

  private pullInput(): void {
    const s = this.s;
    if (s.input.length === 0 || s.mcr & MCR_LOOP) return;
    const capacity = this.fifoEnabled ? FIFO_SIZE : 1;
    let moved = false;
    while (s.input.length > 0 && s.rx.length < capacity) {
      s.rx.push(s.input.shift() as number);
      moved = true;
    }
    if (moved) {
      s.lsr |= LSR_DR;
      this.updateIrq();
    }
  }

  private receiveByte(b: number): void {
    const s = this.s;
    const capacity = this.fifoEnabled ? FIFO_SIZE : 1;
    if (s.rx.length >= capacity) {
      s.lsr |= LSR_OE; // overrun: the byte is lost
      if (!this.fifoEnabled) s.rx[0] = b; // 16450 mode: RBR is overwritten
      return;
    }
    s.rx.push(b);
    s.lsr |= LSR_DR;
  }

  private transmit(b: number): void {
    const s = this.s;
    s.thrPending = false;
    s.lsr &= ~(LSR_THRE | LSR_TEMT);
    this.updateIrq();
    if (s.mcr & MCR_LOOP) this.receiveByte(b);
    else this.onTransmit(b);
    s.lsr |= LSR_THRE | LSR_TEMT;
    s.thrPending = true;
    this.updateIrq();
  }

  /** MSR input bits as the loopback wiring gives them: CTS=RTS, DSR=DTR, RI=OUT1, DCD=OUT2. */
  private loopbackMsr(mcr: number): number {
    return (mcr & MCR_RTS ? MSR_CTS : 0) | (mcr & MCR_DTR ? MSR_DSR : 0) | (mcr & MCR_OUT1 ? MSR_RI : 0) |
      (mcr & MCR_OUT2 ? MSR_DCD : 0);
  }

  private setModemInputs(inputs: number): void {
    const s = this.s;
    const old = s.msr & 0xf0;
    let delta = 0;
    if ((old ^ inputs) & MSR_CTS) delta |= MSR_DCTS;
    if ((old ^ inputs) & MSR_DSR) delta |= MSR_DDSR;
    if ((old ^ inputs) & MSR_DCD) delta |= MSR_DDCD;
    if (old & MSR_RI && !(inputs & MSR_RI)) delta |= MSR_TERI;
    s.msr = inputs | (s.msr & 0x0f) | delta;
  }

  ioRead(offset: number, _size: AccessSize): number {
    const s = this.s;
    const dlab = (s.lcr & LCR_DLAB) !== 0;
    switch (offset) {
      case 0: {
        if (dlab) return s.dll;
        const b = s.rx.length > 0 ? (s.rx.shift() as number) : 0;
        if (s.rx.length === 0) s.lsr &= ~LSR_DR;
        this.updateIrq();
        this.pullInput();
        return b;
      }
      case 1:
        return dlab ? s.dlm : s.ier;
      case 2: {
        const id = this.identify();
        if (id === IIR_THRI) {
          s.thrPending = false; // "reading the IIR (if source of interrupt)" clears THRE interrupt
          this.updateIrq();
        }
        return id | (this.fifoEnabled ? IIR_FIFO : 0);
      }
      case 3:
        return s.lcr;
      case 4:
        return s.mcr;
      case 5: {
        const v = s.lsr;
        s.lsr &= ~(LSR_OE | LSR_PE | LSR_FE | LSR_BI | LSR_FIFO_ERR);
        if (v & (LSR_OE | LSR_PE | LSR_FE | LSR_BI)) this.updateIrq();
        return v;
      }
      case 6: {
        const v = s.msr;
        s.msr &= 0xf0;
        if (v & 0x0f) this.updateIrq();
        return v;
      }
      default:
        return s.scr;
    }
  }

  ioWrite(offset: number, _size: AccessSize, value: number): void {
    const s = this.s;
    const dlab = (s.lcr & LCR_DLAB) !== 0;
    switch (offset) {
      case 0:
        if (dlab) s.dll = value;
        else this.transmit(value);
        return;
      case 1: {
        if (dlab) {
          s.dlm = value;
          return;
        }
        const old = s.ier;
        s.ier = value & 0x0f;
        // Enabling ETBEI while THR is empty raises the THRE interrupt at once (data sheet, IER).
        if (!(old & IER_ETBEI) && s.ier & IER_ETBEI && s.lsr & LSR_THRE) s.thrPending = true;
        this.updateIrq();
        return;
      }
      case 2: {
        const wasEnabled = this.fifoEnabled;
        if ((value & FCR_ENABLE) !== (wasEnabled ? 1 : 0) || value & FCR_CLEAR_RX) {
          s.rx = [];
          s.lsr &= ~LSR_DR;
        }
        s.fcr = value & 0xc1; // DMA mode bit and the self-clearing bits are not kept
        this.updateIrq();
        this.pullInput();
        return;
      }
      case 3:
        s.lcr = value;
        return;
      case 4: {
        const old = s.mcr;
        s.mcr = value & 0x1f;
        if (s.mcr & MCR_LOOP) this.setModemInputs(this.loopbackMsr(s.mcr));
        else if (old & MCR_LOOP) this.setModemInputs(MSR_DCD | MSR_DSR | MSR_CTS);
        this.updateIrq();
        this.pullInput();
        return;
      }
      case 7:
        s.scr = value;
        return;
      default: // LSR and MSR writes are factory-test only
        return;
    }
  }
}
