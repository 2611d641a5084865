/**
 * Regression tests for preprocessor differences from nasm (NASM manual ch. 4, 5.1) found by the
 * hunt: %substr's NASM syntax, %deftok, %ifnum/%ifstr/%ifid, __BITS__ and standard macros.
 */
import { describe, it } from "vitest";
import { expectBothReject, expectSameAsNasm } from "./hunt";

describe("hunt: preprocessor vs nasm", () => {
  it("%substr NAME 'string' start[,length] (no comma before the start, NASM 4.2.4)", () => {
    expectSameAsNasm("%substr a 'hello' 2\n%substr b 'hello' 2,3\n%substr c 'xyzw' 2,-1\n%substr d `a\\tb` 2\ndb a, b, c, d\n");
  });

  it("%deftok turns a string into tokens (NASM 4.1.9)", () => {
    expectSameAsNasm("bits 32\n%deftok DT 'mov eax, 5'\nDT\n%deftok N '1+2'\ndb N\n");
  });

  it("%ifnum / %ifstr / %ifid look at the first token, with their n- forms", () => {
    const src = ["%macro kind 1", "%ifnum %1", "db 'n'", "%elifstr %1", "db 's'", "%elifid %1", "db 'i'", "%else", "db '?'", "%endif", "%ifnnum %1", "db 'N'", "%endif", "%endmacro",
      "kind 5", 'kind "x"', "kind foo", "kind 1+2", "kind -1", "kind (3)", "kind 'a'+1"].join("\n");
    expectSameAsNasm(src + "\n");
  });

  it("%strlen and %strcat see backquote escapes as one character", () => {
    expectSameAsNasm("%strlen L `a\\nb`\ndb L\n%strcat S 'x', `\\x41`\ndb S\n");
  });

  it("__BITS__ follows bits/use16/use32; __OUTPUT_FORMAT__ is bin", () => {
    expectSameAsNasm("db __BITS__\nbits 32\ndb __BITS__\n[bits 16]\ndb __?BITS?__\nuse32\ndb __BITS__\n%ifidn __OUTPUT_FORMAT__, bin\ndb 1\n%endif\n%if __NASM_MAJOR__ >= 2\ndb 2\n%endif\n");
  });

  it("%rmacro/%irmacro define macros; %unmacro removes one; %exitmacro leaves the body (NASM 4.3)", () => {
    expectSameAsNasm(["%macro ov 1", "db 1", "%endmacro", "%macro ov 2", "db 2", "%endmacro", "ov a", "ov a, b", "%unmacro ov 1", "ov a, b",
      "%rmacro r 0", "db 'r'", "%endmacro", "r", "%irmacro R2 0", "db 'R'", "%endmacro", "r2",
      "%macro em 1", "db 1", "%if %1", "%exitmacro", "%endif", "db 2", "%endmacro", "em 0", "em 1", "db 0xff", ""].join("\n"));
  });

  it("%? and %?? are the macro's name as called and as declared (NASM 4.3.13)", () => {
    expectSameAsNasm("%imacro Named 0\n%?: db 1\n%??_x: db 2\ndd %?, %??_x\n%endmacro\nNAMED\n");
  });

  it("%str() inside a single-line macro body is expanded (NASM 4.1.10)", () => {
    expectSameAsNasm("%define STR(x) %str(x)\ndb STR(hello world), 0\n%define cat(a,b) a %+ b\ndd cat(1,2)\n");
  });

  it("%exitrep outside %rep is an error, not an internal failure", () => {
    expectBothReject("bits 32\nnop\n%exitrep\n", 3);
  });

  it("a %macro without %endmacro is an error", () => {
    expectBothReject("bits 32\n%macro foo 1\nnop\n", 4);
  });

  it("%undef without a name is an error", () => {
    expectBothReject("bits 32\n%undef\n", 2);
  });

  it("%+ pastes into a new name that is expanded again, and leaves strings alone (NASM 4.1.4)", () => {
    expectSameAsNasm('db "a%+b", `x%+\\`%+`, 0\n%define cat(a,b) a %+ b\ndb cat(1, 2)\n%define a_b 9\n%define cc(x) a_ %+ x\ndb cc(b)\n');
  });

  it("include guards, macros defining macros, %define from a macro, greedy and braced parameters", () => {
    expectSameAsNasm(["bits 32", "%macro outb 2", "  mov dx, %1", "  mov al, %2", "  out dx, al", "%endmacro", "outb 0x3f8, 'A'",
      "%macro handler 1", "global %1_handler", "%1_handler:", "  jmp %{1}_common", "%{1}_common:", "  ret", "%endmacro", "handler irq",
      "%macro mkisr 1", "isr %+ %1:", "  push dword %1", "%endmacro", "mkisr 5", "%macro defmac 1", "%macro inner_%1 0", "  db %1", "%endmacro",
      "%endmacro", "defmac 7", "inner_7", "%macro setdef 2", "%define %1 %2", "%endmacro", "setdef VAL, 42", "db VAL",
      "%macro greedy 1+", "  db %1", "%endmacro", "greedy 1, 2, 3", "%macro two 2", "  db %2, %1", "%endmacro", "two {1, 2}, 3",
      "%macro nolist_m 0.nolist", "  nop", "%endmacro", "nolist_m", ""].join("\n"));
  });

  it("%[...] indirection and %{a:b} parameter ranges (NASM 4.1.3, 4.3.4)", () => {
    expectSameAsNasm("%define n 3\ndb %[n]\n%define x1 5\n%define i 1\ndb x%[i]\n%macro m 3\ndb %{1:3}\ndb %{2:-1}\ndb %{3:1}\n%endmacro\nm 1,2,3\n");
  });

  it("%ifdef __LINE__, %undef of an %idefine in another case, %ifidn of strings in different quotes", () => {
    expectSameAsNasm("%ifdef __LINE__\ndb 1\n%endif\n%idefine AbC 1\ndb abc\n%undef ABC\n%ifndef abc\ndb 2\n%endif\n%ifidn 'a', \"a\"\ndb 3\n%endif\n");
  });

  it("__LINE__ in a macro body is the line in the macro definition (nasm 2.16)", () => {
    expectSameAsNasm("bits 32\n%macro ml 0\ndb __LINE__\n%endmacro\nml\nml\n");
  });

  it("%00 is the label of the call line, which the body then defines (NASM 4.3.11)", () => {
    expectSameAsNasm("bits 32\n%macro m 1\n%00: db %1\ndd %00\n%endmacro\nx: m 5\ny: m 6\ndd x, y\n%macro n 0\nnop\n%endmacro\nz: n\ndd z\n");
  });
});
