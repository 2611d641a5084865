// Integer arithmetic and logic with flags (ops/arith.ts). Expected values follow each
// instruction's Operation and "Flags Affected" sections in SDM Vol. 2A/2B, worked by hand in the
// comments (AF = carry/borrow out of bit 3; PF = even parity of the low result byte).
import { describe, expect, it } from "vitest";
import { F, flags, run32, runToStop } from "./helpers/exec";
import { EAX, EBX, ECX } from "../../src/cpu/state";

const { CF, PF, AF, ZF, SF, OF, ARITH } = F;

interface Case { name: string; asm: string; eax: number; flags: number; mask?: number }

const cases: Case[] = [
  // ADD: FFFFFFFF + 1 = 0 with carry out of bit 31 and bit 3; 0 has even parity.
  { name: "add32 wrap", asm: "mov eax, 0xffffffff\nmov ebx, 1\nadd eax, ebx", eax: 0, flags: CF | ZF | PF | AF },
  // ADD 8-bit: 7F + 1 = 80: signed overflow, one bit set (odd parity).
  { name: "add8 overflow", asm: "mov eax, 0x1234567f\nadd al, 1", eax: 0x12345680, flags: OF | SF | AF },
  // ADD AH: the high byte register (ModRM reg 4 = AH).
  { name: "add ah,bl", asm: "mov eax, 0x12347f00\nmov ebx, 1\nadd ah, bl", eax: 0x12348000, flags: OF | SF | AF },
  // ADD 16-bit leaves EAX[31:16]; FFFF + 1 = 0 carries.
  { name: "add16", asm: "mov eax, 0x1234ffff\nmov ebx, 1\nadd ax, bx", eax: 0x12340000, flags: CF | ZF | PF | AF },
  // 83 /0 ib: -1 sign-extended: 5 + FFFFFFFF = 4 carry, AF (5 + F > F).
  { name: "add32 imm8 sign-extended", asm: "mov eax, 5\nadd eax, -1", eax: 4, flags: CF | AF },
  // SUB: 3 - 5 = FFFFFFFE: borrow, negative, low byte FE has 7 bits (odd).
  { name: "sub32 borrow", asm: "mov eax, 3\nsub eax, 5", eax: 0xfffffffe, flags: CF | SF | AF },
  // SBB with CF = 1: 0 - 0 - 1 = FFFFFFFF (FF: even parity).
  { name: "sbb32 borrow-in", asm: "stc\nmov eax, 0\nsbb eax, 0", eax: 0xffffffff, flags: CF | SF | AF | PF },
  // ADC with CF = 1: FF + 0 + 1 = 00 carry.
  { name: "adc8 carry-in", asm: "stc\nmov eax, 0xff\nadc al, 0", eax: 0, flags: CF | ZF | AF | PF },
  // ADC with CF = 1 and src = FFFFFFFF: d + 2^32 = d, carry out.
  { name: "adc32 src=-1 cf=1", asm: "stc\nmov eax, 7\nmov ebx, 0xffffffff\nadc eax, ebx", eax: 7, flags: CF | AF },
  // CMP 80000000, 1 = 7FFFFFFF: negative minus positive gives positive -> OF; EAX unchanged.
  { name: "cmp overflow", asm: "mov eax, 0x80000000\ncmp eax, 1", eax: 0x80000000, flags: OF | AF | PF },
  // INC leaves CF: 7FFFFFFF + 1 overflows.
  { name: "inc keeps CF", asm: "stc\nmov eax, 0x7fffffff\ninc eax", eax: 0x80000000, flags: CF | OF | SF | AF | PF },
  // DEC leaves CF: 80000000 - 1 overflows.
  { name: "dec keeps CF=0", asm: "clc\nmov eax, 0x80000000\ndec eax", eax: 0x7fffffff, flags: OF | AF | PF },
  // Consecutive INC/DEC keep the CF set before them.
  { name: "inc dec chain keeps CF", asm: "stc\nmov eax, 1\ninc eax\ndec eax\ndec eax", eax: 0, flags: CF | ZF | PF },
  // NEG 0: CF = 0 (source is 0), ZF.
  { name: "neg 0", asm: "mov eax, 0\nneg eax", eax: 0, flags: ZF | PF },
  // NEG 80 (byte): 0 - 80 = 80 overflows; CF = 1 (source non-zero).
  { name: "neg8 min", asm: "mov eax, 0x80\nneg al", eax: 0x80, flags: CF | OF | SF },
  // NEG 1: FFFFFFFF, borrow out of bit 3.
  { name: "neg 1", asm: "mov eax, 1\nneg eax", eax: 0xffffffff, flags: CF | SF | PF | AF },
  // NOT affects no flags.
  { name: "not", asm: "stc\nmov eax, 0x0f0f0f0f\nnot eax", eax: 0xf0f0f0f0, flags: CF, mask: CF | ZF | SF | OF },
  // Logic: CF = OF = 0, SF ZF PF from the result (AF undefined: masked).
  { name: "xor self", asm: "stc\nmov eax, 5\nxor eax, eax", eax: 0, flags: ZF | PF, mask: CF | PF | ZF | SF | OF },
  { name: "or sign", asm: "mov eax, 0x80000000\nor eax, 1", eax: 0x80000001, flags: SF, mask: CF | PF | ZF | SF | OF },
  { name: "and", asm: "mov eax, 0xff00ff03\nand eax, 0x0f0f0f0f", eax: 0x0f000f03, flags: PF, mask: CF | PF | ZF | SF | OF },
  // TEST does not store.
  { name: "test", asm: "mov eax, 0x80\ntest al, 0x80", eax: 0x80, flags: SF, mask: CF | PF | ZF | SF | OF },
  // DAA (SDM example: 79 + 35 = 114 BCD): AE -> B4 (AF) -> 14 (CF).
  { name: "daa", asm: "mov eax, 0x79\nadd al, 0x35\ndaa", eax: 0x14, flags: CF | AF | PF, mask: CF | AF | PF | ZF | SF },
  // DAS: 35 - 47 = EE -> E8 (AF) -> 88 (CF): BCD 35 - 47 = -12 -> 88 with borrow.
  { name: "das", asm: "mov eax, 0x35\nsub al, 0x47\ndas", eax: 0x88, flags: CF | AF | SF | PF, mask: CF | AF | PF | ZF | SF },
  // AAA: AL = 0B (> 9): AX + 106 = 0111, AL & 0F = 01.
  { name: "aaa", asm: "mov eax, 0x000b\naaa", eax: 0x0101, flags: CF | AF, mask: CF | AF },
  // AAS: AL = 0B: AX - 6 = 0005, AH - 1 = FF, AL & 0F -> FF05.
  { name: "aas", asm: "mov eax, 0x000b\naas", eax: 0xff05, flags: CF | AF, mask: CF | AF },
  // AAM: 63 = 6 * 10 + 3.
  { name: "aam", asm: "mov eax, 63\naam", eax: 0x0603, flags: PF, mask: ZF | SF | PF },
  // AAD: 6 * 10 + 3 = 63 = 3F (6 bits: even parity).
  { name: "aad", asm: "mov eax, 0x0603\naad", eax: 0x3f, flags: PF, mask: ZF | SF | PF },
];

