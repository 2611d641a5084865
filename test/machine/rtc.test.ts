// MC146818 RTC / CMOS (Motorola MC146818A data sheet: registers A-D, periodic rates, register C
// cleared by reading; QEMU 7.2 pc_cmos_init for the memory-size bytes) on a fake virtual clock in
// PIT ticks, and the machine waking a halted CPU with IRQ8 through the slave 8259A.
import { join } from "path";
import { describe, expect, it } from "vitest";
import { nasmAssembleFile } from "../helpers/oracles";
import { RtcCmos } from "../../src/machine/devices/rtc-cmos";
import { MiB, PIT_HZ } from "../../src/machine/layout";
import { Machine } from "../../src/machine/machine";

function make(memory = 64 * MiB): { rtc: RtcCmos; clock: { t: number }; irq: boolean[] } {
  const clock = { t: 0 };
  const irq: boolean[] = [];
  const rtc = new RtcCmos(() => clock.t, (level) => irq.push(level), memory);
  return { rtc, clock, irq };
}
const read = (rtc: RtcCmos, reg: number): number => {
  rtc.ioWrite(0, 1, reg);
  return rtc.ioRead(1, 1);
};
const write = (rtc: RtcCmos, reg: number, v: number): void => {
  rtc.ioWrite(0, 1, reg);
  rtc.ioWrite(1, 1, v);
};

describe("MC146818 RTC / CMOS", () => {
  it("memory-size registers follow the RAM size as QEMU writes them", () => {
    const bytes = (rtc: RtcCmos): number[] => [0x15, 0x16, 0x17, 0x18, 0x30, 0x31, 0x34, 0x35].map((r) => read(rtc, r));
    expect(bytes(make(64 * MiB).rtc)).toEqual([0x80, 0x02, 0x00, 0xfc, 0x00, 0xfc, 0x00, 0x03]);
    expect(bytes(make(128 * MiB).rtc)).toEqual([0x80, 0x02, 0xff, 0xff, 0xff, 0xff, 0x00, 0x07]);
    expect(bytes(make(16 * MiB).rtc)).toEqual([0x80, 0x02, 0x00, 0x3c, 0x00, 0x3c, 0x00, 0x00]);
  });

  it("status registers and the write-only index port", () => {
    const { rtc } = make();
    expect(read(rtc, 0x0a)).toBe(0x26);
    expect(read(rtc, 0x0b)).toBe(0x02);
    expect(read(rtc, 0x0d)).toBe(0x80);
    expect(rtc.ioRead(0, 1)).toBe(0xff);
    write(rtc, 0x0d, 0);
    expect(read(rtc, 0x0d)).toBe(0x80); // read-only
  });

  it("time of day in BCD from a fixed epoch, advancing with virtual time; binary mode; setting the clock", () => {
    const { rtc, clock } = make();
    const time = (): number[] => [0x09, 0x08, 0x07, 0x04, 0x02, 0x00, 0x06, 0x32].map((r) => read(rtc, r));
    expect(time()).toEqual([0x00, 0x01, 0x01, 0x00, 0x00, 0x00, 0x07, 0x20]); // 2000-01-01 (Saturday)
    clock.t = (3600 + 23 * 60 + 45) * PIT_HZ;
    expect(time()).toEqual([0x00, 0x01, 0x01, 0x01, 0x23, 0x45, 0x07, 0x20]);
    write(rtc, 0x0b, 0x06); // binary, 24 h
    expect(time()).toEqual([0, 1, 1, 1, 23, 45, 7, 20]);
    write(rtc, 0x0b, 0x86); // SET: frozen for writing
    write(rtc, 0x04, 13);
    clock.t += 10 * PIT_HZ;
    expect(read(rtc, 0x04)).toBe(13);
    expect(read(rtc, 0x00)).toBe(45);
    write(rtc, 0x0b, 0x06); // running again from 13:23:45
    write(rtc, 0x0b, 0x04); // 12-hour binary
    clock.t += 5 * PIT_HZ;
    expect([read(rtc, 0x04), read(rtc, 0x02), read(rtc, 0x00)]).toEqual([0x81, 23, 50]);
  });

  it("UIP is set only in the last 244 us of a second", () => {
    const { rtc, clock } = make();
    clock.t = Math.floor(PIT_HZ / 2);
    expect(read(rtc, 0x0a) & 0x80).toBe(0);
    clock.t = PIT_HZ - 100; // 84 us before the update
    expect(read(rtc, 0x0a) & 0x80).toBe(0x80);
  });

  it("periodic interrupt: PF and IRQF at the programmed rate while PIE is set, cleared by reading C", () => {
    const { rtc, clock, irq } = make();
    write(rtc, 0x0a, 0x2a); // rate 10: 512 periods of 32768 Hz (64 Hz)
    expect(rtc.nextIrqTick()).toBe(-1); // PIE clear: QEMU runs no periodic timer
    write(rtc, 0x0b, 0x42);
    const next = rtc.nextIrqTick();
    expect(next).toBe(Math.ceil((512 * PIT_HZ) / 32768));
    clock.t = next - 1;
    rtc.advanceTo(clock.t);
    expect(irq.at(-1)).toBe(false);
    clock.t = next;
    rtc.advanceTo(clock.t);
    expect(irq.at(-1)).toBe(true);
    expect(rtc.nextIrqTick()).toBe(-1); // the line stays high until C is read
    expect(read(rtc, 0x0c)).toBe(0xc0);
    expect(irq.at(-1)).toBe(false);
    expect(read(rtc, 0x0c)).toBe(0x00);
    write(rtc, 0x0b, 0x02);
    clock.t += PIT_HZ / 2;
    expect(read(rtc, 0x0c) & 0x40).toBe(0);
  });

  it("update-ended flag every second, IRQ only with UIE", () => {
    const { rtc, clock, irq } = make();
    clock.t = PIT_HZ;
    rtc.advanceTo(clock.t);
    expect(irq.includes(true)).toBe(false);
    expect(read(rtc, 0x0c)).toBe(0x10);
    write(rtc, 0x0b, 0x12);
    expect(rtc.nextIrqTick()).toBe(2 * PIT_HZ);
    clock.t = 2 * PIT_HZ;
    rtc.advanceTo(clock.t);
    expect(irq.at(-1)).toBe(true);
    expect(read(rtc, 0x0c)).toBe(0x90);
  });

  it("a halted CPU is woken by IRQ8 through the slave PIC (corpus rtc-cmos-irq8); snapshot keeps the RTC", () => {
    const corpus = join(__dirname, "..", "corpus");
    const m = new Machine({ memory: "64M" });
    m.loadMultiboot(nasmAssembleFile(join(corpus, "rtc-cmos-irq8.asm"), [corpus]));
    const stop = m.run({ maxInstructions: 20_000_000 });
    expect(stop).toEqual({ kind: "debug-exit", value: 0 });
    expect(m.serialOutput()).toContain("irqs=00000005 c=000000C0");
    const snap = m.snapshot();
    expect(snap.rtc.ram[0x0a]).toBe(0x2a);
    const other = new Machine({ memory: "64M" });
    other.restore(snap);
    expect(other.rtc.save()).toEqual(m.rtc.save());
  });
});
