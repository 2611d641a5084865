// MUL/IMUL/DIV/IDIV (ops/muldiv.ts). SDM Vol. 2A "IMUL", "DIV", "IDIV", Vol. 2B "MUL":
// CF = OF = 1 when the upper half is significant; #DE (a fault: saved EIP = the DIV) on a zero
// divisor or a quotient too large for the destination. Only CF and OF are defined after MUL/IMUL.
import { describe, expect, it } from "vitest";
import { F, flags, run32, runToStop } from "./helpers/exec";
import { EAX, ECX, EDX } from "../../src/cpu/state";

const { CF, OF } = F;

describe("MUL/IMUL/DIV/IDIV (SDM Vol. 2A/2B)", () => {
  it("MUL r/m32: FFFFFFFF * FFFFFFFF = FFFFFFFE_00000001", () => {
    const w = run32("mov eax, 0xffffffff\nmov ebx, 0xffffffff\nmul ebx");
    expect([w.cpu.state.regs[EDX], w.cpu.state.regs[EAX]]).toEqual([0xfffffffe, 1]);
    expect(flags(w) & (CF | OF)).toBe(CF | OF);
  });
  it("MUL r/m32 without a significant upper half clears CF/OF", () => {
    const w = run32("stc\nmov eax, 2\nmov ebx, 3\nmul ebx");
    expect([w.cpu.state.regs[EDX], w.cpu.state.regs[EAX]]).toEqual([0, 6]);
    expect(flags(w) & (CF | OF)).toBe(0);
  });
  it("MUL r/m8: AX = AL * r/m8", () => {
    const w = run32("mov eax, 0x12345680\nmov bl, 2\nmul bl");
    expect(w.cpu.state.regs[EAX]).toBe(0x12340100);
    expect(flags(w) & (CF | OF)).toBe(CF | OF);
  });
  it("MUL r/m16: DX:AX", () => {
    const w = run32("mov eax, 0xffff\nmov edx, 0xabcd0000\nmov bx, 0xffff\nmul bx");
    expect(w.cpu.state.regs[EAX]).toBe(0x0001);
    expect(w.cpu.state.regs[EDX]).toBe(0xabcdfffe);
  });
  it("IMUL r/m32 (one operand): -2 * 3 = -6 in EDX:EAX, sign extension only -> CF = OF = 0", () => {
    const w = run32("mov eax, -2\nmov ebx, 3\nimul ebx");
    expect([w.cpu.state.regs[EDX], w.cpu.state.regs[EAX]]).toEqual([0xffffffff, 0xfffffffa]);
    expect(flags(w) & (CF | OF)).toBe(0);
  });
  it("IMUL r/m32: 0x40000000 * 4 overflows the signed 32-bit half", () => {
    const w = run32("mov eax, 0x40000000\nmov ebx, 4\nimul ebx");
    expect([w.cpu.state.regs[EDX], w.cpu.state.regs[EAX]]).toEqual([1, 0]);
    expect(flags(w) & (CF | OF)).toBe(CF | OF);
  });
  it("IMUL r/m8: -128 * -1 = 128 does not fit AL", () => {
    const w = run32("mov eax, 0x80\nmov bl, 0xff\nimul bl");
    expect(w.cpu.state.regs[EAX] & 0xffff).toBe(0x0080);
    expect(flags(w) & (CF | OF)).toBe(CF | OF);
  });
  it("IMUL r32, r/m32 (two operands) truncates and flags the loss", () => {
    const w = run32("mov eax, 0x10000\nmov ebx, 0x10000\nimul eax, ebx");
    expect(w.cpu.state.regs[EAX]).toBe(0);
    expect(flags(w) & (CF | OF)).toBe(CF | OF);
  });
  it("IMUL r32, r/m32, imm8 (sign-extended) and imm32", () => {
    const w = run32("mov eax, 7\nimul ecx, eax, -3\nimul edx, eax, 0x100000");
    expect(w.cpu.state.regs[ECX]).toBe(0xffffffeb);
    expect(w.cpu.state.regs[EDX]).toBe(0x700000);
    expect(flags(w) & (CF | OF)).toBe(0);
  });
  it("IMUL r16, r/m16", () => {
    const w = run32("mov eax, 0xaaaa0100\nmov ebx, 0x100\nimul ax, bx");
    expect(w.cpu.state.regs[EAX]).toBe(0xaaaa0000);
    expect(flags(w) & (CF | OF)).toBe(CF | OF);
  });
  it("DIV r/m32: EDX:EAX / r/m32", () => {
    const w = run32("mov edx, 1\nmov eax, 0\nmov ecx, 2\ndiv ecx");
    expect([w.cpu.state.regs[EAX], w.cpu.state.regs[EDX]]).toEqual([0x80000000, 0]);
  });
  it("DIV r/m16 and r/m8", () => {
    const w = run32("mov edx, 1\nmov eax, 5\nmov ecx, 2\ndiv cx\nmov ebx, eax\nmov eax, 0x0107\nmov cl, 0x10\ndiv cl");
    expect(w.cpu.state.regs[3]).toBe(0x8002);
    expect(w.cpu.state.regs[EDX] & 0xffff).toBe(1);
    expect(w.cpu.state.regs[EAX] & 0xffff).toBe(0x0710); // 0x107 = 16 * 16 + 7
  });
  it("IDIV r/m32 truncates toward zero; the remainder has the dividend's sign", () => {
    const w = run32("mov eax, -7\ncdq\nmov ecx, 2\nidiv ecx");
    expect([w.cpu.state.regs[EAX], w.cpu.state.regs[EDX]]).toEqual([0xfffffffd, 0xffffffff]);
  });
  it("IDIV r/m16: -1000 / 7", () => {
    const w = run32("mov eax, -1000\ncwd\nmov ecx, 7\nidiv cx");
    expect(w.cpu.state.regs[EAX] & 0xffff).toBe(0x10000 - 142);
    expect(w.cpu.state.regs[EDX] & 0xffff).toBe(0x10000 - 6);
  });
  it("#DE on a zero divisor: a fault, EIP stays on the DIV, registers unchanged", () => {
    const r = runToStop("mov eax, 5\nxor ecx, ecx\ndiv ecx");
    expect(r.stop).toMatchObject({ kind: "exception", vector: 0, eip: 0x1007 });
    expect(r.w.cpu.state.regs[EAX]).toBe(5);
  });
  it("#DE when the quotient does not fit (DIV and IDIV)", () => {
    expect(runToStop("mov edx, 2\nmov eax, 0\nmov ecx, 2\ndiv ecx").stop).toMatchObject({ kind: "exception", vector: 0 });
    expect(runToStop("mov eax, 0xff80\nmov bl, 0xff\nidiv bl").stop).toMatchObject({ kind: "exception", vector: 0 });
    expect(runToStop("mov edx, 0xffffffff\nmov eax, 0x80000000\nmov ecx, -1\nidiv ecx").stop).toMatchObject({ kind: "exception", vector: 0 });
  });
});
