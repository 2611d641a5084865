/**
 * Operand parsing (NASM manual 3.2.x "Effective Addresses", 3.7 "Operand size specifiers",
 * 3.8 "STRICT") and the effective-address analysis that turns `[ebx+esi*4+8]` into base, index,
 * scale and displacement the way NASM does (SDM Vol. 2A 2.1.5 for the legal combinations):
 * the first register written is the base, `reg*2/3/5/9` is split into base+index unless `nosplit`,
 * ESP is never an index, and 16-bit forms are the eight BX/BP/SI/DI combinations.
 * Left out: `rel`/`abs` (64-bit only), `wrt`, `seg`, floating-point and vector registers.
 */
import type { Token } from "./lexer";
import { ExprParser, ExprError, type ExprContext, type Value } from "./expr";
import { register, isAddressRegister, type Register } from "./registers";

export const SIZE_KEYWORDS: Readonly<Record<string, number>> = { byte: 8, word: 16, dword: 32, qword: 64, tword: 80, oword: 128 };

export interface RegOperand { kind: "reg"; reg: Register; col: number; size?: number }
export interface ImmOperand {
  kind: "imm";
  value: Value;
  /** Explicit size keyword, if any. */
  size?: number;
  strict: boolean;
  /** `short`, `near` or `far` written before the operand. */
  dist?: "short" | "near" | "far";
  col: number;
}
export interface MemOperand {
  kind: "mem";
  size?: number;
  strict: boolean;
  dist?: "short" | "near" | "far";
  seg?: string;
  base?: Register;
  index?: Register;
  scale: number;
  disp: Value;
  /** Explicit displacement size written inside the brackets (`[byte eax+1]`, `[dword eax]`). */
  dispSize?: number;
  /** 16 or 32 when fixed by the registers used; undefined for a bare displacement. */
  addrSize?: number;
  col: number;
}
export interface FarOperand { kind: "far"; seg: Value; off: Value; size?: number; col: number }
export type Operand = RegOperand | ImmOperand | MemOperand | FarOperand;

export class OperandError extends ExprError {}

function isOp(t: Token, s: string): boolean {
  return t.kind === "op" && t.text === s;
}

/** Parses comma-separated operands from toks[pos..] to the end of the line. */
export function parseOperands(toks: Token[], pos: number, ctx: ExprContext): Operand[] {
  const ops: Operand[] = [];
  if (toks[pos]!.kind === "eol") return ops;
  for (;;) {
    const [op, next] = parseOperand(toks, pos, ctx);
    ops.push(op);
    const t = toks[next]!;
    if (t.kind === "eol") return ops;
    if (!isOp(t, ",")) throw new OperandError(`expected ',' or end of line, found '${t.text}'`, t.col);
    pos = next + 1;
  }
}

function parseOperand(toks: Token[], pos: number, ctx: ExprContext): [Operand, number] {
  const col = toks[pos]!.col;
  let size: number | undefined;
  let strict = false;
  let dist: "short" | "near" | "far" | undefined;
  for (;;) {
    const t = toks[pos]!;
    if (t.kind !== "ident" || t.escaped) break;
    const w = t.text.toLowerCase();
    if (SIZE_KEYWORDS[w] !== undefined) size = SIZE_KEYWORDS[w];
    else if (w === "strict") strict = true;
    else if (w === "short" || w === "near" || w === "far") dist = w;
    else break;
    pos++;
  }
  const t = toks[pos]!;
  if (t.kind === "eol" || isOp(t, ",")) throw new OperandError("operand expected", t.col);
  // segment override written outside the brackets: es:[eax]
  if (t.kind === "ident" && register(t.text)?.cls === "sreg" && isOp(toks[pos + 1]!, ":") && isOp(toks[pos + 2]!, "[")) {
    const [m, next] = parseMemory(toks, pos + 2, ctx, size, strict, dist);
    m.seg = t.text.toLowerCase();
    return [m, next];
  }
  if (isOp(t, "[")) return parseMemory(toks, pos, ctx, size, strict, dist);
  const r = t.kind === "ident" && !t.escaped ? register(t.text) : undefined;
  const after = toks[pos + 1]!;
  if (r && (after.kind === "eol" || isOp(after, ","))) {
    // nasm ignores a size other than `word` on a segment register (`push dword es` is 06)
    if (size !== undefined && size !== r.size && r.cls !== "sreg") throw new OperandError(`register '${r.name}' is ${r.size}-bit, not ${size}-bit`, t.col);
    return [{ kind: "reg", reg: r, col: t.col }, pos + 1];
  }
  const p = new ExprParser(toks, ctx, pos);
  const v = p.parse();
  if (isOp(p.peek(), ":")) {
    p.pos++;
    const off = p.parse();
    const far: FarOperand = { kind: "far", seg: v, off, col };
    if (size !== undefined) far.size = size;
    return [far, p.pos];
  }
  const imm: ImmOperand = { kind: "imm", value: v, strict, col };
  if (size !== undefined) imm.size = size;
  if (dist) imm.dist = dist;
  return [imm, p.pos];
}

