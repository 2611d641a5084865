/**
 * One assembly pass over all statements (NASM manual 7.1 "bin", 3.2 pseudo-instructions, 5.9
 * "STRUC and ENDSTRUC", 5.10 "ALIGN"): assigns addresses in the current section, defines labels,
 * evaluates `equ`, `times`, data and reservations, runs the directives (bits, org, section,
 * absolute, align/alignb/sectalign, struc/endstruc, istruc/at/iend, incbin) and encodes
 * instructions. The driver in layout.ts repeats passes until the layout is stable.
 * Left out: `extern` (meaningless in flat binaries; accepted and ignored), `[map]` files (accepted, not written);
 * `common` and typed `global`s are errors, as in nasm -f bin.
 */
import { ExprParser, ExprError, type ExprContext, type Value } from "./expr";
import { parseOperands } from "./operands";
import { encodeInstruction, EncodeError, isMnemonic, type JumpState, type Prefixes } from "./encoder";
import { dataBytes } from "./data";
import { DATA_SIZES, RES_SIZES, type Statement } from "./statements";
import { PREFIXES } from "./table";
import { SEGMENT_PREFIX } from "./registers";
import type { Token } from "./lexer";
import type { AsmError } from "./types";
import { readInclude } from "./files";
import { unknownMessage } from "./suggest";
import { placeSections } from "./sections";
import { unsupportedMessage, unsupportedRegister } from "./unsupported";
import type { LayoutOptions, ListingRow, PassResult, SectionOut } from "./layout";

/** Largest `times` count and output size accepted, so a typo cannot exhaust the host's memory. */
const MAX_TIMES = 4 * 1024 * 1024;
const MAX_OUTPUT = 16 * 1024 * 1024;

/**
 * Bytes of instructions and data that are the same in every pass. A statement written without any
 * symbol, `$` or `$$` ("pure": registers, numbers, keywords) is encoded once, with the final
 * pass's checks, and its bytes or its error are reused by every pass. Other statements found not
 * to look at a symbol in one pass are reused by later intermediate passes only; the final pass
 * encodes them again, because only it checks ranges and reports errors.
 */
export type Cache = ({ bytes: number[]; pure: boolean; error?: unknown } | undefined)[][];

class StmtError extends Error {
  constructor(message: string, readonly col: number) {
    super(message);
  }
}

function isOp(t: Token | undefined, s: string): boolean {
  return t !== undefined && t.kind === "op" && t.text === s;
}

/** One pass; `final` is the last one, which reports errors and keeps listing rows. */
export class Pass {
  private symbols = new Map<string, Value>();
  private sections: SectionOut[] = [];
  private cur = 0;
  private bits: 16 | 32 = 32;
  private origin: number;
  private absolute: number | undefined;
  private strucStack: { name: string; saved: number | undefined; start: number }[] = [];
  private istrucStack: { name: string; start: number }[] = [];
  private rows: ListingRow[] = [];
  private errors: AsmError[] = [];
  private st!: Statement;
  private jumpIdx = 0;
  private stmtIdx = 0;

  constructor(
    private readonly stmts: Statement[],
    private readonly opts: LayoutOptions,
    private readonly prev: PassResult | undefined,
    private readonly final: boolean,
    private readonly jumps: JumpState[][],
    private readonly sticky: boolean,
    private readonly cache: Cache,
  ) {
    this.origin = prev?.origin ?? opts.origin;
    this.bits = opts.bits;
    this.section(".text");
  }

  run(): PassResult {
    this.stmts.forEach((st, i) => {
      this.st = st;
      this.stmtIdx = i;
      this.jumpIdx = 0;
      const sec = this.sections[this.cur]!;
      this.lineStart = this.here();
      const start = this.lineStart.n;
      const dataStart = sec.data.length;
      const sizeStart = this.absolute ?? sec.size;
      try {
        this.statement(st);
      } catch (e) {
        if (this.final) {
          const col = e instanceof ExprError || e instanceof EncodeError || e instanceof StmtError ? e.col : 1;
          this.errors.push({ file: st.src.file, line: st.src.line, column: st.src.callCol ?? col, message: e instanceof Error ? e.message : String(e) });
        }
      }
      if (this.final) {
        // one listing row per statement; a section switch inside the statement shows no bytes
        const same = this.sections[this.cur] === sec;
        const bytes = same && this.absolute === undefined && sec.progbits ? sec.data.slice(dataStart) : [];
        const size = same ? (this.absolute ?? sec.size) - sizeStart : 0;
        this.rows.push({ address: start, bytes, file: st.src.file, line: st.src.line, text: st.src.raw ?? st.src.text, reserved: Math.max(0, size - bytes.length) });
      }
    });
    if (this.strucStack.length && this.final) this.errorAt(this.stmts[this.stmts.length - 1]!, "struc without endstruc");
    this.layoutSections();
    return { symbols: this.symbols, sections: this.sections, rows: this.rows, errors: this.errors, origin: this.origin };
  }

