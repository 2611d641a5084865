/**
 * Instruction decoder: prefixes, opcode (one- and two-byte maps), ModRM, SIB, displacement and
 * immediates, producing an `Insn` that the run loop caches and hands to a handler.
 *
 * Follows SDM Vol. 2A, chapter 2 ("Instruction Format"): legacy prefixes in any order (groups 1-4,
 * 2.1.1), 32-bit ModRM/SIB forms (Tables 2-2 and 2-3) and 16-bit ModRM forms (Table 2-1,
 * `[bx+si+disp]` etc.), the 15-byte length limit (#GP(0), 2.3.11), and the opcode maps of
 * Appendix A through the table in opcodes.ts. The default operand/address size comes from CS.D
 * (`mode` 1 = 32-bit code segment, 0 = 16-bit); 0x66/0x67 select the other size.
 *
 * The decoder fetches bytes one at a time through `cpu.fetchCode8`, so a fault on a byte the
 * instruction does not need never happens. LOCK on an instruction or form that does not allow it
 * decodes to a #UD handler (SDM Vol. 2A, LOCK: "#UD if the LOCK prefix is used with an
 * instruction not listed ... or the destination operand is not a memory operand").
 *
 * Left out: VEX/EVEX, REX (64-bit mode), x87/SSE opcode maps (decoded only for length, see opcodes.ts).
 */
import type { Cpu } from "./cpu";
import { CS, DS, ES, FS, GS, SS, EBP, ESP, EBX, ESI, EDI } from "./state";
import { fault, GP, UD } from "./exception";
import { DECODE, IMM_NONE, IMM_B, IMM_W, IMM_Z, IMM_AP, IMM_MOFFS, IMM_WB, IMM_JB, IMM_JZ } from "./decode-table";
import { OPCODES as ENTRIES } from "./opcodes";
import type { Block } from "./decode-block";

/** A handler executes one decoded instruction. EIP already points past it when it runs. */
export type Handler = (cpu: Cpu, insn: Insn) => void;

/** Raised for opcodes that are not defined, or whose handler is missing. */
export const undefinedOpcode: Handler = () => fault(UD);

/** A decoded instruction. One fixed shape (all fields initialised) so property access stays monomorphic. */
export class Insn {
  /** Index of the opcode table entry (ENTRIES); -1 for an undefined opcode. */
  entry = -1;
  /** Counter slot: entry, or entry + ENTRIES.length for the 16-bit-operand mnemonic variant. */
  counter = 0;
  fn: Handler = undefinedOpcode;
  /** 1 when the entry is sensitive or privileged: the run loop takes its slow path (intercept point). */
  attr = 0;
  /** Encoded length in bytes (1..15). */
  len = 0;
  /** CS.D the instruction was decoded under (1 = 32-bit). A cached Insn is reused only under the same mode. */
  mode = 1;
  /** Opcode: 0x00-0xFF for the one-byte map, 0x100 | byte for the 0F two-byte map. */
  opcode = 0;
  /** Operand size is 16 bits (else 32; byte forms ignore this). */
  o16 = false;
  /** Address size is 16 bits. */
  a16 = false;
  /** 0, 0xF2 (REPNE) or 0xF3 (REP/REPE): the last group-1 prefix. */
  rep = 0;
  lock = false;
  /** Segment of the memory operand: the override, else DS, or SS for EBP/ESP/BP bases. */
  seg = DS;
  /** Segment override prefix, or -1. */
  segOverride = -1;
  /** ModRM fields (mod 3 = register operand). */
  mod = 3;
  reg = 0;
  rm = 0;
  /** Effective address parts: base/index register (-1 none), scale as a shift count, disp (int32). */
  base = -1;
  index = -1;
  scale = 0;
  disp = 0;
  /** Immediate (unsigned, or sign-extended for Jb/Jz), moffs offset, or far pointer offset. */
  imm = 0;
  /** Second immediate: far pointer selector, or ENTER's nesting level. */
  imm2 = 0;
  /** Compiled block starting at this instruction (decode-block.ts), and executions before one is built. */
  block: Block | null = null;
  hits = 0;
}

/** 16-bit ModRM base/index pairs for rm = 0..7 (SDM Vol. 2A, Table 2-1). */
const BASE16 = [EBX, EBX, EBP, EBP, ESI, EDI, EBP, EBX];
const INDEX16 = [ESI, EDI, ESI, EDI, -1, -1, -1, -1];

