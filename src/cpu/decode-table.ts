/**
 * Decoder lookup tables derived once per process from the opcode table (opcodes.ts): which
 * opcodes take a ModRM byte, which entry an opcode (and, for groups, ModRM.reg / mod / the whole
 * ModRM byte) selects, and the immediate kind of every entry. Immutable after construction.
 *
 * Operand-form keys follow SDM Vol. 2D, A.2.1 ("Codes for Addressing Method") and A.2.2 ("Codes
 * for Operand Type"): E/G/M/R/S/C/D need ModRM; Ib/Iw/Iz/Iv/Jb/Jz/Ap/Ob/Ov carry immediates.
 */
import { OPCODES, type OpcodeEntry } from "./opcodes";

export const IMM_NONE = 0, IMM_B = 1, IMM_W = 2, IMM_Z = 3, IMM_AP = 4, IMM_MOFFS = 5, IMM_WB = 6, IMM_JB = 7,
  IMM_JZ = 8;

function immKindOf(e: OpcodeEntry): number {
  const ops = e.operands.split(",");
  if (ops.includes("Iw") && ops.includes("Ib")) return IMM_WB;
  if (ops.includes("Jb")) return IMM_JB;
  if (ops.includes("Jz")) return IMM_JZ;
  if (ops.includes("Ib")) return IMM_B;
  if (ops.includes("Iw")) return IMM_W;
  if (ops.includes("Iz") || ops.includes("Iv")) return IMM_Z;
  if (ops.includes("Ap")) return IMM_AP;
  if (ops.includes("Ob") || ops.includes("Ov")) return IMM_MOFFS;
  return IMM_NONE;
}

function needsModrm(e: OpcodeEntry): boolean {
  if (e.ext !== undefined || e.modrm !== undefined) return true;
  return e.operands.split(",").some((t) => /^[EGMR][a-z]*$/.test(t) || t === "Sw" || t === "Cd" || t === "Dd");
}

export interface DecodeTables {
  /** 1 when the opcode (0..0x1FF) is followed by ModRM. */
  readonly hasModrm: Uint8Array;
  /** Entry index; -1 undefined; -2 group (see `group`). */
  readonly direct: Int16Array;
  /** Group entries at [(opcode << 4) | (mod == 3 ? 8 : 0) | reg]. */
  readonly group: Int16Array;
  /** Register-form entries keyed by (opcode << 8) | modrm (0F 01 C1 VMCALL ...). */
  readonly rmSpecial: Map<number, number>;
  readonly immKind: Uint8Array;
  /** 1 when the r/m field always names a register whatever `mod` says (MOV CRn/DRn, SDM Vol. 2B MOV). */
  readonly regOnly: Uint8Array;
  /** Entry of F3 90 (PAUSE). */
  readonly pause: number;
}

function build(): DecodeTables {
  const hasModrm = new Uint8Array(0x200);
  const direct = new Int16Array(0x200).fill(-1);
  const group = new Int16Array(0x200 << 4).fill(-1);
  const rmSpecial = new Map<number, number>();
  const immKind = new Uint8Array(OPCODES.length);
  const regOnly = new Uint8Array(0x200);
  let pause = -1;
  OPCODES.forEach((e, i) => {
    immKind[i] = immKindOf(e);
    if (needsModrm(e)) hasModrm[e.code] = 1;
    if (e.operands.split(",").includes("Rd")) regOnly[e.code] = 1;
    if (e.prefix === 0xf3) {
      pause = i;
    } else if (e.modrm !== undefined) {
      direct[e.code] = -2;
      rmSpecial.set((e.code << 8) | e.modrm, i);
    } else if (e.ext !== undefined) {
      direct[e.code] = -2;
      if (e.mod !== "reg") group[(e.code << 4) | e.ext] = i;
      if (e.mod !== "mem") group[(e.code << 4) | 8 | e.ext] = i;
    } else {
      if (direct[e.code] !== -1) throw new Error(`opcode table: duplicate entry for ${e.code.toString(16)}`);
      direct[e.code] = i;
    }
  });
  // Non-group entries restricted to memory forms (LEA, LES ...) are decoded as groups whose register form is #UD.
  OPCODES.forEach((e, i) => {
    if (e.ext === undefined && e.modrm === undefined && e.mod === "mem" && direct[e.code] === i) {
      direct[e.code] = -2;
      for (let reg = 0; reg < 8; reg++) group[(e.code << 4) | reg] = i;
    }
  });
  return { hasModrm, direct, group, rmSpecial, immKind, regOnly, pause };
}

export const DECODE: DecodeTables = build();
