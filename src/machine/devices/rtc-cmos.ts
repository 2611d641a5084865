/**
 * MC146818A real-time clock and CMOS RAM (ports 0x70/0x71, IRQ8), as QEMU's `mc146818rtc`
 * presents it to a kernel started by SeaBIOS. Port 0x70 selects a register (bit 7, the NMI mask,
 * is ignored; reading 0x70 gives 0xFF as in QEMU), port 0x71 reads or writes it.
 *
 * - The clock runs on virtual time from a fixed epoch (2000-01-01 00:00:00, a Saturday), so a
 *   program sees the same date on every run; QEMU shows the host's time, which no differential
 *   program can print. Registers 0-9 and the century (0x32) follow register B (DM: BCD or binary,
 *   24/12-hour with the PM bit); writing them sets the clock; B.SET freezes them for writing.
 * - Register A: bit 7 UIP is 1 during the last 244 us of every second (data sheet: the update
 *   cycle starts 244 us after UIP rises); bits 0-3 select the periodic rate.
 * - Register C: IRQF PF AF UF, cleared by reading it, which also lowers IRQ8. As in QEMU 7.2, PF is
 *   only raised while B.PIE is set; UF every second, AF when the alarm matches (0xC0-0xFF in an
 *   alarm byte matches any value). IRQ8 = IRQF = PF&PIE | AF&AIE | UF&UIE (a level the PIC sees
 *   rise once per read of C).
 * - Register D: 0x80 (valid RAM and time).
 * - CMOS bytes 0x10-0x3F hold what SeaBIOS/QEMU leave there; the memory-size registers (0x15/0x16
 *   base KiB, 0x17/0x18 and 0x30/0x31 KiB above 1 MiB capped at 0xFFFF, 0x34/0x35 64 KiB units
 *   above 16 MiB) follow the machine's RAM size, as QEMU's pc_cmos_init writes them.
 *
 * Sources: Motorola MC146818A data sheet (register map, periodic rates, UIP timing, register C),
 * QEMU 7.2 hw/rtc/mc146818rtc.c and hw/i386/pc.c (values observed by a probe guest).
 * Left out: the divider-chain reset (A bits 4-6), daylight saving (B.DSE), square-wave output.
 */
import type { AccessSize } from "../../cpu/bus";
import type { PortDevice } from "../io-bus";
import { PIT_HZ } from "../layout";

/** The RTC's time base: a 32.768 kHz crystal. */
const RTC_HZ = 32768;
/** UIP is set for the last 244 us of a second: 8 periods of 32.768 kHz. */
const UIP_TICKS = 8;
/** Seconds from 1970-01-01 to the epoch the clock starts at (2000-01-01 00:00:00 UTC). */
const EPOCH = Date.UTC(2000, 0, 1) / 1000;

const REG_A = 0x0a, REG_B = 0x0b, REG_C = 0x0c, REG_D = 0x0d;
const B_SET = 0x80, B_PIE = 0x40, B_AIE = 0x20, B_UIE = 0x10, B_DM = 0x04, B_24H = 0x02;
const C_IRQF = 0x80, C_PF = 0x40, C_AF = 0x20, C_UF = 0x10;

export interface RtcCmosState {
  index: number;
  ram: number[];
  /** Clock seconds (since 1970) at virtual time 0. */
  base: number;
  /** Periodic-interrupt periods and whole seconds already accounted for (in 32 kHz units since boot). */
  periodDone: number;
  secondDone: number;
}

export class RtcCmos implements PortDevice {
  s: RtcCmosState;

  /**
   * @param now virtual time in PIT ticks
   * @param setIrq drives IRQ8
   * @param memoryBytes RAM size, for the memory-size registers
   */
  constructor(private readonly now: () => number, private readonly setIrq: (level: boolean) => void,
    private readonly memoryBytes: number) {
    this.s = this.initialState();
  }

