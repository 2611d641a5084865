/**
 * Addresses of different sections in one expression, as nasm -f bin allows them (NASM manual 3.5,
 * 8.1.3): `end - start` across sections and `-label` when the subtracted label is in the section
 * being assembled (a self-relative value), including nasm's EQU result for such a difference.
 * Random expressions over every operator check NASM's precedence and 64-bit arithmetic.
 */
import { describe, it } from "vitest";
import { expectBothReject, expectSameAsNasm } from "./hunt";

const TAIL = "section .data\ndat: db 1\nsection .bss\nresb 16\nbend:\n";

describe("hunt: expressions vs nasm", () => {
  it("end - start across sections, negated labels, label * 1 and * -1", () => {
    expectSameAsNasm("bits 32\norg 0x100000\nx: nop\ndd bend - x\ndd dat - x\nmov ecx, bend - x\nmov eax, -x\npush -x\ndd -x + 8\ndd -(x+4)\n" +
      "dd x*1\ndd x * -1\nmov eax, [-x]\ndd -(-x)\ndd 0-x\ndd -x - -x\ndb -x\nadd eax, dat - x\npush dat - x\nmov eax, [ebx + dat - x]\nadd eax, 4 - x\n" + TAIL);
  });

  it("EQU of a difference across sections has nasm's value", () => {
    expectSameAsNasm("bits 32\norg 0x100000\nnop\nx: nop\nsz equ bend - x\nmov ecx, sz\ndd sz\nsz2 equ dat - x\ndd sz2\n" + TAIL);
  });

  it("subtracting an address of a section other than the current one is an error", () => {
    expectBothReject("bits 32\norg 0x100000\nx: nop\ndd x - dat\n" + TAIL, 4);
  });

  it("random expressions over every operator and precedence level", () => {
    let seed = 777;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed % n);
    const bin = ["+", "-", "*", "/", "//", "%", "%%", "<<", ">>", ">>>", "&", "|", "^", "==", "!=", "<", ">", "<=", ">=", "<>", "&&", "||", "^^"];
    const gen = (d: number): string => {
      if (d <= 0 || rnd(4) === 0) return String([0, 1, 2, 3, 5, 7, 16, 31, 255, 0x80000000, 0xffffffff, 100][rnd(12)]);
      const r = rnd(10);
      if (r < 2) return ["-", "+", "~", "!"][rnd(4)] + gen(d - 1);
      if (r < 3) return "(" + gen(d - 1) + ")";
      if (r < 4) return `${gen(d - 1)} ? ${gen(d - 1)} : ${gen(d - 1)}`;
      return `${gen(d - 1)} ${bin[rnd(bin.length)]} ${gen(d - 1)}`;
    };
    const lines: string[] = [];
    while (lines.length < 300) {
      const e = gen(4);
      if (!/(\/|%) 0\b/.test(e)) lines.push(`dq ${e}`);
    }
    expectSameAsNasm(lines.join("\n") + "\n");
  });
});
