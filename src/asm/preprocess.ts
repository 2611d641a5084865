/**
 * The NASM preprocessor subset (NASM manual chapter 4 "The NASM Preprocessor"):
 * - single-line macros (%define, %xdefine, %idefine, %undef, %assign, %defstr, with parameters);
 * - multi-line macros (%macro/%endmacro with %1..%n, %0, %-1, %%local labels, default and greedy
 *   parameters, %rotate);
 * - conditionals (%if/%elif/%else/%endif, %ifdef, %ifidn/%ifidni, %ifmacro, %ifnum/%ifstr/%ifid/
 *   %ifempty, %ifctx, each with its n- and %elif forms);
 * - strings (%strlen, %strcat, %substr, %str()), __LINE__/__FILE__;
 * - %include (in-memory file map first, then the including file's directory and the include
 *   paths), %rep/%exitrep/%endrep, %error/%fatal, the context stack (%push/%pop/%repl, %$names).
 *
 * Output is a list of logical lines, each remembering where it came from, for the assembler
 * proper. Left out: %use, %[...] indirection, %local, `.nolist`, the standard macro packages.
 */
import * as fs from "fs";
import * as path from "path";
import { stripComment, tokenize, unescapeBackquote } from "./lexer";
import { ExprParser, ExprError, type Value } from "./expr";
import type { AsmError } from "./types";
import { Defines } from "./defines";
import { quote, splitArgs, splitArgsRaw, splitLines, substituteParams, type MacroFrame, type SourceLine } from "./source";
import { readInclude, includeCandidates } from "./files";

interface Macro {
  name: string;
  min: number;
  max: number;
  greedy: boolean;
  defaults: string[];
  body: SourceLine[];
  caseless: boolean;
}

export interface PreprocessOptions {
  defines?: Record<string, string | number>;
  files?: Record<string, string>;
  includePaths?: string[];
  bits?: 16 | 32;
}

interface Cond {
  /** This branch is being assembled. */
  active: boolean;
  /** Some branch of this %if chain was already taken. */
  done: boolean;
  /** The enclosing region is active. */
  parent: boolean;
}

const MAX_DEPTH = 64;
/** Bounds that keep a hostile source from exhausting the host (NASM has similar limits). */
const MAX_REP = 1_000_000;

export class Preprocessor {
  readonly out: SourceLine[] = [];
  readonly errors: AsmError[] = [];
  private defines = new Defines((at, message) => this.error(at, message));
  private macros = new Map<string, Macro[]>();
  private uniq = 0;
  /** Directories %include searches after the including file's own: -I paths, then the main file's. */
  private searchPath: string[] = [];
  /**
   * `NAME equ <constant>` values seen so far, for %if and friends. NASM runs its preprocessor
   * interleaved with the assembler's pass, so a critical expression in %if/%rep may name an equ
   * constant defined on an earlier line (NASM manual 4.4.5 "%if"; 3.2.4 "EQU"). vtlab preprocesses
   * ahead of layout, so it records here every equ whose value is a plain number computable from
   * numbers and earlier such constants; labels (layout-dependent) stay unknown to %if.
   */
  private equConstants = new Map<string, Value>();
  /** The context stack of %push/%pop (NASM 4.7). */
  private contexts: { name: string; id: number }[] = [];
  private depth = 0;

  constructor(private readonly opts: PreprocessOptions) {
    for (const [k, v] of Object.entries(opts.defines ?? {})) this.defines.set(k, { body: String(v), caseless: false });
    // NASM's standard macro: the primitive form of the last user-level SECTION directive (NASM 6.3)
    this.defines.set("__SECT__", { body: "[section .text]", caseless: false });
    // standard macros of NASM 5.1-5.3 that programs test (`%if __BITS__ == 16`, `%ifidn __OUTPUT_FORMAT__, bin`);
    // __PASS__ is 2, its value in nasm's final pass, which is the one whose bytes are written
    const standard: Record<string, string> = { BITS: String(opts.bits ?? 32), OUTPUT_FORMAT: "bin", NASM_MAJOR: "2", NASM_MINOR: "16", NASM_SUBMINOR: "1", NASM_PATCHLEVEL: "0", NASM_VERSION_ID: "0x02100100", NASM_VER: '"2.16.01"', PASS: "2" };
    for (const [k, v] of Object.entries(standard)) {
      this.defines.set(`__${k}__`, { body: v, caseless: false });
      this.defines.set(`__?${k}?__`, { body: v, caseless: false });
    }
  }

