// BT/BTS/BTR/BTC, BSF/BSR, SETcc, CMOVcc (ops/bits.ts, ops/move.ts). SDM Vol. 2A "BT" (bit
// offsets: a register offset addresses memory beyond the operand, signed), "BSF"/"BSR" (ZF = 1
// and the destination unchanged for a zero source), Vol. 2B "SETcc", Vol. 2A "CMOVcc"; condition
// codes from Vol. 2D Table B-1.
import { describe, expect, it } from "vitest";
import { F, flags, run32 } from "./helpers/exec";
import { EAX, EBX, ECX, EDX } from "../../src/cpu/state";

const { CF, ZF } = F;

describe("bit instructions (SDM Vol. 2A)", () => {
  it("BT/BTS/BTR/BTC on registers take the offset modulo the operand size", () => {
    const w = run32("mov eax, 0x20\nbt eax, 5\nsetc bl\nmov ecx, 37\nbts eax, ecx\nbtr eax, 5\nbtc ax, 15");
    expect(w.cpu.state.regs[EBX] & 0xff).toBe(1);
    expect(w.cpu.state.regs[EAX]).toBe(0x8000); // bit 37 mod 32 = 5 set (already), then cleared, bit 15 toggled
    expect(flags(w) & CF).toBe(0); // BTC saw bit 15 = 0
  });
  it("BTS m32, r32 with offset 35 sets bit 3 of the dword at +4; a negative offset reaches below", () => {
    const w = run32("mov ecx, 35\nbts dword [0x2000], ecx\nmov ecx, -1\nbts dword [0x2000], ecx\nsetc dl\nmov ecx, -1\nbt dword [0x2000], ecx");
    expect(w.ram[0x2004]).toBe(0x08);
    expect(w.ram[0x1fff]).toBe(0x80); // bit -1 = bit 31 of the dword at 0x1ffc
    expect(w.cpu.state.regs[EDX] & 0xff).toBe(0);
    expect(flags(w) & CF).toBe(CF);
  });
  it("BT m16, imm8 takes the offset modulo 16 (no displacement)", () => {
    const w = run32("mov word [0x2000], 0x0002\nbt word [0x2000], 17");
    expect(flags(w) & CF).toBe(CF);
  });
  it("BT* leave ZF unchanged", () => {
    const w = run32("xor eax, eax\nmov ebx, 1\nbt ebx, 0");
    expect(flags(w) & (ZF | CF)).toBe(ZF | CF);
  });
  it("BSF/BSR find the lowest/highest set bit and clear ZF", () => {
    const w = run32("mov ecx, 0x18\nbsf eax, ecx\nbsr ebx, ecx");
    expect(w.cpu.state.regs[EAX]).toBe(3);
    expect(w.cpu.state.regs[EBX]).toBe(4);
    expect(flags(w) & ZF).toBe(0);
  });
  it("BSF of 0 sets ZF and leaves the destination", () => {
    const w = run32("mov eax, 0x1234\nxor ecx, ecx\nor ecx, ecx\nmov ebx, 1\nadd ebx, ebx\nbsf eax, ecx");
    expect(w.cpu.state.regs[EAX]).toBe(0x1234);
    expect(flags(w) & ZF).toBe(ZF);
  });
  it("SETcc after CMP: signed and unsigned conditions (Table B-1)", () => {
    // 1 vs 2: below, less, not equal, not above.
    const w = run32("mov eax, 1\ncmp eax, 2\nsetb bl\nsetl bh\nseta cl\nsetne ch\nsetg dl\nsetle dh");
    const r = w.cpu.state.regs;
    expect([r[EBX] & 0xff, (r[EBX] >> 8) & 0xff, r[ECX] & 0xff, (r[ECX] >> 8) & 0xff, r[EDX] & 0xff, (r[EDX] >> 8) & 0xff])
      .toEqual([1, 1, 0, 1, 0, 1]);
  });
  it("SETcc signed vs unsigned disagree on -1 vs 1; SETO/SETP/SETS", () => {
    const w = run32("mov eax, -1\ncmp eax, 1\nseta bl\nsetl bh\nsets cl\nsetp ch\nmov eax, 0x7fffffff\nadd eax, 1\nseto dl\nsetno dh");
    const r = w.cpu.state.regs;
    // -1 - 1 = FFFFFFFE: unsigned above, signed less, negative, low byte FE (7 bits) -> PF = 0.
    expect([r[EBX] & 0xff, (r[EBX] >> 8) & 0xff, r[ECX] & 0xff, (r[ECX] >> 8) & 0xff, r[EDX] & 0xff, (r[EDX] >> 8) & 0xff])
      .toEqual([1, 1, 1, 0, 1, 0]);
  });
  it("SETcc to memory", () => {
    const w = run32("stc\nsetc byte [0x2000]\nsetnc byte [0x2001]");
    expect([w.ram[0x2000], w.ram[0x2001]]).toEqual([1, 0]);
  });
  it("CMOVcc moves only when the condition holds (reads memory either way)", () => {
    const w = run32("mov edx, 0\nmov dword [0x2000], 77\nmov eax, 1\nmov ebx, 2\ncmp eax, ebx\ncmovl ecx, [0x2000]\ncmovg edx, [0x2000]\ncmovb ax, bx");
    expect(w.cpu.state.regs[ECX]).toBe(77);
    expect(w.cpu.state.regs[EDX]).toBe(0);
    expect(w.cpu.state.regs[EAX]).toBe(2);
  });
});
