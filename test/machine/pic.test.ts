// 8259A pair (Intel 8259A data sheet: ICW1-4, OCW1-3, fully nested priorities, EOI forms,
// rotation, special mask mode, poll, cascade on IR2, spurious IR7) through its ports.
import { describe, expect, it } from "vitest";
import { DualPic } from "../../src/machine/devices/dual-pic";

/** Linux-style initialization: master at `mv`, slave at `sv`, ICW4 = 8086 mode (optionally AEOI). */
function init(pic: DualPic, mv = 0x20, sv = 0x28, icw4 = 0x01): void {
  const m = pic.portDevice(pic.master), s = pic.portDevice(pic.slave);
  m.ioWrite(0, 1, 0x11); m.ioWrite(1, 1, mv); m.ioWrite(1, 1, 0x04); m.ioWrite(1, 1, icw4);
  s.ioWrite(0, 1, 0x11); s.ioWrite(1, 1, sv); s.ioWrite(1, 1, 0x02); s.ioWrite(1, 1, icw4);
  m.ioWrite(1, 1, 0x00); s.ioWrite(1, 1, 0x00);
}
const cmd = (pic: DualPic, chip: "master" | "slave", v: number): void => pic.portDevice(pic[chip]).ioWrite(0, 1, v);
const rd = (pic: DualPic, chip: "master" | "slave", off: number): number => pic.portDevice(pic[chip]).ioRead(off, 1);

