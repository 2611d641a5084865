/**
 * Intel 8254 programmable interval timer (8254 data sheet, Intel 231164: "Control Word
 * Format", "Counter Latch Command", "Read-Back Command", "Modes of Operation"). Three
 * counters clocked at PIT_HZ; counter 0's OUT drives ISA IRQ0, counter 2's gate and OUT
 * are reached through system control port B (system-control.ts).
 *
 * Time is virtual: the device reads the current PIT tick from `now()`, which the machine
 * derives from the CPU's cycle counter and the model's clock rate. Nothing ticks: a
 * counter's value and OUT are computed from the tick at which its count was loaded
 * (`loadTick`), so reading the counter mid-instruction is exact and the state is a few
 * numbers (cheap snapshots). Counter 0 also tells the machine the tick of its next IRQ0
 * rising edge, so the machine can run the CPU exactly up to it or idle HLT until it.
 *
 *   mode 0  interrupt on terminal count   OUT low, rises when the count reaches 0: IRQ once
 *   mode 1  hardware one-shot             OUT low until terminal count (gate trigger restarts)
 *   mode 2  rate generator                counts N..1, reloads: IRQ edge every N ticks
 *   mode 3  square wave                   OUT high for ceil(N/2), low for floor(N/2): edge every N
 *   mode 4  software strobe               strobe when the count reaches 0: IRQ once
 *   mode 5  hardware strobe               like mode 4 (gate trigger restarts)
 *
 * What a guest can observe (counter values, OUT in the read-back status and port 0x61,
 * IRQ0 edge times) follows QEMU 7.2's i8254, the project's differential oracle, checked by
 * test/machine against QEMU. Where QEMU departs from the data sheet, so does this model:
 * a newly written count takes effect at once (also in modes 2 and 3); the read-back status
 * never reports "null count" (bit 6); in modes 2, 4 and 5 OUT is modelled as a one-tick
 * high pulse at the reload / terminal count (the data sheet has OUT high with a one-tick
 * low pulse) - the IRQ0 rising edges fall on the same ticks either way. Counters power up
 * in mode 3 with count 65536, as QEMU's do.
 * Left out: BCD counting (the BCD bit is stored and reported in the status byte only),
 * the gate pausing a running count (a rising gate restarts modes 1, 2, 3 and 5).
 */
import type { AccessSize } from "../../cpu/bus";
import type { PortDevice } from "../io-bus";

export interface PitCounterState {
  mode: number;
  /** Read/write access: 1 = LSB only, 2 = MSB only, 3 = LSB then MSB. */
  rw: number;
  bcd: boolean;
  /** Initial count, 1..65536 (a written 0 means 65536). */
  count: number;
  /** PIT tick at which the count was loaded; counting runs from there. */
  loadTick: number;
  /** True once a count has been written after the control word. */
  armed: boolean;
  /** Next byte of a 16-bit count write is the MSB. */
  writeHigh: boolean;
  writeLow: number;
  /** Next byte of a 16-bit count read is the MSB. */
  readHigh: boolean;
  latched: boolean;
  latchValue: number;
  latchHigh: boolean;
  statusLatched: boolean;
  status: number;
  gate: boolean;
  /** Tick of the next OUT rising edge not yet reported (counter 0 only), or -1. */
  nextEdge: number;
}

export type PitState = PitCounterState[];

function freshCounter(gate: boolean): PitCounterState {
  return {
    mode: 3, rw: 3, bcd: false, count: 0x10000, loadTick: 0, armed: false, writeHigh: false, writeLow: 0,
    readHigh: false, latched: false, latchValue: 0, latchHigh: false, statusLatched: false, status: 0, gate, nextEdge: -1,
  };
}

export class Pit8254 implements PortDevice {
  c: PitCounterState[] = [freshCounter(true), freshCounter(true), freshCounter(false)];
  /** Called when counter 0's next IRQ0 edge moved (the machine recomputes its deadline). */
  onReschedule: (() => void) | null = null;

  /**
   * @param now current PIT tick (virtual time)
   * @param onIrq0Edge called when counter 0's OUT rises (the machine pulses IRQ0)
   */
  constructor(private readonly now: () => number, private readonly onIrq0Edge: () => void) {}

  /** Power-on state: no counter programmed. */
  reset(): void {
    this.c = [freshCounter(true), freshCounter(true), freshCounter(false)];
  }

  save(): PitState {
    return this.c.map((x) => ({ ...x }));
  }

  load(s: PitState): void {
    this.c = s.map((x) => ({ ...x }));
  }

  /** Ticks since the count was loaded. */
  private elapsed(ch: PitCounterState): number {
    return Math.max(0, this.now() - ch.loadTick);
  }

  /** Current counting element value (what a latch captures). */
  value(i: number): number {
    const ch = this.c[i];
    const d = this.elapsed(ch);
    const n = ch.count;
    switch (ch.mode) {
      case 2: case 6: return (n - (d % n)) & 0xffff;
      case 3: case 7: return (n - ((2 * d) % n)) & 0xffff;
      default: return (n - d) & 0xffff;
    }
  }

  /** Level of counter i's OUT pin. */
  out(i: number): boolean {
    const ch = this.c[i];
    const d = this.elapsed(ch);
    const n = ch.count;
    switch (ch.mode) {
      case 0: return d >= n;
      case 1: return d < n;
      case 2: case 6: return d % n === 0 && d !== 0;
      case 3: case 7: return d % n < ((n + 1) >> 1);
      default: return d === n; // 4, 5
    }
  }

