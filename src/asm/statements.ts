/**
 * Turns preprocessed lines into statements (NASM manual 3.1 "Layout of a NASM Source Line":
 * `label: instruction operands ; comment`), resolving `.local` label names against the previous
 * non-local label (3.9 "Local Labels") once, so later passes only evaluate expressions.
 * A statement is a label, an optional `times` count, prefixes, and one instruction, data
 * directive (db/dw/dd/dq, resb..., incbin), `equ`, or assembler directive (bits, org, section,
 * align, struc/istruc ...). Left out: `[map]`, `[list]`, `dup`, floating-point data.
 */
import { tokenize, LexError, type Token } from "./lexer";
import type { SourceLine } from "./source";
import { isMnemonic } from "./encoder";
import { PREFIXES } from "./table";
import { register } from "./registers";
import { SIZE_KEYWORDS } from "./operands";
import { UNSUPPORTED_MNEMONICS } from "./unsupported";

export const DATA_SIZES: Readonly<Record<string, number>> = { db: 1, dw: 2, dd: 4, dq: 8, dt: 10, do: 16 };
export const RES_SIZES: Readonly<Record<string, number>> = { resb: 1, resw: 2, resd: 4, resq: 8, rest: 10, reso: 16 };
export const DIRECTIVES = new Set([
  "bits", "use16", "use32", "org", "section", "segment", "align", "alignb", "sectalign", "global", "extern", "common", "cpu",
  "default", "absolute", "struc", "endstruc", "istruc", "at", "iend", "incbin", "equ", "times", "static", "warning", "float",
  "required", "list", "map",
]);

/** Words nasm refuses as labels even with a colon (size and operator keywords, directives); `$word` escapes them. */
const RESERVED_LABELS = new Set(("byte word dword qword tword oword yword zword abs rel seg wrt far near short strict nosplit times at to " +
  "cpu bits org align alignb sectalign float default extern global common static required incbin struc absolute").split(" "));

export interface Statement {
  src: SourceLine;
  toks: Token[];
  /** Full label name defined on this line (locals already expanded), and its column. */
  label?: { name: string; col: number };
  /** Index of the `times` count expression in toks, if any. */
  timesAt?: number;
  /** Index of the mnemonic/directive token (after label and times), or -1 when the line is only a label. */
  opAt: number;
  /** Lower-case mnemonic or directive. */
  op: string;
  prefixes: { word: string; col: number }[];
  /** No symbol, `$` or `$$` after the mnemonic: the encoding does not depend on the pass. */
  pure: boolean;
}

export interface ParseError { src: SourceLine; col: number; message: string }

function isKeyword(w: string): boolean {
  const l = w.toLowerCase();
  return isMnemonic(l) || DIRECTIVES.has(l) || l in DATA_SIZES || l in RES_SIZES || l in PREFIXES || UNSUPPORTED_MNEMONICS.has(l);
}

function isLocal(name: string): boolean {
  return name.startsWith(".") && !name.startsWith("..");
}

