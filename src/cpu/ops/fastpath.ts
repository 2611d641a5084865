/**
 * Decode-time specialisation of the hottest handlers. The opcode table names one handler per form
 * (`add_Ev_Gv` covers 16/32-bit operands and register/memory r/m); for the common 32-bit cases
 * this file returns a handler with those decisions already taken, so the interpreter's inner loop
 * runs fewer branches: INC/DEC r32, Jcc with a 32-bit operand size, MOV r32 <-> r/m32 and the ALU
 * operations on 32-bit registers. Semantics are identical to the generic handlers (arith.ts,
 * control.ts, move.ts), which remain the reference and handle every other form; the tests run
 * both paths.
 *
 * The specialisers are pure functions of the decoded instruction; the handlers they return are
 * created once per process (module constants) and keep no state.
 */
import type { Cpu } from "../cpu";
import type { Handler, Insn } from "../decode";
import { fault, GP } from "../exception";
import { condition, getEflags, K_ADD, K_DEC, K_INC, K_LOGIC, K_SAR, K_SHL, K_SHR, K_SUB, getCF } from "../flags";
import { CpuState, CS } from "../state";
import { ea } from "./operand";

const SZ32 = 2;
const OP_ADD = (K_ADD << 2) | SZ32, OP_SUB = (K_SUB << 2) | SZ32, OP_LOGIC = (K_LOGIC << 2) | SZ32;
const OP_INC = (K_INC << 2) | SZ32, OP_DEC = (K_DEC << 2) | SZ32;

/** CF to carry through INC/DEC (their previous value, cheap when the last op was INC/DEC too). */
function keptCF(s: CpuState): number {
  const k = s.lazyOp >> 2;
  return k === K_INC || k === K_DEC ? s.lazySrc : getCF(s);
}

const inc32: Handler = (cpu, i) => {
  const s = cpu.state;
  const cf = keptCF(s);
  const d = s.regs[i.rm];
  const r = (d + 1) >>> 0;
  s.regs[i.rm] = r;
  s.lazyOp = OP_INC; s.lazyResult = r; s.lazyDst = d; s.lazySrc = cf;
};
const dec32: Handler = (cpu, i) => {
  const s = cpu.state;
  const cf = keptCF(s);
  const d = s.regs[i.rm];
  const r = (d - 1) >>> 0;
  s.regs[i.rm] = r;
  s.lazyOp = OP_DEC; s.lazyResult = r; s.lazyDst = d; s.lazySrc = cf;
};

function jump32(cpu: Cpu, insn: Insn): void {
  const s = cpu.state;
  const t = (s.eip + insn.imm) >>> 0;
  if (t > s.segLimit[CS]) fault(GP, 0);
  s.eip = t;
}
/** JE/JNE test the lazy result directly; the other conditions go through flags.condition. */
const jz32: Handler = (cpu, i) => {
  const s = cpu.state;
  if (s.lazyOp !== 0 ? s.lazyResult === 0 : (s.eflags & 0x40) !== 0) jump32(cpu, i);
};
const jnz32: Handler = (cpu, i) => {
  const s = cpu.state;
  if (s.lazyOp !== 0 ? s.lazyResult !== 0 : (s.eflags & 0x40) === 0) jump32(cpu, i);
};
const jcc32: Handler = (cpu, i) => {
  if (condition(cpu.state, i.opcode & 0xf)) jump32(cpu, i);
};

const movRR32: Handler = (cpu, i) => { const r = cpu.state.regs; r[i.rm] = r[i.reg]; };
const movGvM32: Handler = (cpu, i) => cpu.load32(i.reg, i.seg, ea(cpu, i));
const movRRload32: Handler = (cpu, i) => { const r = cpu.state.regs; r[i.reg] = r[i.rm]; };
const movMGv32: Handler = (cpu, i) => { cpu.write32(i.seg, ea(cpu, i), cpu.state.regs[i.reg]); };
const movZvIv32: Handler = (cpu, i) => { cpu.state.regs[i.rm] = i.imm; };

