// x87 control instructions (ops/x87.ts): SDM Vol. 1, 8.1 (FCW/FSW/FTW, Figure 8-9 environment
// image), Vol. 2A FNINIT, FNCLEX, FNSTSW, FNSTCW, FLDCW, FNSTENV (masks all exceptions after
// storing), FLDENV, FNSAVE (reinitialises), FRSTOR; Vol. 3A 2.5 (#NM with CR0.EM or CR0.TS).
// Other x87 instructions raise #UD (no floating-point unit yet).
import { describe, expect, it } from "vitest";
import { run32, runToStop } from "./helpers/exec";
import { CR0_EM, CR0_TS, EAX } from "../../src/cpu/state";

const w16 = (ram: Uint8Array, a: number): number => ram[a] | (ram[a + 1] << 8);

describe("x87 control instructions", () => {
  it("FNINIT, FNSTSW AX/m16, FNSTCW, FLDCW, FNCLEX", () => {
    const w = run32(`
      mov word [0x2000], 0x0C7F
      fldcw [0x2000]
      fnstcw [0x2002]
      fninit
      fnstcw [0x2004]
      mov eax, 0x12345678
      fnstsw ax
      fnstsw [0x2006]
      fnclex`, (w) => { w.cpu.state.fpuSw = 0x80ff; });
    expect(w16(w.ram, 0x2002)).toBe(0x0c7f);
    expect(w16(w.ram, 0x2004)).toBe(0x037f);
    expect(w.cpu.state.regs[EAX] >>> 0).toBe(0x12340000);
    expect(w16(w.ram, 0x2006)).toBe(0);
    expect(w.cpu.state.fpuTw).toBe(0xffff);
  });

  it("FNCLEX clears the exception flags, ES and B, keeps TOP and the condition codes", () => {
    const w = run32("fnclex", (w) => { w.cpu.state.fpuSw = 0xffff; });
    expect(w.cpu.state.fpuSw).toBe(0x7f00);
  });

  it("FNSTENV stores CW/SW/TW as dwords and masks every exception; FLDENV reloads", () => {
    const w = run32(`
      mov word [0x2000], 0x0340
      fldcw [0x2000]
      fnstenv [0x3000]
      fnstcw [0x2002]
      fldenv [0x3000]
      fnstcw [0x2004]`, (w) => { w.ram.fill(0xee, 0x3000, 0x3000 + 28); });
    const d = (a: number): number => (w.ram[a] | (w.ram[a + 1] << 8) | (w.ram[a + 2] << 16) | (w.ram[a + 3] << 24)) >>> 0;
    expect([d(0x3000), d(0x3004), d(0x3008), d(0x300c), d(0x3018)]).toEqual([0x340, 0, 0xffff, 0, 0]);
    expect(w.ram[0x301c]).toBe(0); // 28 bytes only
    expect(w16(w.ram, 0x2002)).toBe(0x37f);
    expect(w16(w.ram, 0x2004)).toBe(0x340);
  });

  it("FRSTOR then FNSAVE round-trip a 108-byte image and FNSAVE reinitialises", () => {
    const w = run32(`
      frstor [0x3000]
      fnstsw [0x2000]
      fnsave [0x4000]
      fnstcw [0x2002]`, (w) => {
      const img = w.ram.subarray(0x3000, 0x3000 + 108);
      img.fill(0);
      img[0] = 0x7f; img[1] = 0x0e; img[5] = 0x38; img[8] = 0xff; img[9] = 0xff;
      for (let k = 0; k < 80; k++) img[28 + k] = (k * 13 + 1) & 0xff;
    });
    expect(w16(w.ram, 0x2000)).toBe(0x3800);
    expect([...w.ram.subarray(0x4000, 0x4000 + 108)].filter((_, k) => k < 12 || k >= 28))
      .toEqual([...w.ram.subarray(0x3000, 0x3000 + 108)].filter((_, k) => k < 12 || k >= 28));
    expect(w16(w.ram, 0x2002)).toBe(0x37f);
  });

  it("#NM with CR0.TS or CR0.EM; #UD for the arithmetic the CPU does not emulate", () => {
    for (const bit of [CR0_TS, CR0_EM]) {
      const { stop } = runToStop("fninit", (w) => { w.cpu.state.cr[0] |= bit; });
      expect(stop).toMatchObject({ kind: "exception", vector: 7 });
    }
    expect(runToStop("fld1").stop).toMatchObject({ kind: "exception", vector: 6 });
    expect(runToStop("fadd dword [0x2000]").stop).toMatchObject({ kind: "exception", vector: 6 });
  });
});
