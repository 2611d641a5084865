/**
 * x86-32 register names and their encodings (Intel SDM Vol. 2A, 2.1.5 "Addressing-Mode Encoding of
 * ModR/M and SIB Bytes", Table 2-1/2-2 register columns; 3.4.1 for segment, control and debug
 * registers as MOV operands). Left out: MMX/SSE/x87 and 64-bit registers.
 */

export type RegClass = "r8" | "r16" | "r32" | "sreg" | "creg" | "dreg" | "treg";

export interface Register {
  name: string;
  cls: RegClass;
  /** 3-bit register number used in ModRM.reg / rm / opcode+r. */
  num: number;
  /** Size in bits (for segment registers 16). */
  size: number;
}

const table: Register[] = [];
const add = (names: string[], cls: RegClass, size: number) =>
  names.forEach((name, num) => table.push({ name, cls, num, size }));
add(["al", "cl", "dl", "bl", "ah", "ch", "dh", "bh"], "r8", 8);
add(["ax", "cx", "dx", "bx", "sp", "bp", "si", "di"], "r16", 16);
add(["eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"], "r32", 32);
add(["es", "cs", "ss", "ds", "fs", "gs"], "sreg", 16);
add(["cr0", "cr1", "cr2", "cr3", "cr4", "cr5", "cr6", "cr7"], "creg", 32);
add(["dr0", "dr1", "dr2", "dr3", "dr4", "dr5", "dr6", "dr7"], "dreg", 32);
add(["tr0", "tr1", "tr2", "tr3", "tr4", "tr5", "tr6", "tr7"], "treg", 32);

export const REGISTERS: ReadonlyMap<string, Register> = new Map(table.map((r) => [r.name, r]));

/** Segment-override prefix bytes (SDM 2.1.1 "Instruction Prefixes", group 2). */
export const SEGMENT_PREFIX: Readonly<Record<string, number>> = { es: 0x26, cs: 0x2e, ss: 0x36, ds: 0x3e, fs: 0x64, gs: 0x65 };

export function register(name: string): Register | undefined {
  return REGISTERS.get(name.toLowerCase());
}

/** Registers that can appear inside an effective address. */
export function isAddressRegister(name: string): boolean {
  const r = REGISTERS.get(name);
  return r !== undefined && (r.cls === "r32" || r.cls === "r16");
}