  private errorAt(st: Statement, message: string, col = 1): void {
    this.errors.push({ file: st.src.file, line: st.src.line, column: col, message });
  }

  /** Places the sections (NASM 8.1.3); see sections.ts. */
  private layoutSections(): void {
    const r = placeSections(this.sections, this.origin, this.orgGiven);
    this.origin = r.origin;
    if (!this.final) return;
    for (const e of r.errors) {
      const at = e.at.followsAt ?? e.at.definedAt;
      if (at && !this.errors.some((x) => x.message === e.message)) this.errors.push({ ...at, message: e.message });
    }
  }

  /** `org` was written (otherwise a first section with start= sets the origin, as in nasm). */
  private orgGiven = false;

  private section(name: string, attrs: Token[] = []): void {
    let idx = this.sections.findIndex((s) => s.name === name);
    if (idx < 0) {
      // only `.bss` is nobits by default; NASM's bin format makes every other section progbits
      const progbits = name !== ".bss";
      const old = this.prev?.sections.find((s) => s.name === name);
      const definedAt = { file: this.st?.src.file ?? "", line: this.st?.src.line ?? 0, column: 1 };
      this.sections.push({ name, progbits, align: 4, start: old?.start ?? this.origin, vaddr: old?.vaddr ?? this.origin, size: 0, data: [], definedAt });
      idx = this.sections.length - 1;
    }
    const s = this.sections[idx]!;
    for (let k = 0; k < attrs.length; k++) {
      const a = attrs[k]!;
      if (a.kind !== "ident") continue;
      const w = a.text.toLowerCase();
      if (w === "nobits") s.progbits = false;
      else if (w === "progbits") s.progbits = true;
      else if (!isOp(attrs[k + 1], "=")) continue;
      else if (w === "align") {
        s.align = Math.max(s.align, this.constant(attrs, k + 2, "section alignment", false));
        s.alignSet = true;
      }
      else if (w === "start") s.fixedStart = this.constant(attrs, k + 2, "section start", false);
      else if (w === "vstart") s.vstart = this.constant(attrs, k + 2, "section vstart", false);
      else if (w === "follows" || w === "vfollows") {
        const f = attrs[k + 2];
        if (!f || f.kind !== "ident") throw new StmtError(`${w}= needs a section name`, a.col);
        if (w === "follows") s.follows = f.text;
        else s.vfollows = f.text;
        s.followsAt = { file: this.st.src.file, line: this.st.src.line, column: f.col };
      }
    }
    this.cur = idx;
    this.absolute = undefined;
  }

  /** `section.NAME.start` and `section.NAME.vstart` (NASM 8.1.4), from the layout of the pass before. */
  private sectionSymbol(name: string): Value | undefined {
    const m = /^section\.(.+)\.(start|vstart)$/.exec(name);
    if (!m) return undefined;
    const s = (this.prev?.sections ?? this.sections).find((x) => x.name === m[1]);
    if (!s) return undefined;
    return { n: m[2] === "start" ? s.start : s.vaddr, seg: null, unknown: this.prev === undefined };
  }

  private here(): Value {
    if (this.absolute !== undefined) return { n: this.absolute, seg: null, unknown: false };
    const s = this.sections[this.cur]!;
    return { n: s.vaddr + s.size, seg: this.cur, unknown: false };
  }

  /** Set when an expression looked at a symbol, `$` or `$$` (the result then depends on the pass). */
  private position = false;
  /**
   * `$` is the address at the start of the line (NASM 3.5 "$ evaluates to the assembly position at
   * the beginning of the line"), so it stays the same through every repetition of `times`.
   */
  private lineStart: Value = { n: 0, seg: null, unknown: false };

