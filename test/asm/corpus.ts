/**
 * Generator of the differential corpus: every form of every mnemonic in the instruction table,
 * each operand varied over edge values (every register of the size, immediates at the 8/16/32-bit
 * boundaries, every memory form: [esp], [ebp], SIB scales 1/2/4/8, disp8/disp32 edges, moffs,
 * segment overrides, 16-bit [bx+si+disp] forms), plus branches at short/near distances and
 * prefix combinations. NASM decides what the right bytes are; this file only writes source.
 */
import { INSTRUCTION_TABLE, CONDITION_CODES } from "../../src/asm/table";

const R8 = ["al", "cl", "dl", "bl", "ah", "ch", "dh", "bh"];
const R16 = ["ax", "cx", "dx", "bx", "sp", "bp", "si", "di"];
const R32 = ["eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"];
const MEM32 = [
  "[eax]", "[esp]", "[ebp]", "[esi+4]", "[ebp-4]", "[esp+8]", "[ecx+0x7f]", "[ecx+0x80]", "[edx-0x80]", "[edx-0x81]",
  "[0x12345678]", "[eax+ebx]", "[ebx+eax*2]", "[esi*4+0x10]", "[ebp+edi*8+0x12345678]", "[eax*2]", "[ecx*8]", "[esp+eax]",
  "[es:ebx]", "[fs:0x10]", "[gs:eax+ecx*4-8]", "[ss:ebp+4]", "[cs:edi]", "[ds:esi]", "[eax+ebp]", "[edi+0xfffffff0]",
];
const MEM16 = ["[bx+si]", "[bx+di+4]", "[bp+si-4]", "[bp+di+0x100]", "[si]", "[di+0x7f]", "[bp]", "[bx+0x1000]"];
const IMM8 = ["0", "1", "0x7f", "0x80", "0xff", "-1", "-128"];
const IMM16 = ["0", "0x7f", "0x80", "-128", "-129", "0x7fff", "0x8000", "0xffff", "-1"];
const IMM32 = ["0", "0x7f", "0x80", "-128", "-129", "0x7fff", "0x8000", "0x7fffffff", "0x80000000", "0xffffffff", "0x12345678", "-1"];
const SIZE: Record<string, string> = { 8: "byte", 16: "word", 32: "dword", 64: "qword" };

function mems(size?: number): string[] {
  const kw = size ? SIZE[size] + " " : "";
  return [...MEM32, ...MEM16].map((m) => kw + m);
}

/** Concrete operand texts for one operand spec of the table. */
function variants(spec: string, mnemonic: string): string[] {
  const explicit = spec.endsWith("!");
  const t = explicit ? spec.slice(0, -1) : spec;
  switch (t) {
    case "r8": return R8;
    case "r16": return R16;
    case "r32": return R32;
    case "rm8": return [...R8.slice(0, 3), ...mems(8)];
    case "rm16": return [...R16.slice(0, 3), ...mems(16)];
    case "rm32": return [...R32.slice(0, 3), ...mems(32)];
    case "m8": case "m16": case "m32": case "m64": return mems(Number(t.slice(1)));
    case "m": return mems();
    case "mfar": return ["far [eax]", "far [ebx+4]", "far [0x1000]"];
    case "mfar16": return ["far word [eax]"];
    case "moffs8": case "moffs16": case "moffs32": return ["[0x12345678]", "[fs:0x10]", "[label_a]"];
    case "al": case "ax": case "eax": case "cl": case "ecx": case "dx": case "es": case "cs": case "ss": case "ds": case "fs": case "gs": return [t];
    case "sreg": return mnemonic === "mov" ? ["es", "ss", "ds", "fs", "gs"] : ["es"];
    case "cr": return ["cr0", "cr2", "cr3", "cr4"];
    case "dr": return ["dr0", "dr1", "dr2", "dr3", "dr6", "dr7"];
    case "imm8": return explicit ? IMM8.map((v) => "byte " + v) : IMM8;
    case "imm16": return explicit ? IMM16.map((v) => "word " + v) : IMM16;
    case "imm32": return explicit ? IMM32.map((v) => "dword " + v) : IMM32;
    case "bimm": return ["byte 5", "byte -1", "byte 0x7f"];
    case "sb16": return explicit ? ["word 5", "word -128"] : ["-128", "0", "127", "-1"];
    case "sb32": return explicit ? ["dword 3", "dword -128"] : ["-128", "0", "127", "-1", "dword 3"];
    case "sbd": return ["-128", "0", "127", "-1"];
    case "immd": return IMM32;
    case "one": return ["1"];
    case "rel8": case "rel": return ["label_a", "label_b", "$+2", "$+0x1000", "$-0x100", "$+0x81", "$-0x7e", "$+0x82", "$-0x7f"];
    case "far": return ["0x08:0x12345678", "0x10:label_a", "word 0x18:0x1234"];
    default: throw new Error(`corpus: no variants for spec ${spec}`);
  }
}

