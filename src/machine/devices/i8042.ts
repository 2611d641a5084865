/**
 * 8042 keyboard controller (ports 0x60 data, 0x64 status/command) with a PS/2 keyboard and
 * mouse that answer commands but never see a key press, as QEMU's `i8042` + `ps2` devices
 * present them after SeaBIOS: status 0x1C (system flag, command/data bit, keyboard not inhibited;
 * QEMU never changes bits 2-4), command byte 0x61 (IRQ1 on, translation on), output port 0xCF, last data byte 0xFA.
 * A kernel that polls "input buffer full" never waits (the controller takes bytes at once), and
 * every reply is queued immediately, as in QEMU.
 *
 * - Controller commands (0x64): 0x20 read / 0x60 write the command byte, 0xA7/0xA8 mouse port
 *   off/on, 0xA9 and 0xAB port tests (0x00), 0xAA self test (0x55), 0xAD/0xAE keyboard port
 *   off/on, 0xD0/0xD1 read/write the output port (bit 0 = 0 resets the machine), 0xD2/0xD3 echo a
 *   byte as keyboard/mouse data, 0xD4 next byte to the mouse, 0xDD/0xDF A20 (kept on: the
 *   machine has no A20 gate), 0xF0-0xFF pulse output lines (bit 0 clear: reset).
 * - Keyboard commands (0x60): 0xEE echo, 0xF2 identify (FA AB 41, translated), 0xFF reset (FA AA),
 *   0xED/0xF0/0xF3 with their argument byte, 0xF4-0xF6 and others known to QEMU: FA; unknown: FE.
 * - Mouse commands (after 0xD4): FA, with 0xF2 -> FA 00 and 0xFF -> FA AA 00.
 * - IRQ1 while keyboard data waits and command byte bit 0 is set; IRQ12 for mouse data and bit 1.
 * - Port 0x92 (system control port A) lives here too: reads 0x02 (A20 on); bit 0 written 1 resets.
 *
 * Sources: IBM PC/AT Technical Reference (8042 commands, status register), QEMU 7.2 hw/input/
 * pckbd.c and ps2.c (reply bytes and initial state observed by a probe guest).
 * Left out: scan codes (no key is ever pressed), A20 masking, typematic timing.
 */
import type { AccessSize } from "../../cpu/bus";
import type { PortDevice } from "../io-bus";

const ST_OBF = 0x01, ST_MOUSE_OBF = 0x20;
const CCB_KBD_INT = 0x01, CCB_MOUSE_INT = 0x02, CCB_KBD_OFF = 0x10, CCB_MOUSE_OFF = 0x20;

export interface I8042State {
  status: number;
  ccb: number;
  outport: number;
  /** Bytes waiting for the CPU, oldest first; mouse bytes have bit 8 set. */
  queue: number[];
  last: number;
  /** Controller command whose data byte comes next through 0x60 (0 = none). */
  pending: number;
  /** Keyboard command whose argument byte comes next (0 = none). */
  kbdArg: number;
  port92: number;
}

export class I8042 implements PortDevice {
  s: I8042State = I8042.initialState();

  /**
   * @param setIrq drives an ISA IRQ line (1 keyboard, 12 mouse)
   * @param reset called when the guest resets the machine through the controller or port 0x92
   */
  constructor(private readonly setIrq: (irq: number, level: boolean) => void, private readonly reset: () => void) {}

  static initialState(): I8042State {
    return { status: 0x1c, ccb: 0x61, outport: 0xcf, queue: [], last: 0xfa, pending: 0, kbdArg: 0, port92: 0x02 };
  }

  resetState(): void {
    this.s = I8042.initialState();
    this.update();
  }

  save(): I8042State {
    return { ...this.s, queue: this.s.queue.slice() };
  }

  load(s: I8042State): void {
    this.s = { ...s, queue: s.queue.slice() };
    this.update();
  }

  /** A port-0x92 view of the same device (system control port A). */
  readonly port92: PortDevice = {
    ioRead: () => this.s.port92,
    ioWrite: (_offset: number, _size: AccessSize, value: number) => {
      this.s.port92 = value & 0xfe;
      if ((value & 1) !== 0) this.reset();
    },
  };