  private ctx(): ExprContext {
    return {
      symbol: (name) => {
        this.position = true;
        return this.symbols.get(name) ?? this.prev?.symbols.get(name) ?? this.sectionSymbol(name);
      },
      here: () => ((this.position = true), this.lineStart),
      sectionStart: () => {
        this.position = true;
        return this.absolute !== undefined ? { n: 0, seg: null, unknown: false } : { n: this.sections[this.cur]!.vaddr, seg: this.cur, unknown: false };
      },
      currentSection: () => (this.absolute !== undefined ? undefined : this.cur),
      undefinedSymbol: (name, col) => {
        this.position = true;
        if (this.final) throw new ExprError(unsupportedRegister(name) ?? `symbol '${name}' not defined`, col);
        return { n: 0, seg: null, unknown: true };
      },
    };
  }

  private evalAt(toks: Token[], pos: number): { v: Value; end: number } {
    const p = new ExprParser(toks, this.ctx(), pos);
    const v = p.parse();
    return { v, end: p.pos };
  }

  /**
   * A critical expression (NASM manual 3.8): its symbols must be defined on earlier lines, since
   * nasm evaluates it in its first pass ("symbol not defined before use").
   */
  private constant(toks: Token[], pos: number, what: string, critical = true): number {
    const base = this.ctx();
    const p = new ExprParser(toks, {
      ...base,
      symbol: (name, col) => {
        const v = base.symbol(name, col);
        if (v !== undefined && critical && this.final && !this.symbols.has(name) && this.sectionSymbol(name) === undefined) throw new ExprError(`symbol '${name}' not defined before use (${what} must be known when it is reached)`, col);
        return v;
      },
    }, pos);
    const v = p.parse();
    const end = p.pos;
    if (toks[end]!.kind !== "eol" && !isOp(toks[end], ",")) throw new StmtError(`unexpected '${toks[end]!.text}' after ${what}`, toks[end]!.col);
    if (v.unknown) {
      if (this.final) throw new StmtError(`${what} must be a constant known at this point`, toks[pos]!.col);
      return 0;
    }
    return v.n;
  }

  /**
   * Names given a symbol type by `global name:function` (or `:data 4`, `:hidden` ...). A flat
   * binary has no symbol table, so nasm -f bin reports "binary format does not support any special
   * symbol types" on the line that defines such a label, wherever the `global` is.
   */
  private typedGlobals: Set<string> | undefined;

  private define(name: string, v: Value, col: number): void {
    // nasm accepts a second definition with the same value ("inconsistently redefined" is the error)
    const old = this.symbols.get(name);
    if (this.final && old && (old.n !== v.n || old.seg !== v.seg)) throw new StmtError(`label '${name}' redefined`, col);
    // Only a final pass reports errors, so only it needs the scan.
    if (this.final && (this.typedGlobals ??= typedGlobals(this.stmts)).has(name)) throw new StmtError(`the bin format does not support special symbol types (':function', ':data' ...) given to global '${name}'`, col);
    this.symbols.set(name, v);
  }

