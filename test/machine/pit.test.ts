// 8254 PIT (Intel 8254 data sheet: control word, counter latch, read-back, modes 0/2/3/4) driven by
// a fake virtual clock; IRQ0 edges are reported at exact ticks.
import { describe, expect, it } from "vitest";
import { Pit8254 } from "../../src/machine/devices/pit8254";
import { SystemControlB } from "../../src/machine/devices/system-control";

function make(): { pit: Pit8254; clock: { t: number }; edges: number[] } {
  const clock = { t: 1000 };
  const edges: number[] = [];
  const pit = new Pit8254(() => clock.t, () => edges.push(clock.t));
  return { pit, clock, edges };
}
const program = (pit: Pit8254, ch: number, control: number, count: number): void => {
  pit.ioWrite(3, 1, control);
  pit.ioWrite(ch, 1, count & 0xff);
  pit.ioWrite(ch, 1, count >> 8);
};
const latchRead = (pit: Pit8254, ch: number): number => {
  pit.ioWrite(3, 1, ch << 6); // counter latch command
  return pit.ioRead(ch, 1) | (pit.ioRead(ch, 1) << 8);
};

describe("8254 PIT", () => {
  it("mode 2 counts down from N and raises IRQ0 every N ticks", () => {
    const { pit, clock, edges } = make();
    program(pit, 0, 0x34, 1000); // counter 0, lo/hi, mode 2
    expect(latchRead(pit, 0)).toBe(1000);
    clock.t += 250;
    expect(latchRead(pit, 0)).toBe(750);
    expect(pit.nextIrqTick()).toBe(2000);
    clock.t = 1999;
    pit.advanceTo(clock.t);
    expect(edges).toEqual([]);
    clock.t = 2000;
    pit.advanceTo(clock.t);
    expect(edges).toEqual([2000]);
    expect(pit.nextIrqTick()).toBe(3000);
    clock.t = 5500; // several periods late: one pulse (the PIC holds one request), next edge on the grid
    pit.advanceTo(clock.t);
    expect(edges.length).toBe(2);
    expect(pit.nextIrqTick()).toBe(6000);
    expect(latchRead(pit, 0)).toBe(500);
  });

  it("a latched value survives until read, even as the counter moves", () => {
    const { pit, clock } = make();
    program(pit, 0, 0x34, 0x1234);
    clock.t += 0x34;
    pit.ioWrite(3, 1, 0x00);
    clock.t += 0x100;
    pit.ioWrite(3, 1, 0x00); // a second latch before reading is ignored
    expect(pit.ioRead(0, 1)).toBe(0x00);
    expect(pit.ioRead(0, 1)).toBe(0x12);
  });

  it("mode 3 (square wave) decrements by two and edges every N ticks", () => {
    const { pit, clock, edges } = make();
    program(pit, 0, 0x36, 100);
    clock.t += 10;
    expect(latchRead(pit, 0)).toBe(80);
    expect(pit.out(0)).toBe(true);
    clock.t += 50;
    expect(pit.out(0)).toBe(false);
    clock.t = 1100;
    pit.advanceTo(clock.t);
    expect(edges).toEqual([1100]);
  });

  it("mode 0 raises OUT once at terminal count", () => {
    const { pit, clock, edges } = make();
    program(pit, 0, 0x30, 50);
    expect(pit.out(0)).toBe(false);
    expect(pit.nextIrqTick()).toBe(1050);
    clock.t = 1050;
    pit.advanceTo(clock.t);
    expect(edges).toEqual([1050]);
    expect(pit.out(0)).toBe(true);
    expect(pit.nextIrqTick()).toBe(-1);
  });

  it("LSB-only and MSB-only access modes", () => {
    const { pit, clock } = make();
    pit.ioWrite(3, 1, 0x14); // counter 0, LSB only, mode 2
    pit.ioWrite(0, 1, 200);
    clock.t += 20;
    expect(pit.ioRead(0, 1)).toBe(180);
    pit.ioWrite(3, 1, 0x24); // MSB only
    pit.ioWrite(0, 1, 0x02); // count 0x200
    clock.t += 0x10;
    expect(pit.ioRead(0, 1)).toBe(0x01);
  });

  it("read-back returns status (OUT, access, mode; no null count, as QEMU) then the latched count", () => {
    const { pit, clock } = make();
    pit.ioWrite(3, 1, 0xb0); // counter 2, lo/hi, mode 0
    pit.ioWrite(3, 1, 0xe8); // read-back status of counter 2
    expect(pit.ioRead(2, 1)).toBe(0x30); // OUT low (the power-on count of 65536 is still running), lo/hi, mode 0
    program(pit, 2, 0xb0, 300);
    clock.t += 100;
    pit.ioWrite(3, 1, 0xc8); // read-back count and status of counter 2
    expect(pit.ioRead(2, 1)).toBe(0x30);
    expect(pit.ioRead(2, 1) | (pit.ioRead(2, 1) << 8)).toBe(200);
  });

  it("count 0 means 65536; reprogramming calls onReschedule", () => {
    const { pit } = make();
    let resched = 0;
    pit.onReschedule = () => resched++;
    program(pit, 0, 0x34, 0);
    expect(pit.nextIrqTick()).toBe(1000 + 65536);
    expect(resched).toBe(1);
  });

  it("counter 2's gate retriggers mode 2 on a rising edge", () => {
    const { pit, clock } = make();
    pit.setGate(2, false);
    program(pit, 2, 0xb4, 100);
    clock.t += 30;
    pit.setGate(2, true);
    clock.t += 10;
    expect(latchRead(pit, 2)).toBe(90);
  });

  it("snapshots as plain data", () => {
    const { pit, clock } = make();
    program(pit, 0, 0x34, 1000);
    const saved = structuredClone(pit.save());
    program(pit, 0, 0x34, 7);
    pit.load(saved);
    clock.t += 1;
    expect(latchRead(pit, 0)).toBe(999);
    expect(pit.nextIrqTick()).toBe(2000);
  });

  it("port 0x61 gates counter 2 and shows its OUT in bit 5 (Linux's PIT calibration loop)", () => {
    const { pit, clock } = make();
    const port61 = new SystemControlB(pit, () => clock.t);
    port61.ioWrite(0, 1, 0x00); // gate low, speaker off
    pit.ioWrite(3, 1, 0xb0); // counter 2, lo/hi, mode 0
    pit.ioWrite(2, 1, 0xff);
    pit.ioWrite(2, 1, 0xff); // 65535 ticks
    port61.ioWrite(0, 1, 0x01); // gate high
    expect(port61.ioRead(0, 1) & 0x21).toBe(0x01); // OUT2 low while counting
    clock.t += 65535;
    expect(port61.ioRead(0, 1) & 0x20).toBe(0x20); // terminal count reached
    const r1 = port61.ioRead(0, 1) & 0x10;
    clock.t += 18; // one DRAM refresh period (15.085 us) later the refresh bit has toggled
    expect(port61.ioRead(0, 1) & 0x10).not.toBe(r1);
  });
});