  private initialState(): RtcCmosState {
    const ram = new Array<number>(128).fill(0);
    ram[REG_A] = 0x26; // 32.768 kHz divider, rate 6 (1024 Hz)
    ram[REG_B] = B_24H;
    ram[REG_D] = 0x80;
    ram[0x10] = 0x50; // floppy types, equipment byte, boot flags: as QEMU 7.2 leaves them
    ram[0x14] = 0x07;
    ram[0x37] = 0x20;
    ram[0x38] = 0x30;
    ram[0x3d] = 0x12;
    ram[0x15] = 0x80; // 640 KiB base memory
    ram[0x16] = 0x02;
    const ext = Math.min(0xffff, Math.max(0, Math.floor((this.memoryBytes - 0x100000) / 1024)));
    ram[0x17] = ram[0x30] = ext & 0xff;
    ram[0x18] = ram[0x31] = ext >> 8;
    const above16 = this.memoryBytes > 0x1000000 ? Math.min(0xffff, Math.floor((this.memoryBytes - 0x1000000) / 65536)) : 0;
    ram[0x34] = above16 & 0xff;
    ram[0x35] = above16 >> 8;
    return { index: 0, ram, base: EPOCH, periodDone: 0, secondDone: 0 };
  }

  reset(): void {
    this.s = this.initialState();
    this.setIrq(false);
  }

  save(): RtcCmosState {
    return { ...this.s, ram: this.s.ram.slice() };
  }

  load(s: RtcCmosState): void {
    this.s = { ...s, ram: s.ram.slice() };
    this.setIrq((this.s.ram[REG_C] & C_IRQF) !== 0);
  }

  /** 32.768 kHz periods elapsed at PIT tick `tick`. */
  private rtcTicks(tick: number): number {
    return Math.floor((tick * RTC_HZ) / PIT_HZ);
  }

  /** Periodic interrupt period in 32 kHz units (0: off). QEMU runs it only while B.PIE is set. */
  private period(): number {
    const rate = this.s.ram[REG_A] & 0x0f;
    if (rate === 0 || (this.s.ram[REG_B] & B_PIE) === 0) return 0;
    return rate <= 2 ? 1 << (rate + 6) : 1 << (rate - 1);
  }

  /** Raises the flags due by now (a register access sees them); returns the 32 kHz periods elapsed. */
  private catchUp(): number {
    const tick = this.now();
    this.advanceTo(tick);
    return this.rtcTicks(tick);
  }

  /** Raises the flags due by PIT tick `tick` and drives IRQ8. */
  advanceTo(tick: number): void {
    const s = this.s, ram = s.ram;
    const n = this.rtcTicks(tick);
    const p = this.period();
    if (p > 0) {
      const k = Math.floor(n / p);
      if (k > s.periodDone) ram[REG_C] |= C_PF;
      s.periodDone = k;
    }
    const sec = Math.floor(n / RTC_HZ);
    if (sec > s.secondDone) {
      s.secondDone = sec;
      if ((ram[REG_B] & B_SET) === 0) {
        ram[REG_C] |= C_UF;
        if (this.alarmMatches(n)) ram[REG_C] |= C_AF;
      }
    }
    this.updateIrq();
  }

  /** PIT tick of the next flag that would raise IRQ8, or -1. */
  nextIrqTick(): number {
    const ram = this.s.ram;
    if ((ram[REG_C] & C_IRQF) !== 0) return -1; // the line is high until C is read: no new edge
    let next = -1;
    const p = this.period();
    if (p > 0) next = Math.ceil(((this.s.periodDone + 1) * p * PIT_HZ) / RTC_HZ);
    if ((ram[REG_B] & (B_UIE | B_AIE)) !== 0) {
      const t = (this.s.secondDone + 1) * PIT_HZ;
      if (next < 0 || t < next) next = t;
    }
    return next;
  }

  private updateIrq(): void {
    const ram = this.s.ram;
    const b = ram[REG_B];
    const c = ram[REG_C] & (C_PF | C_AF | C_UF);
    const irq = ((c & C_PF) !== 0 && (b & B_PIE) !== 0) || ((c & C_AF) !== 0 && (b & B_AIE) !== 0) ||
      ((c & C_UF) !== 0 && (b & B_UIE) !== 0);
    ram[REG_C] = c | (irq ? C_IRQF : 0);
    this.setIrq(irq);
  }

  /** Clock seconds (since 1970) at 32 kHz tick `n`. */
  private seconds(n: number): number {
    return this.s.base + Math.floor(n / RTC_HZ);
  }

  private encode(v: number): number {
    return (this.s.ram[REG_B] & B_DM) !== 0 ? v : ((Math.floor(v / 10) << 4) | (v % 10));
  }

  private decode(v: number): number {
    return (this.s.ram[REG_B] & B_DM) !== 0 ? v : ((v >> 4) * 10 + (v & 0x0f));
  }

  private encodeHour(h: number): number {
    if ((this.s.ram[REG_B] & B_24H) !== 0) return this.encode(h);
    return this.encode(h % 12 === 0 ? 12 : h % 12) | (h >= 12 ? 0x80 : 0);
  }