  /** Computes the first OUT rising edge strictly after `after` (ticks), or -1. */
  private edgeAfter(ch: PitCounterState, after: number): number {
    if (!ch.armed) return -1;
    const n = ch.count;
    const d = after - ch.loadTick;
    switch (ch.mode) {
      case 2: case 3: case 6: case 7: {
        const k = d < 0 ? 1 : Math.floor(d / n) + 1;
        return ch.loadTick + k * n;
      }
      case 1: return -1; // OUT only falls at terminal count
      default: return d < n ? ch.loadTick + n : -1; // 0, 4, 5: once, at terminal count
    }
  }

  /** Tick of counter 0's next IRQ0 edge, or -1 if none is scheduled. */
  nextIrqTick(): number {
    return this.c[0].nextEdge;
  }

  /** Reports counter 0 edges that happened by tick `tick` (at most one pulse: the PIC's IRR holds one). */
  advanceTo(tick: number): void {
    const ch = this.c[0];
    if (ch.nextEdge >= 0 && tick >= ch.nextEdge) {
      ch.nextEdge = this.edgeAfter(ch, tick);
      this.onIrq0Edge();
    }
  }

  private loadCount(i: number, raw: number): void {
    const ch = this.c[i];
    ch.count = raw === 0 ? 0x10000 : raw;
    ch.loadTick = this.now();
    ch.armed = true;
    ch.nextEdge = i === 0 ? this.edgeAfter(ch, ch.loadTick) : -1;
    if (i === 0) this.onReschedule?.();
  }

  private latchCount(ch: PitCounterState, i: number): void {
    if (ch.latched) return; // "the first latch command is honoured until read"
    ch.latched = true;
    ch.latchValue = this.value(i);
    ch.latchHigh = ch.rw === 2;
  }

  private latchStatus(ch: PitCounterState, i: number): void {
    if (ch.statusLatched) return;
    ch.statusLatched = true;
    ch.status = (this.out(i) ? 0x80 : 0) | (ch.rw << 4) | (ch.mode << 1) | (ch.bcd ? 1 : 0);
  }

  ioRead(offset: number, _size: AccessSize): number {
    if (offset === 3) return 0xff; // the control word register is write-only
    const ch = this.c[offset];
    if (ch.statusLatched) {
      ch.statusLatched = false;
      return ch.status;
    }
    let v: number;
    let high: boolean;
    if (ch.latched) {
      v = ch.latchValue;
      high = ch.latchHigh;
      if (ch.rw === 3 && !high) ch.latchHigh = true;
      else ch.latched = false;
    } else {
      v = this.value(offset);
      if (ch.rw === 3) {
        high = ch.readHigh;
        ch.readHigh = !ch.readHigh;
      } else {
        high = ch.rw === 2;
      }
    }
    return high ? (v >> 8) & 0xff : v & 0xff;
  }

  ioWrite(offset: number, _size: AccessSize, value: number): void {
    if (offset === 3) {
      this.control(value);
      return;
    }
    const ch = this.c[offset];
    switch (ch.rw) {
      case 1: this.loadCount(offset, value); break;
      case 2: this.loadCount(offset, value << 8); break;
      default:
        if (!ch.writeHigh) {
          ch.writeLow = value;
          ch.writeHigh = true;
        } else {
          ch.writeHigh = false;
          this.loadCount(offset, ch.writeLow | (value << 8));
        }
    }
  }

  /** Control word (port offset 3): SC1 SC0 RW1 RW0 M2 M1 M0 BCD. */
  private control(value: number): void {
    const sc = value >> 6;
    if (sc === 3) {
      // Read-back: bit 5 = /COUNT, bit 4 = /STATUS, bits 3-1 select counters 2-0.
      for (let i = 0; i < 3; i++) {
        if ((value & (2 << i)) === 0) continue;
        const ch = this.c[i];
        if ((value & 0x20) === 0) this.latchCount(ch, i);
        if ((value & 0x10) === 0) this.latchStatus(ch, i);
      }
      return;
    }
    const ch = this.c[sc];
    const rw = (value >> 4) & 3;
    if (rw === 0) {
      this.latchCount(ch, sc);
      return;
    }
    ch.rw = rw;
    ch.mode = (value >> 1) & 7;
    ch.bcd = (value & 1) !== 0;
    ch.armed = false;
    ch.writeHigh = false;
    ch.readHigh = false;
    ch.latched = false;
    ch.statusLatched = false;
    if (sc === 0) ch.nextEdge = -1;
  }

  /** Gate input of counter i (counter 2: port 0x61 bit 0). A rising gate retriggers modes 1, 2, 3, 5. */
  setGate(i: number, level: boolean): void {
    const ch = this.c[i];
    if (level && !ch.gate && ch.armed && (ch.mode === 1 || ch.mode === 5 || (ch.mode & 3) === 2 || (ch.mode & 3) === 3)) {
      ch.loadTick = this.now();
      if (i === 0) {
        ch.nextEdge = this.edgeAfter(ch, ch.loadTick);
        this.onReschedule?.();
      }
    }
    ch.gate = level;
  }
}
