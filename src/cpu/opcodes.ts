/**
 * THE opcode table: every x86-32 opcode and form this CPU implements, with its mnemonic, its
 * operand form in the notation of SDM Vol. 2D Appendix A ("Opcode Map", A.2 "Key to Abbreviations":
 * E = ModRM r/m, G = ModRM reg, I = immediate, J = relative offset, O = moffs, M = memory only,
 * S = segment register in ModRM reg, C/D = control/debug register, R = ModRM r/m register only,
 * Z = register in the opcode's low three bits; b/w/d/v/z/p/a/s/q sizes), the name of the handler
 * that executes it, and the attributes the intercept point and the counters read:
 *
 *   sensitive   reads or changes privileged state (the Popek-Goldberg set listed in design.md);
 *               the run loop passes these through `cpu.intercept` before they act.
 *   privileged  sensitive AND traps (#GP) when executed at CPL > 0 (IN/OUT/INS/OUTS/CLI/STI count
 *               here: they trap at CPL > IOPL, and IOPL is 0 in every OS we run).
 *   lock        LOCK prefix is legal (with a memory destination), SDM Vol. 2A "LOCK".
 *
 * Group opcodes (Appendix A.4, Table A-6) have one entry per ModRM.reg extension (`ext`), some
 * restricted to a memory (`mod: "mem"`) or register (`mod: "reg"`) r/m, and 0F 01 has entries keyed
 * by the whole ModRM byte (`modrm`, e.g. VMCALL = 0F 01 C1). `mnemonic16` is the name the manual
 * gives the 16-bit operand-size form (PUSHF vs PUSHFD), which the counters keep apart.
 *
 * Decoding, dispatch, counters and intercepts are all derived from this one table
 * (decode-table.ts, cpu.ts). Handlers are registered by name from src/cpu/ops/*.ts; a name with no
 * registered handler executes as #UD (and a test lists them).
 *
 * Left out: x87 arithmetic (D8-DF decode for length; ops/x87.ts runs the control instructions,
 * the rest raise #NM/#UD), MMX/SSE, VEX, 64-bit-only opcodes.
 */

export interface OpcodeEntry {
  /** 0x00-0xFF one-byte map; 0x100 | byte for the 0F two-byte map. */
  readonly code: number;
  /** ModRM.reg opcode extension for group opcodes. */
  readonly ext?: number;
  /** Restricts a group entry to memory or register r/m forms. */
  readonly mod?: "mem" | "reg";
  /** Full ModRM byte for the register-only 0F 01 forms (VMCALL, VMMCALL). */
  readonly modrm?: number;
  /** A mandatory prefix that selects this entry (F3 90 = PAUSE). */
  readonly prefix?: 0xf3;
  readonly mnemonic: string;
  readonly mnemonic16?: string;
  readonly operands: string;
  readonly handler: string;
  readonly sensitive?: boolean;
  readonly privileged?: boolean;
  readonly lock?: boolean;
}

type E = OpcodeEntry;
const CC = ["o", "no", "b", "ae", "e", "ne", "be", "a", "s", "ns", "p", "np", "l", "ge", "le", "g"] as const;

/** The eight ALU opcodes of rows 00-3F (add/or/adc/sbb/and/sub/xor/cmp), forms 0-5. */
function alu(row: number, m: string): E[] {
  const lock = m !== "cmp";
  return [
    { code: row + 0, mnemonic: m, operands: "Eb,Gb", handler: `${m}_Eb_Gb`, lock },
    { code: row + 1, mnemonic: m, operands: "Ev,Gv", handler: `${m}_Ev_Gv`, lock },
    { code: row + 2, mnemonic: m, operands: "Gb,Eb", handler: `${m}_Gb_Eb` },
    { code: row + 3, mnemonic: m, operands: "Gv,Ev", handler: `${m}_Gv_Ev` },
    { code: row + 4, mnemonic: m, operands: "AL,Ib", handler: `${m}_AL_Ib` },
    { code: row + 5, mnemonic: m, operands: "eAX,Iz", handler: `${m}_eAX_Iz` },
  ];
}
/** Group 1 (80/81/82/83 /0-7). */
function grp1(code: number, operands: string, form: string): E[] {
  return ["add", "or", "adc", "sbb", "and", "sub", "xor", "cmp"].map((m, ext) =>
    ({ code, ext, mnemonic: m, operands, handler: `${m}_${form}`, lock: m !== "cmp" }));
}
/**
 * Group 2 shifts/rotates (C0/C1/D0-D3 /0-7). /6 is the undocumented alias of SHL/SAL (Table A-6
 * leaves it blank; Intel and AMD parts, and QEMU, execute it as SHL), counted as "sal".
 */
