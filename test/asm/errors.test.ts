/**
 * Error reporting: each kind of mistake gives one error with the right line, column and a
 * message a person understands, and never an exception. NASM (run now) must reject the same
 * source on the same line, so we are not inventing errors NASM would not report.
 */
import { describe, expect, it } from "vitest";
import { assemble } from "../../src/asm";
import { nasmSource, requireNasm } from "./nasm";

interface Case { name: string; src: string; line: number; column: number; message: RegExp; nasmArgs?: string[] }

const cases: Case[] = [
  { name: "unknown mnemonic, with a suggestion", src: "bits 32\n    movx eax, 1\n", line: 2, column: 5, message: /unknown instruction 'movx' \(did you mean 'mov'\?\)/ },
  { name: "invalid operand combination", src: "bits 32\nstart:\n  mov eax, bx\n", line: 3, column: 7, message: /invalid combination of opcode and operands/ },
  { name: "operation size not specified", src: "bits 32\n  inc [eax]\n", line: 2, column: 7, message: /operation size not specified/ },
  { name: "operation size not specified (immediate to memory)", src: "  mov [ebx+4], 5\n", line: 1, column: 7, message: /operation size not specified/ },
  { name: "value out of range", src: "bits 32\n\n  mov al, 0x1234\n", line: 3, column: 11, message: /value 0x1234 does not fit in 8 bits/, nasmArgs: ["-w+error=number-overflow"] },
  { name: "data value out of range", src: "db 1, 2, 300\n", line: 1, column: 10, message: /value 0x12c does not fit in 8 bits/, nasmArgs: ["-w+error=number-overflow"] },
  { name: "undefined symbol", src: "bits 32\n  jmp nowhere\n", line: 2, column: 7, message: /symbol 'nowhere' not defined/ },
  { name: "macro argument count", src: "%macro two 2\n  mov eax, %1\n%endmacro\n  two 1\n", line: 4, column: 3, message: /macro 'two' expects 2 parameters, got 1/, nasmArgs: ["-w+error=pp-macro-params-multi"] },
  { name: "short jump out of range", src: "bits 32\nl:\n  times 200 nop\n  jmp short l\n", line: 4, column: 7, message: /short jump is out of range/ },
  { name: "loop out of range", src: "bits 32\n  loop there\n  times 300 nop\nthere:\n", line: 2, column: 8, message: /short jump is out of range/ },
  { name: "label redefined", src: "a:\n  nop\na:\n", line: 3, column: 1, message: /label 'a' redefined/ },
  { name: "invalid effective address", src: "  mov eax, [eax*3+ebx]\n", line: 1, column: 12, message: /invalid effective address/ },
  { name: "esp as an index", src: "  mov eax, [eax+esp*2]\n", line: 1, column: 12, message: /invalid effective address/ },
  { name: "unterminated string", src: "  db 'abc\n", line: 1, column: 6, message: /unterminated string/ },
  { name: "bad expression", src: "  add eax, (1 +\n", line: 1, column: 16, message: /expression expected/ },
  { name: "%error", src: "%if 1\n%error stop here\n%endif\n", line: 2, column: 1, message: /stop here/ },
  { name: "missing include", src: "\n%include \"no-such-file.inc\"\n", line: 2, column: 1, message: /unable to open include file 'no-such-file.inc'/ },
  { name: "garbage after operands", src: "  mov eax, 1 2\n", line: 1, column: 14, message: /expected ',' or end of line/ },
  { name: "error inside a macro body points at the call", src: "%macro m 1\n  inc %1\n%endmacro\n  nop\n   m [eax]\n", line: 5, column: 4, message: /operation size not specified/ },
  { name: "negative times", src: "  times -1 nop\n", line: 1, column: 9, message: /'times' count -1 is negative/ },
  { name: "wrong operand count", src: "  mov eax\n", line: 1, column: 3, message: /'mov' takes 2 operands, not 1/ },
];

describe("assembler errors: line, column and message", () => {
  for (const c of cases) {
    it(c.name, () => {
      const r = assemble(c.src, { fileName: "err.asm" });
      expect(r.errors.length, JSON.stringify(r.errors)).toBe(1);
      const e = r.errors[0]!;
      expect(e.file).toBe("err.asm");
      expect(e.message).toMatch(c.message);
      expect([e.line, e.column]).toEqual([c.line, c.column]);
      expect(r.bytes.length).toBe(0);
      requireNasm();
      const n = nasmSource(c.src, "err.asm", c.nasmArgs ?? []);
      expect(n.ok, "nasm accepted a source we reject").toBe(false);
      expect(n.stderr).toContain(`err.asm:${c.line}:`);
    });
  }

  it("collects several errors in one run, in line order", () => {
    const r = assemble("  movx eax, 1\n  nop\n  inc [eax]\n  jmp nowhere\n");
    expect(r.errors.map((e) => e.line)).toEqual([1, 3, 4]);
  });

  it("refuses sources that would exhaust the host, quickly and with a message", () => {
    const t0 = Date.now();
    expect(assemble("%rep 100000000\nnop\n%endrep\n").errors[0]!.message).toMatch(/%rep count 100000000 is too large/);
    expect(assemble("times 0x1000000 dd 0\n").errors[0]!.message).toMatch(/'times' count 16777216 is too large/);
    expect(assemble("resb 0x10000000\n").errors[0]!.message).toMatch(/section .text would be larger than 16 MiB/);
    expect(assemble("%macro m 0\nm\n%endmacro\nm\n").errors[0]!.message).toMatch(/nested too deeply/);
    expect(assemble("%define a b\n%define b a\nmov eax, a\n").errors[0]!.message).toMatch(/symbol 'a' not defined/);
    expect(assemble("section .bss\nresb 0x10000000\n").errors).toEqual([]);
    expect(Date.now() - t0).toBeLessThan(20_000);
  });

  it("never throws on hostile input", () => {
    // deterministic pseudo-random lines built from NASM tokens
    const pieces = ["mov", "eax", ",", "[", "]", "+", "*", "%macro", "%endmacro", "%if", "%endif", "%rep", "times", "db", "'", "\"", "$", "$$", "(", ")", ":", "0x", "12", "equ", "%define", "x", "%1", "%%l", "struc", "at", "iend", "section", ".bss", "align", "org", "byte", "far", "jmp", "\\"];
    let seed = 12345;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % pieces.length);
    for (let k = 0; k < 300; k++) {
      const lines: string[] = [];
      for (let l = 0; l < 8; l++) lines.push(Array.from({ length: 1 + (rnd() % 6) }, () => pieces[rnd()]).join(" "));
      const r = assemble(lines.join("\n"));
      expect(Array.isArray(r.errors)).toBe(true);
      expect(r.errors.every((e) => !e.message.startsWith("internal assembler error")), JSON.stringify(r.errors)).toBe(true);
    }
  });
});