  private statement(st: Statement): void {
    if (st.label && st.op !== "equ") this.define(st.label.name, this.here(), st.label.col);
    if (st.opAt < 0) return;
    const toks = st.toks;
    if (st.op === "equ") {
      if (!st.label) throw new StmtError("'equ' needs a label before it", toks[st.opAt]!.col);
      const p = new ExprParser(toks, this.ctx(), st.opAt + 1);
      let v = p.parseRaw();
      const end = p.pos;
      if (toks[end]!.kind !== "eol") throw new StmtError(`unexpected '${toks[end]!.text}' after equ expression`, toks[end]!.col);
      if (v.neg !== undefined && !v.unknown && v.neg === this.cur && this.absolute === undefined) {
        // nasm -f bin keeps only the added section of `end - start` across sections: the value is
        // end - start + (start's section base), as nasm computes it
        v = { n: v.n + this.sections[v.neg]!.vaddr, seg: v.seg, unknown: false };
      } else v = new ExprParser(toks, this.ctx(), st.opAt + 1).parse();
      this.define(st.label.name, v, st.label.col);
      return;
    }
    let count = 1;
    if (st.timesAt !== undefined) {
      const { v } = this.evalAt(toks, st.timesAt);
      if (v.unknown && this.final) throw new StmtError("'times' count must be a constant known at this point", toks[st.timesAt]!.col);
      if (v.seg !== null && !v.unknown) throw new StmtError("'times' count must be a number, not an address", toks[st.timesAt]!.col);
      count = v.unknown ? 0 : v.n;
      if (count > MAX_TIMES) throw new StmtError(`'times' count ${count} is too large (at most ${MAX_TIMES})`, toks[st.timesAt]!.col);
      if (count < 0) {
        if (this.final) throw new StmtError(`'times' count ${count} is negative`, toks[st.timesAt]!.col);
        count = 0;
      }
    }
    if (count > 1 && st.pure && (st.op in DATA_SIZES || isMnemonic(st.op)) && this.absolute === undefined) {
      // a position-independent body is the same every time: encode it once and repeat the bytes
      const s = this.sections[this.cur]!;
      const before = s.data.length;
      const size0 = s.size;
      this.body(st, st.opAt);
      const once = s.data.slice(before);
      const n = s.size - size0;
      if (!s.progbits) return this.reserve(n * (count - 1));
      for (let k = 1; k < count; k++) this.emit(once);
      return;
    }
    for (let k = 0; k < count; k++) this.body(st, st.opAt);
  }

  private emit(bytes: number[]): void {
    if (this.absolute !== undefined) {
      // struc and `absolute` only reserve space; code or data there is an error in NASM
      if (bytes.length > 0) throw new StmtError("attempt to assemble code or data in [ABSOLUTE] space (struc/absolute only take resb..., alignb)", this.st.toks[this.st.opAt]?.col ?? 1);
      return;
    }
    const s = this.sections[this.cur]!;
    if (s.progbits) {
      if (s.data.length + bytes.length > MAX_OUTPUT) throw new StmtError(`section ${s.name} would be larger than ${MAX_OUTPUT / 1048576} MiB`, 1);
      for (const b of bytes) s.data.push(b);
    }
    s.size += bytes.length;
  }

  private reserve(n: number): void {
    if (this.absolute !== undefined) {
      this.absolute += n;
      return;
    }
    const s = this.sections[this.cur]!;
    if (s.progbits) {
      if (s.data.length + n > MAX_OUTPUT) throw new StmtError(`section ${s.name} would be larger than ${MAX_OUTPUT / 1048576} MiB`, 1);
      for (let k = 0; k < n; k++) s.data.push(0);
    } else if (s.size + n > 2 ** 32) throw new StmtError(`section ${s.name} would be larger than 4 GiB`, 1);
    s.size += n;
  }

