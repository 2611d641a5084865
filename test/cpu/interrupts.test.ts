/**
 * Interrupt and exception delivery in protected mode (SDM Vol. 3A, 6.12 "Exception and Interrupt
 * Handling", 6.13 "Error Code", 6.15 Table 6-5 "Conditions for Generating a Double Fault";
 * Vol. 2A "INT n" protected-mode pseudocode). Frames and error codes are worked out from those
 * sections: error code of an IDT reference = vector * 8 + 2 (IDT bit) + EXT.
 */
import { describe, expect, it } from "vitest";
import { makeGateDescriptor, makeSegmentDescriptor } from "../../src/cpu/descriptor";
import { CpuException, DF, GP, PF_, TS } from "../../src/cpu/exception";
import { getEflags, setEflags } from "../../src/cpu/flags";
import { deliver } from "../../src/cpu/interrupts";
import { CS, ESP, IF, SS, TF } from "../../src/cpu/state";
import { r32, w32 } from "./helpers/fakecpu";
import { enterRing3, idtEntry, intGate, KCODE, KDATA, protectedWorld, TSS, UCODE, UDATA, gdtEntry } from "./helpers/tables";

function frame(cpu: ReturnType<typeof protectedWorld>, esp: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => r32(cpu.bus.ram, esp + 4 * i));
}

function thrown(fn: () => void): CpuException {
  try {
    fn();
  } catch (e) {
    if (e instanceof CpuException) return e;
    throw e;
  }
  throw new Error("expected an exception");
}

describe("delivery through interrupt and trap gates (6.12.1)", () => {
  it("same privilege: pushes EFLAGS, CS, EIP, error code; an interrupt gate clears IF and TF", () => {
    const cpu = protectedWorld();
    const s = cpu.state;
    idtEntry(cpu, 13, intGate(0x4000));
    s.eip = 0x1234;
    setEflags(s, 0x202 | TF);
    deliver(cpu, GP, { errorCode: 0x18 });
    expect(s.regs[ESP]).toBe(0x8000 - 16);
    expect(frame(cpu, 0x8000 - 16, 4)).toEqual([0x18, 0x1234, KCODE, 0x302]);
    expect(s.eip).toBe(0x4000);
    expect(getEflags(s) & (IF | TF)).toBe(0);
  });

  it("a trap gate leaves IF set", () => {
    const cpu = protectedWorld();
    idtEntry(cpu, 3, intGate(0x4000, 3, 0xf));
    setEflags(cpu.state, 0x202);
    deliver(cpu, 3, { software: true });
    expect(getEflags(cpu.state) & IF).toBe(IF);
  });

  it("ring 3 -> ring 0: switches to SS0:ESP0 from the TSS and pushes SS, ESP, EFLAGS, CS, EIP", () => {
    const cpu = protectedWorld();
    const s = cpu.state;
    idtEntry(cpu, 0x80, intGate(0x5000, 3));
    enterRing3(cpu, 0x7000);
    s.eip = 0x2002;
    setEflags(s, 0x202);
    deliver(cpu, 0x80, { software: true });
    expect(s.cpl).toBe(0);
    expect(s.segSelector[CS]).toBe(KCODE);
    expect(s.segSelector[SS]).toBe(KDATA);
    expect(s.regs[ESP]).toBe(0x9000 - 20);
    expect(frame(cpu, 0x9000 - 20, 5)).toEqual([0x2002, UCODE, 0x202, 0x7000, UDATA]);
  });

  it("INT n from ring 3 through a DPL-0 gate raises #GP(vector*8+2) and changes nothing", () => {
    const cpu = protectedWorld();
    idtEntry(cpu, 0x30, intGate(0x5000, 0));
    enterRing3(cpu, 0x7000);
    const e = thrown(() => deliver(cpu, 0x30, { software: true }));
    expect([e.vector, e.errorCode]).toEqual([GP, 0x30 * 8 + 2]);
    expect(cpu.state.cpl).toBe(3);
    expect(cpu.state.regs[ESP]).toBe(0x7000);
  });

  it("a hardware exception ignores the gate DPL (6.12.1.1)", () => {
    const cpu = protectedWorld();
    idtEntry(cpu, 14, intGate(0x6000, 0));
    enterRing3(cpu, 0x7000);
    deliver(cpu, PF_, { errorCode: 6 });
    expect(cpu.state.eip).toBe(0x6000);
    expect(r32(cpu.bus.ram, 0x9000 - 24)).toBe(6);
  });

  it("a not-present gate for an external interrupt becomes #NP(vector*8+2+EXT)", () => {
    const cpu = protectedWorld();
    idtEntry(cpu, 11, intGate(0x4100));
    idtEntry(cpu, 0x20, makeGateDescriptor(KCODE, 0x4200, 0xe, 0, { p: false }));
    deliver(cpu, 0x20, { external: true });
    expect(cpu.state.eip).toBe(0x4100);
    expect(r32(cpu.bus.ram, 0x8000 - 16)).toBe(0x20 * 8 + 3);
  });

  it("an IDT limit too small raises #GP(vector*8+2+EXT)", () => {
    const cpu = protectedWorld();
    idtEntry(cpu, 13, intGate(0x4300));
    cpu.state.idtrLimit = 0x20 * 8 - 1;
    deliver(cpu, 0x20, { external: true });
    expect(cpu.state.eip).toBe(0x4300);
    expect(r32(cpu.bus.ram, 0x8000 - 16)).toBe(0x20 * 8 + 3);
  });

  it("the TSS stack selector with RPL != DPL raises #TS(SS selector + EXT)", () => {
    const cpu = protectedWorld();
    idtEntry(cpu, 0x80, intGate(0x5000, 3));
    w32(cpu.bus.ram, TSS + 8, UDATA);
    enterRing3(cpu, 0x7000);
    const e = thrown(() => deliver(cpu, 0x80, { software: true }));
    expect([e.vector, e.errorCode]).toEqual([TS, UDATA & 0xfffc]);
    // The same for a #PF from ring 3: #TS(SS + EXT) is contributory, #PF + contributory = #DF,
    // whose delivery meets the same TSS: a fault during #DF delivery is a triple fault.
    idtEntry(cpu, 14, intGate(0x6000));
    idtEntry(cpu, 8, intGate(0x6800));
    deliver(cpu, PF_, { errorCode: 4 });
    expect(cpu.state.shutdown).toBe(true);
  });
});

