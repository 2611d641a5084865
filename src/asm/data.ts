/**
 * Data declarations (NASM manual 3.2.1 "DB and Friends", 3.2.2 "RESB and Friends", 3.2.3
 * "INCBIN"): DB/DW/DD/DQ with numbers, character constants and strings (a string in DW/DD/DQ is
 * padded with zeros to a whole number of units), `?` for uninitialized units, `count dup (items)`,
 * NASM's range rule for values that do not fit the unit, and floating-point constants in DB/DW/
 * DD/DQ/DT (floats.ts). Left out: 128-bit floats, `__?float32?__()`, `__?utf16?__`, hex floats.
 */
import type { Token } from "./lexer";
import { ExprParser, ExprError, type ExprContext } from "./expr";
import { littleEndian } from "./modrm";
import { floatData, isSpecialFloat } from "./floats";

function isOp(t: Token, s: string): boolean {
  return t.kind === "op" && t.text === s;
}

/** A float data item: a float token or special constant, optionally signed, alone up to the next separator. */
function isFloatItem(t: Token, next: Token, after: Token, itemEnd: (k: Token) => boolean): boolean {
  const isFloat = (k: Token) => k.kind === "float" || (k.kind === "ident" && isSpecialFloat(k.text));
  if (isFloat(t)) return itemEnd(next);
  return (isOp(t, "-") || isOp(t, "+")) && isFloat(next) && itemEnd(after);
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
  // `db` without operands emits nothing (nasm only warns: "no operand for data declaration")
  if (toks[pos]!.kind === "eol") return [];
  const out: number[] = [];
  const end = dataList(toks, pos, unit, ctx, final, out, 0);
  if (toks[end]!.kind !== "eol") throw new ExprError(`expected ',' in data declaration, found '${toks[end]!.text}'`, toks[end]!.col);
  return out;
}

/**
 * One comma-separated list of data items, up to the end of the line or a `)` closing a `dup`
 * group; returns the index of the token that ended it. `count dup (items)` repeats the items.
 */
function dataList(toks: Token[], pos: number, unit: number, ctx: ExprContext, final: boolean, out: number[], depth: number): number {
  for (;;) {
    const t = toks[pos]!;
    const next = toks[pos + 1]!;
    const itemEnd = (k: Token) => k.kind === "eol" || isOp(k, ",") || isOp(k, ")");
    if (t.kind === "string" && itemEnd(next)) {
      const bytes = Buffer.from(t.text, "latin1");
      for (const b of bytes) out.push(b);
      const pad = (unit - (bytes.length % unit)) % unit;
      for (let k = 0; k < pad; k++) out.push(0);
      pos++;
    } else if (isFloatItem(t, next, toks[pos + 2]!, itemEnd)) {
      const f = t.kind === "op" ? next : t;
      const bytes = floatData(f.text, isOp(t, "-"), unit);
      if (!bytes) throw new ExprError(`floating-point data is not supported in ${unit * 8}-bit units`, f.col);
      out.push(...bytes);
      pos += t.kind === "op" ? 2 : 1;
    } else if (isOp(t, "?") && itemEnd(next)) {
      for (let k = 0; k < unit; k++) out.push(0);
      pos++;
    } else {
      const p = new ExprParser(toks, ctx, pos);
      const v = p.parse();
      pos = p.pos;
      const after = toks[pos]!;
      if (after.kind === "ident" && after.text.toLowerCase() === "dup") {
        // NASM 3.2.1: `count dup (items)`
        if (v.unknown || v.seg !== null || v.n < 0) {
          if (final || v.seg !== null || v.n < 0) throw new ExprError("'dup' count must be a non-negative constant", t.col);
        }
        if (!isOp(toks[pos + 1]!, "(")) throw new ExprError("expected '(' after dup", toks[pos + 1]!.col);
        if (depth > 16) throw new ExprError("dup nested too deeply", after.col);
        const group: number[] = [];
        const close = dataList(toks, pos + 2, unit, ctx, final, group, depth + 1);
        if (!isOp(toks[close]!, ")")) throw new ExprError("expected ')' to close dup", toks[close]!.col);
        const count = v.unknown ? 0 : v.n;
        if (count * group.length > 16 * 1024 * 1024) throw new ExprError("dup would produce more than 16 MiB", t.col);
        for (let k = 0; k < count; k++) for (const b of group) out.push(b);
        pos = close + 1;
      } else {
        if (final && v.seg === null && !v.unknown) checkRange(v.n, unit, t.col);
        if (unit === 10 || unit === 16) throw new ExprError("integer data wider than 8 bytes is not supported", t.col);
        for (const b of littleEndian(v.big ?? v.n, unit)) out.push(b);
      }
    }
    const sep = toks[pos]!;
    if (sep.kind === "eol" || (isOp(sep, ")") && depth > 0)) return pos;
    if (!isOp(sep, ",")) throw new ExprError(`expected ',' in data declaration, found '${sep.text}'`, sep.col);
    pos++;
  }
}
