// Stack instructions (ops/stack.ts): SDM Vol. 2B "PUSH", "POP", "PUSHA/PUSHAD", "POPA/POPAD",
// "PUSHF/PUSHFD", "POPF/POPFD", Vol. 2A "ENTER", "LEAVE"; 16-bit stack segments (SS.B = 0 uses SP,
// Vol. 1 6.2.3 and Vol. 3A 3.4.5 "D/B flag").
import { describe, expect, it } from "vitest";
import { F, flags, run32, runToStop } from "./helpers/exec";
import { makeSegmentDescriptor } from "../../src/cpu/descriptor";
import { setSegmentCache } from "../../src/cpu/segmentation";
import { EAX, EBX, ECX, EDX, ESP, EBP, ESI, EDI, SS, IF, AC, ID } from "../../src/cpu/state";

const dword = (ram: Uint8Array, a: number) => (ram[a] | (ram[a + 1] << 8) | (ram[a + 2] << 16) | (ram[a + 3] << 24)) >>> 0;

describe("stack instructions (SDM Vol. 2A/2B)", () => {
  it("PUSH/POP register, immediate (imm8 sign-extended), memory, 16-bit operands", () => {
    const w = run32(`
      push 0x12345678
      push byte -2
      push word 0x1234
      mov dword [0x2000], 0xabcdef01
      push dword [0x2000]
      pop dword [0x2004]
      pop ax
      pop ebx
      pop ecx`);
    const r = w.cpu.state.regs;
    expect(dword(w.ram, 0x2004)).toBe(0xabcdef01);
    expect(r[EAX] & 0xffff).toBe(0x1234);
    expect(r[EBX]).toBe(0xfffffffe);
    expect(r[ECX]).toBe(0x12345678);
    expect(r[ESP]).toBe(0x8000);
  });
  it("PUSH ESP pushes the old value; POP ESP loads the popped value", () => {
    const w = run32("push esp\npop eax\nmov dword [0x7000], 0x6000\nmov esp, 0x7000\npop esp");
    expect(w.cpu.state.regs[EAX]).toBe(0x8000);
    expect(w.cpu.state.regs[ESP]).toBe(0x6000);
  });
  it("POP m32 with an ESP-based address uses ESP after the increment", () => {
    const w = run32("push 0x11111111\npush 0x22222222\npop dword [esp]");
    // After popping 0x22222222, ESP = 0x7ffc, so [esp] overwrites the remaining slot.
    expect(dword(w.ram, 0x7ffc)).toBe(0x22222222);
    expect(w.cpu.state.regs[ESP]).toBe(0x7ffc);
  });
  it("PUSHAD/POPAD order EAX ECX EDX EBX ESP(original) EBP ESI EDI; POPAD skips ESP", () => {
    const w = run32(`
      mov eax, 1
      mov ecx, 2
      mov edx, 3
      mov ebx, 4
      mov ebp, 6
      mov esi, 7
      mov edi, 8
      pushad
      mov eax, [esp + 16]
      mov [0x2000], eax
      mov eax, [esp + 12]
      mov [0x2004], eax
      mov dword [esp + 12], 0x1234
      xor eax, eax
      mov edi, 0
      popad`);
    const r = w.cpu.state.regs;
    expect(dword(w.ram, 0x2000)).toBe(4); // EBX slot
    expect(dword(w.ram, 0x2004)).toBe(0x8000); // the ESP slot holds ESP before PUSHAD
    expect([r[EAX], r[ECX], r[EDX], r[EBX], r[ESP], r[EBP], r[ESI], r[EDI]]).toEqual([1, 2, 3, 4, 0x8000, 6, 7, 8]);
  });
  it("PUSHA/POPA (16-bit) move 8 words", () => {
    const w = run32("mov eax, 0xaaaa0001\npushaw\nmov eax, 0\npopaw");
    expect(w.cpu.state.regs[EAX]).toBe(1);
    expect(w.cpu.state.regs[ESP]).toBe(0x8000);
  });
  it("PUSHFD stores EFLAGS with VM and RF cleared and bit 1 set; the arithmetic flags are current", () => {
    const w = run32("mov eax, 0xffffffff\nadd eax, 1\npushfd\npop ebx");
    expect(w.cpu.state.regs[EBX]).toBe(0x2 | F.CF | F.PF | F.AF | F.ZF);
  });
  it("POPFD at CPL 0 changes IF, IOPL, AC and ID; reserved bits stay clear", () => {
    const w = run32("push 0xffffffff\npopfd");
    const f = flags(w);
    expect(f & (IF | AC | ID | 0x3000)).toBe(IF | AC | ID | 0x3000);
    expect(f & 0xffc08028).toBe(0); // bits 3, 5, 15, 22-31 reserved; VM (17), RF (16) unchanged (0)
    expect(f & 0x30000).toBe(0);
    expect(f & 2).toBe(2);
  });
  it("POPFD at CPL 3 with IOPL 0 keeps IF and IOPL (no fault: sensitive, unprivileged)", () => {
    const w = run32("push 0x3201 | 0x800\npopfd", (w) => { w.cpu.state.cpl = 3; });
    const f = flags(w);
    expect(f & (IF | 0x3000)).toBe(0);
    expect(f & (F.CF | F.OF)).toBe(F.CF | F.OF);
  });
  it("POPF (16-bit) writes only FLAGS[15:0]", () => {
    const w = run32("push word 0x0041\npopfw");
    expect(flags(w) & 0xffff).toBe(0x43);
    expect(w.cpu.state.regs[ESP]).toBe(0x8000);
  });
  it("ENTER imm16, 0 / LEAVE", () => {
    const w = run32("mov ebp, 0x1234\nenter 16, 0\nmov [0x2000], ebp\nmov [0x2004], esp\nleave");
    expect(dword(w.ram, 0x2000)).toBe(0x7ffc);
    expect(dword(w.ram, 0x2004)).toBe(0x7ffc - 16);
    expect(w.cpu.state.regs[EBP]).toBe(0x1234);
    expect(w.cpu.state.regs[ESP]).toBe(0x8000);
  });
  it("ENTER with nesting level 2 copies the enclosing frame pointer and pushes the new one", () => {
    // Outer frame: EBP = 0x7000 where [0x6ffc] holds an outer display entry 0xaaaa.
    const w = run32("mov dword [0x6ffc], 0xaaaa\nmov ebp, 0x7000\nenter 8, 2\nmov [0x2000], ebp\nmov [0x2004], esp");
    // push EBP -> 0x7ffc (frame temp); copy [EBP-4] -> 0x7ff8; push frame temp -> 0x7ff4; ESP -= 8.
    expect(dword(w.ram, 0x7ffc)).toBe(0x7000);
    expect(dword(w.ram, 0x7ff8)).toBe(0xaaaa);
    expect(dword(w.ram, 0x7ff4)).toBe(0x7ffc);
    expect(dword(w.ram, 0x2000)).toBe(0x7ffc);
    expect(dword(w.ram, 0x2004)).toBe(0x7ff4 - 8);
  });
  it("a 16-bit stack segment (B = 0) uses SP and wraps at 64 KiB, leaving ESP[31:16]", () => {
    const w = run32("mov esp, 0xabcd0000\nmov eax, 0x4455\npush ax\nmov ebx, esp\npop cx\npush dword 0x11223344\nmov edx, esp", (w) => {
      const d = makeSegmentDescriptor(0x10000, 0xffff, 0x3, { db: false });
      setSegmentCache(w.cpu.state, SS, 0x10, d[0], d[1]);
    });
    // SP 0000 - 2 wraps to FFFE (linear SS.base + 0xFFFE); POP reads it back from there.
    expect(w.cpu.state.regs[EBX]).toBe(0xabcdfffe);
    expect(w.cpu.state.regs[ECX] & 0xffff).toBe(0x4455);
    // SP 0000 - 4 = FFFC: a dword fits below the limit.
    expect(w.cpu.state.regs[EDX]).toBe(0xabcdfffc);
    expect(dword(w.ram, 0x1fffc)).toBe(0x11223344);
  });
  it("a dword push at SP = 2 on a 16-bit stack crosses the limit (FFFE+3 > FFFF): #SS(0)", () => {
    const r = runToStop("mov esp, 2\npush eax", (w) => {
      const d = makeSegmentDescriptor(0x10000, 0xffff, 0x3, { db: false });
      setSegmentCache(w.cpu.state, SS, 0x10, d[0], d[1]);
    });
    expect(r.stop).toMatchObject({ kind: "exception", vector: 12, errorCode: 0, eip: 0x1005 });
    expect(r.w.cpu.state.regs[ESP]).toBe(2);
  });
  it("a push beyond the SS limit is #SS(0) with ESP unchanged", () => {
    const r = runToStop("push eax", (w) => {
      const d = makeSegmentDescriptor(0, 0xfff, 0x3, {});
      setSegmentCache(w.cpu.state, SS, 0x10, d[0], d[1]);
      w.cpu.state.regs[ESP] = 0x2000;
    });
    expect(r.stop).toMatchObject({ kind: "exception", vector: 12, errorCode: 0, eip: 0x1000 });
    expect(r.w.cpu.state.regs[ESP]).toBe(0x2000);
  });
});
