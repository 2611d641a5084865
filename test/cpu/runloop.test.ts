// The run loop (cpu.ts): decoded-instruction cache invalidation (self-modifying code, DMA
// writes), counters by mnemonic and class, the intercept point, budgets and cycle deadlines,
// stop requests from devices, and external interrupts at instruction boundaries with the STI
// shadow (SDM Vol. 3A, 6.8.3 "Masking Exceptions and Interrupts When Switching Stacks" / STI).
import { describe, expect, it } from "vitest";
import { assemble, CODE, flatWorld, run32, type World } from "./helpers/exec";
import { makeGateDescriptor, makeSegmentDescriptor } from "../../src/cpu/descriptor";
import { EAX, EBX, ECX, ESI, IF } from "../../src/cpu/state";
import type { Bus } from "../../src/cpu/bus";

function w32(ram: Uint8Array, a: number, v: number): void {
  new DataView(ram.buffer).setUint32(a, v >>> 0, true);
}
const r32 = (ram: Uint8Array, a: number) => new DataView(ram.buffer).getUint32(a, true);

/** GDT (null, 0x08 code, 0x10 data) at 0x10000 and an IDT at 0x11000 whose vector 0x20 goes to `handler`. */
function withIdt(w: World, handler: number): void {
  const s = w.cpu.state;
  const code = makeSegmentDescriptor(0, 0xfffff, 0xb, { g: true }), data = makeSegmentDescriptor(0, 0xfffff, 0x3, { g: true });
  w32(w.ram, 0x10008, code[0]); w32(w.ram, 0x1000c, code[1]);
  w32(w.ram, 0x10010, data[0]); w32(w.ram, 0x10014, data[1]);
  s.gdtrBase = 0x10000; s.gdtrLimit = 23;
  const g = makeGateDescriptor(0x08, handler, 0xe, 0);
  w32(w.ram, 0x11000 + 0x20 * 8, g[0]); w32(w.ram, 0x11000 + 0x20 * 8 + 4, g[1]);
  s.idtrBase = 0x11000; s.idtrLimit = 0x7ff;
}

