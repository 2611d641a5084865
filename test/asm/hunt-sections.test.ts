/**
 * `bin` section placement as nasm does it (NASM manual 8.1.3; nasm decides at test time): only
 * `.bss` is nobits by default, follows= moves a group of sections, start= groups are sorted,
 * nobits sections follow the section named before them, and the first section honours align=.
 */
import { describe, it } from "vitest";
import { expectSameAsNasm } from "./hunt";

describe("hunt: section layout vs nasm", () => {
  it("a section named bss or .BSS is progbits (only .bss is nobits)", () => {
    expectSameAsNasm("bits 32\nsection bss\nx: resb 4\nsection .BSS\ny: resb 4\nsection .text\ndd x, y\n");
  });

  it("follows= moves the section and the ones named after it", () => {
    expectSameAsNasm("bits 32\norg 0x7c00\nsection .text\n  mov eax, [var]\nsection .mydata align=8\nvar: dd 1\nsection .other follows=.text\n  db 0xAA\nsection .v vstart=0x200000\nvlab: dd vlab\n");
  });

  it("start= groups are sorted by address and sections after them follow", () => {
    expectSameAsNasm("bits 32\nsection .text\nnop\nsection .a start=0x20\ndb 1\nsection .b\ndb 2\nsection .c start=0x10\ndb 3\nsection .d\ndb 4\nsection .text\ndd section..b.start, section..d.start\n");
  });

  it("without org, a first section with start= sets the origin", () => {
    expectSameAsNasm("bits 32\nsection .text start=0x100\nnop\ndd $\n");
  });

  it("a nobits section follows the section named before it; .bss follows the last progbits one", () => {
    expectSameAsNasm("bits 32\nsection .data\ndb 1\nsection .bss2 nobits\nq: resb 4\nsection .more\ndb 2\nsection .bss\nb: resb 3\nsection .b3 nobits\nc: resb 1\nsection .text\ndd q, b, c\n");
  });

  it("the first section is aligned when it asks for an alignment", () => {
    expectSameAsNasm("org 0x7c04\nsection .text align=16\nnop\n");
  });

  it("a multiboot kernel with .text/.rodata/.data/.bss and attributes", () => {
    expectSameAsNasm([
      "bits 32", "org 0x100000", "section .text progbits alloc exec nowrite align=16", "start:", "  mov eax, msg", "  mov ebx, table",
      "  mov ecx, bss_var", "  mov edx, rodata_var", "  call func", "  jmp $", "section .rodata progbits alloc noexec nowrite align=4",
      "rodata_var: db 'ro', 0", "section .data", "msg: db 'hello', 0", "table: dd start, func, msg", "  dd table_end - table", "table_end:",
      "section .bss nobits alloc noexec write align=16", "bss_var: resd 4", "stack: resb 4096", "stack_top:", "section .text", "func:", "  ret",
      "  dd $ - $$", "  dd stack_top", "section .data", "  dd section..data.start", "  dd section..bss.start", ""].join("\n"));
  });

  it("align in a section starting at an unaligned org moves the section, and its labels with it", () => {
    expectSameAsNasm("bits 32\norg 0x7c02\nnop\nalign 4\nx: dd x\n");
    expectSameAsNasm("bits 32\norg 0x7c01\nsection .data\ndb 1\nalign 8\nsection .text\nnop\ny: dd y\n");
  });
});