  error(at: SourceLine, message: string, col = 1): void {
    this.errors.push({ file: at.file, line: at.line, column: at.callCol ?? col, message });
  }

  /** Splits text into physical lines, joins `\` continuations, and preprocesses them. */
  run(source: string, file: string): SourceLine[] {
    // nested includes may be written relative to the main file (as when nasm runs in its directory)
    this.searchPath = [...(this.opts.includePaths ?? []), path.dirname(file)];
    this.processLines(splitLines(source, file));
    return this.out;
  }

  private processLines(lines: SourceLine[]): void {
    const conds: Cond[] = [];
    const active = () => conds.length === 0 || conds[conds.length - 1]!.active;
    let i = 0;
    while (i < lines.length) {
      const raw = lines[i]!;
      i++;
      let ln = raw.frame ? { ...raw, text: substituteParams(raw.text, raw.frame), frame: undefined } : raw;
      if (ln.text.includes("%$") && active()) ln = { ...ln, text: this.contextNames(ln) };
      if (raw.frame && /^\s*%rotate\b/i.test(raw.text) && active()) {
        const n = this.evalConst(ln.text.replace(/^\s*%rotate\b/i, ""), ln, "%rotate") ?? 0;
        const f = raw.frame;
        f.rot = f.args.length ? (((f.rot + n) % f.args.length) + f.args.length) % f.args.length : 0;
        continue;
      }
      const code = stripComment(ln.text).trim();
      const dm = /^%([a-z]+)\b\s*(.*)$/i.exec(code);
      const dir = dm ? dm[1]!.toLowerCase() : "";
      const arg = dm ? dm[2]! : "";
      // conditional structure is tracked even in inactive regions
      if (dm && /^(if|ifn)(def|idn|idni|macro|num|str|id|empty|ctx|env|token|usable|using|defalias)?$/.test(dir)) {
        const parent = active();
        const c: Cond = { active: false, done: false, parent };
        if (parent) c.active = c.done = this.condition(dir.slice(2), arg, ln);
        conds.push(c);
        continue;
      }
      if (dm && /^(elif|elifn)(def|idn|idni|macro|num|str|id|empty|ctx|env|token|usable|using|defalias)?$/.test(dir)) {
        const c = conds[conds.length - 1];
        if (!c) { this.error(ln, `%${dir} without %if`); continue; }
        if (c.parent && !c.done) c.active = c.done = this.condition(dir.slice(4), arg, ln);
        else c.active = false;
        continue;
      }
      if (dm && dir === "else") {
        const c = conds[conds.length - 1];
        if (!c) { this.error(ln, "%else without %if"); continue; }
        c.active = c.parent && !c.done;
        c.done = true;
        continue;
      }
      if (dm && dir === "endif") {
        if (!conds.pop()) this.error(ln, "%endif without %if");
        continue;
      }
      if (!active()) {
        // skip whole macro/rep bodies without interpreting them
        if (dm && (MACRO_DIRS.has(dir) || dir === "rep")) i = this.skipBlock(lines, i, dir === "rep" ? "rep" : "macro");
        continue;
      }
      if (dm && MACRO_DIRS.has(dir)) {
        i = this.defineMacro(lines, i, ln, arg, dir.startsWith("i"));
        continue;
      }
      if (dm && dir === "rep") {
        const end = this.skipBlock(lines, i, "rep");
        const body = lines.slice(i, end - 1);
        if (end - 1 >= lines.length || !/^\s*%endrep\b/i.test(stripComment(lines[end - 1]!.text))) this.error(ln, "%rep without %endrep");
        i = end;
        const count = this.evalConst(arg, ln, "%rep");
        if (count === undefined) continue;
        if (count > MAX_REP) { this.error(ln, `%rep count ${count} is too large (at most ${MAX_REP})`); continue; }
        for (let k = 0; k < count; k++) {
          if (this.runRepBody(body)) break;
        }
        continue;
      }
      if (dm && dir === "exitrep") {
        if (this.repDepth > 0) throw new ExitRep();
        this.error(ln, "%exitrep outside a %rep block");
        continue;
      }
      if (dm && dir === "exitmacro") {
        if (raw.frame) throw new ExitMacro();
        this.error(ln, "%exitmacro outside a macro");
        continue;
      }
      if (dm && dir === "endrep") { this.error(ln, "%endrep without %rep"); continue; }
      if (dm && dir === "endmacro") { this.error(ln, "%endmacro without %macro"); continue; }
      if (dm) {
        this.directive(dir, arg, ln);
        continue;
      }
      this.normalLine(ln);
    }
    if (conds.length > 0) this.error(lines[lines.length - 1] ?? { text: "", file: "", line: 0 }, "unterminated %if");
  }