/** Parses all lines; `errors` receives lexical and structural errors. */
export function parseStatements(lines: SourceLine[], errors: ParseError[]): Statement[] {
  const out: Statement[] = [];
  let scope = "";
  for (const src of lines) {
    let toks: Token[];
    try {
      toks = tokenize(src.text);
    } catch (e) {
      errors.push({ src, col: e instanceof LexError ? e.col : 1, message: e instanceof Error ? e.message : String(e) });
      continue;
    }
    // NASM's bracketed primitive form: [bits 32], [section .text], [org 0x100]
    if (toks[0]?.kind === "op" && toks[0].text === "[" && toks[1]?.kind === "ident" && DIRECTIVES.has(toks[1].text.toLowerCase())) {
      const close = toks.findIndex((t) => t.kind === "op" && t.text === "]");
      if (close > 0) toks = [...toks.slice(1, close), toks[toks.length - 1]!];
    }
    if (toks[0]!.kind === "eol") continue;
    const st: Statement = { src, toks, opAt: -1, op: "", prefixes: [], pure: false };
    let i = 0;
    const t0 = toks[0]!;
    const t1 = toks[1]!;
    if (t0.kind === "ident" && t1.kind === "op" && t1.text === ":" && !t0.escaped && RESERVED_LABELS.has(t0.text.toLowerCase())) {
      errors.push({ src, col: t0.col, message: `'${t0.text}' is a reserved word and cannot be a label (write $${t0.text})` });
      continue;
    }
    if (t0.kind === "ident" && t1.kind === "op" && t1.text === ":" && (t0.escaped || !register(t0.text))) {
      st.label = { name: t0.text, col: t0.col };
      i = 2;
    } else if (t0.kind === "ident" && (t0.escaped || (!isKeyword(t0.text) && !register(t0.text))) && (t1.kind === "eol" || (t1.kind === "ident" && isKeyword(t1.text)))) {
      st.label = { name: t0.text, col: t0.col };
      i = 1;
    }
    if (st.label && (st.label.name === "$" || st.label.name === "$$")) {
      errors.push({ src, col: st.label.col, message: "label or instruction expected at start of line" });
      continue;
    }
    if (st.label && st.label.name.startsWith("..") && !st.label.name.startsWith("..@")) {
      // `..start` and friends are special symbols of object formats; nasm -f bin refuses them
      errors.push({ src, col: st.label.col, message: `unrecognised special symbol '${st.label.name}' (the bin format has none)` });
      continue;
    }
    if (st.label) {
      const name = st.label.name;
      if (isLocal(name)) st.label.name = scope + name;
      else if (!name.startsWith("..@")) scope = name;
    }
    // resolve local references in the rest of the line (section names like .text are not labels)
    const sectionLine = toks[i]?.kind === "ident" && /^(section|segment)$/i.test(toks[i]!.text);
    for (let k = i; k < toks.length && !sectionLine; k++) {
      const t = toks[k]!;
      if (t.kind === "ident" && isLocal(t.text)) toks[k] = { ...t, text: scope + t.text };
    }
    if (toks[i]!.kind === "ident" && toks[i]!.text.toLowerCase() === "times") {
      st.timesAt = i + 1;
      // the count expression ends at the first keyword token
      let k = i + 1;
      while (toks[k]!.kind !== "eol" && !(toks[k]!.kind === "ident" && isKeyword(toks[k]!.text) && k > i + 1)) k++;
      i = k;
    }
    for (;;) {
      const t = toks[i]!;
      if (t.kind !== "ident") break;
      const w = t.text.toLowerCase();
      const next = toks[i + 1]!;
      if (w in PREFIXES || (register(w)?.cls === "sreg" && next.kind === "ident" && isKeyword(next.text))) {
        st.prefixes.push({ word: w, col: t.col });
        i++;
        continue;
      }
      break;
    }
    const t = toks[i]!;
    if (t.kind === "eol") {
      if (st.prefixes.length > 0) {
        // a prefix on its own line is an instruction of its own
        const p = st.prefixes.pop()!;
        st.op = p.word;
        st.opAt = toks.findIndex((x) => x.col === p.col);
      }
      out.push(st);
      if (st.timesAt !== undefined && st.opAt < 0) errors.push({ src, col: t.col, message: "'times' needs an instruction or data after its count" });
      continue;
    }
    if (t.kind !== "ident") {
      errors.push({ src, col: t.col, message: `instruction or directive expected, found '${t.text}'` });
      continue;
    }
    st.opAt = i;
    st.op = t.text.toLowerCase();
    st.pure = !/^(j|call|loop)/.test(st.op) && toks.every((x, k) => k <= i || x.kind !== "ident" || (!x.escaped && register(x.text) !== undefined) || x.text.toLowerCase() in SIZE_KEYWORDS || /^(strict|short|near|far|nosplit)$/i.test(x.text));
    // `struc name` defines `name` as a label, so the fields' `.x` labels are local to it (NASM 5.9.1)
    if (st.op === "struc" && toks[i + 1]?.kind === "ident") scope = toks[i + 1]!.text;
    if (st.label && st.op === "equ" && isLocal(toks[0]!.text)) {
      // already resolved
    }
    out.push(st);
  }
  return out;
}