  private queue(value: number, mouse = false): void {
    this.s.queue.push((value & 0xff) | (mouse ? 0x100 : 0));
    this.update();
  }

  /** Status, output-port OBF bits and the IRQ lines from the queue head. */
  private update(): void {
    const s = this.s;
    const head = s.queue.length > 0 ? s.queue[0] : -1;
    s.status &= ~(ST_OBF | ST_MOUSE_OBF);
    s.outport &= ~0x30;
    if (head >= 0) {
      s.status |= ST_OBF;
      s.outport |= 0x10;
      if ((head & 0x100) !== 0) {
        s.status |= ST_MOUSE_OBF;
        s.outport |= 0x20;
      }
    }
    const mouse = head >= 0 && (head & 0x100) !== 0;
    this.setIrq(1, head >= 0 && !mouse && (s.ccb & CCB_KBD_INT) !== 0);
    this.setIrq(12, mouse && (s.ccb & CCB_MOUSE_INT) !== 0);
  }

  ioRead(offset: number, _size: AccessSize): number {
    const s = this.s;
    if (offset === 4) return s.status;
    if (offset !== 0) return 0xff;
    if (s.queue.length === 0) return s.last;
    s.last = s.queue.shift()! & 0xff;
    this.update();
    return s.last;
  }

  ioWrite(offset: number, _size: AccessSize, value: number): void {
    value &= 0xff;
    if (offset === 4) this.command(value);
    else if (offset === 0) this.data(value);
  }

  private command(cmd: number): void {
    const s = this.s;
    s.pending = 0;
    switch (cmd) {
      case 0x20: this.queue(s.ccb); break;
      case 0x60: case 0xd1: case 0xd2: case 0xd3: case 0xd4: s.pending = cmd; break;
      case 0xa7: s.ccb |= CCB_MOUSE_OFF; break;
      case 0xa8: s.ccb &= ~CCB_MOUSE_OFF; break;
      case 0xa9: case 0xab: this.queue(0x00); break;
      case 0xaa: this.queue(0x55); break;
      case 0xad: s.ccb |= CCB_KBD_OFF; break;
      case 0xae: s.ccb &= ~CCB_KBD_OFF; break;
      case 0xd0: this.queue(s.outport); break;
      case 0xdd: case 0xdf: break; // A20 stays enabled
      default:
        if (cmd >= 0xf0 && (cmd & 1) === 0) this.reset();
    }
  }

  private data(v: number): void {
    const s = this.s;
    const pending = s.pending;
    s.pending = 0;
    switch (pending) {
      case 0x60: s.ccb = v; this.update(); return;
      case 0xd1:
        s.outport = v;
        if ((v & 1) === 0) this.reset();
        return;
      case 0xd2: this.queue(v); return;
      case 0xd3: this.queue(v, true); return;
      case 0xd4: this.mouse(v); return;
    }
    this.keyboard(v);
  }

  private keyboard(v: number): void {
    const s = this.s;
    if (s.kbdArg !== 0) {
      s.kbdArg = 0;
      this.queue(0xfa);
      return;
    }
    switch (v) {
      case 0xee: this.queue(0xee); break;
      case 0xf2: this.queue(0xfa); this.queue(0xab); this.queue(0x41); break;
      case 0xff: this.queue(0xfa); this.queue(0xaa); break;
      case 0xed: case 0xf0: case 0xf3: s.kbdArg = v; this.queue(0xfa); break;
      case 0xf4: case 0xf5: case 0xf6: case 0xf7: case 0xf8: case 0xf9: case 0xfa: case 0xfb: case 0xfc: case 0xfd:
        this.queue(0xfa);
        break;
      default: this.queue(0xfe);
    }
  }

  private mouse(v: number): void {
    this.queue(0xfa, true);
    if (v === 0xf2) this.queue(0x00, true);
    if (v === 0xff) {
      this.queue(0xaa, true);
      this.queue(0x00, true);
    }
  }
}
