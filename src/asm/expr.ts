/**
 * Expression evaluator with NASM's operator precedence (NASM manual 3.5 "Expressions"):
 *   lowest  ?:  then  || ^^ &&  then  = == != <> < <= > >= <=>  then  |  ^  &  then  << >> <<< >>>
 *   then  + -  then  * / // % %%  then unary  - + ~ !  highest.
 * Arithmetic is 64-bit two's complement as in NASM (`/` and `%` unsigned, `//` and `%%` signed).
 *
 * A value may be relocatable (NASM's "segment" part): a label's address inside a section. Only
 * relocatable +/- scalar and relocatable - relocatable (same section) are allowed, as in NASM's
 * `bin` output; NASM uses the distinction to refuse sign-extended imm8 and disp8 forms for labels.
 * Inside memory operands registers may appear linearly (`ebx+esi*4+8`), see `regs`.
 * Left out: floating point, `seg`/`wrt` (flat `bin` output has no segments), string functions.
 */
import type { Token } from "./lexer";

export interface Value {
  n: number;
  /** Section index the value is relative to, or null for a plain number (NASM: NO_SEG). */
  seg: number | null;
  /** A symbol in the expression has no value yet (forward reference in an early pass). */
  unknown: boolean;
  /** Register terms with their coefficients (memory operands only). */
  regs?: Map<string, number>;
}

export class ExprError extends Error {
  constructor(message: string, readonly col: number) {
    super(message);
  }
}

export interface ExprContext {
  /** Value of a symbol, or undefined when it is not defined (anywhere, yet). */
  symbol(name: string, col: number): Value | undefined;
  /** `$` and `$$`. */
  here(): Value;
  sectionStart(): Value;
  /** Register names usable in memory operands (lower case) or undefined when registers are not allowed. */
  isRegister?(name: string): boolean;
  /** Called for undefined symbols; returns the value to continue with (unknown) or throws. */
  undefinedSymbol(name: string, col: number): Value;
}

const I64 = (x: bigint): number => Number(BigInt.asIntN(64, x));
const U64 = (n: number): bigint => BigInt.asUintN(64, BigInt(Math.trunc(n)));
const S64 = (n: number): bigint => BigInt.asIntN(64, BigInt(Math.trunc(n)));

export function scalar(n: number): Value {
  return { n, seg: null, unknown: false };
}

/** Recursive-descent parser over a token array; `pos` is advanced past what it consumed. */
export class ExprParser {
  pos: number;
  constructor(readonly toks: Token[], readonly ctx: ExprContext, start = 0) {
    this.pos = start;
  }

  peek(): Token {
    return this.toks[this.pos]!;
  }

  private isOp(t: Token, ...ops: string[]): boolean {
    return t.kind === "op" && ops.includes(t.text);
  }

  parse(): Value {
    return this.conditional();
  }

  private conditional(): Value {
    const c = this.logical();
    if (this.isOp(this.peek(), "?")) {
      this.pos++;
      const a = this.conditional();
      const colon = this.peek();
      if (!this.isOp(colon, ":")) throw new ExprError("expected ':' in conditional expression", colon.col);
      this.pos++;
      const b = this.conditional();
      return c.n !== 0 ? { ...a, unknown: a.unknown || c.unknown } : { ...b, unknown: b.unknown || c.unknown };
    }
    return c;
  }

  private logical(): Value {
    let l = this.comparison();
    for (;;) {
      const t = this.peek();
      if (!this.isOp(t, "||", "&&", "^^")) return l;
      this.pos++;
      const r = this.comparison();
      const a = l.n !== 0, b = r.n !== 0;
      const v = t.text === "||" ? a || b : t.text === "&&" ? a && b : a !== b;
      l = { n: v ? 1 : 0, seg: null, unknown: l.unknown || r.unknown };
    }
  }

  private comparison(): Value {
    let l = this.bitor();
    for (;;) {
      const t = this.peek();
      if (!this.isOp(t, "=", "==", "!=", "<>", "<", "<=", ">", ">=", "<=>")) return l;
      this.pos++;
      const r = this.bitor();
      const d = l.n - r.n;
      let v: number;
      switch (t.text) {
        case "=": case "==": v = d === 0 ? 1 : 0; break;
        case "!=": case "<>": v = d !== 0 ? 1 : 0; break;
        case "<": v = d < 0 ? 1 : 0; break;
        case "<=": v = d <= 0 ? 1 : 0; break;
        case ">": v = d > 0 ? 1 : 0; break;
        case ">=": v = d >= 0 ? 1 : 0; break;
        default: v = Math.sign(d);
      }
      l = { n: v, seg: null, unknown: l.unknown || r.unknown };
    }
  }

  private binaryLevel(next: () => Value, ops: string[]): Value {
    let l = next();
    for (;;) {
      const t = this.peek();
      if (!this.isOp(t, ...ops)) return l;
      this.pos++;
      const r = next();
      l = this.apply(t, l, r);
    }
  }

  private bitor(): Value { return this.binaryLevel(() => this.bitxor(), ["|"]); }
  private bitxor(): Value { return this.binaryLevel(() => this.bitand(), ["^"]); }
  private bitand(): Value { return this.binaryLevel(() => this.shift(), ["&"]); }
  private shift(): Value { return this.binaryLevel(() => this.additive(), ["<<", ">>", "<<<", ">>>"]); }
  private additive(): Value { return this.binaryLevel(() => this.multiplicative(), ["+", "-"]); }
  private multiplicative(): Value { return this.binaryLevel(() => this.unary(), ["*", "/", "//", "%", "%%"]); }