function expandCc(m: string): string[] {
  return m.includes("<cc>") ? Object.keys(CONDITION_CODES).map((c) => m.replace("<cc>", c)) : [m];
}

/** Instructions NASM refuses or that the table marks differently, excluded with the reason. */
function acceptable(m: string, ops: string[]): boolean {
  // short-only branches cannot reach far targets: those are covered by the error tests
  if (/^(loop|loopn?[ez]|jecxz|jcxz)$/.test(m)) {
    // short-only branches: keep the targets that are in range (the out-of-range case is an error test)
    const k = /^\$([+-]0x[0-9a-f]+|\+2)$/.exec(ops[0]!);
    if (!k) return false;
    const d = Number(k[1]!.replace("+", "")) - (m === "jcxz" ? 3 : 2);
    return d >= -128 && d <= 127;
  }
  if (m.startsWith("j") && m !== "jmp" && ops[0]!.startsWith("word ")) return false;
  // iced-x86 decodes 0F FF as UD0 without a ModRM byte (the AMD form), so `ud0 r32, rm32` cannot
  // round-trip through the disassembler; hunt-instructions.test.ts checks its bytes against nasm
  if (m === "ud0" && ops.length > 0) return false;
  return true;
}

/** Lines of the 32-bit corpus, each an instruction (labels and padding lines included). */
export function generateCorpus(): string[] {
  const out: string[] = ["bits 32", "org 0x100000", "label_a:"];
  let count = 0;
  for (const [mn, opsSpec, _enc] of INSTRUCTION_TABLE) {
    const specs = opsSpec ? opsSpec.split(",") : [];
    for (const m of expandCc(mn)) {
      const lists = specs.map((s) => variants(s, m));
      // vary one operand at a time around the first variant of the others
      const seen = new Set<string>();
      const emit = (ops: string[]) => {
        const line = ops.length ? `${m} ${ops.join(", ")}` : m;
        if (seen.has(line) || !acceptable(m, ops)) return;
        seen.add(line);
        out.push("    " + line);
        count++;
      };
      if (lists.length === 0) emit([]);
      lists.forEach((list, i) => {
        for (const v of list) emit(lists.map((l, j) => (j === i ? v : l[0]!)));
      });
      // one full cross product for two-operand forms of small lists
      if (lists.length === 2 && lists[0]!.length * lists[1]!.length <= 80) for (const a of lists[0]!) for (const b of lists[1]!) emit([a, b]);
    }
  }
  out.push(
    "    rep movsb", "    rep movsd", "    repe cmpsb", "    repne scasb", "    rep stosw", "    rep insb", "    rep outsd",
    "    lock add [eax], ebx", "    lock xchg [ecx], eax", "    lock cmpxchg [edi], edx", "    lock inc dword [esi]", "    lock bts dword [eax], 3",
    "    o16 movsd", "    a16 movsb", "    es movsb", "    fs lodsd",
    "    mov eax, [label_a]", "    mov [label_b], al", "    jmp 0x08:label_b", "    call 0x10:label_a",
    "    add eax, label_a", "    push label_b", "    mov ebx, label_b - label_a", "    add ebx, label_b - label_a",
    "    mov eax, [ebx + label_b - label_a]", "    mov eax, [ebx + label_a]",
  );
  count += 26;
  out.push("    times 300 nop", "label_b:", "    ret");
  return out.concat([`; ${count} instructions`]);
}

/** A short 16-bit block (bits 16 flips the meaning of the o16/o32 and a16/a32 prefixes). */
export function generateCorpus16(): string[] {
  const out = ["bits 16", "org 0x7c00", "start:"];
  const lines = [
    "mov ax, bx", "mov eax, ebx", "mov al, [bx+si]", "mov eax, [ebx+ecx*4+8]", "add ax, 1000", "add eax, 1000", "add ax, -1", "push ax",
    "push eax", "push 5", "push word 1000", "inc cx", "inc ecx", "movsw", "movsd", "jmp start", "call start", "jmp 0x0000:0x7c00",
    "lgdt [gdt]", "mov cr0, eax", "xchg ax, bx", "xchg eax, ebx", "int 0x10", "in al, dx", "out dx, ax", "pusha", "pushad", "iret",
    "iretd", "lea si, [bx+di+4]", "mov [bp], al", "mov word [0x1234], 5", "mov ax, [0x1234]", "shl ax, 1", "movzx eax, byte [si]",
    "jmp dword start", "call dword start", "jz near start", "loop start", "jmp dword 0x1234:0x5678", "push word [bx]",
    "push dword [bx]", "pop dword [bx]", "retf", "jmp word start", "in ax, 0x60", "rep movsw", "a32 rep movsb", "o32 lodsw",
  ];
  for (const l of lines) out.push("    " + l);
  out.push("gdt: dq 0");
  return out;
}
