/**
 * Builds a small protected-mode world in a fake CPU's RAM for unit tests: a flat GDT
 * (0x08 ring-0 code, 0x10 ring-0 data, 0x1B ring-3 code, 0x23 ring-3 data, 0x28 32-bit TSS),
 * an IDT and a TSS with SS0:ESP0 = 0x10:0x9000, and loads the segment caches as a Multiboot
 * loader leaves them (flat 32-bit, CPL 0, paging off).
 */
import { makeGateDescriptor, makeSegmentDescriptor } from "../../../src/cpu/descriptor";
import { setSegmentCache } from "../../../src/cpu/segmentation";
import { CR0_PE, CS, DS, ES, FS, GS, SS, TR, ESP } from "../../../src/cpu/state";
import { fakeCpu, w32 } from "./fakecpu";

export const GDT = 0x10000, IDT = 0x11000, TSS = 0x12000;
export const KCODE = 0x08, KDATA = 0x10, UCODE = 0x1b, UDATA = 0x23, TSSSEL = 0x28;

export type FakeCpu = ReturnType<typeof fakeCpu>;

export function putDesc(cpu: FakeCpu, addr: number, d: [number, number]): void {
  w32(cpu.bus.ram, addr, d[0]);
  w32(cpu.bus.ram, addr + 4, d[1]);
}

export function gdtEntry(cpu: FakeCpu, sel: number, d: [number, number]): void {
  putDesc(cpu, GDT + (sel & ~7), d);
}

export function idtEntry(cpu: FakeCpu, vector: number, d: [number, number]): void {
  putDesc(cpu, IDT + vector * 8, d);
}

/** Interrupt gate (type 0Eh) to KCODE:offset with the given DPL. */
export function intGate(offset: number, dpl = 0, type = 0xe): [number, number] {
  return makeGateDescriptor(KCODE, offset, type, dpl);
}

export function protectedWorld() {
  const cpu = fakeCpu();
  const s = cpu.state;
  s.cr[0] = CR0_PE;
  gdtEntry(cpu, KCODE, makeSegmentDescriptor(0, 0xfffff, 0xb, { dpl: 0, g: true }));
  gdtEntry(cpu, KDATA, makeSegmentDescriptor(0, 0xfffff, 0x3, { dpl: 0, g: true }));
  gdtEntry(cpu, UCODE, makeSegmentDescriptor(0, 0xfffff, 0xb, { dpl: 3, g: true }));
  gdtEntry(cpu, UDATA, makeSegmentDescriptor(0, 0xfffff, 0x3, { dpl: 3, g: true }));
  gdtEntry(cpu, TSSSEL, makeSegmentDescriptor(TSS, 103, 0xb, { s: false, dpl: 0, db: false }));
  s.gdtrBase = GDT;
  s.gdtrLimit = 6 * 8 - 1;
  s.idtrBase = IDT;
  s.idtrLimit = 256 * 8 - 1;
  w32(cpu.bus.ram, TSS + 4, 0x9000); // ESP0
  w32(cpu.bus.ram, TSS + 8, KDATA); // SS0
  const k = makeSegmentDescriptor(0, 0xfffff, 0xb, { dpl: 0, g: true });
  const d = makeSegmentDescriptor(0, 0xfffff, 0x3, { dpl: 0, g: true });
  setSegmentCache(s, CS, KCODE, k[0], k[1]);
  for (const r of [SS, DS, ES, FS, GS]) setSegmentCache(s, r, KDATA, d[0], d[1]);
  const t = makeSegmentDescriptor(TSS, 103, 0xb, { s: false, dpl: 0, db: false });
  setSegmentCache(s, TR, TSSSEL, t[0], t[1]);
  s.regs[ESP] = 0x8000;
  s.cpl = 0;
  return cpu;
}

/** Switches the world to ring 3 (CS 0x1B, SS/DS/ES 0x23) with ESP = esp. */
export function enterRing3(cpu: FakeCpu, esp: number): void {
  const s = cpu.state;
  const c = makeSegmentDescriptor(0, 0xfffff, 0xb, { dpl: 3, g: true });
  const d = makeSegmentDescriptor(0, 0xfffff, 0x3, { dpl: 3, g: true });
  setSegmentCache(s, CS, UCODE, c[0], c[1]);
  for (const r of [SS, DS, ES, FS, GS]) setSegmentCache(s, r, UDATA, d[0], d[1]);
  s.regs[ESP] = esp;
  s.cpl = 3;
}