describe("double and triple faults (Table 6-5)", () => {
  it("contributory during contributory delivery: #DF with error code 0", () => {
    const cpu = protectedWorld();
    idtEntry(cpu, 8, intGate(0x4800));
    // vector 13 not present -> #NP while delivering #GP
    deliver(cpu, GP, { errorCode: 0 });
    expect(cpu.state.eip).toBe(0x4800);
    expect(frame(cpu, 0x8000 - 16, 4)).toEqual([0, 0, KCODE, 2]);
  });

  it("benign then contributory is handled serially", () => {
    const cpu = protectedWorld();
    idtEntry(cpu, 11, intGate(0x4b00));
    idtEntry(cpu, 6, makeGateDescriptor(KCODE, 0x4600, 0xe, 0, { p: false }));
    deliver(cpu, 6, {}); // #UD with a not-present gate -> #NP(6*8+3)
    expect(cpu.state.eip).toBe(0x4b00);
    expect(r32(cpu.bus.ram, 0x8000 - 16)).toBe(6 * 8 + 3);
  });

  it("a fault while delivering #DF is a triple fault: shutdown", () => {
    const cpu = protectedWorld();
    deliver(cpu, PF_, { errorCode: 0 });
    expect(cpu.state.shutdown).toBe(true);
    expect(cpu.state.shutdownReason).toMatch(/^triple fault/);
  });

  it("#DF after a page fault whose handler's stack is not present (#PF during #PF delivery)", () => {
    const cpu = protectedWorld();
    idtEntry(cpu, 8, intGate(0x4800));
    idtEntry(cpu, 14, intGate(0x4e00));
    // #SS on the current stack: ESP = 8 with an expand-up SS of limit 0x0fff... make SS limit tiny.
    cpu.state.segLimit[SS] = 0x7fff;
    cpu.state.regs[ESP] = 0x8000 + 8;
    deliver(cpu, PF_, { errorCode: 2 });
    // pushes would go to 0x7ff8.. but 0x8004 > limit: #SS -> #DF on the same stack -> shutdown
    expect(cpu.state.shutdown).toBe(true);
  });

  it("a task gate is reported as an unsupported task switch", () => {
    const cpu = protectedWorld();
    idtEntry(cpu, 8, makeGateDescriptor(0x30, 0, 5, 0));
    deliver(cpu, DF, { errorCode: 0 });
    expect(cpu.state.shutdown).toBe(true);
    expect(cpu.state.shutdownReason).toMatch(/^task switch unsupported/);
  });

  it("a gate to a non-code selector raises #GP(selector + EXT)", () => {
    const cpu = protectedWorld();
    idtEntry(cpu, 13, intGate(0x4d00));
    idtEntry(cpu, 0x21, makeGateDescriptor(KDATA, 0x100, 0xe, 0));
    deliver(cpu, 0x21, { external: true });
    expect(cpu.state.eip).toBe(0x4d00);
    expect(r32(cpu.bus.ram, 0x8000 - 16)).toBe(KDATA | 1);
  });

  it("uses a 16-bit frame for a 16-bit interrupt gate", () => {
    const cpu = protectedWorld();
    idtEntry(cpu, 0x40, makeGateDescriptor(KCODE, 0x1234, 6, 0));
    cpu.state.eip = 0xabcd;
    setEflags(cpu.state, 0x202);
    deliver(cpu, 0x40, { software: true });
    expect(cpu.state.regs[ESP]).toBe(0x8000 - 6);
    const ram = cpu.bus.ram;
    const w16 = (a: number) => ram[a] | (ram[a + 1] << 8);
    expect([w16(0x7ffa), w16(0x7ffc), w16(0x7ffe)]).toEqual([0xabcd, KCODE, 0x202]);
    expect(cpu.state.eip).toBe(0x1234);
  });

  it("a non-present TS descriptor selector is #TS via GDT limit", () => {
    const cpu = protectedWorld();
    idtEntry(cpu, 0x80, intGate(0x5000, 3));
    w32(cpu.bus.ram, TSS + 8, 0x80); // SS0 beyond the GDT limit
    enterRing3(cpu, 0x7000);
    const e = thrown(() => deliver(cpu, 0x80, { software: true }));
    expect([e.vector, e.errorCode]).toEqual([TS, 0x80]);
    gdtEntry(cpu, 0x10, makeSegmentDescriptor(0, 0xfffff, 0x3, { dpl: 0, g: true, p: false }));
    w32(cpu.bus.ram, TSS + 8, KDATA);
    const e2 = thrown(() => deliver(cpu, 0x80, { software: true }));
    expect([e2.vector, e2.errorCode]).toEqual([12, KDATA]);
  });
});

