/**
 * Data declarations (NASM manual 3.2.1 "DB and Friends", 3.2.2 "RESB and Friends", 3.2.3
 * "INCBIN"): DB/DW/DD/DQ with numbers, character constants and strings (a string in DW/DD/DQ is
 * padded with zeros to a whole number of units), `?` for uninitialized units, and NASM's range rule
 * for values that do not fit the unit. Left out: floating-point
 * constants, `dup`, `__?utf16?__` and friends.
 */
import type { Token } from "./lexer";
import { ExprParser, ExprError, type ExprContext } from "./expr";
import { littleEndian } from "./modrm";

function isOp(t: Token, s: string): boolean {
  return t.kind === "op" && t.text === s;
}

/**
 * Checks that a known absolute value fits `bytes` bytes. The bounds are NASM's (its
 * overflow_general test behind "byte data exceeds bounds"): -2^bits .. 2^bits-1, so both
 * `~0x80000000` and `0xFFFFFFFF` are accepted as dwords.
 */
export function checkRange(n: number, bytes: number, col: number): void {
  if (bytes >= 8) return;
  const bits = bytes * 8;
  const min = -(2 ** bits);
  const max = 2 ** bits - 1;
  if (n < min || n > max) {
    const hex = n < 0 ? "-0x" + (-n).toString(16) : "0x" + n.toString(16);
    throw new ExprError(`value ${hex} does not fit in ${bits} bits`, col);
  }
}

/** Encodes the operand list of a DB-style directive starting at toks[pos]. */
export function dataBytes(toks: Token[], pos: number, unit: number, ctx: ExprContext, final: boolean): number[] {
  const out: number[] = [];
  if (toks[pos]!.kind === "eol") throw new ExprError("no operand for data declaration", toks[pos]!.col);
  for (;;) {
    const t = toks[pos]!;
    const next = toks[pos + 1]!;
    if (t.kind === "string" && (next.kind === "eol" || isOp(next, ","))) {
      const bytes = Buffer.from(t.text, "latin1");
      for (const b of bytes) out.push(b);
      const pad = (unit - (bytes.length % unit)) % unit;
      for (let k = 0; k < pad; k++) out.push(0);
      pos++;
    } else if (isOp(t, "?") && (next.kind === "eol" || isOp(next, ","))) {
      for (let k = 0; k < unit; k++) out.push(0);
      pos++;
    } else {
      const p = new ExprParser(toks, ctx, pos);
      const v = p.parse();
      if (final && v.seg === null && !v.unknown) checkRange(v.n, unit, t.col);
      if (unit === 10 || unit === 16) throw new ExprError("integer data wider than 8 bytes is not supported", t.col);
      out.push(...littleEndian(v.big ?? v.n, unit));
      pos = p.pos;
    }
    const sep = toks[pos]!;
    if (sep.kind === "eol") return out;
    if (!isOp(sep, ",")) throw new ExprError(`expected ',' in data declaration, found '${sep.text}'`, sep.col);
    pos++;
  }
}
