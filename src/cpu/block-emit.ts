/**
 * JavaScript source for a compiled block (decode-block.ts) that keeps the guest's general
 * registers and the lazy-flags record (flags.ts: lazyOp/lazyResult/lazyDst/lazySrc plus EFLAGS)
 * in JS locals while it runs.
 *
 * Register-only instructions (ops/fastpath.ts registerForm) become straight JS on the locals, so
 * V8 keeps them in machine registers and drops every value nobody reads (a flags record that the
 * next instruction overwrites costs nothing). The block knows at compile time which operation
 * wrote the record last, so CF for INC/DEC, EFLAGS for ROL/ROR and ZF for JZ/JNZ are computed by
 * the formula of that operation (flags.ts, SDM Vol. 1, 3.4.3.1) without a dispatch. A trailing
 * 32-bit Jcc is evaluated inline too (SDM Vol. 2A, Jcc; the CS limit check raises #GP through
 * the real handler).
 *
 * Every other instruction runs its handler: the locals written since the last synchronisation
 * are stored to CpuState first (with EIP and insnEip), so a handler that reads state or faults
 * sees exactly what one-at-a-time execution would have; afterwards the locals it may have
 * changed are reloaded. Every exit (end of a pass that does not loop, an early return after an
 * MMIO access or a self-modifying write) stores the dirty locals and EIP.
 *
 * Dword loads, stores and ALU r32, m32 with a 32-bit address are inlined too: when
 * Cpu.dataPhys32 finds the aligned dword in RAM without a fault, page walk, MMIO, watchpoint
 * or (for a store) decoded code in its line, the access is a typed-array access on the locals
 * (it can neither fault nor raise `attention` nor change code, so no check follows it);
 * otherwise the handler runs as above. What this leaves out: byte/word and other memory forms.
 *
 * A register-only instruction whose status flags flag-liveness.ts finds dead (all overwritten
 * before anything can read them, fault or leave the block) computes only its register result.
 */
import type { Insn } from "./decode";
import { registerForm, jcc32Condition, memoryForm } from "./ops/fastpath";
import { ACCESS_WRITE } from "./mmu";
import { AR_S } from "./state";
import { deadFlagWrites } from "./flag-liveness";

/** 64-byte lines of Cpu.codeLineMap. */
const LINE_SHIFT = 6;
import { K_ADD, K_DEC, K_INC, K_LOGIC, K_SAR, K_SHL, K_SHR, K_SUB, SZ32 } from "./flags";

const OP_ADD = (K_ADD << 2) | SZ32, OP_SUB = (K_SUB << 2) | SZ32, OP_LOGIC = (K_LOGIC << 2) | SZ32;
const OP_INC = (K_INC << 2) | SZ32, OP_DEC = (K_DEC << 2) | SZ32;
const OP_SHL = (K_SHL << 2) | SZ32, OP_SHR = (K_SHR << 2) | SZ32, OP_SAR = (K_SAR << 2) | SZ32;
/** The flag locals, in CpuState order. */
const FLAG_FIELDS: [string, string][] = [["fop", "lazyOp"], ["fres", "lazyResult"], ["fdst", "lazyDst"], ["fsrc", "lazySrc"], ["fl", "eflags"]];
const SYNC_FLAGS = FLAG_FIELDS.map(([l, f]) => `s.${f} = ${l};`).join(" ");
const LOAD_FLAGS = FLAG_FIELDS.map(([l, f]) => `${l} = s.${f};`).join(" ");
/** The same stores as one comma expression. */
const SYNC_FLAGS_EXPR = FLAG_FIELDS.map(([l, f]) => `s.${f} = ${l}`).join(", ");

/** Compile-time view of the block at one program point. */
interface Point {
  /** Registers whose local differs (maybe) from s.regs. */
  dirty: Set<number>;
  /** Flag locals differ (maybe) from CpuState. */
  flagsDirty: boolean;
  /** The lazyOp value at this point when known at compile time (0 = materialised), else null. */
  op: number | null;
}

/** Source of CF (0/1) for the record in the locals. */
function cfExpr(op: number | null): string {
  switch (op) {
    case 0: return "(fl & 1)";
    case OP_ADD: return "(fres < fdst ? 1 : 0)";
    case OP_SUB: return "(fdst < fsrc ? 1 : 0)";
    case OP_LOGIC: return "0";
    case OP_INC: case OP_DEC: return "fsrc";
    case OP_SHL: return "(((fdst << (fsrc - 1)) >>> 31) & 1)";
    case OP_SHR: return "((fdst >>> (fsrc - 1)) & 1)";
    case OP_SAR: return "(((fdst | 0) >> (fsrc - 1)) & 1)";
    default: return `(${SYNC_FLAGS_EXPR}, getCF(s))`;
  }
}