function parseMemory(toks: Token[], pos: number, ctx: ExprContext, size: number | undefined, strict: boolean, dist: MemOperand["dist"]): [MemOperand, number] {
  const open = toks[pos]!;
  pos++;
  let dispSize: number | undefined;
  let nosplit = false;
  let seg: string | undefined;
  for (;;) {
    const t = toks[pos]!;
    if (t.kind !== "ident" || t.escaped) break;
    const w = t.text.toLowerCase();
    if (SIZE_KEYWORDS[w] !== undefined && !isOp(toks[pos + 1]!, ":")) { dispSize = SIZE_KEYWORDS[w]; pos++; continue; }
    if (w === "nosplit") { nosplit = true; pos++; continue; }
    if (register(w)?.cls === "sreg" && isOp(toks[pos + 1]!, ":")) { seg = w; pos += 2; continue; }
    break;
  }
  const p = new ExprParser(toks, { ...ctx, isRegister: isAddressRegister }, pos);
  const v = p.parse();
  const close = p.peek();
  if (!isOp(close, "]")) throw new OperandError(`expected ']' to close the memory operand opened at column ${open.col}`, close.col);
  const m: MemOperand = { kind: "mem", strict, scale: 1, disp: { n: v.n, seg: v.seg, unknown: v.unknown }, col: open.col };
  if (size !== undefined) m.size = size;
  if (dist) m.dist = dist;
  if (seg) m.seg = seg;
  if (dispSize !== undefined) m.dispSize = dispSize;
  analyzeRegisters(m, v.regs, nosplit, open.col);
  // `[word 0x1234]` / `[dword 0x1234]`: a bare displacement's size is the address size
  if (m.addrSize === undefined && !m.base && !m.index && (dispSize === 16 || dispSize === 32)) m.addrSize = dispSize;
  return [m, p.pos + 1];
}

/** Chooses base, index and scale from the register terms (see file header). */
function analyzeRegisters(m: MemOperand, regs: Map<string, number> | undefined, nosplit: boolean, col: number): void {
  if (!regs || regs.size === 0) return;
  const terms = [...regs].map(([name, k]) => ({ reg: register(name)!, k }));
  const sizes = new Set(terms.map((t) => t.reg.size));
  if (sizes.size > 1) throw new OperandError("invalid effective address: mixed 16-bit and 32-bit registers", col);
  const size = terms[0]!.reg.size;
  m.addrSize = size;
  const bad = () => new OperandError("invalid effective address", col);
  if (size === 16) {
    if (terms.some((t) => t.k !== 1) || terms.length > 2) throw bad();
    const names = terms.map((t) => t.reg.name);
    const b = names.filter((n) => n === "bx" || n === "bp");
    const i = names.filter((n) => n === "si" || n === "di");
    if (b.length > 1 || i.length > 1 || b.length + i.length !== names.length) throw bad();
    if (b[0]) m.base = register(b[0])!;
    if (i[0]) m.index = register(i[0])!;
    return;
  }
  if (terms.length > 2 || terms.some((t) => t.k < 0)) throw bad();
  if (terms.length === 1) {
    const { reg, k } = terms[0]!;
    if (k === 1) m.base = reg;
    else if (!nosplit && (k === 2 || k === 3 || k === 5 || k === 9)) {
      m.base = reg;
      m.index = reg;
      m.scale = k - 1;
    } else {
      m.index = reg;
      m.scale = k;
    }
  } else {
    let [a, b] = terms as [{ reg: Register; k: number }, { reg: Register; k: number }];
    if (a.k !== 1 && b.k === 1) [a, b] = [b, a];
    if (a.k !== 1) throw bad();
    if (b.k === 1 && b.reg.name === "esp") [a, b] = [b, a];
    m.base = a.reg;
    m.index = b.reg;
    m.scale = b.k;
  }
  if (![1, 2, 4, 8].includes(m.scale)) throw new OperandError(`invalid effective address: scale ${m.scale} (must be 1, 2, 4 or 8)`, col);
  if (m.index?.name === "esp") throw new OperandError("invalid effective address: esp cannot be an index register", col);
}
