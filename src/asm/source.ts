/**
 * Source text helpers shared by the preprocessor stages (NASM manual 3.1 "Layout of a NASM Source
 * Line", 4.3 "Multi-Line Macros"): logical lines with their origin, `\\` continuation, macro
 * argument splitting, parameter substitution and string quoting. Left out: %{1:3} ranges.
 */

export interface SourceLine {
  text: string;
  file: string;
  line: number;
  /** For a line of a macro body: the column of the macro call it came from (errors point there). */
  callCol?: number;
  /** For a line of a macro body: its line in the macro definition (nasm's __LINE__ there). */
  defLine?: number;
  /** The line as written (before single-line macro expansion), for listings. */
  raw?: string;
  /** The macro call whose body this line is (its %1.., %0, %%labels are substituted when processed). */
  frame?: MacroFrame;
}

export interface MacroFrame {
  args: string[];
  count: number;
  rot: number;
  id: number;
  /** The macro's name as the call wrote it (`%?`) and as %macro declared it (`%??`), NASM 4.3.13. */
  name?: string;
  declared?: string;
  /** The label written before the call (`%00`). */
  label?: string;
}

export interface Define {
  params?: string[];
  body: string;
  caseless: boolean;
}


/** Replaces %1..%n, %{n}, %0 and %%label in one macro body line (NASM 4.3.1-4.3.3). */
export function substituteParams(text: string, f: MacroFrame): string {
  const arg = (k: number) => (k === 0 ? String(f.count) : f.args.length ? f.args[(k - 1 + f.rot) % f.args.length] ?? "" : "");
  return text
    .replace(/%%([A-Za-z_?.@$][\w?.@$#~]*)/g, `..@${f.id}.$1`)
    .replace(/%00/g, f.label ?? "")
    .replace(/%\?\?|%\?/g, (q) => (q === "%??" ? f.declared ?? "" : f.name ?? ""))
    .replace(/%([+-])(\d+)/g, (_a, sign: string, k: string) => (sign === "-" ? invertCondition(arg(Number(k))) : arg(Number(k))))
    .replace(/%\{(-?\d+):(-?\d+)\}/g, (_a, x: string, y: string) => paramRange(f, Number(x), Number(y)))
    .replace(/%\{(\d+)\}|%(\d+)/g, (_a, x: string | undefined, y: string | undefined) => arg(Number(x ?? y)));
}

/**
 * `%{a:b}`: parameters a through b joined with commas; negative numbers count from the last one,
 * and a > b gives them in reverse order (NASM 4.3.4 "Macro Parameters Range").
 */
function paramRange(f: MacroFrame, a: number, b: number): string {
  const n = f.args.length;
  const idx = (k: number) => (k < 0 ? n + k + 1 : k);
  const from = idx(a), to = idx(b);
  const out: string[] = [];
  const step = from <= to ? 1 : -1;
  for (let k = from; step > 0 ? k <= to : k >= to; k += step) out.push(n ? f.args[(k - 1 + f.rot) % n] ?? "" : "");
  return out.join(",");
}

/** `%-1`: the opposite condition code of a parameter (NASM 4.3.9 "Condition Codes as Macro Parameters"). */
const INVERSE: Readonly<Record<string, string>> = {
  o: "no", no: "o", b: "nb", c: "nc", nae: "ae", ae: "nae", nb: "b", nc: "c", e: "ne", z: "nz", ne: "e", nz: "z",
  be: "nbe", na: "a", a: "na", nbe: "be", s: "ns", ns: "s", p: "np", pe: "po", np: "p", po: "pe",
  l: "nl", nge: "ge", ge: "nge", nl: "l", le: "nle", ng: "g", g: "ng", nle: "le",
};

function invertCondition(cc: string): string {
  return INVERSE[cc.trim().toLowerCase()] ?? cc;
}

export function quote(s: string): string {
  if (!s.includes("'")) return `'${s}'`;
  if (!s.includes('"')) return `"${s}"`;
  return "`" + s.replace(/\\/g, "\\\\").replace(/`/g, "\\`") + "`";
}

/** Physical lines with `\` continuation joined (NASM 3.1). */
export function splitLines(source: string, file: string): SourceLine[] {
  const raw = source.split(/\r?\n/);
  const out: SourceLine[] = [];
  for (let i = 0; i < raw.length; i++) {
    let text = raw[i]!;
    const line = i + 1;
    // lines are joined before comments are removed: a `\` ending a comment continues the comment (as in nasm)
    while (/\\\s*$/.test(text) && i + 1 < raw.length) {
      text = text.replace(/\\\s*$/, "") + raw[++i]!;
    }
    out.push({ text, file, line });
  }
  return out;
}

/** Splits macro arguments on top-level commas; `{...}` groups an argument containing commas. */
export function splitArgs(text: string): string[] {
  return splitArgsRaw(text).map((a) => {
    const t = a.trim();
    return t.startsWith("{") && t.endsWith("}") ? t.slice(1, -1) : t;
  });
}

export function splitArgsRaw(text: string, parens = false): string[] {
  const out: string[] = [];
  let cur = "";
  let depth = 0;
  let q = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (q) {
      cur += c;
      if (c === q) q = "";
      continue;
    }
    if (c === ";") break;
    if (c === "'" || c === '"' || c === "`") { q = c; cur += c; continue; }
    if (c === "{" || (parens && c === "(")) depth++;
    if (c === "}" || (parens && c === ")")) depth--;
    if (c === "," && depth === 0) { out.push(cur); cur = ""; continue; }
    cur += c;
  }
  out.push(cur);
  return out;
}