  /** Executes the instruction or directive whose keyword is toks[at]. */
  private body(st: Statement, at: number): void {
    const toks = st.toks;
    const kw = toks[at]!;
    const op = kw.text.toLowerCase();
    const argAt = at + 1;
    if (op in DATA_SIZES) return this.cached(st, (final) => dataBytes(toks, argAt, DATA_SIZES[op]!, this.ctx(), final));
    if (op in RES_SIZES) {
      const n = this.constant(toks, argAt, `'${op}' count`);
      if (n < 0) throw new StmtError(`'${op}' count ${n} is negative`, toks[argAt]!.col);
      return this.reserve(n * RES_SIZES[op]!);
    }
    switch (op) {
      case "bits": {
        const n = this.constant(toks, argAt, "'bits' value");
        if (n !== 16 && n !== 32) throw new StmtError(`'bits ${n}' is not supported (16 or 32)`, toks[argAt]!.col);
        this.bits = n;
        return;
      }
      case "use16": this.bits = 16; return;
      case "use32": this.bits = 32; return;
      case "org": {
        const org = this.constant(toks, argAt, "'org' address");
        if (this.orgGiven && org !== this.origin && this.final) throw new StmtError("program origin redefined", toks[argAt]!.col);
        this.origin = org;
        this.orgGiven = true;
        // sections opened before any byte was emitted start at the new origin already in this pass
        // (later passes start them where the previous layout put them, which may be aligned past the origin)
        if (!this.prev && this.sections.every((s) => s.size === 0)) for (const s of this.sections) s.start = s.vaddr = this.origin;
        return;
      }
      case "section": case "segment": {
        const name = toks[argAt];
        if (!name || name.kind !== "ident") throw new StmtError("section name expected", name?.col ?? kw.col);
        this.section(name.text, toks.slice(argAt + 1));
        return;
      }
      case "absolute":
        this.absolute = this.constant(toks, argAt, "'absolute' address");
        return;
      case "align": case "alignb": case "sectalign": return this.align(op, toks, argAt);
      case "common":
        // NASM 7.1: "binary output format does not support common variables"
        throw new StmtError("'common' variables are not supported by the bin format", kw.col);
      case "global": case "static": case "extern": case "cpu": case "default": case "warning": case "float": case "required": case "list": case "map":
        return;
      case "incbin": return this.incbin(st, toks, argAt);
      case "struc": {
        const name = toks[argAt];
        if (!name || name.kind !== "ident") throw new StmtError("structure name expected", kw.col);
        const base = isOp(toks[argAt + 1], ",") ? this.constant(toks, argAt + 2, "structure offset") : 0;
        this.strucStack.push({ name: name.text, saved: this.absolute, start: base });
        this.absolute = base;
        this.define(name.text, { n: base, seg: null, unknown: false }, name.col);
        return;
      }
      case "endstruc": {
        const s = this.strucStack.pop();
        if (!s) throw new StmtError("endstruc without struc", kw.col);
        this.define(`${s.name}_size`, { n: this.absolute! - s.start, seg: null, unknown: false }, kw.col);
        this.absolute = s.saved;
        return;
      }
      case "istruc": {
        const name = toks[argAt];
        if (!name || name.kind !== "ident") throw new StmtError("structure name expected", kw.col);
        this.istrucStack.push({ name: name.text, start: this.here().n });
        return;
      }
      case "at": {
        const top = this.istrucStack[this.istrucStack.length - 1];
        if (!top) throw new StmtError("'at' outside istruc", kw.col);
        const { v, end } = this.evalAt(toks, argAt);
        const pad = top.start + v.n - this.here().n;
        if (pad < 0 && this.final) throw new StmtError("'at' field is before the current position (fields out of order?)", toks[argAt]!.col);
        this.emit(new Array(Math.max(0, pad)).fill(0));
        if (isOp(toks[end], ",")) this.body(st, end + 1);
        return;
      }
      case "iend": {
        const top = this.istrucStack.pop();
        if (!top) throw new StmtError("iend without istruc", kw.col);
        const size = this.symbols.get(`${top.name}_size`) ?? this.prev?.symbols.get(`${top.name}_size`);
        if (!size) {
          if (this.final) throw new StmtError(`structure '${top.name}' is not defined`, kw.col);
          return;
        }
        const pad = top.start + size.n - this.here().n;
        if (pad < 0 && this.final) throw new StmtError(`istruc data is ${-pad} byte(s) longer than structure '${top.name}'`, kw.col);
        this.emit(new Array(Math.max(0, pad)).fill(0));
        return;
      }
    }
    if (op in PREFIXES && toks[argAt]!.kind === "eol") return this.emit([PREFIXES[op]!.byte]);
    // a segment register alone on a line is its override prefix byte, as in NASM
    if (op in SEGMENT_PREFIX && toks[argAt]!.kind === "eol") return this.emit([SEGMENT_PREFIX[op]!]);
    this.instruction(st, op, kw.col, argAt);
  }

  /** Emits the bytes `make` produces, reusing them across passes where they cannot change (see Cache). */
  private cached(st: Statement, make: (final: boolean) => number[]): void {
    const slot = this.cache[this.stmtIdx]!;
    const k = this.jumpIdx++;
    const hit = slot[k];
    if (hit && (hit.pure || !this.final)) {
      if (hit.error !== undefined) throw hit.error;
      return this.emit(hit.bytes);
    }
    if (st.pure) {
      try {
        const bytes = make(true);
        slot[k] = { bytes, pure: true };
        return this.emit(bytes);
      } catch (e) {
        slot[k] = { bytes: [], pure: true, error: e };
        throw e;
      }
    }
    this.position = false;
    const bytes = make(this.final);
    slot[k] = this.position ? undefined : { bytes, pure: false };
    this.emit(bytes);
  }

