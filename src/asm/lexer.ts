/**
 * Lexer for one logical NASM source line (NASM manual, chapter 3 "The NASM Language":
 * 3.1 layout of a source line, 3.4.1 numeric constants, 3.4.2 character strings).
 *
 * A line becomes a flat list of tokens, each with its 1-based column, so every later stage can
 * report errors at the place they come from. Comments (`;` outside strings) end the line.
 * Floating-point constants become "float" tokens (only data declarations accept them).
 * Left out: hexadecimal floats, `__?utf16?__`-style string functions, backquote escapes
 * beyond the common C ones (\n \t \r \0 \\ \' \" \` \xNN).
 */

export type TokenKind = "ident" | "number" | "float" | "string" | "op" | "eol";

export interface Token {
  kind: TokenKind;
  /** Identifier text (as written), operator text, or the raw string contents after unescaping. */
  text: string;
  /** Numeric value for numbers. */
  value: number;
  /** Exact value of a number literal outside the safe-integer range. */
  big?: bigint;
  /** Written with a `$` prefix (`$eax`): an identifier even when it spells a register or keyword. */
  escaped?: boolean;
  /** 1-based column of the token's first character. */
  col: number;
}

/** Characters that may start a NASM identifier (3.1: letters, `.`, `_`, `?`, and `..@`/`$` escapes). */
const IDENT_START = /[A-Za-z_.?@$]/;
const IDENT_CHAR = /[A-Za-z0-9_.?@$#~]/;

/** Character classes by code (the tokenizer's hot loop avoids regular expressions). */
const CLASS = new Uint8Array(128);
const DIGIT = 1, START = 2, PART = 4;
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  CLASS[c] = (/[0-9]/.test(ch) ? DIGIT : 0) | (IDENT_START.test(ch) ? START : 0) | (IDENT_CHAR.test(ch) ? PART : 0);
}
const cls = (code: number): number => (code < 128 ? CLASS[code]! : 0);

/** Multi-character operators, longest first. */
const OPERATORS = ["<<<", ">>>", "<=>", "<<", ">>", "//", "%%", "==", "!=", "<>", "<=", ">=", "&&", "||", "^^"];

export class LexError extends Error {
  constructor(message: string, readonly col: number) {
    super(message);
  }
}

/** Parses a NASM numeric literal (3.4.1); returns undefined when the text is not a number. */
export function parseNumber(raw: string): number | undefined {
  const b = parseBigNumber(raw);
  return b === undefined ? undefined : Number(b);
}

/** Exact value of a NASM numeric literal, wrapped to 64 bits. */
export function parseBigNumber(raw: string): bigint | undefined {
  const t = raw.replace(/_/g, "").toLowerCase();
  let m: RegExpMatchArray | null;
  const big = (digits: string, radix: number): bigint | undefined => {
    if (digits.length === 0) return undefined;
    let v = 0n;
    const R = BigInt(radix);
    for (const ch of digits) {
      const d = parseInt(ch, radix);
      if (Number.isNaN(d)) return undefined;
      v = v * R + BigInt(d);
    }
    return BigInt.asIntN(64, v);
  };
  if ((m = t.match(/^0[xh]([0-9a-f]+)$/)) || (m = t.match(/^\$([0-9][0-9a-f]*)$/))) return big(m[1]!, 16);
  if ((m = t.match(/^([0-9][0-9a-f]*)[hx]$/))) return big(m[1]!, 16);
  if ((m = t.match(/^0[by]([01]+)$/)) || (m = t.match(/^([01]+)[by]$/))) return big(m[1]!, 2);
  if ((m = t.match(/^0[oq]([0-7]+)$/)) || (m = t.match(/^([0-7]+)[oq]$/))) return big(m[1]!, 8);
  if ((m = t.match(/^0[dt]([0-9]+)$/)) || (m = t.match(/^([0-9]+)[dt]$/))) return big(m[1]!, 10);
  if ((m = t.match(/^([0-9]+)$/))) return big(m[1]!, 10);
  return undefined;
}

