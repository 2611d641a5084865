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
  /** The value as a JS number (exact below 2^53; see `big`). */
  n: number;
  /** The exact 64-bit value when it is outside the safe-integer range. */
  big?: bigint;
  /** Section index the value is relative to, or null for a plain number (NASM: NO_SEG). */
  seg: number | null;
  /** A symbol in the expression has no value yet (forward reference in an early pass). */
  unknown: boolean;
  /** Register terms with their coefficients (memory operands only). */
  regs?: Map<string, number>;
  /**
   * A section subtracted once (`dat - x`, `-x`, with x in that section): NASM accepts it in a
   * final value only when it is the section being assembled (a self-relative value), see parse().
   */
  neg?: number;
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
  /** The section being assembled (for self-relative values), when there is one. */
  currentSection?(): number | undefined;
}

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Exact 64-bit value of v. */
export function bigOf(v: Value): bigint {
  return v.big ?? BigInt(Math.trunc(v.n));
}

/** Builds a scalar result from an exact value wrapped to 64 bits. */
function fromBig(x: bigint, unknown: boolean): Value {
  const b = BigInt.asIntN(64, x);
  const v: Value = { n: Number(b), seg: null, unknown };
  if (b > SAFE || b < -SAFE) v.big = b;
  return v;
}

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

  /**
   * A whole expression. A value that subtracts a section (`dat - x`, `5 - x`, `-x`) is accepted,
   * as by nasm -f bin, only when that section is the one being assembled; it then counts as
   * relocatable (no sign-extended imm8/disp8 form), with its exact numeric value.
   */
  /** The expression's value with any subtracted section still in `neg` (for EQU). */
  parseRaw(): Value {
    return this.conditional();
  }

  parse(): Value {
    const start = this.peek();
    const v = this.conditional();
    if (v.neg === undefined) return v;
    const cur = this.ctx.currentSection?.();
    if (v.unknown || (cur !== undefined && v.neg === cur)) {
      const out: Value = { ...v, seg: v.seg ?? v.neg };
      delete out.neg;
      return out;
    }
    throw new ExprError("expression is not simple or relocatable (it subtracts an address of another section)", start.col);
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
        // `<=>` should give -1/0/1 (NASM manual 3.5.2); NASM 2.16.01, our oracle, gives 0 for "less"
        default: v = d > 0 ? 1 : 0;
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
      // relocation terms (NASM's expression vectors): each section may end up added once and another subtracted once
      const terms = new Map<number, number>();
      const addTerms = (v: Value, k: number) => {
        if (v.seg !== null) terms.set(v.seg, (terms.get(v.seg) ?? 0) + k);
        if (v.neg !== undefined) terms.set(v.neg, (terms.get(v.neg) ?? 0) - k);
      };
      addTerms(l, 1);
      addTerms(r, sign);
      const plus = [...terms].filter(([, k]) => k === 1).map(([s]) => s);
      const minus = [...terms].filter(([, k]) => k === -1).map(([s]) => s);
      const other = [...terms].some(([, k]) => k !== 0 && k !== 1 && k !== -1);
      let seg: number | null;
      let neg: number | undefined;
      if (!other && plus.length <= 1 && minus.length <= 1) {
        seg = plus[0] ?? null;
        neg = minus[0];
      } else if (unknown) seg = l.seg;
      else throw new ExprError("invalid operand to '" + op + "': relocatable values from different sections", t.col);
      const regs = mergeRegs(l.regs, r.regs, sign);
      const v: Value = { ...fromBig(bigOf(l) + BigInt(sign) * bigOf(r), unknown), seg };
      if (neg !== undefined) v.neg = neg;
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
    if (op === "*" && !unknown && (l.seg !== null || l.neg !== undefined) !== (r.seg !== null || r.neg !== undefined)) {
      // an address times 1 or -1 stays an address (NASM scales the vector); other factors are refused below
      const [rel, k] = l.seg !== null || l.neg !== undefined ? [l, r] : [r, l];
      if (k.n === 1) return { ...rel, unknown };
      if (k.n === -1) return negateRelocatable(rel, unknown);
    }
    if ((l.seg !== null || r.seg !== null) && !unknown)
      throw new ExprError(`'${op}' operator may only be applied to scalar values`, t.col);
    const a = bigOf(l), b = bigOf(r);
    const ua = BigInt.asUintN(64, a), ub = BigInt.asUintN(64, b);
    let x: bigint;
    switch (op) {
      case "*": x = a * b; break;
      case "/": case "%": case "//": case "%%":
        if (b === 0n) {
          if (unknown) { x = 0n; break; }
          throw new ExprError("division by zero", t.col);
        }
        if (op === "/") x = ua / ub;
        else if (op === "%") x = ua % ub;
        else if (op === "//") x = a / b;
        else x = a % b;
        break;
      case "&": x = a & b; break;
      case "|": x = a | b; break;
      case "^": x = a ^ b; break;
      // shift counts are taken modulo 64, as NASM (and the x86 shifter) does
      case "<<": case "<<<": x = a << (ub & 63n); break;
      case ">>": x = ua >> (ub & 63n); break;
      default: x = a >> (ub & 63n); break; // >>> signed shift
    }
    return fromBig(x, unknown);
  }

  private unary(): Value {
    const t = this.peek();
    if (this.isOp(t, "-", "+", "~", "!")) {
      this.pos++;
      const v = this.unary();
      if (t.text === "+") return v;
      if (t.text === "-" && !v.regs && !v.unknown && (v.seg !== null || v.neg !== undefined)) return negateRelocatable(v, false);
      if (v.regs || ((v.seg !== null || v.neg !== undefined) && !v.unknown))
        throw new ExprError(`'${t.text}' operator may only be applied to scalar values`, t.col);
      const x = t.text === "-" ? -bigOf(v) : t.text === "~" ? ~bigOf(v) : v.n === 0 ? 1n : 0n;
      return fromBig(x, v.unknown);
    }
    return this.primary();
  }

  private primary(): Value {
    const t = this.peek();
    if (t.kind === "number") {
      this.pos++;
      return t.big !== undefined ? fromBig(t.big, false) : scalar(t.value);
    }
    if (t.kind === "string") {
      this.pos++;
      return fromBig(charConstant(t.text), false);
    }
    if (this.isOp(t, "(")) {
      this.pos++;
      const v = this.conditional();
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
      if (!t.escaped && this.ctx.isRegister && this.ctx.isRegister(lower)) {
        return { n: 0, seg: null, unknown: false, regs: new Map([[lower, 1]]) };
      }
      const v = this.ctx.symbol(t.text, t.col);
      return v ?? this.ctx.undefinedSymbol(t.text, t.col);
    }
    if (t.kind === "float") throw new ExprError(`floating-point constant '${t.text}' is only allowed as a data item (dd/dq)`, t.col);
    if (t.kind === "eol") throw new ExprError("expression expected", t.col);
    throw new ExprError(`unexpected '${t.text}' in expression`, t.col);
  }
}

/** -v for an address: the added section becomes subtracted and the other way round. */
function negateRelocatable(v: Value, unknown: boolean): Value {
  const out: Value = { ...fromBig(-bigOf(v), unknown || v.unknown), seg: v.neg ?? null };
  if (v.seg !== null) out.neg = v.seg;
  return out;
}

function mergeRegs(a: Map<string, number> | undefined, b: Map<string, number> | undefined, sign: number) {
  if (!a && !b) return undefined;
  const out = new Map<string, number>(a ?? []);
  for (const [k, v] of b ?? []) out.set(k, (out.get(k) ?? 0) + sign * v);
  for (const [k, v] of out) if (v === 0) out.delete(k);
  return out;
}

/** A character constant is its bytes stored little-endian (NASM 3.4.3). */
export function charConstant(s: string): bigint {
  let v = 0n;
  const bytes = Buffer.from(s, "latin1");
  for (let i = Math.min(bytes.length, 8) - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i]!);
  return BigInt.asIntN(64, v);
}
