// Memory sizes (QEMU -m conventions) and the physical memory array; layout of src/machine/memory.ts.
import { describe, expect, it } from "vitest";
import { MemorySizeError, parseMemorySize, PhysicalMemory } from "../../src/machine/memory";

describe("parseMemorySize", () => {
  it.each([
    ["64M", 64 << 20], ["64m", 64 << 20], ["64MiB", 64 << 20], ["64MB", 64 << 20], ["1G", 1 << 30],
    ["4096K", 4 << 20], ["128", 128 << 20], [" 32M ", 32 << 20], [16 << 20, 16 << 20],
  ])("%s", (text, bytes) => {
    expect(parseMemorySize(text)).toBe(bytes);
  });

  it.each([
    ["lots", /bad memory size 'lots'/], ["64X", /bad memory size/], ["-1M", /bad memory size/], ["", /bad memory size/],
    ["1M", /below the minimum/], ["3G", /above the maximum/], ["5000000b", /multiple of 4 KiB/], [0, /bad memory size/],
  ])("rejects %s with a one-line message", (text, re) => {
    let err: unknown;
    try {
      parseMemorySize(text as string);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(MemorySizeError);
    expect((err as Error).message).toMatch(re);
    expect((err as Error).message).not.toContain("\n");
  });
});

describe("PhysicalMemory", () => {
  it("reads and writes little-endian words and refuses ranges outside RAM", () => {
    const m = new PhysicalMemory(2 << 20);
    m.write32(0x1000, 0xdeadbeef);
    expect([...m.ram.subarray(0x1000, 0x1004)]).toEqual([0xef, 0xbe, 0xad, 0xde]);
    expect(m.read32(0x1000)).toBe(0xdeadbeef);
    expect(() => m.write((2 << 20) - 2, new Uint8Array(4))).toThrow(/outside RAM/);
    expect(() => m.fill(-1, 2)).toThrow(/outside RAM/);
  });
});
