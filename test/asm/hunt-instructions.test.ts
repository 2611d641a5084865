/**
 * Regression tests for instructions the hunt found missing or mis-assembled (SDM Vol. 2 opcodes;
 * nasm decides the bytes at test time): sized returns, fences and state saves, bit counts,
 * later system instructions, and a segment register alone on a line (its prefix byte).
 */
import { describe, it } from "vitest";
import { expectSameAsNasm } from "./hunt";

const SIZED_RETURNS = "retw\nretd\nretnw\nretnd\nretfw\nretfd\nretw 4\nretd 4\nretnw 4\nretnd 4\nretfw 4\nretfd 4\n";

describe("hunt: instructions vs nasm", () => {
  it("retw/retd/retnw/retnd/retfw/retfd in 16- and 32-bit code", () => {
    expectSameAsNasm(SIZED_RETURNS + "bits 32\n" + SIZED_RETURNS);
  });

  it("fences, cache control and state saves kernels use", () => {
    expectSameAsNasm(["bits 32", "lfence", "mfence", "sfence", "clflush [eax]", "clflushopt [eax+4]", "fxsave [eax]", "fxrstor [esp+4]",
      "ldmxcsr [eax]", "stmxcsr dword [eax]", "xsave [eax]", "xrstor [eax]", "xsaveopt [eax]", "prefetchnta [eax]", "prefetcht0 [eax]",
      "prefetcht1 [eax]", "prefetcht2 [eax]", "prefetchw [eax]", "prefetch [eax]", "emms", "bits 16", "lfence", "fxsave [bx]", ""].join("\n"));
  });

  it("popcnt/lzcnt/tzcnt/movbe in both operand sizes", () => {
    expectSameAsNasm(["bits 32", "popcnt ax, bx", "popcnt eax, [ebx]", "lzcnt ax, [eax]", "tzcnt eax, ecx", "movbe ax, [eax]", "movbe [eax], ecx",
      "bits 16", "popcnt ax, bx", "popcnt eax, ebx", "movbe eax, [bx]", ""].join("\n"));
  });

  it("later system instructions (SMAP, CET, SYSCALL, INVPCID, UD0/UD1 ...)", () => {
    expectSameAsNasm(["bits 32", "clac", "stac", "endbr32", "endbr64", "syscall", "sysret", "invpcid eax, [ebx]", "rdpid eax", "ud0", "ud0 eax, ebx",
      "ud1 eax, [ebx]", "ud2a", "int01", "int03", "wbnoinvd", "serialize", "xend", "xtest", "vmfunc", "getsec", "monitorx", "mwaitx", "clzero", ""].join("\n"));
  });

  it("a segment register or prefix alone on a line emits its prefix byte", () => {
    expectSameAsNasm("bits 32\nes\ncs\nnop\nfs\nx: gs\nrep\nlock\nds nop\n");
  });

  it("x87 environment save/restore (FNSTENV/FSTENV/FLDENV D9 /6, /4) next to FNSAVE/FRSTOR", () => {
    expectSameAsNasm("bits 32\nfnstenv [eax]\nfstenv [eax]\nfldenv [eax]\nfnsave [eax]\nfsave [eax]\nfrstor [eax]\nbits 16\nfnstenv [bx]\nfldenv [bx]\n");
  });

  it("branches to absolute addresses and other sections stay near; short only when asked", () => {
    expectSameAsNasm(["bits 32", "org 0x7c00", "start:", "  jmp 0x7c00", "  call 0x1000", "  jz 0x7c10", "  jmp other", "  jz other", "  jmp start + 3",
      "  call $+5", "  jmp $$", "  jnz $ - 10", "  jmp near 0x7c00", "  jmp short 0x7c00", "  loop 0x7c00", "X equ 0x7c00", "  jmp X",
      "section .text2 follows=.text", "other:", "  jmp start", "  jz start", "  jmp other", "bits 16", "  jmp 0x7c00", ""].join("\n"));
  });

  it("o16/o32 on branches add 66 but keep the displacement and far-offset width (nasm)", () => {
    expectSameAsNasm("bits 32\nx: o16 jmp 0x08:x\no16 call 0x08:x\no16 jmp near x\no16 call x\no32 call x\nbits 16\ny: o32 jmp 0x08:y\no32 call y\no32 jmp near y\no16 jmp 0x8:y\njmp dword 0x08:y\n");
  });

  it("the os-tutorial boot sector: far jump to a selector defined later with equ", () => {
    expectSameAsNasm(["[org 0x7c00]", "[bits 16]", "  cli", "  lgdt [gdt_descriptor]", "  mov eax, cr0", "  or eax, 0x1", "  mov cr0, eax",
      "  jmp CODE_SEG:init_pm", "  jmp (CODE_SEG):(init_pm)", "gdt_start:", "  dd 0x0", "  dd 0x0", "gdt_code:", "  dw 0xffff", "  dw 0x0", "  db 0x0",
      "  db 10011010b", "  db 11001111b", "  db 0x0", "gdt_end:", "gdt_descriptor:", "  dw gdt_end - gdt_start - 1", "  dd gdt_start",
      "CODE_SEG equ gdt_code - gdt_start", "[bits 32]", "init_pm:", "  mov ebp, 0x90000", "  jmp $", "times 510-($-$$) db 0", "dw 0xaa55", ""].join("\n"));
  });

  it("a size other than word on a segment register is ignored (push dword es is 06)", () => {
    const body = "push dword ds\npop dword es\nmov dword ds, eax\nmov eax, dword ds\npush byte es\nmov [eax], dword ds\npush word es\npop word ds\n";
    expectSameAsNasm("bits 16\n" + body + "bits 32\n" + body);
  });

  it("an unsized memory operand takes the size of a `byte` immediate (add [eax], byte 5 is 80 /0)", () => {
    expectSameAsNasm("bits 32\nadd [eax], byte 5\ncmp [eax], byte -1\nor [eax], byte 0x80\nadd word [eax], byte -1\nimul eax, [ebx], byte 5\nbits 16\nadd [bx], byte 5\n");
  });
});