  /** Runs one %rep iteration; returns true when %exitrep was hit. */
  private runRepBody(body: SourceLine[]): boolean {
    this.repDepth++;
    try {
      this.processLines(body);
      return false;
    } catch (e) {
      if (e instanceof ExitRep) return true;
      throw e;
    } finally {
      this.repDepth--;
    }
  }

  /** Number of %rep bodies being expanded (where %exitrep is allowed). */
  private repDepth = 0;

  /** Returns the index just after the matching end line of a %macro or %rep block. */
  private skipBlock(lines: SourceLine[], i: number, kind: "macro" | "rep"): number {
    let depth = 1;
    const open = kind === "rep" ? /^\s*%rep\b/i : /^\s*%i?r?macro\b/i;
    const close = kind === "rep" ? /^\s*%endrep\b/i : /^\s*%endm(acro)?\b/i;
    while (i < lines.length) {
      const t = stripComment(lines[i]!.text);
      i++;
      if (open.test(t)) depth++;
      else if (close.test(t) && --depth === 0) return i;
    }
    return i + 1;
  }

  private defineMacro(lines: SourceLine[], i: number, ln: SourceLine, arg: string, caseless: boolean): number {
    const m = /^([A-Za-z_?.@$][\w?.@$#~]*)\s+(\d+)(?:\s*-\s*(\d+|\*))?(\+)?(?:\.nolist)?\s*(.*)$/.exec(arg.trim());
    const end = this.skipBlock(lines, i, "macro");
    if (end > lines.length) this.error(lines[lines.length - 1] ?? ln, `end of file while still defining macro '${m?.[1] ?? ""}' (no %endmacro)`);
    if (!m) {
      this.error(ln, "invalid %macro definition: expected a name and a parameter count");
      return end;
    }
    const min = Number(m[2]);
    const max = m[3] === undefined ? min : m[3] === "*" ? Infinity : Number(m[3]);
    const defaults = m[5] ? splitArgs(m[5]) : [];
    const macro: Macro = { name: m[1]!, min, max, greedy: m[4] === "+", defaults, body: lines.slice(i, end - 1), caseless };
    const key = caseless ? m[1]!.toLowerCase() : m[1]!;
    const list = (this.macros.get(key) ?? []).filter((x) => x.min !== min || x.max !== max);
    list.push(macro);
    this.macros.set(key, list);
    return end;
  }

  private findMacro(name: string): Macro[] | undefined {
    const exact = this.macros.get(name);
    const lower = this.macros.get(name.toLowerCase())?.filter((x) => x.caseless);
    if (exact && exact.length) return exact;
    return lower && lower.length ? lower : undefined;
  }

  private condition(kind: string, arg: string, ln: SourceLine): boolean {
    // `kind` is what follows %if/%elif: "ndef" for %ifndef, but "num" for %ifnum ("nnum" for %ifnnum)
    const negate = kind.startsWith("n") && kind !== "num";
    const base = negate ? kind.slice(1) : kind;
    let r: boolean;
    switch (base) {
      case "env": case "token": case "usable": case "using": case "defalias":
        this.error(ln, `not supported: %if${kind} (outside vtlab's NASM subset)`);
        return false;
      case "def": {
        const name = arg.trim().split(/\s+/)[0] ?? "";
        r = this.defines.has(name);
        break;
      }
      case "num": case "nnum": case "str": case "nstr": case "id": case "nid": case "empty": case "nempty": {
        const text = this.defines.expand(arg, ln).trim();
        if (base === "empty") r = text === "";
        else {
          let toks: ReturnType<typeof tokenize> = [];
          try {
            toks = tokenize(text);
          } catch {
            toks = [];
          }
          // NASM looks only at the first token: `%ifnum 1+2` is true (preproc.c, PPC_IFNUM)
          // ... after any signs, for %ifnum: `%ifnum -1` is true
          let k = 0;
          while (base === "num" && toks[k]!.kind === "op" && (toks[k]!.text === "-" || toks[k]!.text === "+")) k++;
          const one = toks[k]!.kind !== "eol" ? toks[k]! : undefined;
          r = one !== undefined && one.kind === (base === "num" ? "number" : base === "str" ? "string" : "ident");
        }
        break;
      }
      case "ctx": case "nctx": {
        const top = this.contexts[this.contexts.length - 1];
        r = top !== undefined && arg.trim().split(/\s+/).includes(top.name);
        break;
      }
      case "macro": case "nmacro":
        r = this.findMacro(arg.trim().split(/\s+/)[0] ?? "") !== undefined;
        break;
      case "idn": case "nidn": case "idni": case "nidni": {
        const parts = splitArgs(this.defines.expand(arg, ln));
        if (parts.length !== 2) { this.error(ln, "%ifidn expects two comma-separated arguments"); return false; }
        // quoted strings compare by their contents, whatever the quote character (`'a'` is `"a"`)
        const [a, b] = parts.map((p) => p.replace(/\s+/g, "").replace(/(['"])([^'"]*)\1/g, "'$2'"));
        r = kind.endsWith("i") ? a!.toLowerCase() === b!.toLowerCase() : a === b;
        break;
      }
      default: {
        const v = this.evalConst(arg, ln, "%if");
        r = v !== undefined && v !== 0;
      }
    }
    return negate ? !r : r;
  }

  /** Evaluates a preprocessor expression; undefined (after reporting) when it is not constant. */
  private evalConst(arg: string, ln: SourceLine, what: string): number | undefined {
    const text = this.defines.expand(arg, ln);
    try {
      return this.constantValue(text, what).n;
    } catch (e) {
      this.error(ln, e instanceof Error ? e.message : String(e), columnOf(ln, arg));
      return undefined;
    }
  }

  /**
   * The value of a critical expression (NASM manual 3.8 "Critical Expressions"): numbers and the
   * EQU constants seen so far; `$`, `$$` and any other symbol throw an ExprError naming `what`.
   */
  private constantValue(text: string, what: string): Value {
    const p = new ExprParser(tokenize(text), {
      symbol: (name) => this.equConstants.get(name),
      here: (): Value => { throw new ExprError(`'$' is not allowed in ${what}`, 1); },
      sectionStart: (): Value => { throw new ExprError(`'$$' is not allowed in ${what}`, 1); },
      undefinedSymbol: (name, col) => { throw new ExprError(`symbol '${name}' is not defined before ${what} (non-constant value)`, col); },
    });
    const v = p.parse();
    if (p.peek().kind !== "eol") throw new ExprError(`unexpected '${p.peek().text}' in ${what} expression`, p.peek().col);
    return v;
  }


  private directive(dir: string, arg: string, ln: SourceLine): void {
    switch (dir) {
      case "define": case "xdefine": case "idefine": case "xidefine": {
        const m = /^([A-Za-z_?.@$][\w?.@$#~]*)(\(([^)]*)\))?\s*(.*)$/.exec(arg);
        if (!m) { this.error(ln, `invalid %${dir}: expected a macro name`); return; }
        const params = m[2] ? m[3]!.split(",").map((s) => s.trim()).filter((s) => s.length > 0) : undefined;
        const body = dir.startsWith("x") ? this.defines.expand(m[4]!, ln) : m[4]!;
        const caseless = dir.includes("idefine");
        this.defines.set(m[1]!, params ? { params, body: body.trim(), caseless } : { body: body.trim(), caseless });
        return;
      }
      case "unmacro": case "unimacro": {
        // %unmacro name count: removes the macro with exactly that parameter specification (NASM 4.3.12)
        const m = /^([A-Za-z_?.@$][\w?.@$#~]*)\s+(\d+)(?:\s*-\s*(\d+|\*))?(\+)?/.exec(arg.trim());
        if (!m) { this.error(ln, `%${dir} expects a macro name and a parameter count`); return; }
        const key = dir === "unimacro" ? m[1]!.toLowerCase() : m[1]!;
        const min = Number(m[2]);
        const max = m[3] === undefined ? min : m[3] === "*" ? Infinity : Number(m[3]);
        const list = (this.macros.get(key) ?? []).filter((x) => x.min !== min || x.max !== max);
        if (list.length) this.macros.set(key, list);
        else this.macros.delete(key);
        return;
      }
      case "undef":
        if (!/^[A-Za-z_?.@$]/.test(arg.trim())) { this.error(ln, "%undef expects a macro name"); return; }
        this.defines.delete(arg.trim());
        return;
      case "assign": case "iassign": {
        const m = /^([A-Za-z_?.@$][\w?.@$#~]*)\s+(.*)$/.exec(arg);
        if (!m) { this.error(ln, "invalid %assign: expected a name and an expression"); return; }
        const v = this.evalConst(m[2]!, ln, "%assign");
        if (v !== undefined) this.defines.set(m[1]!, { body: String(v), caseless: dir === "iassign" });
        return;
      }
      case "strcat": {
        // %strcat NAME 'a', "b": one string made of the pieces (NASM 4.2.2)
        const m = /^([A-Za-z_?.@$][\w?.@$#~]*)\s+(.*)$/.exec(arg);
        const parts = m ? splitArgs(this.defines.expand(m[2]!, ln)).map((p) => /^(['"`])(.*)\1$/.exec(p.trim())) : [];
        if (!m || parts.some((p) => !p)) { this.error(ln, "%strcat expects a name and quoted strings"); return; }
        this.defines.set(m[1]!, { body: quote(parts.map((p) => (p![1] === "`" ? unescapeBackquote(p![2]!) : p![2]!)).join("")), caseless: false });
        return;
      }
      case "substr": {
        // %substr NAME 'string', start[, length]: 1-based, like NASM 4.2.4
        // NASM writes the start after the string without a comma (`%substr c 'xyzw' 2,2`); a comma is accepted too
        const m = /^([A-Za-z_?.@$][\w?.@$#~]*)\s+(.*)$/.exec(arg);
        const sm = m ? /^\s*(['"`])((?:\\.|(?!\1).)*)\1\s*,?(.*)$/.exec(this.defines.expand(m[2]!, ln)) : null;
        const str = sm ? [sm[0], sm[1], sm[1] === "`" ? unescapeBackquote(sm[2]!) : sm[2]!] : null;
        const parts = sm ? [sm[0], ...splitArgs(sm[3]!)] : [];
        if (!m || !str || parts.length < 2 || parts[1]!.trim() === "") { this.error(ln, "%substr expects a name, a quoted string and a start"); return; }
        const start = this.evalConst(parts[1]!, ln, "%substr");
        const len = parts[2] !== undefined ? this.evalConst(parts[2], ln, "%substr") : 1;
        if (start === undefined || len === undefined) return;
        const text = str[2]!;
        const from = start - 1;
        const n = len < 0 ? text.length - from + len + 1 : len;
        this.defines.set(m[1]!, { body: quote(text.substr(from, Math.max(0, n))), caseless: false });
        return;
      }
      case "strlen": {
        const m = /^([A-Za-z_?.@$][\w?.@$#~]*)\s+(.*)$/.exec(arg);
        const str = m ? /^\s*(['"`])(.*)\1\s*$/.exec(this.defines.expand(m[2]!, ln)) : null;
        if (!m || !str) { this.error(ln, "%strlen expects a name and a quoted string"); return; }
        this.defines.set(m[1]!, { body: String((str[1] === "`" ? unescapeBackquote(str[2]!) : str[2]!).length), caseless: false });
        return;
      }
      case "deftok": {
        // %deftok NAME 'string': NAME becomes the tokens written inside the string (NASM 4.1.9)
        const m = /^([A-Za-z_?.@$][\w?.@$#~]*)\s+(.*)$/.exec(arg);
        const str = m ? /^\s*(['"`])(.*)\1\s*$/.exec(this.defines.expand(m[2]!, ln)) : null;
        if (!m || !str) { this.error(ln, "%deftok expects a name and a quoted string"); return; }
        this.defines.set(m[1]!, { body: str[1] === "`" ? unescapeBackquote(str[2]!) : str[2]!, caseless: false });
        return;
      }
      case "defstr": {
        const m = /^([A-Za-z_?.@$][\w?.@$#~]*)\s*(.*)$/.exec(arg);
        if (!m) { this.error(ln, "invalid %defstr"); return; }
        const s = this.defines.expand(m[2]!, ln).trim();
        this.defines.set(m[1]!, { body: quote(s), caseless: false });
        return;
      }
      case "include": {
        const name = this.defines.expand(arg, ln).trim().replace(/^["'<](.*)["'>]$/, "$1");
        this.include(name, ln);
        return;
      }
      case "error": case "fatal":
        this.error(ln, this.defines.expand(arg, ln).trim().replace(/^["'](.*)["']$/, "$1"));
        return;
      case "push":
        this.contexts.push({ name: arg.trim(), id: ++this.uniq });
        return;
      case "pop":
        if (!this.contexts.pop()) this.error(ln, "%pop: context stack is already empty");
        return;
      case "repl": {
        const top = this.contexts[this.contexts.length - 1];
        if (!top) this.error(ln, "%repl: context stack is empty");
        else top.name = arg.trim();
        return;
      }
      case "warning": case "line": case "pragma": case "use":
        if (dir === "use") this.error(ln, `not supported: %use (NASM's standard macro packages are outside vtlab's subset)`);
        return;
      case "rotate":
        this.error(ln, "%rotate outside a macro");
        return;
      case "arg": case "local": case "stacksize": case "clear": case "pathsearch": case "depend": case "defalias": case "undefalias":
      case "aliases": case "ifusable": case "unimacro2": case "nolist":
        this.error(ln, `not supported: %${dir} (outside vtlab's NASM subset)`);
        return;
      default:
        this.error(ln, `unknown preprocessor directive '%${dir}'`);
    }
  }

  /** Replaces `%$name` (and `%$$name`, one context further out) by a name unique to that context (NASM 4.7). */
  private contextNames(ln: SourceLine): string {
    const code = stripComment(ln.text);
    return code.replace(/%(\$+)([A-Za-z_?.@$][\w?.@$#~]*)/g, (all, dollars: string, name: string) => {
      const ctx = this.contexts[this.contexts.length - dollars.length];
      if (!ctx) {
        this.error(ln, `'${all}' used outside a %push context`);
        return name;
      }
      return `..@${ctx.id}.${name}`;
    }) + ln.text.slice(code.length);
  }

  private include(name: string, ln: SourceLine): void {
    if (++this.depth > MAX_DEPTH) { this.error(ln, "%include nested too deeply"); this.depth--; return; }
    try {
      const files = this.opts.files ?? {};
      const rel = path.join(path.dirname(ln.file), name);
      const data = readInclude(name, ln.file, files, this.searchPath);
      if (!data) { this.error(ln, `unable to open include file '${name}'`); return; }
      const shown = files[name] !== undefined ? name : files[rel] !== undefined ? rel : (includeCandidates(name, ln.file, this.searchPath).find((c) => fs.existsSync(c)) ?? name);
      this.processLines(splitLines(data.toString("latin1"), files[name] !== undefined || files[rel] !== undefined ? shown : path.relative(process.cwd(), shown) || shown));
    } finally {
      this.depth--;
    }
  }

  private normalLine(ln: SourceLine): void {
    const text = this.defines.expand(ln.text, ln);
    const sect = /^\s*(section|segment)\s+([^\s;]+)/i.exec(text);
    if (sect) this.defines.set("__SECT__", { body: `[section ${sect[2]}]`, caseless: false });
    // __BITS__ follows the `bits`/`use16`/`use32` directives (NASM 5.1 "__?BITS?__")
    const bits = /^\s*\[?\s*(?:bits\s+(16|32)\b|use(16|32)\b)/i.exec(text);
    if (bits) for (const k of ["__BITS__", "__?BITS?__"]) this.defines.set(k, { body: bits[1] ?? bits[2]!, caseless: false });
    // a multi-line macro call: optional label, then the macro name
    const m = /^\s*(?:([A-Za-z_?.@$][\w?.@$#~]*)\s*:\s*)?([A-Za-z_?.@$][\w?.@$#~]*)(?=\s|$)(.*)$/.exec(stripComment(text));
    if (m) {
      const list = this.findMacro(m[2]!);
      if (list) {
        // the label of the call line is defined before the body, unless the body places it with %00 (NASM 4.3.11)
        const usesLabel = list.some((x) => x.body.some((b) => b.text.includes("%00")));
        if (m[1] && !usesLabel) this.out.push({ text: m[1] + ":", file: ln.file, line: ln.line });
        this.invoke(list, m[3]!, ln, text.indexOf(m[2]!) + 1, m[2]!, m[1] ?? "");
        return;
      }
    }
    this.recordEqu(text);
    const out: SourceLine = { text, file: ln.file, line: ln.line, raw: ln.text };
    if (ln.callCol !== undefined) out.callCol = ln.callCol;
    this.out.push(out);
  }

  /** Remembers `NAME equ expr` when expr is a plain number now (see equConstants); otherwise nothing. */
  private recordEqu(text: string): void {
    const m = /^\s*([A-Za-z_?@$][\w?.@$#~]*)\s*:?\s+equ\s+(.+)$/i.exec(stripComment(text));
    if (!m) return;
    const name = m[1]!.startsWith("$") ? m[1]!.slice(1) : m[1]!;
    try {
      const v = this.constantValue(m[2]!, "equ");
      if (v.seg === null) this.equConstants.set(name, v);
    } catch {
      // Not a constant the preprocessor can know (a label, `$`, a syntax error the assembler reports).
    }
  }

  private invoke(list: Macro[], argText: string, ln: SourceLine, col: number, invokedAs: string, label = ""): void {
    const raw = argText.trim() === "" ? [] : splitArgs(argText);
    const macro = list.find((m) => raw.length >= m.min && (raw.length <= m.max || m.greedy)) ;
    if (!macro) {
      const m = list[0]!;
      const want = m.min === m.max ? `${m.min}` : m.max === Infinity ? `at least ${m.min}` : `${m.min} to ${m.max}`;
      this.error(ln, `macro '${m.name}' expects ${want} parameter${want === "1" ? "" : "s"}, got ${raw.length}`, col);
      return;
    }
    let args = raw;
    if (macro.greedy && raw.length > macro.max) {
      const joined = splitArgsRaw(argText).slice(macro.max - 1).join(",").trim();
      args = [...raw.slice(0, macro.max - 1), joined];
    }
    const count = args.length;
    const full = [...args];
    for (let k = args.length; k < macro.max && k - macro.min < macro.defaults.length; k++) full.push(macro.defaults[k - macro.min] ?? "");
    if (++this.depth > MAX_DEPTH) { this.error(ln, `macro '${macro.name}' nested too deeply`, col); this.depth--; return; }
    const frame: MacroFrame = { args: full, count, rot: 0, id: ++this.uniq, name: invokedAs, declared: macro.name, label };
    const callCol = ln.callCol ?? col;
    const expandedBody: SourceLine[] = macro.body.map((b) => ({ text: b.text, file: ln.file, line: ln.line, frame, callCol, defLine: b.defLine ?? b.line }));
    try {
      this.processLines(expandedBody);
    } catch (e) {
      if (!(e instanceof ExitMacro)) throw e;
    } finally {
      this.depth--;
    }
  }


}

class ExitRep {}
class ExitMacro {}

/** %macro and its case-insensitive (%imacro) and recursive (%rmacro, %irmacro) forms (NASM 4.3). */
const MACRO_DIRS = new Set(["macro", "imacro", "rmacro", "irmacro"]);

function columnOf(ln: SourceLine, part: string): number {
  const k = ln.text.indexOf(part.trim());
  return k >= 0 ? k + 1 : 1;
}

export type { SourceLine } from "./source";
