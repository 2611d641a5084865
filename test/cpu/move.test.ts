// Data movement (ops/move.ts): MOV forms incl. moffs, MOVZX/MOVSX, LEA (16- and 32-bit
// addressing), XCHG, XADD, CMPXCHG, CMPXCHG8B, BSWAP, CBW/CWDE/CWD/CDQ, LAHF/SAHF, XLAT.
// SDM Vol. 2A/2B per instruction; 16-bit ModRM forms from Vol. 2A Table 2-1.
import { describe, expect, it } from "vitest";
import { F, flags, run32 } from "./helpers/exec";
import { EAX, EBX, ECX, EDX, ESI, EDI, EBP } from "../../src/cpu/state";

const { CF, PF, AF, ZF, SF } = F;

describe("data movement (SDM Vol. 2A/2B)", () => {
  it("MOV register/memory/immediate forms in 8, 16 and 32 bits leave the other register bits", () => {
    const w = run32(`
      mov eax, 0x11223344
      mov bl, 0x55
      mov bh, al
      mov cx, 0x6677
      mov dword [0x2000], 0xdeadbeef
      mov dx, [0x2000]
      mov byte [0x2004], 0x99
      mov word [0x2006], 0x1234
      mov esi, [0x2004]`);
    const r = w.cpu.state.regs;
    expect(r[EBX] & 0xffff).toBe(0x4455);
    expect(r[ECX] & 0xffff).toBe(0x6677);
    expect(r[EDX] & 0xffff).toBe(0xbeef);
    expect(r[ESI]).toBe(0x12340099);
  });
  it("MOV moffs (A0-A3) with a segment override and the 16-bit address size", () => {
    const w = run32(`
      mov dword [0x3000], 0xcafef00d
      mov eax, [0x3000]
      mov [0x3004], ax
      mov al, [fs:0x3003]
      a16 mov [0x3008], eax
      mov ebx, [0x3008]`);
    expect(w.cpu.state.regs[EAX]).toBe(0xcafef0ca);
    expect(w.ram[0x3004] | (w.ram[0x3005] << 8)).toBe(0xf00d);
    expect(w.cpu.state.regs[EBX]).toBe(0xcafef0ca);
  });
  it("MOVZX/MOVSX", () => {
    const w = run32("mov ecx, 0x80ff\nmovzx eax, cl\nmovsx ebx, cl\nmovsx edx, cx\nmovzx si, cl\nmovsx di, byte [0x2000]");
    const r = w.cpu.state.regs;
    expect([r[EAX], r[EBX], r[EDX], r[ESI] & 0xffff, r[EDI] & 0xffff]).toEqual([0xff, 0xffffffff, 0xffff80ff, 0xff, 0]);
  });
  it("LEA: SIB with scale, disp8/disp32, 16-bit address forms truncate to 16 bits", () => {
    const w = run32(`
      mov ebx, 0x1000
      mov esi, 0x20
      lea eax, [ebx + esi*4 + 8]
      lea ecx, [esi*8 - 1]
      mov ebx, 0xffff
      mov esi, 2
      a16 lea edx, [bx + si + 3]
      lea di, [ebx + esi]
      mov ebp, 0x10
      lea esi, [ebp + 0x12345678]`);
    const r = w.cpu.state.regs;
    expect([r[EAX], r[ECX], r[EDX], r[EDI] & 0xffff, r[ESI]]).toEqual([0x1088, 0xff, 4, 0x0001, 0x12345688]);
  });
  it("16-bit addressing [bx+si+disp], [bp+di] (SS) and [disp16] reach memory", () => {
    const w = run32(`
      mov ebx, 0x2000
      mov esi, 0x10
      mov ebp, 0x2100
      mov edi, 4
      a16 mov dword [bx+si+4], 0x11111111
      a16 mov dword [bp+di], 0x22222222
      a16 mov dword [0x2200], 0x33333333
      mov eax, [0x2014]
      mov ecx, [0x2104]
      mov edx, [0x2200]`);
    const r = w.cpu.state.regs;
    expect([r[EAX], r[ECX], r[EDX]]).toEqual([0x11111111, 0x22222222, 0x33333333]);
  });
  it("XCHG register/memory and the 90+r forms", () => {
    const w = run32("mov eax, 1\nmov ebx, 2\nxchg eax, ebx\nmov dword [0x2000], 9\nxchg ecx, [0x2000]\nmov dx, 5\nxchg ax, dx");
    const r = w.cpu.state.regs;
    expect([r[EAX] & 0xffff, r[EBX], r[ECX], r[EDX] & 0xffff, w.ram[0x2000]]).toEqual([5, 1, 9, 2, 0]);
  });
  it("XADD: TEMP = SRC + DEST; SRC = DEST; DEST = TEMP; flags of the ADD", () => {
    const w = run32("mov dword [0x2000], 0xffffffff\nmov eax, 1\nxadd [0x2000], eax");
    expect(w.cpu.state.regs[EAX]).toBe(0xffffffff);
    expect(w.ram[0x2000]).toBe(0);
    expect(flags(w) & (CF | ZF)).toBe(CF | ZF);
  });
  it("CMPXCHG: equal stores the source and sets ZF; unequal loads the accumulator", () => {
    const w = run32(`
      mov dword [0x2000], 5
      mov eax, 5
      mov ecx, 7
      cmpxchg [0x2000], ecx
      setz bl
      mov eax, 1
      cmpxchg [0x2000], ecx
      setz bh`);
    const r = w.cpu.state.regs;
    expect(w.ram[0x2000]).toBe(7);
    expect(r[EAX]).toBe(7);
    expect([r[EBX] & 0xff, (r[EBX] >> 8) & 0xff]).toEqual([1, 0]);
  });
  it("CMPXCHG8B compares EDX:EAX with m64", () => {
    const w = run32(`
      mov dword [0x2000], 1
      mov dword [0x2004], 2
      mov eax, 1
      mov edx, 2
      mov ebx, 3
      mov ecx, 4
      cmpxchg8b [0x2000]
      setz [0x2010]
      cmpxchg8b [0x2000]
      setz [0x2011]`);
    expect([w.ram[0x2000], w.ram[0x2004], w.ram[0x2010], w.ram[0x2011]]).toEqual([3, 4, 1, 0]);
    expect([w.cpu.state.regs[EAX], w.cpu.state.regs[EDX]]).toEqual([3, 4]);
  });
  it("BSWAP, CBW/CWDE/CWD/CDQ", () => {
    const w = run32("mov ebx, 0x12345678\nbswap ebx\nmov eax, 0xff80\ncbw\nmov esi, eax\ncwde\nmov edi, eax\ncdq\nmov ebp, edx\nmov eax, 0x7fff\ncwd");
    const r = w.cpu.state.regs;
    expect([r[EBX], r[ESI], r[EDI], r[EBP], r[EDX] & 0xffff]).toEqual([0x78563412, 0xff80, 0xffffff80, 0xffffffff, 0]);
  });
  it("LAHF/SAHF transfer SF ZF AF PF CF (bit 1 reads as 1)", () => {
    const w = run32("mov eax, 0xffffffff\nadd eax, 1\nlahf\nmov ebx, eax\nmov ah, 0x81\nsahf");
    expect((w.cpu.state.regs[EBX] >> 8) & 0xff).toBe(ZF | PF | AF | CF | 2);
    expect(flags(w) & 0xd5).toBe(SF | CF);
  });
  it("XLAT: AL = [EBX + AL]", () => {
    const w = run32("mov byte [0x2005], 0x42\nmov ebx, 0x2000\nmov eax, 5\nxlatb");
    expect(w.cpu.state.regs[EAX]).toBe(0x42);
  });
});