/** Decodes the instruction at CS:eip into `insn` (overwritten completely). Throws #GP/#PF on fetch faults. */
export function decode(cpu: Cpu, eip: number, mode: number, insn: Insn): void {
  let i = 0;
  let o16 = mode === 0, a16 = mode === 0, rep = 0, lock = false, segOverride = -1;
  let b = 0;
  for (;;) {
    b = cpu.fetchCode8(eip + i);
    i++;
    if (i > 15) fault(GP, 0);
    switch (b) {
      case 0x66: o16 = mode !== 0; continue;
      case 0x67: a16 = mode !== 0; continue;
      case 0xf2: case 0xf3: rep = b; continue;
      case 0xf0: lock = true; continue;
      case 0x26: segOverride = ES; continue;
      case 0x2e: segOverride = CS; continue;
      case 0x36: segOverride = SS; continue;
      case 0x3e: segOverride = DS; continue;
      case 0x64: segOverride = FS; continue;
      case 0x65: segOverride = GS; continue;
    }
    break;
  }
  if (b === 0x0f) {
    b = 0x100 | cpu.fetchCode8(eip + i);
    i++;
  }
  insn.opcode = b;
  insn.mode = mode;
  insn.o16 = o16;
  insn.a16 = a16;
  insn.rep = rep;
  insn.lock = lock;
  insn.segOverride = segOverride;
  insn.base = -1;
  insn.index = -1;
  insn.scale = 0;
  insn.disp = 0;
  insn.imm = 0;
  insn.imm2 = 0;
  let seg = DS;
  let entry = DECODE.direct[b];
  if (DECODE.hasModrm[b] !== 0) {
    const m = cpu.fetchCode8(eip + i);
    i++;
    const mod = DECODE.regOnly[b] !== 0 ? 3 : m >> 6, reg = (m >> 3) & 7, rm = m & 7;
    insn.mod = mod;
    insn.reg = reg;
    insn.rm = rm;
    if (entry === -2) {
      const special = mod === 3 ? DECODE.rmSpecial.get((b << 8) | m) : undefined;
      entry = special !== undefined ? special : DECODE.group[(b << 4) | (mod === 3 ? 8 : 0) | reg];
    }
    if (mod !== 3) {
      if (!a16) {
        let base = rm;
        if (rm === 4) {
          const sib = cpu.fetchCode8(eip + i);
          i++;
          const index = (sib >> 3) & 7;
          insn.scale = sib >> 6;
          insn.index = index === 4 ? -1 : index;
          base = sib & 7;
        }
        if (base === 5 && mod === 0) {
          base = -1;
          insn.disp = fetchImm(cpu, eip + i, 4) | 0;
          i += 4;
        }
        insn.base = base;
        if (base === ESP || base === EBP) seg = SS;
      } else {
        if (mod === 0 && rm === 6) {
          insn.disp = fetchImm(cpu, eip + i, 2);
          i += 2;
        } else {
          insn.base = BASE16[rm];
          insn.index = INDEX16[rm];
          if (insn.base === EBP) seg = SS;
        }
      }
      if (mod === 1) {
        insn.disp = (cpu.fetchCode8(eip + i) << 24) >> 24;
        i++;
      } else if (mod === 2) {
        const n = a16 ? 2 : 4;
        insn.disp = a16 ? (fetchImm(cpu, eip + i, 2) << 16) >> 16 : fetchImm(cpu, eip + i, 4) | 0;
        i += n;
      }
    }
  } else {
    insn.mod = 3;
    insn.reg = 0;
    insn.rm = b & 7;
  }
  if (b === 0x90 && rep === 0xf3) entry = DECODE.pause;
  insn.seg = segOverride >= 0 ? segOverride : seg;
  if (entry >= 0) {
    const e = ENTRIES[entry];
    switch (DECODE.immKind[entry]) {
      case IMM_NONE: break;
      case IMM_B: insn.imm = cpu.fetchCode8(eip + i); i += 1; break;
      case IMM_JB: insn.imm = (cpu.fetchCode8(eip + i) << 24) >> 24; i += 1; break;
      case IMM_W: insn.imm = fetchImm(cpu, eip + i, 2); i += 2; break;
      case IMM_Z: insn.imm = fetchImm(cpu, eip + i, o16 ? 2 : 4); i += o16 ? 2 : 4; break;
      case IMM_JZ:
        insn.imm = o16 ? (fetchImm(cpu, eip + i, 2) << 16) >> 16 : fetchImm(cpu, eip + i, 4) | 0;
        i += o16 ? 2 : 4;
        break;
      case IMM_AP: {
        const n = o16 ? 2 : 4;
        insn.imm = fetchImm(cpu, eip + i, n);
        insn.imm2 = fetchImm(cpu, eip + i + n, 2);
        i += n + 2;
        break;
      }
      case IMM_MOFFS: insn.disp = fetchImm(cpu, eip + i, a16 ? 2 : 4) | 0; i += a16 ? 2 : 4; break;
      case IMM_WB: insn.imm = fetchImm(cpu, eip + i, 2); insn.imm2 = cpu.fetchCode8(eip + i + 2); i += 3; break;
    }
    if (i > 15) fault(GP, 0);
    insn.entry = entry;
    insn.counter = o16 && e.mnemonic16 !== undefined ? entry + ENTRIES.length : entry;
    insn.attr = e.sensitive ? 1 : 0;
    const special = cpu.specialize[entry];
    insn.fn = (special !== null ? special(insn) : null) ?? cpu.dispatch[entry];
    if (lock && (!e.lock || insn.mod === 3)) {
      insn.fn = undefinedOpcode;
    }
  } else {
    insn.entry = -1;
    insn.counter = 0;
    insn.attr = 0;
    insn.fn = undefinedOpcode;
  }
  insn.len = i;
}

function fetchImm(cpu: Cpu, at: number, n: number): number {
  let v = 0;
  for (let k = 0; k < n; k++) v |= cpu.fetchCode8(at + k) << (8 * k);
  return v >>> 0;
}