function grp2(code: number, operands: string, form: string): E[] {
  return ["rol", "ror", "rcl", "rcr", "shl", "shr", "sal", "sar"].map((m, ext) =>
    ({ code, ext, mnemonic: m, operands, handler: `${m === "sal" ? "shl" : m}_${form}` }));
}
/** Sixteen condition-coded opcodes (Jcc, SETcc, CMOVcc), SDM Vol. 2D, B.1.4.7 "Condition Test Field". */
function cc(code: number, prefix: string, operands: string, handler: string): E[] {
  return CC.map((c, i) => ({ code: code + i, mnemonic: prefix + c, operands, handler }));
}
/** Eight opcodes with the register in the low three bits. */
function zreg(code: number, e: Omit<E, "code">): E[] {
  return [0, 1, 2, 3, 4, 5, 6, 7].map((r) => ({ ...e, code: code + r }));
}

const S = { sensitive: true } as const;
const P = { sensitive: true, privileged: true } as const;

export const OPCODES: readonly OpcodeEntry[] = [
  // ---- one-byte map, rows 0-3: ALU, segment push/pop, BCD ----
  ...alu(0x00, "add"),
  { code: 0x06, mnemonic: "push", operands: "ES", handler: "push_ES", ...S },
  { code: 0x07, mnemonic: "pop", operands: "ES", handler: "pop_ES", ...S },
  ...alu(0x08, "or"),
  { code: 0x0e, mnemonic: "push", operands: "CS", handler: "push_CS", ...S },
  ...alu(0x10, "adc"),
  { code: 0x16, mnemonic: "push", operands: "SS", handler: "push_SS", ...S },
  { code: 0x17, mnemonic: "pop", operands: "SS", handler: "pop_SS", ...S },
  ...alu(0x18, "sbb"),
  { code: 0x1e, mnemonic: "push", operands: "DS", handler: "push_DS", ...S },
  { code: 0x1f, mnemonic: "pop", operands: "DS", handler: "pop_DS", ...S },
  ...alu(0x20, "and"),
  { code: 0x27, mnemonic: "daa", operands: "", handler: "daa" },
  ...alu(0x28, "sub"),
  { code: 0x2f, mnemonic: "das", operands: "", handler: "das" },
  ...alu(0x30, "xor"),
  { code: 0x37, mnemonic: "aaa", operands: "", handler: "aaa" },
  ...alu(0x38, "cmp"),
  { code: 0x3f, mnemonic: "aas", operands: "", handler: "aas" },
  // ---- rows 4-6 ----
  ...zreg(0x40, { mnemonic: "inc", operands: "Zv", handler: "inc_Zv" }),
  ...zreg(0x48, { mnemonic: "dec", operands: "Zv", handler: "dec_Zv" }),
  ...zreg(0x50, { mnemonic: "push", operands: "Zv", handler: "push_Zv" }),
  ...zreg(0x58, { mnemonic: "pop", operands: "Zv", handler: "pop_Zv" }),
  { code: 0x60, mnemonic: "pushad", mnemonic16: "pusha", operands: "", handler: "pushad" },
  { code: 0x61, mnemonic: "popad", mnemonic16: "popa", operands: "", handler: "popad" },
  { code: 0x62, mnemonic: "bound", operands: "Gv,Ma", handler: "bound_Gv_Ma", mod: "mem" },
  { code: 0x63, mnemonic: "arpl", operands: "Ew,Gw", handler: "arpl_Ew_Gw" },
  { code: 0x68, mnemonic: "push", operands: "Iz", handler: "push_Iz" },
  { code: 0x69, mnemonic: "imul", operands: "Gv,Ev,Iz", handler: "imul_Gv_Ev_Iz" },
  { code: 0x6a, mnemonic: "push", operands: "Ib", handler: "push_Ib" },
  { code: 0x6b, mnemonic: "imul", operands: "Gv,Ev,Ib", handler: "imul_Gv_Ev_Ib" },
  { code: 0x6c, mnemonic: "insb", operands: "Yb,DX", handler: "insb", ...P },
  { code: 0x6d, mnemonic: "insd", mnemonic16: "insw", operands: "Yz,DX", handler: "insd", ...P },
  { code: 0x6e, mnemonic: "outsb", operands: "DX,Xb", handler: "outsb", ...P },
  { code: 0x6f, mnemonic: "outsd", mnemonic16: "outsw", operands: "DX,Xz", handler: "outsd", ...P },
  // ---- row 7: Jcc rel8 ----
  ...cc(0x70, "j", "Jb", "jcc_Jb"),
  // ---- row 8 ----
  ...grp1(0x80, "Eb,Ib", "Eb_Ib"),
  ...grp1(0x81, "Ev,Iz", "Ev_Iz"),
  ...grp1(0x82, "Eb,Ib", "Eb_Ib"),
  ...grp1(0x83, "Ev,Ib", "Ev_Ib"),
  { code: 0x84, mnemonic: "test", operands: "Eb,Gb", handler: "test_Eb_Gb" },
  { code: 0x85, mnemonic: "test", operands: "Ev,Gv", handler: "test_Ev_Gv" },
  { code: 0x86, mnemonic: "xchg", operands: "Eb,Gb", handler: "xchg_Eb_Gb", lock: true },
  { code: 0x87, mnemonic: "xchg", operands: "Ev,Gv", handler: "xchg_Ev_Gv", lock: true },
  { code: 0x88, mnemonic: "mov", operands: "Eb,Gb", handler: "mov_Eb_Gb" },
  { code: 0x89, mnemonic: "mov", operands: "Ev,Gv", handler: "mov_Ev_Gv" },
  { code: 0x8a, mnemonic: "mov", operands: "Gb,Eb", handler: "mov_Gb_Eb" },
  { code: 0x8b, mnemonic: "mov", operands: "Gv,Ev", handler: "mov_Gv_Ev" },
  // MOV Sreg: ModRM.reg 6 and 7 name no segment register (#UD); MOV to CS is #UD (SDM Vol. 2B, MOV).
  ...[0, 1, 2, 3, 4, 5].map((ext) => ({ code: 0x8c, ext, mnemonic: "mov", operands: "Ev,Sw", handler: "mov_Ev_Sw", ...S })),
  { code: 0x8d, mnemonic: "lea", operands: "Gv,M", handler: "lea_Gv_M", mod: "mem" },
  ...[0, 2, 3, 4, 5].map((ext) => ({ code: 0x8e, ext, mnemonic: "mov", operands: "Sw,Ew", handler: "mov_Sw_Ew", ...S })),
  { code: 0x8f, ext: 0, mnemonic: "pop", operands: "Ev", handler: "pop_Ev" },
  // ---- row 9 ----
  { code: 0x90, mnemonic: "nop", operands: "", handler: "nop" },
  { code: 0x90, prefix: 0xf3, mnemonic: "pause", operands: "", handler: "pause" },
  ...zreg(0x90, { mnemonic: "xchg", operands: "Zv,eAX", handler: "xchg_Zv_eAX" }).slice(1),
  { code: 0x98, mnemonic: "cwde", mnemonic16: "cbw", operands: "", handler: "cwde" },
  { code: 0x99, mnemonic: "cdq", mnemonic16: "cwd", operands: "", handler: "cdq" },
  { code: 0x9a, mnemonic: "call", operands: "Ap", handler: "call_Ap", ...S },
  { code: 0x9b, mnemonic: "fwait", operands: "", handler: "fwait" },
  { code: 0x9c, mnemonic: "pushfd", mnemonic16: "pushf", operands: "", handler: "pushfd", ...S },
  { code: 0x9d, mnemonic: "popfd", mnemonic16: "popf", operands: "", handler: "popfd", ...S },
  { code: 0x9e, mnemonic: "sahf", operands: "", handler: "sahf" },
  { code: 0x9f, mnemonic: "lahf", operands: "", handler: "lahf" },
  // ---- row A: moffs, string ops, TEST accumulator ----
  { code: 0xa0, mnemonic: "mov", operands: "AL,Ob", handler: "mov_AL_Ob" },
  { code: 0xa1, mnemonic: "mov", operands: "eAX,Ov", handler: "mov_eAX_Ov" },
  { code: 0xa2, mnemonic: "mov", operands: "Ob,AL", handler: "mov_Ob_AL" },
  { code: 0xa3, mnemonic: "mov", operands: "Ov,eAX", handler: "mov_Ov_eAX" },
  { code: 0xa4, mnemonic: "movsb", operands: "Yb,Xb", handler: "movsb" },
  { code: 0xa5, mnemonic: "movsd", mnemonic16: "movsw", operands: "Yv,Xv", handler: "movsd" },
  { code: 0xa6, mnemonic: "cmpsb", operands: "Xb,Yb", handler: "cmpsb" },
  { code: 0xa7, mnemonic: "cmpsd", mnemonic16: "cmpsw", operands: "Xv,Yv", handler: "cmpsd" },
  { code: 0xa8, mnemonic: "test", operands: "AL,Ib", handler: "test_AL_Ib" },
  { code: 0xa9, mnemonic: "test", operands: "eAX,Iz", handler: "test_eAX_Iz" },
  { code: 0xaa, mnemonic: "stosb", operands: "Yb,AL", handler: "stosb" },
  { code: 0xab, mnemonic: "stosd", mnemonic16: "stosw", operands: "Yv,eAX", handler: "stosd" },
  { code: 0xac, mnemonic: "lodsb", operands: "AL,Xb", handler: "lodsb" },
  { code: 0xad, mnemonic: "lodsd", mnemonic16: "lodsw", operands: "eAX,Xv", handler: "lodsd" },
  { code: 0xae, mnemonic: "scasb", operands: "AL,Yb", handler: "scasb" },
  { code: 0xaf, mnemonic: "scasd", mnemonic16: "scasw", operands: "eAX,Yv", handler: "scasd" },
  // ---- row B: MOV register, immediate ----
  ...zreg(0xb0, { mnemonic: "mov", operands: "Zb,Ib", handler: "mov_Zb_Ib" }),
  ...zreg(0xb8, { mnemonic: "mov", operands: "Zv,Iv", handler: "mov_Zv_Iv" }),
  // ---- row C ----
  ...grp2(0xc0, "Eb,Ib", "Eb_Ib"),
  ...grp2(0xc1, "Ev,Ib", "Ev_Ib"),
  { code: 0xc2, mnemonic: "ret", operands: "Iw", handler: "ret_Iw" },
  { code: 0xc3, mnemonic: "ret", operands: "", handler: "ret" },
  { code: 0xc4, mnemonic: "les", operands: "Gz,Mp", handler: "les_Gz_Mp", mod: "mem", ...S },
  { code: 0xc5, mnemonic: "lds", operands: "Gz,Mp", handler: "lds_Gz_Mp", mod: "mem", ...S },
  { code: 0xc6, ext: 0, mnemonic: "mov", operands: "Eb,Ib", handler: "mov_Eb_Ib" },
  { code: 0xc7, ext: 0, mnemonic: "mov", operands: "Ev,Iz", handler: "mov_Ev_Iz" },
  { code: 0xc8, mnemonic: "enter", operands: "Iw,Ib", handler: "enter_Iw_Ib" },
  { code: 0xc9, mnemonic: "leave", operands: "", handler: "leave" },
  { code: 0xca, mnemonic: "retf", operands: "Iw", handler: "retf_Iw", ...S },
  { code: 0xcb, mnemonic: "retf", operands: "", handler: "retf", ...S },
  { code: 0xcc, mnemonic: "int3", operands: "", handler: "int3", ...S },
  { code: 0xcd, mnemonic: "int", operands: "Ib", handler: "int_Ib", ...S },
  { code: 0xce, mnemonic: "into", operands: "", handler: "into", ...S },
  { code: 0xcf, mnemonic: "iretd", mnemonic16: "iret", operands: "", handler: "iretd", ...S },
  // ---- row D ----
  ...grp2(0xd0, "Eb,1", "Eb_1"),
  ...grp2(0xd1, "Ev,1", "Ev_1"),
  ...grp2(0xd2, "Eb,CL", "Eb_CL"),
  ...grp2(0xd3, "Ev,CL", "Ev_CL"),
  { code: 0xd4, mnemonic: "aam", operands: "Ib", handler: "aam_Ib" },
  { code: 0xd5, mnemonic: "aad", operands: "Ib", handler: "aad_Ib" },
  { code: 0xd7, mnemonic: "xlatb", operands: "", handler: "xlatb" },
  ...[0xd8, 0xd9, 0xda, 0xdb, 0xdc, 0xdd, 0xde, 0xdf].flatMap((code) =>
    [0, 1, 2, 3, 4, 5, 6, 7].map((ext) => ({ code, ext, mnemonic: "fpu", operands: "Ex", handler: "fpu_esc" }))),
  // ---- row E ----
  { code: 0xe0, mnemonic: "loopne", operands: "Jb", handler: "loopne_Jb" },
  { code: 0xe1, mnemonic: "loope", operands: "Jb", handler: "loope_Jb" },
  { code: 0xe2, mnemonic: "loop", operands: "Jb", handler: "loop_Jb" },
  { code: 0xe3, mnemonic: "jecxz", operands: "Jb", handler: "jecxz_Jb" },
  { code: 0xe4, mnemonic: "in", operands: "AL,Ib", handler: "in_AL_Ib", ...P },
  { code: 0xe5, mnemonic: "in", operands: "eAX,Ib", handler: "in_eAX_Ib", ...P },
  { code: 0xe6, mnemonic: "out", operands: "Ib,AL", handler: "out_Ib_AL", ...P },
  { code: 0xe7, mnemonic: "out", operands: "Ib,eAX", handler: "out_Ib_eAX", ...P },
  { code: 0xe8, mnemonic: "call", operands: "Jz", handler: "call_Jz" },
  { code: 0xe9, mnemonic: "jmp", operands: "Jz", handler: "jmp_Jz" },
  { code: 0xea, mnemonic: "jmp", operands: "Ap", handler: "jmp_Ap", ...S },
  { code: 0xeb, mnemonic: "jmp", operands: "Jb", handler: "jmp_Jb" },
  { code: 0xec, mnemonic: "in", operands: "AL,DX", handler: "in_AL_DX", ...P },
  { code: 0xed, mnemonic: "in", operands: "eAX,DX", handler: "in_eAX_DX", ...P },
  { code: 0xee, mnemonic: "out", operands: "DX,AL", handler: "out_DX_AL", ...P },
  { code: 0xef, mnemonic: "out", operands: "DX,eAX", handler: "out_DX_eAX", ...P },
  // ---- row F ----
  { code: 0xf1, mnemonic: "int1", operands: "", handler: "int1", ...S },
  { code: 0xf4, mnemonic: "hlt", operands: "", handler: "hlt", ...P },
  { code: 0xf5, mnemonic: "cmc", operands: "", handler: "cmc" },
  { code: 0xf6, ext: 0, mnemonic: "test", operands: "Eb,Ib", handler: "test_Eb_Ib" },
  { code: 0xf6, ext: 1, mnemonic: "test", operands: "Eb,Ib", handler: "test_Eb_Ib" },
  { code: 0xf6, ext: 2, mnemonic: "not", operands: "Eb", handler: "not_Eb", lock: true },
  { code: 0xf6, ext: 3, mnemonic: "neg", operands: "Eb", handler: "neg_Eb", lock: true },
  { code: 0xf6, ext: 4, mnemonic: "mul", operands: "Eb", handler: "mul_Eb" },
  { code: 0xf6, ext: 5, mnemonic: "imul", operands: "Eb", handler: "imul_Eb" },
  { code: 0xf6, ext: 6, mnemonic: "div", operands: "Eb", handler: "div_Eb" },
  { code: 0xf6, ext: 7, mnemonic: "idiv", operands: "Eb", handler: "idiv_Eb" },
  { code: 0xf7, ext: 0, mnemonic: "test", operands: "Ev,Iz", handler: "test_Ev_Iz" },
  { code: 0xf7, ext: 1, mnemonic: "test", operands: "Ev,Iz", handler: "test_Ev_Iz" },
  { code: 0xf7, ext: 2, mnemonic: "not", operands: "Ev", handler: "not_Ev", lock: true },
  { code: 0xf7, ext: 3, mnemonic: "neg", operands: "Ev", handler: "neg_Ev", lock: true },
  { code: 0xf7, ext: 4, mnemonic: "mul", operands: "Ev", handler: "mul_Ev" },
  { code: 0xf7, ext: 5, mnemonic: "imul", operands: "Ev", handler: "imul_Ev" },
  { code: 0xf7, ext: 6, mnemonic: "div", operands: "Ev", handler: "div_Ev" },
  { code: 0xf7, ext: 7, mnemonic: "idiv", operands: "Ev", handler: "idiv_Ev" },
  { code: 0xf8, mnemonic: "clc", operands: "", handler: "clc" },
  { code: 0xf9, mnemonic: "stc", operands: "", handler: "stc" },
  { code: 0xfa, mnemonic: "cli", operands: "", handler: "cli", ...P },
  { code: 0xfb, mnemonic: "sti", operands: "", handler: "sti", ...P },
  { code: 0xfc, mnemonic: "cld", operands: "", handler: "cld" },
  { code: 0xfd, mnemonic: "std", operands: "", handler: "std" },
  { code: 0xfe, ext: 0, mnemonic: "inc", operands: "Eb", handler: "inc_Eb", lock: true },
  { code: 0xfe, ext: 1, mnemonic: "dec", operands: "Eb", handler: "dec_Eb", lock: true },
  { code: 0xff, ext: 0, mnemonic: "inc", operands: "Ev", handler: "inc_Ev", lock: true },
  { code: 0xff, ext: 1, mnemonic: "dec", operands: "Ev", handler: "dec_Ev", lock: true },
  { code: 0xff, ext: 2, mnemonic: "call", operands: "Ev", handler: "call_Ev" },
  { code: 0xff, ext: 3, mnemonic: "call", operands: "Mp", handler: "call_Mp", mod: "mem", ...S },
  { code: 0xff, ext: 4, mnemonic: "jmp", operands: "Ev", handler: "jmp_Ev" },
  { code: 0xff, ext: 5, mnemonic: "jmp", operands: "Mp", handler: "jmp_Mp", mod: "mem", ...S },
  { code: 0xff, ext: 6, mnemonic: "push", operands: "Ev", handler: "push_Ev" },

  // ---- two-byte map (0F xx) ----
  { code: 0x100, ext: 0, mnemonic: "sldt", operands: "Ew", handler: "sldt_Ew", ...S },
  { code: 0x100, ext: 1, mnemonic: "str", operands: "Ew", handler: "str_Ew", ...S },
  { code: 0x100, ext: 2, mnemonic: "lldt", operands: "Ew", handler: "lldt_Ew", ...P },
  { code: 0x100, ext: 3, mnemonic: "ltr", operands: "Ew", handler: "ltr_Ew", ...P },
  { code: 0x100, ext: 4, mnemonic: "verr", operands: "Ew", handler: "verr_Ew", ...S },
  { code: 0x100, ext: 5, mnemonic: "verw", operands: "Ew", handler: "verw_Ew", ...S },
  { code: 0x101, ext: 0, mod: "mem", mnemonic: "sgdt", operands: "Ms", handler: "sgdt_Ms", ...S },
  { code: 0x101, ext: 1, mod: "mem", mnemonic: "sidt", operands: "Ms", handler: "sidt_Ms", ...S },
  { code: 0x101, ext: 2, mod: "mem", mnemonic: "lgdt", operands: "Ms", handler: "lgdt_Ms", ...P },
  { code: 0x101, ext: 3, mod: "mem", mnemonic: "lidt", operands: "Ms", handler: "lidt_Ms", ...P },
  { code: 0x101, ext: 4, mnemonic: "smsw", operands: "Ew", handler: "smsw_Ew", ...S },
  { code: 0x101, ext: 6, mnemonic: "lmsw", operands: "Ew", handler: "lmsw_Ew", ...P },
  { code: 0x101, ext: 7, mod: "mem", mnemonic: "invlpg", operands: "Mb", handler: "invlpg_Mb", ...P },
  { code: 0x101, modrm: 0xc1, mnemonic: "vmcall", operands: "", handler: "vmcall", ...S },
  { code: 0x101, modrm: 0xd9, mnemonic: "vmmcall", operands: "", handler: "vmmcall", ...S },
  { code: 0x102, mnemonic: "lar", operands: "Gv,Ew", handler: "lar_Gv_Ew", ...S },
  { code: 0x103, mnemonic: "lsl", operands: "Gv,Ew", handler: "lsl_Gv_Ew", ...S },
  { code: 0x106, mnemonic: "clts", operands: "", handler: "clts", ...P },
  { code: 0x108, mnemonic: "invd", operands: "", handler: "invd", ...P },
  { code: 0x109, mnemonic: "wbinvd", operands: "", handler: "wbinvd", ...P },
  { code: 0x10b, mnemonic: "ud2", operands: "", handler: "ud2" },
  ...[0, 1, 2, 3, 4, 5, 6, 7].map((ext) => ({ code: 0x118, ext, mnemonic: "nop", operands: "Ev", handler: "nop_Ev" })),
  ...[0, 1, 2, 3, 4, 5, 6, 7].map((ext) => ({ code: 0x11f, ext, mnemonic: "nop", operands: "Ev", handler: "nop_Ev" })),
  // Only CR0, CR2, CR3, CR4 exist; CR1 and CR5-CR7 are #UD (SDM Vol. 2B, MOV-Move to/from Control Registers).
  ...[0, 2, 3, 4].map((ext) => ({ code: 0x120, ext, mnemonic: "mov", operands: "Rd,Cd", handler: "mov_Rd_Cd", ...P })),
  { code: 0x121, mnemonic: "mov", operands: "Rd,Dd", handler: "mov_Rd_Dd", ...P },
  ...[0, 2, 3, 4].map((ext) => ({ code: 0x122, ext, mnemonic: "mov", operands: "Cd,Rd", handler: "mov_Cd_Rd", ...P })),
  { code: 0x123, mnemonic: "mov", operands: "Dd,Rd", handler: "mov_Dd_Rd", ...P },
  { code: 0x130, mnemonic: "wrmsr", operands: "", handler: "wrmsr", ...P },
  { code: 0x131, mnemonic: "rdtsc", operands: "", handler: "rdtsc", ...S },
  { code: 0x132, mnemonic: "rdmsr", operands: "", handler: "rdmsr", ...P },
  { code: 0x133, mnemonic: "rdpmc", operands: "", handler: "rdpmc", ...S },
  { code: 0x134, mnemonic: "sysenter", operands: "", handler: "sysenter", ...S },
  { code: 0x135, mnemonic: "sysexit", operands: "", handler: "sysexit", ...P },
  ...cc(0x140, "cmov", "Gv,Ev", "cmovcc_Gv_Ev"),
  ...cc(0x180, "j", "Jz", "jcc_Jz"),
  ...CC.flatMap((c, i) => [0, 1, 2, 3, 4, 5, 6, 7].map((ext) =>
    ({ code: 0x190 + i, ext, mnemonic: "set" + c, operands: "Eb", handler: "setcc_Eb" }))),
  { code: 0x1a0, mnemonic: "push", operands: "FS", handler: "push_FS", ...S },
  { code: 0x1a1, mnemonic: "pop", operands: "FS", handler: "pop_FS", ...S },
  { code: 0x1a2, mnemonic: "cpuid", operands: "", handler: "cpuid", ...S },
  { code: 0x1a3, mnemonic: "bt", operands: "Ev,Gv", handler: "bt_Ev_Gv" },
  { code: 0x1a4, mnemonic: "shld", operands: "Ev,Gv,Ib", handler: "shld_Ev_Gv_Ib" },
  { code: 0x1a5, mnemonic: "shld", operands: "Ev,Gv,CL", handler: "shld_Ev_Gv_CL" },
  { code: 0x1a8, mnemonic: "push", operands: "GS", handler: "push_GS", ...S },
  { code: 0x1a9, mnemonic: "pop", operands: "GS", handler: "pop_GS", ...S },
  { code: 0x1aa, mnemonic: "rsm", operands: "", handler: "rsm", ...S },
  { code: 0x1ab, mnemonic: "bts", operands: "Ev,Gv", handler: "bts_Ev_Gv", lock: true },
  { code: 0x1ac, mnemonic: "shrd", operands: "Ev,Gv,Ib", handler: "shrd_Ev_Gv_Ib" },
  { code: 0x1ad, mnemonic: "shrd", operands: "Ev,Gv,CL", handler: "shrd_Ev_Gv_CL" },
  { code: 0x1af, mnemonic: "imul", operands: "Gv,Ev", handler: "imul_Gv_Ev" },
  { code: 0x1b0, mnemonic: "cmpxchg", operands: "Eb,Gb", handler: "cmpxchg_Eb_Gb", lock: true },
  { code: 0x1b1, mnemonic: "cmpxchg", operands: "Ev,Gv", handler: "cmpxchg_Ev_Gv", lock: true },
  { code: 0x1b2, mnemonic: "lss", operands: "Gz,Mp", handler: "lss_Gz_Mp", mod: "mem", ...S },
  { code: 0x1b3, mnemonic: "btr", operands: "Ev,Gv", handler: "btr_Ev_Gv", lock: true },
  { code: 0x1b4, mnemonic: "lfs", operands: "Gz,Mp", handler: "lfs_Gz_Mp", mod: "mem", ...S },
  { code: 0x1b5, mnemonic: "lgs", operands: "Gz,Mp", handler: "lgs_Gz_Mp", mod: "mem", ...S },
  { code: 0x1b6, mnemonic: "movzx", operands: "Gv,Eb", handler: "movzx_Gv_Eb" },
  { code: 0x1b7, mnemonic: "movzx", operands: "Gv,Ew", handler: "movzx_Gv_Ew" },
  { code: 0x1ba, ext: 4, mnemonic: "bt", operands: "Ev,Ib", handler: "bt_Ev_Ib" },
  { code: 0x1ba, ext: 5, mnemonic: "bts", operands: "Ev,Ib", handler: "bts_Ev_Ib", lock: true },
  { code: 0x1ba, ext: 6, mnemonic: "btr", operands: "Ev,Ib", handler: "btr_Ev_Ib", lock: true },
  { code: 0x1ba, ext: 7, mnemonic: "btc", operands: "Ev,Ib", handler: "btc_Ev_Ib", lock: true },
  { code: 0x1bb, mnemonic: "btc", operands: "Ev,Gv", handler: "btc_Ev_Gv", lock: true },
  { code: 0x1bc, mnemonic: "bsf", operands: "Gv,Ev", handler: "bsf_Gv_Ev" },
  { code: 0x1bd, mnemonic: "bsr", operands: "Gv,Ev", handler: "bsr_Gv_Ev" },
  { code: 0x1be, mnemonic: "movsx", operands: "Gv,Eb", handler: "movsx_Gv_Eb" },
  { code: 0x1bf, mnemonic: "movsx", operands: "Gv,Ew", handler: "movsx_Gv_Ew" },
  { code: 0x1c0, mnemonic: "xadd", operands: "Eb,Gb", handler: "xadd_Eb_Gb", lock: true },
  { code: 0x1c1, mnemonic: "xadd", operands: "Ev,Gv", handler: "xadd_Ev_Gv", lock: true },
  { code: 0x1c7, ext: 1, mod: "mem", mnemonic: "cmpxchg8b", operands: "Mq", handler: "cmpxchg8b_Mq", lock: true },
  ...zreg(0x1c8, { mnemonic: "bswap", operands: "Zd", handler: "bswap_Zd" }),
];

/** Entries that are sensitive/privileged/innocuous, the three counter classes. */
export type InstructionClass = "privileged" | "sensitive" | "innocuous";
export function classOf(e: OpcodeEntry): InstructionClass {
  return e.privileged ? "privileged" : e.sensitive ? "sensitive" : "innocuous";
}
