/**
 * Regression tests for differences from nasm found by assembling hobby-kernel style programs
 * (strings, `$` under `times`, directives of other output formats). nasm decides, at test time.
 */
import { describe, it } from "vitest";
import { expectBothReject, expectSameAsNasm } from "./hunt";

describe("hunt: language details vs nasm", () => {
  it("`$` in a `times` line is the start of the line in every repetition (NASM 3.5)", () => {
    expectSameAsNasm("bits 32\nstart:\ntimes 3 jmp $\ntimes 2 dd $\ntimes 2 mov eax, $\ntimes 4 db $-start\nx: times 3 loop x\ntimes 2 call $\n");
  });

  it("backquote strings: \\u and \\U escapes are stored as UTF-8 (NASM 3.4.2)", () => {
    expectSameAsNasm("db `\\u263a`, `\\U0001F600`, `\\x41\\101\\e\\0`, 0\n");
  });

  it("global and extern are accepted; [list -], [map], required are directives", () => {
    expectSameAsNasm("bits 32\nglobal _start, other:\nextern kernel_main\n[list -]\n[list +]\nrequired foo\n[global x]\n_start: nop\nother:\nx: ret\n");
  });

  it("global with a symbol type is an error in the bin format, on the label's line", () => {
    expectBothReject("bits 32\nglobal _start:function\n_start:\n  ret\n", 3);
  });

  it("global with a symbol type after the label is an error on the label's line", () => {
    expectBothReject("bits 32\n_start:\n  ret\nglobal _start:function\n", 2);
  });

  it("common is an error in the bin format", () => {
    expectBothReject("bits 32\nnop\ncommon buf 4\n", 3);
  });

  it("db without operands emits nothing (nasm only warns)", () => {
    expectSameAsNasm("bits 32\ndb 1\ndb\ndw\ndb 2\n");
  });

  it("alignb with an explicit fill repeats it; align in absolute space takes a resb fill", () => {
    expectSameAsNasm("bits 32\nnop\nalignb 8, db 0xff\ndb 1\nabsolute 0\nx: resb 1\nalign 4, resb 1\ny: resd 1\nsection .text\ndd y\n");
  });

  it("align (NOP padding) inside struc is an error: use alignb", () => {
    expectBothReject("bits 32\nstruc S\n.a resb 1\nalign 4\n.b resd 1\nendstruc\n", 4);
  });

  it("data in absolute space is an error", () => {
    expectBothReject("bits 32\nabsolute 0\ndb 1\n", 3);
  });

  it("istruc data longer than the structure is an error at iend", () => {
    expectBothReject("bits 32\nstruc S\n.a resb 4\nendstruc\nistruc S\nat S.a, db 'abcdef'\niend\n", 7);
  });

  it("jmp far to a label is an error in the bin format (it was a silent short jump)", () => {
    expectBothReject("bits 32\nnop\nx: jmp far x\n", 3);
  });

  for (const word of ["byte", "abs", "times", "bits", "org", "align", "global", "struc", "far"]) {
    it(`'${word}:' is not a label (a reserved word in nasm)`, () => {
      expectBothReject(`bits 32\nnop\n${word}: db 1\n`, 3);
    });
  }

  it("labels that are instruction or directive names elsewhere are fine with a colon", () => {
    expectSameAsNasm("bits 32\nend:\njmp end\nstr: db 1\nmov eax, str\nloop: nop\njmp loop\nequ: db 2\n$byte: db 3\ndd $byte\n");
  });

  it("org, align and resb are critical: a symbol defined later is an error (NASM 3.8)", () => {
    expectBothReject("bits 32\norg y\ny equ 0x500\nx: dd x\n", 2);
    expectBothReject("bits 32\nalign y\ny equ 4\n", 2);
    expectBothReject("bits 32\nresb x\nx:\n", 2);
  });

  it("a second org with another value is an error", () => {
    expectBothReject("bits 32\norg 0x100\norg 0x200\nnop\n", 3);
  });

  it("section attributes may use symbols defined later", () => {
    expectSameAsNasm("bits 32\nsection .a vstart=V\nx: dd x\nV equ 0x1000\n");
  });

  it("a label or equ defined twice with the same value is accepted; another value is an error", () => {
    expectSameAsNasm("bits 32\nx:\nx:\nnop\nc equ 5\nc equ 5\ndd x, c\n");
    expectBothReject("bits 32\nc equ 5\nc equ 6\n", 3);
    expectBothReject("bits 32\nx:\nx equ 0\n", 3);
  });

  it("..start is not a label in the bin format; __PASS__ is the final pass's value", () => {
    expectBothReject("bits 32\nnop\n..start:\nnop\n", 3);
    expectSameAsNasm("db __PASS__, __?PASS?__\n");
  });

  it("$ or $$ alone on a line is not a label", () => {
    expectBothReject("bits 32\nnop\n$\n", 3);
    expectBothReject("bits 32\n$$\n", 2);
  });

  it("a backslash ending a line continues it, also at the end of a comment", () => {
    expectSameAsNasm("bits 32\ndb 1 ; comment \\\ndb 2\ndb 3, \\\n 4\n%define X 1 + \\\n 2\ndb X\nmov eax, \\\n5\n");
  });
});
