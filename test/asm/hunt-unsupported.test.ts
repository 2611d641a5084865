/**
 * Instructions and registers NASM knows but vtlab does not support (x87 arithmetic, MMX/SSE/AVX,
 * 64-bit): nasm assembles them, vtlab must refuse with "not supported" at the right line and
 * column, never treat a lone mnemonic as a label (NASM manual 3.1) and emit nothing for it.
 */
import { describe, expect, it } from "vitest";
import { assemble } from "../../src/asm";
import { nasmSource, requireNasm } from "./nasm";

const cases: { src: string; column: number; message: RegExp }[] = [
  { src: "fsin", column: 1, message: /not supported: x87 floating-point instruction 'fsin'/ },
  { src: "x: fsqrt", column: 4, message: /not supported: x87 .*'fsqrt'/ },
  { src: "fld dword [eax]", column: 1, message: /not supported: x87 .*'fld'/ },
  { src: "fadd st0, st1", column: 6, message: /not supported: x87 register 'st0'/ },
  { src: "vzeroupper", column: 1, message: /not supported: MMX\/SSE\/AVX instruction 'vzeroupper'/ },
  { src: "movaps xmm0, [eax]", column: 8, message: /not supported: SSE\/AVX register 'xmm0'/ },
  { src: "movq mm0, [eax]", column: 6, message: /not supported: MMX register 'mm0'/ },
  { src: "femms", column: 1, message: /not supported: .*'femms'/ },
  { src: "xstore", column: 1, message: /not supported: instruction 'xstore'/ },
];

describe("hunt: NASM instructions outside vtlab's subset get a clear error", () => {
  for (const c of cases) {
    it(c.src, () => {
      requireNasm();
      const src = `bits 32\nnop\n${c.src}\nnop\n`;
      const n = nasmSource(src, "u.asm");
      expect(n.ok, "nasm must accept this (it is a real instruction)").toBe(true);
      expect(n.bytes.length).toBeGreaterThan(2);
      const r = assemble(src, { fileName: "u.asm" });
      expect(r.errors.length).toBe(1);
      expect(r.errors[0]).toMatchObject({ file: "u.asm", line: 3, column: c.column });
      expect(r.errors[0]!.message).toMatch(c.message);
      expect(r.bytes.length).toBe(0);
    });
  }
});

describe("hunt: NASM preprocessor features outside vtlab's subset get a clear error", () => {
  for (const [src, line] of [["%use smartalign\nalign 16\n", 1], ["%push f\n%stacksize flat\n%arg a:dword\n%pop\n", 2], ["%iftoken 1\ndb 1\n%endif\n", 1], ["%clear\n", 1]] as const) {
    it(src.split("\n")[line - 1]!, () => {
      requireNasm();
      expect(nasmSource(src, "p.asm").ok, "nasm must accept this").toBe(true);
      const r = assemble(src, { fileName: "p.asm" });
      expect(r.errors.length).toBeGreaterThan(0);
      expect(r.errors[0]).toMatchObject({ file: "p.asm", line });
      expect(r.errors[0]!.message).toMatch(/^not supported: %/);
    });
  }
});
