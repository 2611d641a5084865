// The BIOS data area a Multiboot kernel finds at entry (values SeaBIOS leaves under QEMU; the
// corpus program boot-bios-data-area compares them with QEMU itself).
import { join } from "path";
import { describe, expect, it } from "vitest";
import { Machine } from "../../src/machine/machine";
import { nasmAssembleFile } from "../helpers/oracles";

describe("BIOS data area at Multiboot entry", () => {
  it("holds COM1, LPT1, EBDA segment, base memory and text-mode words; ticks start at 0", () => {
    const corpus = join(__dirname, "..", "corpus");
    const m = new Machine({ memory: "64M" });
    m.memory.ram.fill(0xaa, 0x400, 0x500); // loadMultiboot rewrites the whole area
    m.loadMultiboot(nasmAssembleFile(join(corpus, "boot-bios-data-area.asm"), [corpus]));
    const ram = m.memory.ram;
    const w = (a: number): number => ram[a] | (ram[a + 1] << 8);
    expect([w(0x400), w(0x402), w(0x408), w(0x40e), w(0x413), ram[0x449], w(0x44a), w(0x463), ram[0x484]])
      .toEqual([0x3f8, 0, 0x378, 0x9fc0, 639, 3, 80, 0x3d4, 24]);
    expect(w(0x46c) | w(0x46e)).toBe(0);
    expect(m.run({ maxInstructions: 5_000_000 })).toEqual({ kind: "debug-exit", value: 0 });
    expect(m.serialOutput()).toContain("printed through the BDA's COM1\n");
  });
});