describe("ADD/ADC/SUB/SBB/CMP/INC/DEC/NEG/NOT/logic/BCD (SDM Vol. 2A/2B)", () => {
  for (const c of cases) {
    it(c.name, () => {
      const w = run32(c.asm);
      expect(w.cpu.state.regs[EAX] >>> 0).toBe(c.eax >>> 0);
      const mask = c.mask ?? ARITH;
      expect(flags(w) & mask).toBe(c.flags & mask);
    });
  }

  it("read-modify-write on memory, all operand sizes", () => {
    const w = run32(`
      mov dword [0x2000], 0xfffffffe
      add dword [0x2000], 5
      mov word [0x2004], 0x8000
      sub word [0x2004], 1
      mov byte [0x2006], 0x0f
      inc byte [0x2006]
      mov eax, [0x2000]`);
    const ram = w.ram;
    expect(w.cpu.state.regs[EAX]).toBe(3);
    expect(ram[0x2004] | (ram[0x2005] << 8)).toBe(0x7fff);
    expect(ram[0x2006]).toBe(0x10);
    // Last flags: INC 0F -> 10 (AF), CF from the ADD... no: SUB 8000-1 cleared CF; INC keeps it.
    expect(flags(w) & (CF | AF | OF)).toBe(AF);
  });

  it("the Gv,Ev and AL/eAX,imm forms and 16-bit immediates", () => {
    const w = run32(`
      mov dword [0x2000], 10
      mov ecx, 3
      sub ecx, [0x2000]
      mov eax, 0x11110000
      add ax, 0x1234
      mov ebx, 0xffff0001
      adc bx, 0xfffe`);
    expect(w.cpu.state.regs[ECX]).toBe(0xfffffff9);
    expect(w.cpu.state.regs[EAX]).toBe(0x11111234);
    expect(w.cpu.state.regs[EBX]).toBe(0xffffffff);
  });

  it("LOCK is accepted on a memory destination and is #UD on a register destination (SDM Vol. 2A, LOCK)", () => {
    const ok = runToStop("mov eax, 2\nlock add [0x2000], eax\nlock xadd [0x2000], eax\nud2");
    expect(ok.stop).toMatchObject({ kind: "exception", vector: 6 });
    expect(ok.w.ram[0x2000]).toBe(4);
    const bad = runToStop("mov eax, 2\nlock add eax, ebx");
    expect(bad.stop).toMatchObject({ kind: "exception", vector: 6, eip: 0x1005 });
    const notLockable = runToStop("lock mov [0x2000], eax");
    expect(notLockable.stop).toMatchObject({ kind: "exception", vector: 6, eip: 0x1000 });
  });
});