export function unescapeBackquote(s: string): string {
  return s.replace(/\\(x[0-9a-fA-F]{1,2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|.)/g, (_all, e: string) => {
    if (e[0] === "x") return String.fromCharCode(parseInt(e.slice(1), 16));
    // \u and \U: a Unicode code point stored as its UTF-8 bytes (NASM 3.4.2), one char per byte
    if (e[0] === "u" || e[0] === "U") return Buffer.from(String.fromCodePoint(Math.min(parseInt(e.slice(1), 16), 0x10ffff)), "utf8").toString("latin1");
    if (/^[0-7]/.test(e)) return String.fromCharCode(parseInt(e, 8) & 0xff);
    const map: Record<string, string> = { n: "\n", t: "\t", r: "\r", a: "\x07", b: "\b", f: "\f", v: "\v", e: "\x1b" };
    return map[e] ?? e;
  });
}

/** Splits a line into tokens. `startCol` is the column of text[0]. */
export function tokenize(text: string, startCol = 1): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (c === " " || c === "\t" || c === "\r" || c === "\f") { i++; continue; }
    if (c === ";") break;
    const col = i + startCol;
    if (c === "'" || c === '"' || c === "`") {
      let j = i + 1;
      let raw = "";
      while (j < n && text[j] !== c) {
        if (c === "`" && text[j] === "\\" && j + 1 < n) { raw += text[j]! + text[j + 1]!; j += 2; continue; }
        raw += text[j];
        j++;
      }
      if (j >= n) throw new LexError(`unterminated string`, col);
      out.push({ kind: "string", text: c === "`" ? unescapeBackquote(raw) : raw, value: 0, col });
      i = j + 1;
      continue;
    }
    const code = text.charCodeAt(i);
    if (cls(code) & DIGIT || (c === "$" && cls(text.charCodeAt(i + 1)) & DIGIT)) {
      let j = i + 1;
      while (j < n && (cls(text.charCodeAt(j)) & PART) && text[j] !== "?" && text[j] !== "@" && text[j] !== "$" && text[j] !== "#" && text[j] !== "~") j++;
      let raw = text.slice(i, j);
      // a decimal floating-point constant (3.4.6): 1.5, 1., 1e10, 3.0e-2
      if (/^[0-9][0-9_]*(\.[0-9_]*)?[eE]$/.test(raw) && (text[j] === "+" || text[j] === "-") && /[0-9]/.test(text[j + 1] ?? "")) {
        j += 2;
        while (j < n && /[0-9_]/.test(text[j]!)) j++;
        raw = text.slice(i, j);
      }
      // (an exponent letter without digits means exponent 0, as in NASM: `10e`, `1.5e`)
      if (/^[0-9][0-9_]*(\.[0-9_]*([eE][+-]?[0-9_]*)?|[eE][+-]?[0-9_]*)$/.test(raw) && !/^[0-9]+$/.test(raw)) {
        out.push({ kind: "float", text: raw, value: Number(raw.replace(/_/g, "").replace(/[eE][+-]?$/, "")), col });
        i = j;
        continue;
      }
      // fast paths for the common forms (plain decimal, 0x hex) that fit a double exactly
      if (j - i <= 15 && /^(?:[0-9]+|0[xX][0-9a-fA-F]{1,13})$/.test(raw)) {
        out.push({ kind: "number", text: raw, value: raw.length > 1 && (raw[1] === "x" || raw[1] === "X") ? parseInt(raw.slice(2), 16) : Number(raw), col });
        i = j;
        continue;
      }
      const v = parseBigNumber(raw);
      if (v === undefined) throw new LexError(`invalid number '${raw}'`, col);
      const tok: Token = { kind: "number", text: raw, value: Number(v), col };
      if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER)) tok.big = v;
      out.push(tok);
      i = j;
      continue;
    }
    if (c === "$" && text[i + 1] === "$" && !IDENT_CHAR.test(text[i + 2] ?? " ")) {
      out.push({ kind: "ident", text: "$$", value: 0, col });
      i += 2;
      continue;
    }
    if (c === "$" && !IDENT_START.test(text[i + 1] ?? " ")) {
      out.push({ kind: "ident", text: "$", value: 0, col });
      i++;
      continue;
    }
    if (c === "%" && (text[i + 1] === "%" || text[i + 1] === "$") && IDENT_START.test(text[i + 2] ?? " ")) {
      // context-local / macro-local labels that survived to the assembler: keep as one identifier
      let j = i + 2;
      while (j < n && IDENT_CHAR.test(text[j]!)) j++;
      out.push({ kind: "ident", text: text.slice(i, j), value: 0, col });
      i = j;
      continue;
    }
    if (c === "?" && !(cls(text.charCodeAt(i + 1)) & PART)) {
      // a lone `?`: uninitialized data or the conditional operator, not an identifier
      out.push({ kind: "op", text: "?", value: 0, col });
      i++;
      continue;
    }
    if (cls(code) & START) {
      let j = i + 1;
      while (j < n && cls(text.charCodeAt(j)) & PART) j++;
      const word = text.slice(i, j);
      if (word.startsWith("$")) out.push({ kind: "ident", text: word.slice(1), value: 0, col, escaped: true });
      else out.push({ kind: "ident", text: word, value: 0, col });
      i = j;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (op) {
      out.push({ kind: "op", text: op, value: 0, col });
      i += op.length;
      continue;
    }
    if ("+-*/%&|^~!()[],:<>=?{}".includes(c)) {
      out.push({ kind: "op", text: c, value: 0, col });
      i++;
      continue;
    }
    throw new LexError(`unexpected character '${c}'`, col);
  }
  out.push({ kind: "eol", text: "", value: 0, col: n + startCol });
  return out;
}

/** Removes a `;` comment from a raw line, respecting quotes. */
export function stripComment(text: string): string {
  let q = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (q) {
      if (c === "\\" && q === "`") { i++; continue; }
      if (c === q) q = "";
    } else if (c === "'" || c === '"' || c === "`") q = c;
    else if (c === ";") return text.slice(0, i);
  }
  return text;
}