  private apply(t: Token, l: Value, r: Value): Value {
    const unknown = l.unknown || r.unknown;
    const op = t.text;
    if (op === "+" || op === "-") {
      const sign = op === "+" ? 1 : -1;
      let seg: number | null;
      if (r.seg === null) seg = l.seg;
      else if (op === "+" && l.seg === null) seg = r.seg;
      else if (op === "-" && l.seg !== null && l.seg === r.seg) seg = null;
      else if (unknown) seg = l.seg;
      else throw new ExprError("invalid operand to '" + op + "': relocatable values from different sections", t.col);
      const regs = mergeRegs(l.regs, r.regs, sign);
      const v: Value = { n: I64(S64(l.n) + BigInt(sign) * S64(r.n)), seg, unknown };
      if (regs) v.regs = regs;
      return v;
    }
    if (op === "*" && (l.regs || r.regs)) {
      if (l.regs && r.regs) throw new ExprError("invalid effective address: register times register", t.col);
      const [rv, k] = l.regs ? [l, r] : [r, l];
      const regs = new Map<string, number>();
      for (const [name, c] of rv.regs!) regs.set(name, c * k.n);
      return { n: rv.n * k.n, seg: null, unknown, regs };
    }
    if (l.regs || r.regs) throw new ExprError(`invalid effective address: '${op}' applied to a register`, t.col);
    if ((l.seg !== null || r.seg !== null) && !unknown)
      throw new ExprError(`'${op}' operator may only be applied to scalar values`, t.col);
    const a = l.n, b = r.n;
    let n: number;
    switch (op) {
      case "*": n = I64(S64(a) * S64(b)); break;
      case "/": case "%": case "//": case "%%":
        if (b === 0) {
          if (unknown) { n = 0; break; }
          throw new ExprError("division by zero", t.col);
        }
        if (op === "/") n = I64(U64(a) / U64(b));
        else if (op === "%") n = I64(U64(a) % U64(b));
        else if (op === "//") n = I64(S64(a) / S64(b));
        else n = I64(S64(a) % S64(b));
        break;
      case "&": n = I64(S64(a) & S64(b)); break;
      case "|": n = I64(S64(a) | S64(b)); break;
      case "^": n = I64(S64(a) ^ S64(b)); break;
      case "<<": case "<<<": n = b >= 64 ? 0 : I64(S64(a) << BigInt(b & 63)); break;
      case ">>": n = b >= 64 ? 0 : I64(U64(a) >> BigInt(b & 63)); break;
      default: n = I64(S64(a) >> BigInt(Math.min(b, 63))); break; // >>> signed shift
    }
    return { n, seg: null, unknown };
  }

  private unary(): Value {
    const t = this.peek();
    if (this.isOp(t, "-", "+", "~", "!")) {
      this.pos++;
      const v = this.unary();
      if (t.text === "+") return v;
      if (v.regs || (v.seg !== null && !v.unknown))
        throw new ExprError(`'${t.text}' operator may only be applied to scalar values`, t.col);
      const n = t.text === "-" ? I64(-S64(v.n)) : t.text === "~" ? I64(~S64(v.n)) : v.n === 0 ? 1 : 0;
      return { n, seg: null, unknown: v.unknown };
    }
    return this.primary();
  }

  private primary(): Value {
    const t = this.peek();
    if (t.kind === "number") {
      this.pos++;
      return scalar(t.value);
    }
    if (t.kind === "string") {
      this.pos++;
      return scalar(charConstant(t.text));
    }
    if (this.isOp(t, "(")) {
      this.pos++;
      const v = this.parse();
      const c = this.peek();
      if (!this.isOp(c, ")")) throw new ExprError("expected ')'", c.col);
      this.pos++;
      return v;
    }
    if (t.kind === "ident") {
      this.pos++;
      if (t.text === "$") return this.ctx.here();
      if (t.text === "$$") return this.ctx.sectionStart();
      const lower = t.text.toLowerCase();
      if (this.ctx.isRegister && this.ctx.isRegister(lower)) {
        return { n: 0, seg: null, unknown: false, regs: new Map([[lower, 1]]) };
      }
      const v = this.ctx.symbol(t.text, t.col);
      return v ?? this.ctx.undefinedSymbol(t.text, t.col);
    }
    if (t.kind === "eol") throw new ExprError("expression expected", t.col);
    throw new ExprError(`unexpected '${t.text}' in expression`, t.col);
  }
}

function mergeRegs(a: Map<string, number> | undefined, b: Map<string, number> | undefined, sign: number) {
  if (!a && !b) return undefined;
  const out = new Map<string, number>(a ?? []);
  for (const [k, v] of b ?? []) out.set(k, (out.get(k) ?? 0) + sign * v);
  for (const [k, v] of out) if (v === 0) out.delete(k);
  return out;
}

/** A character constant is its bytes stored little-endian (NASM 3.4.3). */
export function charConstant(s: string): number {
  let v = 0n;
  const bytes = Buffer.from(s, "latin1");
  for (let i = Math.min(bytes.length, 8) - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i]!);
  return Number(BigInt.asIntN(64, v));
}