  private align(op: string, toks: Token[], argAt: number): void {
    const n = this.constant(toks, argAt, `'${op}' boundary`);
    if (n <= 0 || (n & (n - 1)) !== 0) throw new StmtError(`'${op}' boundary must be a power of two, not ${n}`, toks[argAt]!.col);
    if (this.absolute === undefined) {
      const s = this.sections[this.cur]!;
      s.align = Math.max(s.align, n);
      s.alignSet = true;
    }
    if (op === "sectalign") return;
    const offset = this.absolute ?? this.sections[this.cur]!.size;
    const pad = (n - (offset % n)) % n;
    const comma = toks.findIndex((t, i) => i > argAt && isOp(t, ","));
    // `align n` pads with NOPs (code, an error in [ABSOLUTE] space), `alignb n` reserves; both repeat an explicit fill
    if (comma < 0 && op === "align" && this.absolute !== undefined && pad > 0) throw new StmtError("attempt to assemble code in [ABSOLUTE] space (use alignb inside struc/absolute)", toks[argAt - 1]!.col);
    if (this.absolute !== undefined || (comma < 0 && (op === "alignb" || !this.sections[this.cur]!.progbits))) return this.reserve(pad);
    if (comma < 0) return this.emit(new Array(pad).fill(0x90));
    // `align n, db 0`: repeat the fill statement until the boundary
    const before = this.sections[this.cur]!.size;
    while (this.sections[this.cur]!.size - before < pad) {
      const s = this.sections[this.cur]!.size;
      this.body(this.st, comma + 1);
      if (this.sections[this.cur]!.size === s) break;
    }
  }

  private incbin(st: Statement, toks: Token[], argAt: number): void {
    const f = toks[argAt];
    if (!f || f.kind !== "string") throw new StmtError("incbin needs a file name in quotes", f?.col ?? 1);
    let data = readInclude(f.text, st.src.file, this.opts.files, this.opts.includePaths);
    if (!data) throw new StmtError(`unable to open incbin file '${f.text}'`, f.col);
    let k = argAt + 1;
    if (isOp(toks[k], ",")) {
      const { v, end } = this.evalAt(toks, k + 1);
      data = data.subarray(v.n);
      k = end;
      if (isOp(toks[k], ",")) data = data.subarray(0, this.evalAt(toks, k + 1).v.n);
    }
    this.emit([...data]);
  }

  private instruction(st: Statement, op: string, col: number, argAt: number): void {
    const prefixes: Prefixes = {};
    for (const p of st.prefixes) {
      const info = PREFIXES[p.word];
      if (!info) prefixes.seg = p.word;
      else if (info.slot === "rep") prefixes.rep = info.byte;
      else if (info.slot === "lock") prefixes.lock = info.byte;
      else if (info.slot === "osize") prefixes.osize = info.bits!;
      else prefixes.asize = info.bits!;
    }
    const list = this.jumps[this.stmtIdx]!;
    const jump = (list[this.jumpIdx] ??= { long: false });
    if (!this.sticky) jump.long = false;
    try {
      this.cached(st, (final) => {
        const ops = parseOperands(st.toks, argAt, this.ctx());
        return encodeInstruction(op, ops, prefixes, { bits: this.bits, address: this.here().n, section: this.cur, final, jump }, col);
      });
    } catch (e) {
      if (e instanceof EncodeError && e.message.startsWith("unknown instruction")) throw new StmtError(unsupportedMessage(op) ?? unknownMessage(op), col);
      throw e;
    }
  }
}

/** Names declared `global name:type` or `static name:type` (a non-empty type after the colon). */
function typedGlobals(stmts: Statement[]): Set<string> {
  const out = new Set<string>();
  for (const st of stmts) {
    if (st.op !== "global" && st.op !== "static") continue;
    const toks = st.toks;
    for (let k = st.opAt + 1; toks[k]!.kind !== "eol"; k++) {
      const t = toks[k]!;
      if (t.kind === "ident" && isOp(toks[k + 1], ":") && toks[k + 2]!.kind !== "eol" && !isOp(toks[k + 2], ",")) out.add(t.text);
    }
  }
  return out;
}