/** ALU op on a 32-bit register destination: d op v, flags recorded lazily (as arith.ts). */
function alu32(s: CpuState, op: number, dst: number, v: number): void {
  const regs = s.regs;
  const d = regs[dst];
  let r: number;
  switch (op) {
    case 0: r = (d + v) >>> 0; regs[dst] = r; s.lazyOp = OP_ADD; s.lazyResult = r; s.lazyDst = d; s.lazySrc = v; return;
    case 1: r = (d | v) >>> 0; regs[dst] = r; s.lazyOp = OP_LOGIC; s.lazyResult = r; return;
    case 4: r = (d & v) >>> 0; regs[dst] = r; s.lazyOp = OP_LOGIC; s.lazyResult = r; return;
    case 5: r = (d - v) >>> 0; regs[dst] = r; s.lazyOp = OP_SUB; s.lazyResult = r; s.lazyDst = d; s.lazySrc = v; return;
    case 6: r = (d ^ v) >>> 0; regs[dst] = r; s.lazyOp = OP_LOGIC; s.lazyResult = r; return;
    default: r = (d - v) >>> 0; s.lazyOp = OP_SUB; s.lazyResult = r; s.lazyDst = d; s.lazySrc = v; return; // 7: CMP
  }
}
const ALU_FAST = new Set([0, 1, 4, 5, 6, 7]);
/** Register-only ALU handler -> [op, destination, source kind], for registerForm. */
const ALU_INLINE = new Map<Handler, [number, "rm" | "reg" | "eax", "reg" | "rm" | "ib" | "iz"]>();
/** ALU r32, m32 handler -> ALU operation, for memoryForm. */
const ALU_MEM = new Map<Handler, number>();
function aluEvGv(op: number): Handler { return (cpu, i) => alu32(cpu.state, op, i.rm, cpu.state.regs[i.reg]); }
function aluGvEv(op: number): Handler { return (cpu, i) => alu32(cpu.state, op, i.reg, cpu.state.regs[i.rm]); }
function aluGvM(op: number): Handler { return (cpu, i) => alu32(cpu.state, op, i.reg, cpu.read32(i.seg, ea(cpu, i))); }
function aluEvI(op: number, signExtend8: boolean): Handler {
  return signExtend8
    ? (cpu, i) => alu32(cpu.state, op, i.rm, ((i.imm << 24) >> 24) >>> 0)
    : (cpu, i) => alu32(cpu.state, op, i.rm, i.imm);
}
const NAMES = ["add", "or", "adc", "sbb", "and", "sub", "xor", "cmp"];
const ALU: Record<string, (insn: Insn) => Handler | null> = {};
NAMES.forEach((m, op) => {
  if (!ALU_FAST.has(op)) return;
  const ev = aluEvGv(op), gv = aluGvEv(op), gm = aluGvM(op), ib = aluEvI(op, true), iz = aluEvI(op, false);
  const ax: Handler = (cpu, i) => alu32(cpu.state, op, 0, i.imm);
  ALU_INLINE.set(ev, [op, "rm", "reg"]);
  ALU_INLINE.set(gv, [op, "reg", "rm"]);
  ALU_INLINE.set(ib, [op, "rm", "ib"]);
  ALU_INLINE.set(iz, [op, "rm", "iz"]);
  ALU_INLINE.set(ax, [op, "eax", "iz"]);
  ALU_MEM.set(gm, op);
  ALU[`${m}_Ev_Gv`] = (i) => (!i.o16 && i.mod === 3 ? ev : null);
  ALU[`${m}_Gv_Ev`] = (i) => (i.o16 ? null : i.mod === 3 ? gv : gm);
  ALU[`${m}_Ev_Ib`] = (i) => (!i.o16 && i.mod === 3 ? ib : null);
  ALU[`${m}_Ev_Iz`] = (i) => (!i.o16 && i.mod === 3 ? iz : null);
  ALU[`${m}_eAX_Iz`] = (i) => (i.o16 ? null : ax);
});

/** SHL/SHR/SAR r32 by a constant count (imm8 or 1), flags lazily as shift.ts. */
function shift32(kind: number): Handler {
  const lazy = (kind << 2) | SZ32;
  return (cpu, i) => {
    const c = (i.opcode === 0xd1 ? 1 : i.imm) & 31;
    if (c === 0) return;
    const s = cpu.state;
    const d = s.regs[i.rm];
    const r = kind === K_SHL ? (d << c) >>> 0 : kind === K_SHR ? d >>> c : (d >> c) >>> 0;
    s.regs[i.rm] = r;
    s.lazyOp = lazy; s.lazyResult = r; s.lazyDst = d; s.lazySrc = c;
  };
}
const shl32 = shift32(K_SHL), shr32 = shift32(K_SHR), sar32 = shift32(K_SAR);

/** ROL/ROR r32 by a constant count: only CF and OF change (SDM Vol. 2B, RCL/RCR/ROL/ROR). */
function rotate32(left: boolean): Handler {
  return (cpu, i) => {
    const c = (i.opcode === 0xd1 ? 1 : i.imm) & 31;
    if (c === 0) return;
    const s = cpu.state;
    const d = s.regs[i.rm];
    const r = left ? ((d << c) | (d >>> (32 - c))) >>> 0 : ((d >>> c) | (d << (32 - c))) >>> 0;
    s.regs[i.rm] = r;
    const cf = left ? r & 1 : r >>> 31;
    const of = left ? (r >>> 31) ^ cf : (r >>> 31) ^ ((r >>> 30) & 1);
    s.eflags = (getEflags(s) & ~0x801) | cf | (of << 11);
    s.lazyOp = 0;
  };
}
const rol32 = rotate32(true), ror32 = rotate32(false);

/** LEA r32 with a 32-bit address: base + index << scale + disp. */
const lea32: Handler = (cpu, i) => {
  const r = cpu.state.regs;
  let a = i.disp;
  if (i.base >= 0) a += r[i.base];
  if (i.index >= 0) a += r[i.index] << i.scale;
  r[i.reg] = a >>> 0;
};