/** Source of the full EFLAGS for the record in the locals (flags.ts getEflags). */
function eflagsExpr(op: number | null): string {
  const common = "(fl & ~0x8d5) | PARITY[fres & 0xff] << 2 | (fres === 0 ? 0x40 : 0) | ((fres >>> 31) << 7)";
  switch (op) {
    case 0: return "(fl >>> 0)";
    case OP_LOGIC: return `((${common}) >>> 0)`;
    case OP_ADD: return `((${common} | (fres < fdst ? 1 : 0) | ((fdst ^ fsrc ^ fres) & 0x10) | ((((fdst ^ fres) & (fsrc ^ fres)) >>> 31) << 11)) >>> 0)`;
    case OP_SUB: return `((${common} | (fdst < fsrc ? 1 : 0) | ((fdst ^ fsrc ^ fres) & 0x10) | ((((fdst ^ fsrc) & (fdst ^ fres)) >>> 31) << 11)) >>> 0)`;
    case OP_INC: return `((${common} | fsrc | ((fdst ^ 1 ^ fres) & 0x10) | (fres === 0x80000000 ? 0x800 : 0)) >>> 0)`;
    case OP_DEC: return `((${common} | fsrc | ((fdst ^ 1 ^ fres) & 0x10) | (fdst === 0x80000000 ? 0x800 : 0)) >>> 0)`;
    default: return `(${SYNC_FLAGS_EXPR}, getEflags(s))`;
  }
}

/**
 * Source for register-only instruction `insn` on the locals, updating `p`; null if not one.
 * With `dead` (flag-liveness.ts: every status flag it writes is overwritten before it can be
 * observed) only the register result is computed; the flag locals and `p.op` stay as they were.
 */
function registerSource(insn: Insn, p: Point, dead: boolean): string | null {
  const f = registerForm(insn);
  if (f === null) return null;
  const r = (n: number) => `r${n}`;
  switch (f.kind) {
    case "mov": p.dirty.add(f.dst); return `r${f.dst} = r${f.src};`;
    case "movi": p.dirty.add(f.dst); return `r${f.dst} = ${f.v};`;
    case "lea": {
      let e = `${f.disp}`;
      if (f.base >= 0) e += ` + ${r(f.base)}`;
      if (f.index >= 0) e += ` + (${r(f.index)} << ${f.scale})`;
      p.dirty.add(f.dst);
      return `r${f.dst} = (${e}) >>> 0;`;
    }
    case "incdec": {
      if (dead) { p.dirty.add(f.dst); return `r${f.dst} = (r${f.dst} ${f.inc ? "+" : "-"} 1) >>> 0;`; }
      const cf = cfExpr(p.op);
      const op = f.inc ? OP_INC : OP_DEC;
      p.dirty.add(f.dst); p.flagsDirty = true; p.op = op;
      return `{ const cf = ${cf}; const d = r${f.dst}; const x = (d ${f.inc ? "+" : "-"} 1) >>> 0; r${f.dst} = x; fop = ${op}; fres = x; fdst = d; fsrc = cf; }`;
    }
    case "shift": {
      if (f.count === 0) return "";
      const c = f.count;
      const expr = f.op === OP_SHL ? `(d << ${c}) >>> 0` : f.op === OP_SHR ? `d >>> ${c}` : `(d >> ${c}) >>> 0`;
      if (dead) { p.dirty.add(f.dst); return `{ const d = r${f.dst}; r${f.dst} = ${expr}; }`; }
      p.dirty.add(f.dst); p.flagsDirty = true; p.op = f.op;
      return `{ const d = r${f.dst}; const x = ${expr}; r${f.dst} = x; fop = ${f.op}; fres = x; fdst = d; fsrc = ${c}; }`;
    }
    case "rotate": {
      if (f.count === 0) return "";
      const c = f.count;
      const rot = f.left ? `((d << ${c}) | (d >>> ${32 - c})) >>> 0` : `((d >>> ${c}) | (d << ${32 - c})) >>> 0`;
      if (dead) { p.dirty.add(f.dst); return `{ const d = r${f.dst}; r${f.dst} = ${rot}; }`; }
      const cf = f.left ? "x & 1" : "x >>> 31";
      const of = f.left ? "(x >>> 31) ^ cf" : "(x >>> 31) ^ ((x >>> 30) & 1)";
      const ef = eflagsExpr(p.op);
      p.dirty.add(f.dst); p.flagsDirty = true; p.op = 0;
      return `{ const d = r${f.dst}; const x = ${rot}; r${f.dst} = x; const cf = ${cf}; const of = ${of}; fl = (${ef} & ~0x801) | cf | (of << 11); fop = 0; }`;
    }
    case "alu": return aluSource(f.op, f.dst, f.src >= 0 ? r(f.src) : `${f.v}`, p, dead);
  }
}