describe("run loop", () => {
  it("self-modifying code: a write to an already executed (cached) instruction takes effect", () => {
    const w = run32(`
      mov ecx, 3
      xor ebx, ebx
    l:
    patch: add ebx, 1
      mov byte [patch + 2], 10
      dec ecx
      jnz l`);
    expect(w.cpu.state.regs[EBX]).toBe(21);
  });

  it("a write to data sharing the code's page does not disturb execution", () => {
    const w = run32(`
      mov ecx, 1000
      xor eax, eax
    l: add eax, ecx
      mov [data], eax
      dec ecx
      jnz l
      jmp done
    data: dd 0
    done:`);
    expect(w.cpu.state.regs[EAX]).toBe(500500);
  });

  it("notifyPhysicalWrite drops decoded code that a device (DMA) overwrote", () => {
    const w = flatWorld();
    const a = assemble("mov eax, 1\njmp $");
    w.ram.set(a, CODE);
    w.cpu.run(2);
    expect(w.cpu.state.regs[EAX]).toBe(1);
    const b = assemble("mov eax, 2\njmp $");
    w.ram.set(b, CODE);
    w.cpu.notifyPhysicalWrite(CODE, b.length);
    w.cpu.state.eip = CODE;
    w.cpu.run(2);
    expect(w.cpu.state.regs[EAX]).toBe(2);
  });

  it("counters: by lower-case mnemonic (16-bit forms apart), by class, total", () => {
    const w = run32("mov ecx, 4\nl: add eax, 1\nloop l\npushfd\npushfw\npopfw\npopfd\ncpuid\nnop");
    const c = w.cpu.counters;
    expect(c.byMnemonic).toMatchObject({ mov: 1, add: 4, loop: 4, pushfd: 1, pushf: 1, popf: 1, popfd: 1, cpuid: 1, nop: 1 });
    expect(c.byClass).toEqual({ privileged: 0, sensitive: 5, innocuous: 10 });
    expect(c.total).toBe(15);
    expect(w.cpu.state.instructions).toBe(15);
  });

  it("intercept: a sensitive instruction stops the run before it acts; EIP stays on it", () => {
    const w = flatWorld();
    const code = assemble("mov eax, 0\ncpuid\nmov ebx, 5");
    w.ram.set(code, CODE);
    const seen: string[] = [];
    w.cpu.intercept = (_cpu, m) => { seen.push(m); return m === "cpuid"; };
    const stop = w.cpu.run(10);
    expect(stop).toEqual({ kind: "intercept", mnemonic: "cpuid", eip: CODE + 5 });
    expect(w.cpu.state.eip).toBe(CODE + 5);
    expect(w.cpu.state.regs[EAX]).toBe(0);
    expect(seen).toEqual(["cpuid"]); // MOV is innocuous: never offered to the intercept
  });

  it("budget and cycle deadline: exactly N instructions, 1 cycle each", () => {
    const w = flatWorld();
    w.ram.set(assemble("l: inc eax\njmp l"), CODE);
    w.cpu.state.regs[EAX] = 0;
    expect(w.cpu.run(7)).toEqual({ kind: "budget" });
    expect(w.cpu.state.instructions).toBe(7);
    expect(w.cpu.state.regs[EAX]).toBe(4);
    const c0 = w.cpu.state.cycles;
    expect(w.cpu.run(1000, c0 + 10)).toEqual({ kind: "budget" });
    expect(w.cpu.state.cycles).toBe(c0 + 10);
  });

  it("requestStop from an MMIO write ends the run after that instruction", () => {
    const w = flatWorld(1 << 20);
    const bus = w.cpu.bus as Bus & { mmioWrite: Bus["mmioWrite"] };
    (bus as { mmioWrite: Bus["mmioWrite"] }).mmioWrite = (_a, _s, v) => w.cpu.requestStop({ kind: "debug-exit", value: v });
    w.ram.set(assemble("mov dword [0x200000], 7\ninc eax\njmp $"), CODE);
    expect(w.cpu.run(100)).toEqual({ kind: "debug-exit", value: 7 });
    expect(w.cpu.state.eip).toBe(CODE + 10);
  });

  it("external interrupts: delivered at a boundary when IF = 1, one instruction after STI", () => {
    const w = flatWorld();
    let pending = true;
    const bus = w.cpu.bus as { interruptPending: () => boolean; acknowledgeInterrupt: () => number };
    bus.interruptPending = () => pending;
    bus.acknowledgeInterrupt = () => { pending = false; return 0x20; };
    // Handler at 0x1800: record the return EIP, count, IRET.
    w.ram.set(assemble("mov eax, [esp]\nmov [0x2000], eax\ninc esi\niretd", 32, 0x1800), 0x1800);
    withIdt(w, 0x1800);
    w.ram.set(assemble("nop\nsti\nmov ebx, 1\nmov ecx, 2\nhlt"), CODE);
    w.cpu.state.regs[ESI] = 0;
    const stop = w.cpu.run(100);
    expect(stop).toEqual({ kind: "hlt" });
    expect(w.cpu.state.regs[ESI]).toBe(1);
    // STI at CODE+1; MOV EBX (5 bytes) at CODE+2 still runs; the interrupt comes before MOV ECX.
    expect(r32(w.ram, 0x2000)).toBe(CODE + 7);
    expect(w.cpu.state.eflags & IF).toBe(IF);
    void EAX; void ECX;
  });

  it("HLT with IF = 1 wakes on INTR and continues after the HLT", () => {
    const w = flatWorld();
    let pending = false;
    const bus = w.cpu.bus as { interruptPending: () => boolean; acknowledgeInterrupt: () => number };
    bus.interruptPending = () => pending;
    bus.acknowledgeInterrupt = () => { pending = false; return 0x20; };
    w.ram.set(assemble("inc esi\niretd", 32, 0x1800), 0x1800);
    withIdt(w, 0x1800);
    w.ram.set(assemble("sti\nhlt\nmov ebx, 9\nhlt"), CODE);
    w.cpu.state.regs[ESI] = 0;
    expect(w.cpu.run(100)).toEqual({ kind: "hlt" });
    expect(w.cpu.run(100)).toEqual({ kind: "hlt" }); // still halted: nothing pending
    pending = true;
    expect(w.cpu.run(100)).toEqual({ kind: "hlt" });
    expect(w.cpu.state.regs[ESI]).toBe(1);
    expect(w.cpu.state.regs[EBX]).toBe(9);
  });
});

