// Near control transfer (ops/control.ts): SDM Vol. 2A "JMP", "Jcc", "JCXZ/JECXZ" (CX with a
// 16-bit address size), "LOOP/LOOPcc", "CALL", Vol. 2B "RET" (RET imm16 releases bytes), and the
// CS-limit check that makes a branch outside the code segment #GP(0) at the branch.
import { describe, expect, it } from "vitest";
import { F, flags, run32, runToStop } from "./helpers/exec";
import { makeSegmentDescriptor } from "../../src/cpu/descriptor";
import { setSegmentCache } from "../../src/cpu/segmentation";
import { CS, EAX, EBX, ECX, EDX, ESP } from "../../src/cpu/state";

describe("near control transfer (SDM Vol. 2A/2B)", () => {
  it("CALL rel32 / RET and RET imm16", () => {
    const w = run32(`
      push 7
      push 8
      call f
      jmp done
    f: mov eax, [esp + 4]
      ret 8
    done:`);
    expect(w.cpu.state.regs[EAX]).toBe(8);
    expect(w.cpu.state.regs[ESP]).toBe(0x8000);
  });
  it("CALL r/m32 and JMP r/m32 (register and memory)", () => {
    const w = run32(`
      mov eax, f
      call eax
      mov dword [0x2000], g
      call [0x2000]
      mov ecx, done
      jmp ecx
    f: inc ebx
      ret
    g: add ebx, 10
      ret
    done:`, (w) => { w.cpu.state.regs[EBX] = 0; });
    expect(w.cpu.state.regs[EBX]).toBe(11);
  });
  it("Jcc rel8 and rel32 both directions", () => {
    const w = run32(`
      xor eax, eax
      mov ecx, 3
    back: inc eax
      dec ecx
      jnz back
      cmp eax, 3
      je near fwd
      mov eax, 99
      times 200 nop
    fwd:`);
    expect(w.cpu.state.regs[EAX]).toBe(3);
  });
  it("LOOP counts ECX down; LOOPE/LOOPNE also test ZF", () => {
    const w = run32(`
      mov ecx, 5
      xor eax, eax
    l1: inc eax
      loop l1
      mov ecx, 5
      xor ebx, ebx
    l2: inc ebx
      cmp ebx, 2
      loopne l2
      mov edx, ecx`);
    expect(w.cpu.state.regs[EAX]).toBe(5);
    expect(w.cpu.state.regs[EBX]).toBe(2);
    expect(w.cpu.state.regs[EDX]).toBe(3);
  });
  it("LOOP with a 16-bit address size uses CX", () => {
    const w = run32("mov ecx, 0x10002\nxor eax, eax\nl: inc eax\na16 loop l", (w) => w);
    expect(w.cpu.state.regs[EAX]).toBe(2);
    expect(w.cpu.state.regs[ECX]).toBe(0x10000);
  });
  it("JECXZ tests ECX; JCXZ (67 E3) tests CX", () => {
    const w = run32(`
      mov ecx, 0x10000
      mov eax, 1
      jecxz skip1
      mov eax, 2
    skip1:
      a16 jcxz skip2
      mov eax, 3
    skip2:`);
    expect(w.cpu.state.regs[EAX]).toBe(2);
  });
  it("Jcc conditions after SUB (the sixteen tttn encodings, SDM Vol. 2D Table B-1)", () => {
    // After 5 - 7: CF=1 ZF=0 SF=1 OF=0 PF: FE -> 7 bits -> 0.
    const taken = ["jo", "jno", "jb", "jae", "je", "jne", "jbe", "ja", "js", "jns", "jp", "jnp", "jl", "jge", "jle", "jg"]
      .map((j, i) => `mov eax, 5\nsub eax, 7\n${j} t${i}\njmp n${i}\nt${i}: bts ebx, ${i}\nn${i}:`).join("\n");
    const w = run32(`xor ebx, ebx\n${taken}`);
    const expected = [0, 1, 1, 0, 0, 1, 1, 0, 1, 0, 0, 1, 1, 0, 1, 0];
    for (let i = 0; i < 16; i++) expect(((w.cpu.state.regs[EBX] >>> i) & 1)).toBe(expected[i]);
  });
  it("a near JMP beyond the CS limit is #GP(0) at the JMP", () => {
    const r = runToStop("jmp 0x5000", (w) => {
      const c = makeSegmentDescriptor(0, 0x1fff, 0xb, {});
      setSegmentCache(w.cpu.state, CS, 0x08, c[0], c[1]);
    });
    expect(r.stop).toMatchObject({ kind: "exception", vector: 13, errorCode: 0, eip: 0x1000 });
  });
  it("a 16-bit operand-size JMP truncates EIP to 16 bits (SDM JMP: tempEIP AND 0000FFFFH)", () => {
    const r = runToStop("o16 jmp word 0x3000", (w) => { w.ram[0x3000] = 0xf4; });
    expect(r.w.cpu.state.eip).toBe(0x3001);
  });
  it("CLC/STC/CMC/CLD/STD", () => {
    const w = run32("stc\ncmc\nstd\ncld\nstd\n");
    expect(flags(w) & (F.CF | 0x400)).toBe(0x400);
  });
  it("UD2 is #UD; NOP, PAUSE and the multi-byte NOP (0F 1F /0) do nothing", () => {
    const w = run32("nop\npause\nnop dword [eax + eax*1 + 0]\nmov eax, 1");
    expect(w.cpu.state.regs[EAX]).toBe(1);
    expect(runToStop("ud2").stop).toMatchObject({ kind: "exception", vector: 6, eip: 0x1000 });
    void EBX; void ECX; void EDX;
  });
});
