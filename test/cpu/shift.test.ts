// Shifts, rotates and double shifts (ops/shift.ts), SDM Vol. 2B "SAL/SAR/SHL/SHR",
// "RCL/RCR/ROL/ROR", "SHLD", "SHRD". Only flags the SDM defines for the given count are checked
// (OF only for counts of 1; AF never).
import { describe, expect, it } from "vitest";
import { F, flags, run32 } from "./helpers/exec";
import { EAX } from "../../src/cpu/state";

const { CF, PF, ZF, SF, OF } = F;
const SZPC = CF | PF | ZF | SF;

interface Case { name: string; asm: string; eax: number; flags: number; mask: number }
const cases: Case[] = [
  // SHL 1: CF = old bit 31; OF = MSB(result) XOR CF = 0 ^ 1.
  { name: "shl 1", asm: "mov eax, 0x80000001\nshl eax, 1", eax: 2, flags: CF | OF, mask: SZPC | OF },
  // SHR 1: CF = old bit 0; OF = old MSB.
  { name: "shr 1", asm: "mov eax, 0x80000001\nshr eax, 1", eax: 0x40000000, flags: CF | OF | PF, mask: SZPC | OF },
  // SAR 1: sign fills, OF = 0.
  { name: "sar 1", asm: "mov eax, 0x80000001\nsar eax, 1", eax: 0xc0000000, flags: CF | SF | PF, mask: SZPC | OF },
  // SAR 8-bit by 7: 80 -> FF, CF = bit 6 = 0.
  { name: "sar8 by 7", asm: "mov eax, 0x80\nsar al, 7", eax: 0xff, flags: SF | PF, mask: SZPC },
  // Count 0: nothing changes, flags included (CF stays 1).
  { name: "shl by cl=0", asm: "stc\nmov eax, 5\nmov ecx, 0\nshl eax, cl", eax: 5, flags: CF, mask: CF },
  // The count is masked to 5 bits: 33 -> 1.
  { name: "count masked", asm: "mov eax, 3\nmov cl, 33\nshl eax, cl", eax: 6, flags: PF, mask: SZPC },
  // SHL 8-bit by 8: result 0, CF = old bit 0.
  { name: "shl8 by 8", asm: "mov eax, 0x1201\nshl al, 8", eax: 0x1200, flags: CF | ZF | PF, mask: SZPC },
  // SHR 16-bit by imm.
  { name: "shr16 by 4", asm: "mov eax, 0xffff1238\nshr ax, 4", eax: 0xffff0123, flags: CF, mask: SZPC },
  // ROL 1: 81 -> 03, CF = LSB(result) = 1, OF = MSB(result) ^ CF = 1. ZF/SF untouched.
  { name: "rol8 1", asm: "mov eax, 0x81\nrol al, 1", eax: 0x03, flags: CF | OF, mask: CF | OF },
  // ROR 1: 01 -> 80, CF = MSB = 1, OF = MSB ^ next bit = 1.
  { name: "ror8 1", asm: "mov eax, 0x01\nror al, 1", eax: 0x80, flags: CF | OF, mask: CF | OF },
  // ROL 8-bit by 8: masked count 8 is non-zero, count mod 8 = 0: no rotation but CF = LSB.
  { name: "rol8 by 8", asm: "clc\nmov eax, 0x01\nrol al, 8", eax: 0x01, flags: CF, mask: CF },
  // Rotates do not touch ZF: XOR set it, ROL keeps it.
  { name: "rol keeps ZF", asm: "xor ebx, ebx\nmov eax, 0x40000000\nrol eax, 2", eax: 1, flags: ZF | CF, mask: ZF | CF },
  // RCL 1 with CF = 1: 80 -> 01, CF = 1, OF = MSB(result) ^ CF = 1.
  { name: "rcl8 1", asm: "stc\nmov eax, 0x80\nrcl al, 1", eax: 0x01, flags: CF | OF, mask: CF | OF },
  // RCR 1 with CF = 0: 01 -> 00, CF = 1; OF = MSB(dest) ^ CF(old) = 0.
  { name: "rcr8 1", asm: "clc\nmov eax, 0x01\nrcr al, 1", eax: 0x00, flags: CF, mask: CF | OF },
  // RCL 8-bit by 9 = count mod 9 = 0: unchanged, flags unchanged.
  { name: "rcl8 by 9", asm: "stc\nmov eax, 0x55\nmov cl, 9\nrcl al, cl", eax: 0x55, flags: CF, mask: CF },
  // RCR 32-bit by 4 with CF = 1: 0x12345678 -> 0x1123 4567 with bit 28 = old CF, CF = bit 3 = 1.
  { name: "rcr32 by 4", asm: "stc\nmov eax, 0x12345678\nrcr eax, 4", eax: 0x11234567, flags: CF, mask: CF },
  // SHLD by 4: 12345678:9ABCDEF0 -> 23456789, CF = bit 28 of dest = 1.
  { name: "shld32", asm: "mov eax, 0x12345678\nmov ebx, 0x9abcdef0\nshld eax, ebx, 4", eax: 0x23456789, flags: CF, mask: CF | ZF | SF },
  // SHRD by 4: 9ABCDEF0:12345678 >> 4 -> 01234567 with ebx's low nibble 0 on top; CF = bit 3 = 1.
  { name: "shrd32", asm: "mov eax, 0x12345678\nmov ebx, 0x9abcdef0\nshrd eax, ebx, 4", eax: 0x01234567, flags: CF, mask: CF | ZF | SF },
  // SHLD 16-bit by CL = 8: 1234, ABCD -> 34AB; CF = bit 8 of dest = 0.
  { name: "shld16 cl", asm: "mov eax, 0x1234\nmov ebx, 0xabcd\nmov cl, 8\nshld ax, bx, cl", eax: 0x34ab, flags: 0, mask: CF | ZF },
  // SHRD 16-bit by 8: ABCD:1234 >> 8 -> CD12; CF = bit 7 of dest = 0.
  { name: "shrd16", asm: "mov eax, 0x1234\nmov ebx, 0xabcd\nshrd ax, bx, 8", eax: 0xcd12, flags: SF, mask: CF | ZF | SF },
  // SHLD count 0 leaves everything.
  { name: "shld by 0", asm: "stc\nmov eax, 7\nshld eax, ebx, 0", eax: 7, flags: CF, mask: CF },
];

describe("shifts and rotates (SDM Vol. 2B)", () => {
  for (const c of cases) {
    it(c.name, () => {
      const w = run32(c.asm);
      expect(w.cpu.state.regs[EAX] >>> 0).toBe(c.eax >>> 0);
      expect(flags(w) & c.mask).toBe(c.flags & c.mask);
    });
  }
  it("memory operands", () => {
    const w = run32("mov dword [0x2000], 0x81\nshl dword [0x2000], 4\nrol byte [0x2004], 1\nsar word [0x2006], 1");
    expect(w.ram[0x2000] | (w.ram[0x2001] << 8)).toBe(0x810);
  });
});