describe("8259A pair", () => {
  it("delivers an edge-triggered IRQ with the ICW2 vector and keeps it in service until EOI", () => {
    const pic = new DualPic();
    init(pic);
    expect(pic.intr).toBe(false);
    pic.pulseIrq(0);
    expect(pic.intr).toBe(true);
    cmd(pic, "master", 0x0a); // OCW3: read IRR
    expect(rd(pic, "master", 0)).toBe(0x01);
    expect(pic.acknowledge()).toBe(0x20);
    expect(pic.intr).toBe(false);
    cmd(pic, "master", 0x0b); // OCW3: read ISR
    expect(rd(pic, "master", 0)).toBe(0x01);
    pic.pulseIrq(0); // a new edge while in service: latched in IRR, not delivered (same priority)
    expect(pic.intr).toBe(false);
    cmd(pic, "master", 0x20); // non-specific EOI
    expect(rd(pic, "master", 0)).toBe(0x00);
    expect(pic.intr).toBe(true);
  });

  it("masks with OCW1 and reads the IMR back", () => {
    const pic = new DualPic();
    init(pic);
    pic.portDevice(pic.master).ioWrite(1, 1, 0x01);
    expect(rd(pic, "master", 1)).toBe(0x01);
    pic.pulseIrq(0);
    expect(pic.intr).toBe(false);
    pic.portDevice(pic.master).ioWrite(1, 1, 0x00);
    expect(pic.intr).toBe(true);
  });

  it("orders by fixed priority (IR0 highest) and nests higher priorities", () => {
    const pic = new DualPic();
    init(pic);
    pic.pulseIrq(4);
    expect(pic.acknowledge()).toBe(0x24);
    pic.pulseIrq(1); // higher than the in-service IR4: nests
    expect(pic.intr).toBe(true);
    pic.pulseIrq(6); // lower: waits
    expect(pic.acknowledge()).toBe(0x21);
    expect(pic.intr).toBe(false);
    cmd(pic, "master", 0x20); // EOI clears the highest in service: IR1
    expect(pic.intr).toBe(false);
    cmd(pic, "master", 0x20); // now IR4
    expect(pic.acknowledge()).toBe(0x26);
  });

  it("clears exactly the named level with a specific EOI", () => {
    const pic = new DualPic();
    init(pic);
    pic.pulseIrq(3);
    pic.acknowledge();
    pic.pulseIrq(1);
    pic.acknowledge();
    cmd(pic, "master", 0x63); // specific EOI, level 3
    cmd(pic, "master", 0x0b);
    expect(rd(pic, "master", 0)).toBe(0x02);
  });

  it("cascades the slave through IR2 and needs EOI on both chips", () => {
    const pic = new DualPic();
    init(pic);
    pic.pulseIrq(12);
    expect(pic.intr).toBe(true);
    expect(pic.acknowledge()).toBe(0x2c);
    cmd(pic, "master", 0x0b);
    expect(rd(pic, "master", 0)).toBe(0x04);
    cmd(pic, "slave", 0x0b);
    expect(rd(pic, "slave", 0)).toBe(0x10);
    pic.pulseIrq(9);
    expect(pic.intr).toBe(false); // IR2 in service on the master blocks the slave (fully nested)
    cmd(pic, "slave", 0x20);
    cmd(pic, "master", 0x20);
    expect(pic.acknowledge()).toBe(0x29);
  });

  it("answers IR7 (spurious) when the request went away before INTA", () => {
    const pic = new DualPic();
    init(pic);
    expect(pic.acknowledge()).toBe(0x27);
    cmd(pic, "master", 0x0b);
    expect(rd(pic, "master", 0)).toBe(0); // spurious: not put in service
  });

  it("rotates priorities on rotate-on-EOI and set-priority commands", () => {
    const pic = new DualPic();
    init(pic);
    pic.pulseIrq(0);
    pic.acknowledge();
    cmd(pic, "master", 0xa0); // rotate on non-specific EOI: IR0 becomes lowest
    pic.pulseIrq(0);
    pic.pulseIrq(5);
    expect(pic.acknowledge()).toBe(0x25);
    cmd(pic, "master", 0x20);
    cmd(pic, "master", 0xc4); // set priority: IR4 lowest, so IR5 highest
    pic.pulseIrq(3);
    pic.pulseIrq(6);
    expect(pic.acknowledge()).toBe(0x26);
  });

  it("supports automatic EOI (ICW4.AEOI)", () => {
    const pic = new DualPic();
    init(pic, 0x20, 0x28, 0x03);
    pic.pulseIrq(1);
    expect(pic.acknowledge()).toBe(0x21);
    cmd(pic, "master", 0x0b);
    expect(rd(pic, "master", 0)).toBe(0);
  });

  it("poll command returns 0x80 | level and acknowledges it", () => {
    const pic = new DualPic();
    init(pic);
    pic.pulseIrq(3);
    cmd(pic, "master", 0x0c); // OCW3 with P
    expect(rd(pic, "master", 0)).toBe(0x83);
    cmd(pic, "master", 0x0c);
    expect(rd(pic, "master", 0)).toBe(0x00);
  });

  it("special mask mode lets lower priorities through while a level is masked in service", () => {
    const pic = new DualPic();
    init(pic);
    pic.pulseIrq(1);
    pic.acknowledge();
    pic.pulseIrq(5);
    expect(pic.intr).toBe(false);
    pic.portDevice(pic.master).ioWrite(1, 1, 0x02); // mask IR1
    cmd(pic, "master", 0x68); // OCW3: set special mask
    expect(pic.intr).toBe(true);
    expect(pic.acknowledge()).toBe(0x25);
  });

  it("level-triggered lines (ELCR) follow the line instead of latching an edge", () => {
    const pic = new DualPic();
    init(pic);
    pic.elcr.ioWrite(1, 1, 0x0c); // IRQ 10, 11 level
    expect(pic.elcr.ioRead(1, 1)).toBe(0x0c);
    pic.elcr.ioWrite(0, 1, 0xff);
    expect(pic.elcr.ioRead(0, 1)).toBe(0xf8); // IRQ 0-2 are edge-only on the board
    pic.setIrq(10, true);
    expect(pic.intr).toBe(true);
    pic.setIrq(10, false);
    // The master latched the cascade edge on IR2; with the slave's request gone, INTA gets the
    // slave's IR7 vector (a spurious interrupt), as on real hardware and in QEMU.
    expect(pic.intr).toBe(true);
    expect(pic.acknowledge()).toBe(0x2f);
    cmd(pic, "master", 0x20);
    expect(pic.intr).toBe(false);
    pic.setIrq(3, true); // level (ELCR bit 3): stays requested while high, even after INTA + EOI
    expect(pic.acknowledge()).toBe(0x23);
    cmd(pic, "master", 0x20);
    expect(pic.intr).toBe(true);
  });

  it("starts from the firmware state: vectors 0x08/0x70, IMR 0xB8/0x8E", () => {
    const pic = new DualPic();
    pic.initialize(0x08, 0x70, 0xb8, 0x8e, [0, 0x0c]);
    expect(rd(pic, "master", 1)).toBe(0xb8);
    expect(rd(pic, "slave", 1)).toBe(0x8e);
    pic.pulseIrq(0);
    expect(pic.acknowledge()).toBe(0x08);
    pic.pulseIrq(8);
    cmd(pic, "master", 0x20);
    expect(pic.intr).toBe(true);
    expect(pic.acknowledge()).toBe(0x70);
  });

  it("snapshots as plain data", () => {
    const pic = new DualPic();
    init(pic);
    pic.pulseIrq(5);
    const saved = structuredClone(pic.save());
    pic.acknowledge();
    pic.load(saved);
    expect(pic.intr).toBe(true);
    expect(pic.acknowledge()).toBe(0x25);
  });
});