/**
 * Source for ALU operation `op` (0-7, not ADC/SBB) on local r`dst` with source expression `v`;
 * with `dead` the flags record is left alone (a dead CMP is nothing).
 */
function aluSource(op: number, dst: number, v: string, p: Point, dead = false): string {
  const sym = ["+", "|", "", "", "&", "-", "^", "-"][op];
  if (dead) {
    if (op === 7) return "";
    p.dirty.add(dst);
    return `r${dst} = (r${dst} ${sym} ${v}) >>> 0;`;
  }
  const store = op === 7 ? "" : ` r${dst} = x;`;
  if (op !== 7) p.dirty.add(dst);
  p.flagsDirty = true;
  if (op === 1 || op === 4 || op === 6) {
    p.op = OP_LOGIC;
    return `{ const x = (r${dst} ${sym} ${v}) >>> 0;${store} fop = ${OP_LOGIC}; fres = x; }`;
  }
  const lazy = op === 0 ? OP_ADD : OP_SUB;
  p.op = lazy;
  return `{ const d = r${dst}; const v = ${v}; const x = (d ${sym} v) >>> 0;${store} fop = ${lazy}; fres = x; fdst = d; fsrc = v; }`;
}

/** Stores the dirty locals of `p` to CpuState (and marks them clean when `clean`). */
function sync(p: Point, clean: boolean): string {
  let out = "";
  for (const n of [...p.dirty].sort()) out += `R[${n}] = r${n}; `;
  if (p.flagsDirty) out += SYNC_FLAGS;
  if (clean) { p.dirty.clear(); p.flagsDirty = false; }
  return out;
}

export interface EmitResult {
  /** Body of the factory: `return function block(cpu, s, counts, gens, room) {...}`. */
  code: string;
  /** Names and values the factory takes after getCF, getEflags, condition, PARITY and G (the page generation). */
  names: string[];
  values: unknown[];
}

/**
 * Emits the block function for `insns` at `eips` (see decode-block.ts for the contract: returns
 * instructions retired, loops while the last instruction branches back to the first and `room`
 * allows, counts passes, sets cpu.blockDone at the start of each pass and cpu.insnEip before any
 * instruction that may fault).
 */
