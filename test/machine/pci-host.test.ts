// PCI configuration mechanism #1 (PCI Local Bus Specification 3.0, 3.2.2.3.2; BAR sizing 6.2.5.1)
// over QEMU's default pc functions; the corpus program pci-enumerate compares a whole enumeration
// with QEMU itself.
import { describe, expect, it } from "vitest";
import { PciHost } from "../../src/machine/devices/pci-host";

function make(): { pci: PciHost; resets: number[] } {
  const resets: number[] = [];
  return { pci: new PciHost(() => resets.push(1)), resets };
}
const read = (pci: PciHost, addr: number, lane = 0, size: 1 | 2 | 4 = 4): number => {
  pci.ioWrite(0, 4, addr);
  return pci.ioRead(4 + lane, size);
};
const write = (pci: PciHost, addr: number, value: number): void => {
  pci.ioWrite(0, 4, addr);
  pci.ioWrite(4, 4, value);
};

describe("PCI configuration mechanism #1", () => {
  it("lists the i440FX, PIIX3 ISA/IDE, PIIX4 ACPI, VGA and e1000 functions on bus 0", () => {
    const { pci } = make();
    const found: string[] = [];
    for (let devfn = 0; devfn < 256; devfn++) {
      const id = read(pci, 0x80000000 | (devfn << 8));
      if (id !== 0xffffffff) found.push(`${devfn.toString(16)}:${id.toString(16)}`);
    }
    expect(found).toEqual(["0:12378086", "8:70008086", "9:70108086", "b:71138086", "10:11111234", "18:100e8086"]);
    expect(read(pci, 0x80000800 | 0x0c, 2, 1)).toBe(0x80); // ISA bridge: multi-function header
    expect(read(pci, 0x80000000, 1, 1)).toBe(0x80); // byte lane 1 of the vendor ID
  });

  it("answers all ones without the enable bit, for absent devices and other buses", () => {
    const { pci } = make();
    expect(read(pci, 0x00000000)).toBe(0xffffffff);
    expect(read(pci, 0x80001f00)).toBe(0xffffffff);
    expect(read(pci, 0x80010000)).toBe(0xffffffff);
    pci.ioWrite(0, 4, 0x80001234);
    expect(pci.ioRead(0, 4)).toBe(0x80001234);
  });

  it("sizes BARs, keeps read-only registers, writes the command register and interrupt line", () => {
    const { pci } = make();
    write(pci, 0x80001810, 0xffffffff);
    expect(read(pci, 0x80001810)).toBe(0xfffe0000);
    write(pci, 0x80001814, 0xffffffff);
    expect(read(pci, 0x80001814)).toBe(0xffffffc1);
    write(pci, 0x80001800, 0); // IDs are read-only
    expect(read(pci, 0x80001800)).toBe(0x100e8086);
    write(pci, 0x80001804, 0xffff0007);
    expect(read(pci, 0x80001804)).toBe(0x00000007);
    write(pci, 0x8000183c, 0x0000010a);
    expect(read(pci, 0x8000183c)).toBe(0x0000010a);
  });

  it("port 0xCF9 bit 2 resets; state survives a snapshot", () => {
    const { pci, resets } = make();
    pci.ioWrite(1, 1, 0x02);
    expect(resets.length).toBe(0);
    pci.ioWrite(1, 1, 0x06);
    expect(resets.length).toBe(1);
    write(pci, 0x8000183c, 0x0000010c);
    const other = make().pci;
    other.load(pci.save());
    expect(read(other, 0x8000183c)).toBe(0x0000010c);
  });
});