  private decodeHour(v: number): number {
    if ((this.s.ram[REG_B] & B_24H) !== 0) return this.decode(v);
    const h = this.decode(v & 0x7f) % 12;
    return (v & 0x80) !== 0 ? h + 12 : h;
  }

  /** The time registers (0, 2, 4, 6, 7, 8, 9, 0x32) for clock second `t`. */
  private fields(t: number): Map<number, number> {
    const d = new Date(t * 1000);
    return new Map([
      [0x00, this.encode(d.getUTCSeconds())],
      [0x02, this.encode(d.getUTCMinutes())],
      [0x04, this.encodeHour(d.getUTCHours())],
      [0x06, this.encode(d.getUTCDay() + 1)],
      [0x07, this.encode(d.getUTCDate())],
      [0x08, this.encode(d.getUTCMonth() + 1)],
      [0x09, this.encode(d.getUTCFullYear() % 100)],
      [0x32, this.encode(Math.floor(d.getUTCFullYear() / 100))],
    ]);
  }

  private alarmMatches(n: number): boolean {
    const f = this.fields(this.seconds(n));
    const ram = this.s.ram;
    const match = (alarm: number, value: number): boolean => (alarm & 0xc0) === 0xc0 || alarm === value;
    return match(ram[0x01], f.get(0x00)!) && match(ram[0x03], f.get(0x02)!) && match(ram[0x05], f.get(0x04)!);
  }

  /** Sets the clock from the time registers in CMOS RAM (after a write, or when SET is cleared). */
  private rebase(n: number): void {
    const r = this.s.ram;
    const year = this.decode(r[0x32]) * 100 + this.decode(r[0x09]);
    const t = Date.UTC(year, this.decode(r[0x08]) - 1, this.decode(r[0x07]), this.decodeHour(r[0x04]),
      this.decode(r[0x02]), this.decode(r[0x00])) / 1000;
    if (Number.isFinite(t)) this.s.base = t - Math.floor(n / RTC_HZ);
  }

  ioRead(offset: number, _size: AccessSize): number {
    if (offset === 0) return 0xff;
    const n = this.catchUp();
    const ram = this.s.ram, i = this.s.index;
    const frozen = (ram[REG_B] & B_SET) !== 0;
    switch (i) {
      case REG_A:
        return (ram[REG_A] & 0x7f) | (!frozen && n % RTC_HZ >= RTC_HZ - UIP_TICKS ? 0x80 : 0);
      case REG_C: {
        const v = ram[REG_C];
        ram[REG_C] = 0;
        this.setIrq(false);
        return v;
      }
      case 0x00: case 0x02: case 0x04: case 0x06: case 0x07: case 0x08: case 0x09: case 0x32:
        return frozen ? ram[i] : this.fields(this.seconds(n)).get(i)!;
      default:
        return ram[i];
    }
  }

  ioWrite(offset: number, _size: AccessSize, value: number): void {
    value &= 0xff;
    if (offset === 0) {
      this.s.index = value & 0x7f;
      return;
    }
    const n = this.catchUp();
    const ram = this.s.ram, i = this.s.index;
    const frozen = (ram[REG_B] & B_SET) !== 0;
    switch (i) {
      case REG_A:
        ram[REG_A] = value & 0x7f;
        break;
      case REG_B: {
        if (!frozen && (value & B_SET) !== 0) {
          for (const [k, v] of this.fields(this.seconds(n))) ram[k] = v; // freeze what is shown
        }
        const wasPie = (ram[REG_B] & B_PIE) !== 0;
        ram[REG_B] = value;
        if (frozen && (value & B_SET) === 0) this.rebase(n);
        if (!wasPie && (value & B_PIE) !== 0) {
          const p = this.period();
          this.s.periodDone = Math.floor(n / p);
        }
        break;
      }
      case REG_C: case REG_D:
        return; // read-only
      case 0x00: case 0x02: case 0x04: case 0x06: case 0x07: case 0x08: case 0x09: case 0x32:
        if (frozen) {
          ram[i] = value;
        } else {
          for (const [k, v] of this.fields(this.seconds(n))) ram[k] = v;
          ram[i] = value;
          this.rebase(n);
        }
        break;
      default:
        ram[i] = value;
    }
    if (i === REG_A) {
      const p = this.period();
      if (p > 0) this.s.periodDone = Math.floor(n / p);
    }
    this.updateIrq();
  }
}
