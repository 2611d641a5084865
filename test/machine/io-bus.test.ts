// Port I/O routing (SDM Vol. 1, 19.2): devices see offsets; wide accesses split into bytes unless the
// device takes them whole; unclaimed ports read all ones and drop writes.
import { describe, expect, it } from "vitest";
import type { AccessSize } from "../../src/cpu/bus";
import { MmioBus, PortBus, type PortDevice } from "../../src/machine/io-bus";

class Recorder implements PortDevice {
  log: string[] = [];
  constructor(readonly wide = false) {}
  ioRead(offset: number, size: AccessSize): number {
    this.log.push(`r${offset}/${size}`);
    return 0x10 + offset;
  }
  ioWrite(offset: number, size: AccessSize, value: number): void {
    this.log.push(`w${offset}/${size}=${value.toString(16)}`);
  }
}

describe("PortBus", () => {
  it("gives devices offsets from their base", () => {
    const bus = new PortBus();
    const d = new Recorder();
    bus.register("d", 0x3f8, 8, d);
    expect(bus.read(0x3fd, 1)).toBe(0x15);
    bus.write(0x3f8, 1, 0x41);
    expect(d.log).toEqual(["r5/1", "w0/1=41"]);
    expect(bus.owner(0x3ff)).toBe("d");
    expect(bus.owner(0x400)).toBeUndefined();
  });

  it("reads unclaimed ports as all ones and ignores writes", () => {
    const bus = new PortBus();
    expect(bus.read(0x1234, 1)).toBe(0xff);
    expect(bus.read(0x1234, 2)).toBe(0xffff);
    expect(bus.read(0x1234, 4)).toBe(0xffffffff);
    bus.write(0x1234, 4, 0x12345678); // no throw
  });

  it("splits a 16/32-bit access over byte devices, little-endian, across device boundaries", () => {
    const bus = new PortBus();
    const d = new Recorder();
    bus.register("d", 0x40, 2, d);
    expect(bus.read(0x40, 4)).toBe(0xffff1110 >>> 0);
    bus.write(0x41, 2, 0xabcd);
    expect(d.log).toEqual(["r0/1", "r1/1", "w1/1=cd"]);
  });

  it("hands whole accesses to wide devices", () => {
    const bus = new PortBus();
    const d = new Recorder(true);
    bus.register("exit", 0xf4, 4, d);
    bus.write(0xf4, 4, 0x11223344);
    bus.write(0xf6, 4, 0x55); // sticks out of the range: split
    expect(d.log).toEqual(["w0/4=11223344", "w2/1=55", "w3/1=0"]);
  });

  it("refuses overlapping registrations", () => {
    const bus = new PortBus();
    bus.register("a", 0x20, 2, new Recorder());
    expect(() => bus.register("b", 0x21, 2, new Recorder())).toThrow(/already belongs to a/);
  });
});

describe("MmioBus", () => {
  it("routes by range and reads unclaimed addresses as 0 (QEMU unassigned memory)", () => {
    const bus = new MmioBus();
    const seen: number[] = [];
    bus.register("dev", 0xfec00000, 0x1000, {
      mmioRead: (off) => off,
      mmioWrite: (off, _s, v) => seen.push(off, v),
    });
    expect(bus.read(0xfec00010, 4)).toBe(0x10);
    bus.write(0xfec00020, 4, 7);
    expect(seen).toEqual([0x20, 7]);
    expect(bus.read(0xe0000000, 4)).toBe(0);
    expect(bus.read(0xe0000000, 2)).toBe(0);
  });
});
