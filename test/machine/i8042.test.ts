// 8042 keyboard controller + PS/2 replies (IBM PC/AT Technical Reference; reply bytes as QEMU's
// i8042/ps2 give them) and port 0x92: status bits, the reply queue, IRQ1/IRQ12 levels, resets.
import { describe, expect, it } from "vitest";
import { I8042 } from "../../src/machine/devices/i8042";

function make(): { kbc: I8042; irqs: Map<number, boolean>; resets: number[] } {
  const irqs = new Map<number, boolean>();
  const resets: number[] = [];
  const kbc = new I8042((irq, level) => irqs.set(irq, level), () => resets.push(1));
  return { kbc, irqs, resets };
}
const drain = (kbc: I8042): number[] => {
  const out: number[] = [];
  while ((kbc.ioRead(4, 1) & 1) !== 0) out.push(kbc.ioRead(0, 1));
  return out;
};

describe("8042 keyboard controller", () => {
  it("starts as SeaBIOS leaves it: status 0x1C, last byte 0xFA, command byte 0x61, output port 0xCF", () => {
    const { kbc } = make();
    expect(kbc.ioRead(4, 1)).toBe(0x1c);
    expect(kbc.ioRead(0, 1)).toBe(0xfa);
    kbc.ioWrite(4, 1, 0x20);
    expect(kbc.ioRead(4, 1)).toBe(0x1d);
    expect(drain(kbc)).toEqual([0x61]);
    kbc.ioWrite(4, 1, 0xd0);
    expect(drain(kbc)).toEqual([0xcf]);
    expect(kbc.ioRead(0, 1)).toBe(0xcf); // empty buffer: the last byte again
  });

  it("controller tests and keyboard replies", () => {
    const { kbc } = make();
    for (const c of [0xaa, 0xab, 0xa9]) kbc.ioWrite(4, 1, c);
    expect(drain(kbc)).toEqual([0x55, 0x00, 0x00]);
    kbc.ioWrite(0, 1, 0xf2);
    kbc.ioWrite(0, 1, 0xff);
    kbc.ioWrite(0, 1, 0xed);
    kbc.ioWrite(0, 1, 0x07); // LED argument
    kbc.ioWrite(0, 1, 0x12); // not a command
    expect(drain(kbc)).toEqual([0xfa, 0xab, 0x41, 0xfa, 0xaa, 0xfa, 0xfa, 0xfe]);
  });

  it("IRQ1 follows keyboard data and command byte bit 0; IRQ12 mouse data and bit 1", () => {
    const { kbc, irqs } = make();
    kbc.ioWrite(0, 1, 0xee);
    expect(irqs.get(1)).toBe(true);
    kbc.ioRead(0, 1);
    expect(irqs.get(1)).toBe(false);
    kbc.ioWrite(4, 1, 0x60);
    kbc.ioWrite(0, 1, 0x60); // interrupts off
    kbc.ioWrite(0, 1, 0xee);
    expect(irqs.get(1)).toBe(false);
    drain(kbc);
    kbc.ioWrite(4, 1, 0x60);
    kbc.ioWrite(0, 1, 0x03);
    kbc.ioWrite(4, 1, 0xd4);
    kbc.ioWrite(0, 1, 0xf2);
    expect(kbc.ioRead(4, 1) & 0x21).toBe(0x21);
    expect(irqs.get(12)).toBe(true);
    expect(drain(kbc)).toEqual([0xfa, 0x00]);
    expect(irqs.get(12)).toBe(false);
  });

  it("resets: command 0xFE, output port bit 0 cleared, port 0x92 bit 0", () => {
    const { kbc, resets } = make();
    kbc.ioWrite(4, 1, 0xd1);
    kbc.ioWrite(0, 1, 0xdf);
    expect(resets.length).toBe(0);
    kbc.ioWrite(4, 1, 0xfe);
    expect(resets.length).toBe(1);
    expect(kbc.port92.ioRead(0, 1)).toBe(0x02);
    kbc.port92.ioWrite(0, 1, 0x03);
    expect(resets.length).toBe(2);
  });

  it("snapshot round trip keeps the queue", () => {
    const { kbc } = make();
    kbc.ioWrite(0, 1, 0xf2);
    const other = make().kbc;
    other.load(kbc.save());
    expect(drain(other)).toEqual([0xfa, 0xab, 0x41]);
    expect(drain(kbc)).toEqual([0xfa, 0xab, 0x41]);
  });
});