describe("compiled blocks (decode-block.ts)", () => {
  it("a write to a later instruction of the same (compiled) block takes effect in that pass", () => {
    const w = run32(`
      mov ecx, 40
      xor ebx, ebx
    l: mov byte [patch + 2], cl
    patch: add ebx, 0
      dec ecx
      jnz l`);
    expect(w.cpu.state.regs[EBX]).toBe((40 * 41) / 2);
  });

  it("a fault inside a compiled loop retires exactly the instructions before it", () => {
    const w = flatWorld();
    w.cpu.exceptionIntercept = () => true;
    const code = assemble(`
      mov ecx, 40
      mov esi, 20
    l: xor edx, edx
      mov eax, 100
    d: div esi
      dec esi
      dec ecx
      jnz l`);
    w.ram.set(code, CODE);
    const stop = w.cpu.run(100_000);
    expect(stop).toMatchObject({ kind: "exception", vector: 0, eip: CODE + 17 }); // 5 + 5 + 2 + 5 bytes before DIV
    expect(w.cpu.state.instructions).toBe(2 + 20 * 6 + 2);
    expect(w.cpu.counters.total).toBe(2 + 20 * 6 + 2);
    expect(w.cpu.counters.byMnemonic.div).toBe(20);
  });

  it("budgets stay exact inside a compiled loop", () => {
    const w = flatWorld();
    w.ram.set(assemble("l: inc eax\njmp l"), CODE);
    w.cpu.state.regs[EAX] = 0;
    for (let k = 0; k < 5; k++) expect(w.cpu.run(1001)).toEqual({ kind: "budget" });
    expect(w.cpu.state.instructions).toBe(5005);
    expect(w.cpu.state.regs[EAX]).toBe(Math.ceil(5005 / 2));
  });
});

describe("interrupt window in hot code", () => {
  it("after STI in a compiled loop the interrupt still arrives after exactly one instruction", () => {
    const w = flatWorld();
    const bus = w.cpu.bus as { interruptPending: () => boolean; acknowledgeInterrupt: () => number };
    let delivered = 0;
    bus.interruptPending = () => w.cpu.state.regs[EBX] >= 50 && delivered === 0;
    bus.acknowledgeInterrupt = () => { delivered++; return 0x20; };
    w.ram.set(assemble("mov eax, [esp]\nmov [0x2000], eax\niretd", 32, 0x1800), 0x1800);
    withIdt(w, 0x1800);
    const code = assemble(`
      mov ecx, 100
      xor ebx, ebx
    l: cli
      sti
      inc ebx
    after: inc esi
      dec ecx
      jnz l
      hlt`);
    w.ram.set(code, CODE);
    expect(w.cpu.run(10_000)).toEqual({ kind: "hlt" });
    expect(delivered).toBe(1);
    // 5 + 2 bytes of setup, CLI, STI, INC EBX (1 byte each): the frame holds the INC ESI address.
    expect(r32(w.ram, 0x2000)).toBe(CODE + 7 + 3);
  });
});

describe("16-bit code segment (CS.D = 0) in hot code", () => {
  it("a compiled loop with 16-bit default operand and address sizes", () => {
    const w = flatWorld();
    const c = makeSegmentDescriptor(0, 0xffff, 0xb, { db: false });
    const s = w.cpu.state;
    s.segBase[1] = 0; s.segLimit[1] = 0xffff; s.segAr[1] = (c[1] >> 8) & 0xf0ff;
    w.ram.set(assemble("mov cx, 100\nxor ax, ax\nmov ebx, 0x12340000\nl: add ax, cx\ninc bx\nloop l\nhlt", 16), CODE);
    expect(w.cpu.run(10_000)).toEqual({ kind: "hlt" });
    expect(s.regs[EAX] & 0xffff).toBe(5050);
    expect(s.regs[EBX]).toBe(0x12340064);
    expect(w.cpu.counters.byMnemonic.loop).toBe(100);
  });
});

describe("memory accessors under paging", () => {
  it("a TLB entry filled by a read does not let a user write into a read-only page (#PF P|W|U, CR2)", () => {
    const w = flatWorld();
    const s = w.cpu.state;
    // Page directory at 0x20000 -> page table at 0x21000 mapping 0-4 MiB identically, user, writable,
    // except page 0x5000: user, read-only.
    w32(w.ram, 0x20000, 0x21000 | 7);
    for (let pg = 0; pg < 1024; pg++) w32(w.ram, 0x21000 + pg * 4, (pg << 12) | (pg === 5 ? 5 : 7));
    w.ram.set(assemble("mov eax, [0x5000]\nmov [0x6000], eax\nmov ebx, [0x6000]\nmov [0x5000], eax"), CODE);
    s.cr[3] = 0x20000;
    s.cr[0] |= 0x80000000;
    s.cpl = 3;
    w.cpu.exceptionIntercept = () => true;
    w32(w.ram, 0x5000, 0x12345678);
    const stop = w.cpu.run(100);
    expect(stop).toMatchObject({ kind: "exception", vector: 14, errorCode: 7, eip: CODE + 16 }); // A1, A3 moffs (5 bytes each), 8B 1D disp32 (6)
    expect(s.cr[2]).toBe(0x5000);
    expect(s.regs[EBX]).toBe(0x12345678);
    expect(r32(w.ram, 0x6000)).toBe(0x12345678);
  });
});