const regForm = (h: Handler) => (i: Insn) => (!i.o16 && i.mod === 3 ? h : null);

/** Handler name -> specialiser (returns null to keep the generic handler). */
export const SPECIALIZERS: Readonly<Record<string, (insn: Insn) => Handler | null>> = {
  inc_Zv: (i) => (i.o16 ? null : inc32),
  dec_Zv: (i) => (i.o16 ? null : dec32),
  jcc_Jb: (i) => (i.o16 ? null : (i.opcode & 0xf) === 4 ? jz32 : (i.opcode & 0xf) === 5 ? jnz32 : jcc32),
  jcc_Jz: (i) => (i.o16 ? null : (i.opcode & 0xf) === 4 ? jz32 : (i.opcode & 0xf) === 5 ? jnz32 : jcc32),
  mov_Ev_Gv: (i) => (i.o16 ? null : i.mod === 3 ? movRR32 : movMGv32),
  mov_Gv_Ev: (i) => (i.o16 ? null : i.mod === 3 ? movRRload32 : movGvM32),
  mov_Zv_Iv: (i) => (i.o16 ? null : movZvIv32),
  shl_Ev_Ib: regForm(shl32), shl_Ev_1: regForm(shl32),
  shr_Ev_Ib: regForm(shr32), shr_Ev_1: regForm(shr32),
  sar_Ev_Ib: regForm(sar32), sar_Ev_1: regForm(sar32),
  rol_Ev_Ib: regForm(rol32), rol_Ev_1: regForm(rol32),
  ror_Ev_Ib: regForm(ror32), ror_Ev_1: regForm(ror32),
  lea_Gv_M: (i) => (!i.o16 && !i.a16 && i.mod !== 3 ? lea32 : null),
  ...ALU,
};

/**
 * Structured description of a register-only instruction, for block compilers that keep guest
 * registers in JS locals (block-emit.ts). Null for anything else. `count` is the masked shift or
 * rotate count; `v` an immediate source already sign-extended and unsigned.
 */
export type RegisterForm =
  | { kind: "incdec"; inc: boolean; dst: number }
  | { kind: "mov"; dst: number; src: number }
  | { kind: "movi"; dst: number; v: number }
  | { kind: "lea"; dst: number; base: number; index: number; scale: number; disp: number }
  | { kind: "shift"; op: number; dst: number; count: number }
  | { kind: "rotate"; left: boolean; dst: number; count: number }
  | { kind: "alu"; op: number; dst: number; src: number; v: number };

export function registerForm(insn: Insn): RegisterForm | null {
  const fn = insn.fn;
  const rm = insn.rm, reg = insn.reg;
  if (fn === inc32 || fn === dec32) return { kind: "incdec", inc: fn === inc32, dst: rm };
  if (fn === movRR32) return { kind: "mov", dst: rm, src: reg };
  if (fn === movRRload32) return { kind: "mov", dst: reg, src: rm };
  if (fn === movZvIv32) return { kind: "movi", dst: rm, v: insn.imm >>> 0 };
  if (fn === lea32) return { kind: "lea", dst: reg, base: insn.base, index: insn.index, scale: insn.scale, disp: insn.disp | 0 };
  const count = (insn.opcode === 0xd1 ? 1 : insn.imm) & 31;
  if (fn === shl32 || fn === shr32 || fn === sar32) {
    const kind = fn === shl32 ? K_SHL : fn === shr32 ? K_SHR : K_SAR;
    return { kind: "shift", op: (kind << 2) | SZ32, dst: rm, count };
  }
  if (fn === rol32 || fn === ror32) return { kind: "rotate", left: fn === rol32, dst: rm, count };
  const alu = ALU_INLINE.get(fn);
  if (alu !== undefined) {
    const [op, dst, srcKind] = alu;
    const d = dst === "rm" ? rm : dst === "reg" ? reg : 0;
    const src = srcKind === "reg" ? reg : srcKind === "rm" ? rm : -1;
    const v = srcKind === "ib" ? ((insn.imm << 24) >> 24) >>> 0 : insn.imm >>> 0;
    return { kind: "alu", op, dst: d, src, v };
  }
  return null;
}

/** Jcc rel with a 32-bit operand size: -1 when `insn` is not one, else the condition (0-15). */
export function jcc32Condition(insn: Insn): number {
  return insn.fn === jz32 || insn.fn === jnz32 || insn.fn === jcc32 ? insn.opcode & 0xf : -1;
}

/**
 * Dword memory forms with a 32-bit address that a block may inline (block-emit.ts): MOV r32, m32
 * ("load"), MOV m32, r32 ("store"), ALU r32, m32 ("alu", `op` the ALU operation 0-7); null else.
 */
export function memoryForm(insn: Insn): { kind: "load" | "store" | "alu"; op: number } | null {
  if (insn.a16) return null;
  if (insn.fn === movGvM32) return { kind: "load", op: -1 };
  if (insn.fn === movMGv32) return { kind: "store", op: -1 };
  const op = ALU_MEM.get(insn.fn);
  return op === undefined ? null : { kind: "alu", op };
}
