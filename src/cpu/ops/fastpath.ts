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
/** Register-only ALU handlers (see isRegisterOnly). */
const PURE_ALU: Handler[] = [];
/** Register-only ALU handler -> [op, destination, source kind], for inlineSource. */
const ALU_INLINE = new Map<Handler, [number, "rm" | "reg" | "eax", "reg" | "rm" | "ib" | "iz"]>();
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
  for (const h of [ev, gv, ib, iz, ax]) PURE_ALU.push(h);
  ALU_INLINE.set(ev, [op, "rm", "reg"]);
  ALU_INLINE.set(gv, [op, "reg", "rm"]);
  ALU_INLINE.set(ib, [op, "rm", "ib"]);
  ALU_INLINE.set(iz, [op, "rm", "iz"]);
  ALU_INLINE.set(ax, [op, "eax", "iz"]);
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

/**
 * Handlers that touch only general registers and flags: they cannot fault, do not read EIP and
 * cannot write memory, so a compiled block may run them without storing EIP first and without
 * re-checking for MMIO/self-modification after them (decode-block.ts).
 */
const PURE = new Set<Handler>([inc32, dec32, movRR32, movRRload32, movZvIv32, shl32, shr32, sar32, rol32, ror32, lea32, ...PURE_ALU]);
export function isRegisterOnly(fn: Handler): boolean {
  return PURE.has(fn);
}

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
 * JavaScript source equivalent to a register-only handler on `insn`, for compiled blocks to paste
 * inline (decode-block.ts), or null. The source uses `s` (CpuState), `r` (s.regs) and the helpers
 * `getCF`/`getEflags`; `flags` = false omits the lazy-flags record when the block knows the next
 * instruction overwrites it before anything reads it. Must match the handlers above exactly.
 */
export function inlineSource(insn: Insn, flags: boolean): string | null {
  const fn = insn.fn;
  const rm = insn.rm, reg = insn.reg;
  const rec = (op: number, res: string, dst: string, src: string) =>
    flags ? ` s.lazyOp = ${op}; s.lazyResult = ${res}; s.lazyDst = ${dst}; s.lazySrc = ${src};` : "";
  if (fn === inc32 || fn === dec32) {
    const op = fn === inc32 ? OP_INC : OP_DEC;
    const cf = flags ? ` const k = s.lazyOp >> 2; const cf = k === ${K_INC} || k === ${K_DEC} ? s.lazySrc : getCF(s);` : "";
    return `{${cf} const d = r[${rm}]; const x = (d ${fn === inc32 ? "+" : "-"} 1) >>> 0; r[${rm}] = x;${flags ? rec(op, "x", "d", "cf") : ""} }`;
  }
  if (fn === movRR32) return `r[${rm}] = r[${reg}];`;
  if (fn === movRRload32) return `r[${reg}] = r[${rm}];`;
  if (fn === movZvIv32) return `r[${rm}] = ${insn.imm >>> 0};`;
  if (fn === lea32) {
    let e = `${insn.disp | 0}`;
    if (insn.base >= 0) e += ` + r[${insn.base}]`;
    if (insn.index >= 0) e += ` + (r[${insn.index}] << ${insn.scale})`;
    return `r[${reg}] = (${e}) >>> 0;`;
  }
  if (fn === shl32 || fn === shr32 || fn === sar32) {
    const c = (insn.opcode === 0xd1 ? 1 : insn.imm) & 31;
    if (c === 0) return "";
    const kind = fn === shl32 ? K_SHL : fn === shr32 ? K_SHR : K_SAR;
    const expr = fn === shl32 ? `(d << ${c}) >>> 0` : fn === shr32 ? `d >>> ${c}` : `(d >> ${c}) >>> 0`;
    return `{ const d = r[${rm}]; const x = ${expr}; r[${rm}] = x;${rec((kind << 2) | SZ32, "x", "d", String(c))} }`;
  }
  const alu = ALU_INLINE.get(fn);
  if (alu !== undefined) {
    const [op, dst, srcKind] = alu;
    const d = dst === "rm" ? rm : dst === "reg" ? reg : 0;
    const v = srcKind === "reg" ? `r[${reg}]` : srcKind === "rm" ? `r[${rm}]` : srcKind === "ib" ? `${((insn.imm << 24) >> 24) >>> 0}` : `${insn.imm >>> 0}`;
    const sym = ["+", "|", "", "", "&", "-", "^", "-"][op];
    const store = op === 7 ? "" : ` r[${d}] = x;`;
    const lazy = op === 1 || op === 4 || op === 6 ? (flags ? ` s.lazyOp = ${OP_LOGIC}; s.lazyResult = x;` : "") : rec(op === 0 ? OP_ADD : OP_SUB, "x", "d", "v");
    return `{ const d = r[${d}]; const v = ${v}; const x = (d ${sym} v) >>> 0;${store}${lazy} }`;
  }
  return null;
}

/** True when the inlined instruction writes the whole lazy-flags record without reading flags first. */
export function overwritesFlags(insn: Insn): boolean {
  const fn = insn.fn;
  if (fn === shl32 || fn === shr32 || fn === sar32) return ((insn.opcode === 0xd1 ? 1 : insn.imm) & 31) !== 0;
  return ALU_INLINE.has(fn);
}
