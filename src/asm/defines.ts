/**
 * Single-line macros (NASM manual 4.1 "Single-Line Macros": %define, %idefine, %xdefine with
 * parameters, `%+` token pasting, and the %str() function of 4.1.10), and their expansion in a
 * line: identifiers outside strings are replaced, recursively, never re-expanding a macro inside
 * its own expansion (NASM's rule). __LINE__ and __FILE__ are built in.
 */
import { quote, splitArgsRaw, type Define, type SourceLine } from "./source";

const BUILTIN = new Set(["__LINE__", "__?LINE?__", "__FILE__", "__?FILE?__"]);

const IDENT_SOURCE = "[A-Za-z_?.@$][A-Za-z0-9_?.@$#~]*";


export class Defines {
  readonly map = new Map<string, Define>();
  /** Identifier scanners; stateful (lastIndex), so each preprocessor has its own. */
  private readonly IDENT = new RegExp(IDENT_SOURCE, "y");
  private readonly IDENT_G = new RegExp(IDENT_SOURCE, "g");

  constructor(private readonly error: (at: SourceLine, message: string) => void) {}

  /** Number of case-insensitive (%idefine) macros: when zero, lookups are one Map access. */
  private caseless = 0;

  set(name: string, d: Define): void {
    this.delete(name);
    if (d.caseless) this.caseless++;
    this.map.set(name, d);
  }

  delete(name: string): void {
    if (this.map.get(name)?.caseless) this.caseless--;
    this.map.delete(name);
    // %undef also removes a case-insensitive (%idefine) macro written in another case
    if (this.caseless > 0) {
      for (const [k, v] of this.map) {
        if (v.caseless && k.toLowerCase() === name.toLowerCase()) {
          this.map.delete(k);
          this.caseless--;
        }
      }
    }
  }

  /**
   * Quick test whether a line may need expansion: some identifier in it is defined (or is a
   * built-in), or it pastes tokens. Most source lines need nothing, and this keeps them cheap.
   */
  private mayExpand(text: string): boolean {
    if (text.includes("%")) return true;
    const IDENT_G = this.IDENT_G;
    IDENT_G.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = IDENT_G.exec(text))) if (this.lookupDefine(m[0]) !== undefined || m[0].startsWith("__")) return true;
    return false;
  }

  /** Whether `name` is defined (%ifdef), honouring %idefine's case-insensitivity. */
  has(name: string): boolean {
    return this.lookupDefine(name) !== undefined || BUILTIN.has(name);
  }

  /** Expands single-line macros in a line (NASM 4.1), not inside strings; `%+` pastes tokens. */
  expand(text: string, ln: SourceLine, disabled: Set<string> = new Set(), level = 0): string {
    if (level > 32) { this.error(ln, "single-line macro expansion nested too deeply"); return text; }
    if (level === 0 && !this.mayExpand(text)) return text;
    // %str(text): the text as a quoted string (NASM 4.1.10, preprocessor functions)
    // %[...]: the text inside is expanded first and pasted where it stands (NASM 4.1.3 "Macro indirection")
    for (let guard = 0; text.includes("%[") && guard < 64; guard++) {
      const m = /%\[([^[\]]*)\]/.exec(text);
      if (!m) break;
      text = text.slice(0, m.index) + this.expand(m[1]!, ln, disabled, level + 1).trim() + text.slice(m.index + m[0].length);
    }
    if (text.includes("%str(")) text = text.replace(/%str\(([^()]*)\)/g, (_a, x: string) => quote(x.trim()));
    let out = "";
    let i = 0;
    while (i < text.length) {
      const c = text[i]!;
      if (c === ";") { out += text.slice(i); break; }
      if (c === "'" || c === '"' || c === "`") {
        let j = i + 1;
        while (j < text.length && text[j] !== c) j += text[j] === "\\" && c === "`" ? 2 : 1;
        out += text.slice(i, j + 1);
        i = j + 1;
        continue;
      }
      this.IDENT.lastIndex = i;
      const m = /[A-Za-z_?.@$]/.test(c) && (i === 0 || !/[\w?.@$#~%]/.test(text[i - 1]!)) ? this.IDENT.exec(text) : null;
      if (!m) { out += c; i++; continue; }
      const name = m[0];
      i += name.length;
      // inside a macro body, nasm 2.16's __LINE__ is the line of the body in the macro definition
      if (name === "__LINE__" || name === "__?LINE?__") { out += String(ln.defLine ?? ln.line); continue; }
      if (name === "__FILE__" || name === "__?FILE?__") { out += quote(ln.file); continue; }
      const def = this.lookupDefine(name);
      if (!def || disabled.has(name)) { out += name; continue; }
      let body = def.body;
      if (def.params) {
        let j = i;
        while (text[j] === " " || text[j] === "\t") j++;
        if (text[j] !== "(") { out += name; continue; }
        let depth = 0, k = j;
        for (; k < text.length; k++) {
          if (text[k] === "(") depth++;
          else if (text[k] === ")" && --depth === 0) break;
        }
        const actual = splitArgsRaw(text.slice(j + 1, k), true).map((s) => s.trim());
        i = k + 1;
        if (actual.length !== def.params.length && !(def.params.length === 0 && actual.length === 1 && actual[0] === "")) {
          this.error(ln, `single-line macro '${name}' expects ${def.params.length} parameters, got ${actual.length}`);
        }
        body = body.replace(new RegExp(IDENT_SOURCE, "g"), (w) => {
          const p = def.params!.indexOf(w);
          return p >= 0 ? actual[p] ?? "" : w;
        });
      }
      const inner = new Set(disabled);
      inner.add(name);
      out += this.expand(body, ln, inner, level + 1);
    }
    // tokens pasted with %+ form a new identifier, which is expanded again (`a_ %+ b` -> `a_b` -> its macro)
    const pasted = out.includes("%+") ? pasteTokens(out) : out;
    return pasted !== out ? this.expand(pasted, ln, disabled, level + 1) : pasted;
  }

  private lookupDefine(name: string): Define | undefined {
    const d = this.map.get(name);
    if (d) return d;
    if (this.caseless === 0) return undefined;
    for (const [k, v] of this.map) if (v.caseless && k.toLowerCase() === name.toLowerCase()) return v;
    return undefined;
  }}

/** Removes `%+` and the blanks around it, outside quoted strings (NASM 4.1.4 token pasting). */
function pasteTokens(text: string): string {
  let out = "";
  let q = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (q) {
      out += c;
      if (c === "\\" && q === "`" && i + 1 < text.length) out += text[++i]!;
      else if (c === q) q = "";
    } else if (c === "'" || c === '"' || c === "`") {
      q = c;
      out += c;
    } else if (c === "%" && text[i + 1] === "+") {
      out = out.replace(/\s+$/, "");
      i += 2;
      while (text[i] === " " || text[i] === "\t") i++;
      i--;
    } else out += c;
  }
  return out;
}