export function emitBlock(insns: Insn[], eips: number[], mode: number, page: number, counters: number[]): EmitResult {
  const n = insns.length;
  const start = eips[0];
  const nextOf = (k: number) => (mode !== 0 ? (eips[k] + insns[k].len) >>> 0 : (eips[k] + insns[k].len) & 0xffff);
  const addPasses = (extra: number) => counters.map((c, j) => `counts[${c}] += passes${j < extra ? " + 1" : ""};`).join(" ");
  const names: string[] = [];
  const values: unknown[] = [];
  const dead = deadFlagWrites(insns);

  const body = (top: Point): { src: string; end: Point } => {
    const p: Point = { dirty: new Set(top.dirty), flagsDirty: top.flagsDirty, op: null };
    let src = "";
    let eipSet = false; // the pass's next EIP is in local `ne`
    for (let k = 0; k < n; k++) {
      const insn = insns[k];
      const next = nextOf(k);
      const reg = registerSource(insn, p, dead[k]);
      if (reg !== null) { src += reg + "\n"; continue; }
      const cc = k === n - 1 ? jcc32Condition(insn) : -1;
      names.push(`h${k}`, `i${k}`);
      values.push(insn.fn, insn);
      const call = (q: Point) => `${sync(q, false)}cpu.insnEip = ${eips[k]}; s.eip = ${next}; h${k}(cpu, i${k}); ne = s.eip;`;
      if (cc >= 0) {
        let cond: string;
        if (cc === 4 || cc === 5) {
          const zf = p.op === 0 ? "(fl & 0x40) !== 0" : p.op !== null ? "fres === 0" : "(fop !== 0 ? fres === 0 : (fl & 0x40) !== 0)";
          cond = cc === 4 ? `(${zf})` : `!(${zf})`;
        } else {
          cond = `(${SYNC_FLAGS_EXPR}, condition(s, ${cc}))`;
        }
        const target = (next + insn.imm) >>> 0;
        src += `if (${cond}) { if (${target} > s.segLimit[1]) { ${call(p)} } ne = ${target}; } else ne = ${next};\n`;
        eipSet = true;
        continue;
      }
      const mem = memoryForm(insn);
      const exit = k < n - 1 ? ` if (cpu.attention || gens[${page}] !== G) { ${addPasses(k + 1)} return done + ${k + 1}; }` : "";
      if (mem !== null) {
        // Aligned RAM dword reachable without a walk: plain typed-array access on the locals;
        // anything else (faults, MMIO, unaligned, code in the line) runs the handler.
        let e = `${insn.disp | 0}`;
        if (insn.base >= 0) e += ` + r${insn.base}`;
        if (insn.index >= 0) e += ` + (r${insn.index} << ${insn.scale})`;
        const slow = `${call(p)}`;
        let fastSrc: string, after: string;
        const store = mem.kind === "store";
        if (store) {
          fastSrc = `M[q >>> 2] = r${insn.reg};`;
          after = "";
        } else if (mem.kind === "load") {
          fastSrc = `r${insn.reg} = M[q >>> 2] >>> 0;`;
          after = `r${insn.reg} = R[${insn.reg}];`;
          p.dirty.add(insn.reg);
        } else {
          fastSrc = aluSource(mem.op, insn.reg, "(M[q >>> 2] >>> 0)", p);
          after = `r${insn.reg} = R[${insn.reg}]; ${LOAD_FLAGS}`;
        }
        // Paging off: the linear address is the physical one, checked here against the segment
        // (as Cpu.read32/write32 do) and the RAM size; otherwise Cpu.dataPhys32 looks in the TLB.
        const sg = insn.seg;
        const direct = `q + 3 < direct && (q & 3) === 0 && o + 3 <= s.segLimit[${sg}] && ` +
          (store ? `(s.segAr[${sg}] & 0x1001e) === ${AR_S | 2} && CL[q >>> ${LINE_SHIFT}] === 0` : `(s.segAr[${sg}] & 0x1001c) === ${AR_S}`);
        src += `{ const o = (${e}) >>> 0; let q = (s.segBase[${sg}] + o) >>> 0; if (${direct}) { ${fastSrc} } else { q = cpu.dataPhys32(${sg}, o, ${store ? ACCESS_WRITE : 0}); if (q >= 0) { ${fastSrc} } else { ${slow} ${after}${exit} } } }\n`;
        if (k === n - 1) { src += `ne = ${next};\n`; eipSet = true; }
        continue;
      }
      src += call(p) + "\n";
      p.dirty.clear(); p.flagsDirty = false;
      if (mem === "load") src += `r${insn.reg} = R[${insn.reg}];\n`;
      else if (mem === null) { src += `${[0, 1, 2, 3, 4, 5, 6, 7].map((r) => `r${r} = R[${r}];`).join(" ")} ${LOAD_FLAGS}\n`; p.op = null; }
      eipSet = k === n - 1;
      src += `${exit}\n`;
    }
    if (!eipSet) src += `ne = ${nextOf(n - 1)};\n`;
    return { src, end: p };
  };
  // The locals written after the last synchronisation of one pass are still dirty at the start
  // of the next: a first sweep finds them, the second emits with that entry state.
  const first = body({ dirty: new Set(), flagsDirty: false, op: null });
  names.length = 0; values.length = 0;
  const { src, end } = body({ dirty: new Set(first.end.dirty), flagsDirty: first.end.flagsDirty, op: null });
  const loads = [0, 1, 2, 3, 4, 5, 6, 7].map((r) => `let r${r} = R[${r}];`).join(" ");
  const code = `return function block(cpu, s, counts, gens, room) {
const R = s.regs;
${loads}
let fop = s.lazyOp, fres = s.lazyResult, fdst = s.lazyDst, fsrc = s.lazySrc, fl = s.eflags;
const M = cpu.ramDwords, direct = cpu.directRamBytes(), CL = cpu.codeLineMap;
let done = 0, passes = 0, ne = 0;
for (;;) {
cpu.blockDone = done;
${src}done += ${n}; passes++;
if (ne !== ${start} || done + ${n} > room || cpu.attention || gens[${page}] !== G) { ${sync(end, false)}s.eip = ne; ${addPasses(0)} return done; }
}
};`;
  return { code, names, values };
}