describe("TSS (7.2.1) stack pointers and I/O map", () => {
  it("takes SS0:SP0 from a 16-bit TSS (offsets 2 and 4)", async () => {
    const { innerStack } = await import("../../src/cpu/tss");
    const cpu = protectedWorld();
    const s = cpu.state;
    s.segAr[7] = 0x83; // busy 16-bit TSS, present
    s.segLimit[7] = 0x2b;
    cpu.bus.ram[TSS + 2] = 0x34; cpu.bus.ram[TSS + 3] = 0x12;
    cpu.bus.ram[TSS + 4] = KDATA; cpu.bus.ram[TSS + 5] = 0;
    expect(innerStack(cpu, 0, 0)).toEqual({ esp: 0x1234, ss: KDATA });
    // SP2/SS2 at 10/12 need limit >= 13; a limit of 12 gives #TS(TSS selector + EXT)
    s.segLimit[7] = 12;
    const e = thrown(() => innerStack(cpu, 2, 1));
    expect([e.vector, e.errorCode]).toEqual([TS, 0x28 | 1]);
  });

  it("denies ports whose bitmap byte lies beyond the TSS limit (Vol. 1, 19.5.2)", async () => {
    const { ioBitmapAllows } = await import("../../src/cpu/tss");
    const cpu = protectedWorld();
    const s = cpu.state;
    s.segLimit[7] = 0x68 + 2; // map base 0x68 covers ports 0..15 (bytes 0x68,0x69) plus the next byte read
    cpu.bus.ram[TSS + 102] = 0x68;
    expect(ioBitmapAllows(cpu, 0, 1)).toBe(true);
    expect(ioBitmapAllows(cpu, 15, 1)).toBe(true);
    expect(ioBitmapAllows(cpu, 16, 1)).toBe(false);
    cpu.bus.ram[TSS + 0x68] = 0x04;
    expect(ioBitmapAllows(cpu, 2, 1)).toBe(false);
    expect(ioBitmapAllows(cpu, 0, 2)).toBe(true);
    expect(ioBitmapAllows(cpu, 1, 2)).toBe(false);
  });
});
