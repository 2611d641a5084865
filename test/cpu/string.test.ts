// String instructions (ops/string.ts): SDM Vol. 2B "MOVS", "STOS", "LODS", "CMPS", "SCAS",
// "REP/REPE/REPZ/REPNE/REPNZ": DS:(E)SI source (overridable), ES:(E)DI destination, DF direction,
// (E)CX count (CX with a 16-bit address size), CMPS compares SRC1 = [ESI] with SRC2 = [EDI].
import { describe, expect, it } from "vitest";
import { F, flags, run32 } from "./helpers/exec";
import { EAX, ECX, EDI, ESI } from "../../src/cpu/state";
import { CHUNK } from "../../src/cpu/ops/string";

describe("string instructions (SDM Vol. 2B)", () => {
  it("REP MOVSB copies ECX bytes forward and leaves ESI/EDI past them", () => {
    const w = run32("mov esi, 0x2000\nmov edi, 0x3000\nmov ecx, 10\nrep movsb", (w) => {
      for (let i = 0; i < 16; i++) w.ram[0x2000 + i] = i + 1;
    });
    expect(Array.from(w.ram.subarray(0x3000, 0x300b))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0]);
    expect([w.cpu.state.regs[ESI], w.cpu.state.regs[EDI], w.cpu.state.regs[ECX]]).toEqual([0x200a, 0x300a, 0]);
  });
  it("STD: MOVSD/STOSW walk downwards", () => {
    const w = run32("std\nmov esi, 0x2004\nmov edi, 0x3004\nmov ecx, 2\nrep movsd\nmov edi, 0x4002\nmov eax, 0xabcd\nmov ecx, 2\nrep stosw\ncld", (w) => {
      w.ram.set([1, 2, 3, 4, 5, 6, 7, 8], 0x2000);
    });
    expect(Array.from(w.ram.subarray(0x3000, 0x3008))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(w.cpu.state.regs[ESI]).toBe(0x1ffc);
    expect(Array.from(w.ram.subarray(0x4000, 0x4004))).toEqual([0xcd, 0xab, 0xcd, 0xab]);
  });
  it("REP with ECX = 0 does nothing", () => {
    const w = run32("mov edi, 0x3000\nmov ecx, 0\nmov al, 1\nrep stosb");
    expect(w.ram[0x3000]).toBe(0);
    expect(w.cpu.state.regs[EDI]).toBe(0x3000);
  });
  it("LODSB/LODSD with a segment override", () => {
    const w = run32("mov esi, 0x2000\nfs lodsd\nlodsb", (w) => w.ram.set([1, 2, 3, 4, 5], 0x2000));
    expect(w.cpu.state.regs[EAX]).toBe(0x04030205);
  });
  it("REPE CMPSB stops at the first difference with the flags of that comparison", () => {
    const w = run32("mov esi, 0x2000\nmov edi, 0x3000\nmov ecx, 8\nrepe cmpsb", (w) => {
      w.ram.set([1, 2, 3, 9], 0x2000);
      w.ram.set([1, 2, 3, 4], 0x3000);
    });
    expect(w.cpu.state.regs[ECX]).toBe(4);
    expect(w.cpu.state.regs[ESI]).toBe(0x2004);
    // 9 - 4 = 5: no borrow, not zero.
    expect(flags(w) & (F.ZF | F.CF | F.SF)).toBe(0);
  });
  it("REPNE SCASB finds a byte (ZF = 1) and counts ECX down to it", () => {
    const w = run32("mov edi, 0x3000\nmov ecx, 100\nmov al, 0x42\nrepne scasb", (w) => { w.ram[0x3005] = 0x42; });
    expect(w.cpu.state.regs[EDI]).toBe(0x3006);
    expect(w.cpu.state.regs[ECX]).toBe(94);
    expect(flags(w) & F.ZF).toBe(F.ZF);
  });
  it("SCASD without a prefix compares once; CMPSW with 16-bit address size uses SI/DI/CX", () => {
    const w = run32("mov edi, 0x3000\nmov eax, 5\nscasd\nmov esi, 0xffff2000\nmov edi, 0x3000\nmov ecx, 0xffff0002\na16 repe cmpsw", (w) => {
      w.ram.set([5, 0, 0, 0], 0x3000);
      w.ram.set([5, 0, 0, 0], 0x2000);
    });
    expect(w.cpu.state.regs[ESI]).toBe(0xffff2004);
    expect(w.cpu.state.regs[ECX]).toBe(0xffff0000);
  });
  it(`a long REP STOSD (more than ${CHUNK} iterations) completes and is interruptible between chunks`, () => {
    const n = CHUNK * 2 + 5;
    const w = run32(`mov edi, 0x10000\nmov ecx, ${n}\nmov eax, 0x01020304\nrep stosd`);
    expect(w.cpu.state.regs[EDI]).toBe(0x10000 + 4 * n);
    expect(w.ram[0x10000 + 4 * n - 1]).toBe(1);
    expect(w.cpu.state.regs[ECX]).toBe(0);
  });
});
