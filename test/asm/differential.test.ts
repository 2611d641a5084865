/**
 * Differential test against NASM (the oracle, run now): the generated corpus of every mnemonic
 * in every operand form with edge values, in 32-bit and 16-bit code, must assemble to exactly
 * the bytes `nasm -f bin` produces.
 */
import { describe, expect, it } from "vitest";
import { assemble } from "../../src/asm";
import { generateCorpus, generateCorpus16 } from "./corpus";
import { nasmSource, requireNasm } from "./nasm";
import { firstDifference } from "./compare";

function compareWithNasm(lines: string[]) {
  requireNasm();
  const source = lines.join("\n") + "\n";
  const ref = nasmSource(source, "corpus.asm");
  expect(ref.ok, `nasm rejected the corpus:\n${ref.stderr.split("\n").filter((l) => l.includes("error")).slice(0, 5).join("\n")}`).toBe(true);
  const ours = assemble(source, { fileName: "corpus.asm" });
  expect(ours.errors).toEqual([]);
  expect(firstDifference(ours, ref.bytes, lines)).toBeUndefined();
  expect(ours.bytes.length).toBe(ref.bytes.length);
}

/** The instruction list of the CPU issue (issue 2): the assembler must encode all of them. */
const CPU_MNEMONICS = `mov movzx movsx lea xchg xadd cmpxchg bswap push pop pushad popad pushfd popfd lahf sahf cbw cwde cwd cdq
  sete setne cmove cmovne add adc sub sbb and or xor cmp test inc dec neg not mul imul div idiv shl shr sar rol ror rcl rcr
  shld shrd bt bts btr btc bsf bsr jmp je jne jecxz loop loope loopne call ret retf enter leave int int3 into iret iretd nop
  pause ud2 clc stc cmc cld std movsb movsw movsd stosb stosw stosd lodsb lodsw lodsd cmpsb cmpsw cmpsd scasb scasw scasd
  insb insw insd outsb outsw outsd cli sti hlt in out lgdt lidt sgdt sidt lldt sldt ltr str lmsw smsw clts invlpg invd wbinvd
  rdmsr wrmsr rdtsc cpuid lar lsl verr verw sysenter sysexit vmcall vmmcall`.split(/\s+/);

describe("assembler vs nasm, generated corpus", () => {
  it("contains every mnemonic of the CPU issue", () => {
    const lines = generateCorpus().map((l) => l.trim().split(/\s+/)[0]!.toLowerCase());
    const have = new Set(lines);
    expect(CPU_MNEMONICS.filter((m) => !have.has(m))).toEqual([]);
    expect(generateCorpus().some((l) => /mov cr\d, /.test(l)) && generateCorpus().some((l) => /mov dr\d, /.test(l))).toBe(true);
  });

  it("covers at least 3,000 instructions", () => {
    const lines = generateCorpus();
    const n = Number(/; (\d+) instructions/.exec(lines[lines.length - 1]!)![1]);
    expect(n).toBeGreaterThanOrEqual(3000);
  });

  it("32-bit: every mnemonic x operand form x edge value is byte-identical", () => {
    compareWithNasm(generateCorpus());
  });

  it("16-bit: operand/address-size prefixes flip under bits 16", () => {
    compareWithNasm(generateCorpus16());
  });

  it("forward references, jump-size optimization and sections lay out as nasm does", () => {
    const lines = ["bits 32", "org 0x7000"];
    // chains of forward jumps whose short/near choice depends on each other
    for (let i = 0; i < 40; i++) lines.push(`jz L${i + 3}`, `times ${(i * 37) % 120} nop`, `L${i}:`);
    lines.push("L40:", "L41:", "L42:", "section .data", "d: dd L0, L40, d, b", "align 16", "section .bss", "b: resd 3", "section .text", "jmp L0", "cmp eax, FWD", "FWD equ 5");
    compareWithNasm(lines);
  });
});
