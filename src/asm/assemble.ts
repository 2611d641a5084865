/**
 * `assemble()`: preprocess, parse, lay out and encode NASM-syntax source into a flat binary, the
 * way `nasm -f bin` does (NASM manual ch. 7.1). Never throws on bad source: every problem is an
 * AsmError with file, line and column. The result also displays itself as a listing in Jupyter.
 */
import { Preprocessor } from "./preprocess";
import { parseStatements, type ParseError } from "./statements";
import { assembleStatements } from "./layout";
import { listingText, listingHtml } from "./listing";
import type { AssembleOptions, AssembleResult, AsmError, LineMapping } from "./types";

/**
 * `source` is text (encoded as UTF-8 where strings hold non-ASCII characters) or the raw bytes of a
 * source file, which are used as they are, like nasm does (a Latin-1 or CP437 byte in a string
 * stays that byte).
 */
export function assemble(source: string | Uint8Array, options: AssembleOptions = {}): AssembleResult {
  const fileName = options.fileName ?? "<source>";
  const errors: AsmError[] = [];
  try {
    const pp = new Preprocessor(options);
    const raw = typeof source === "string" ? Buffer.from(source, "utf8") : Buffer.from(source.buffer, source.byteOffset, source.byteLength);
    const lines = pp.run(raw.toString("latin1"), fileName);
    errors.push(...pp.errors);
    const perr: ParseError[] = [];
    const stmts = parseStatements(lines, perr);
    for (const e of perr) errors.push({ file: e.src.file, line: e.src.line, column: e.src.callCol ?? e.col, message: e.message });
    const r = assembleStatements(stmts, { origin: options.origin ?? 0, bits: options.bits ?? 32, files: options.files ?? {}, includePaths: options.includePaths ?? [] });
    errors.push(...r.errors);
    // flat image: progbits sections from the origin, zero-filled gaps, nobits sections not stored
    const prog = r.sections.filter((s) => s.progbits && s.size > 0);
    const end = prog.reduce((m, s) => Math.max(m, s.start + s.size), r.origin);
    const bytes = new Uint8Array(Math.max(0, end - r.origin));
    for (const s of prog) bytes.set(s.data, s.start - r.origin);
    const symbols: Record<string, number> = {};
    for (const [k, v] of r.symbols) if (!k.startsWith("..@")) symbols[k] = v.n;
    const lines2: LineMapping[] = r.rows
      .filter((row) => row.bytes.length > 0)
      .map((row) => ({ address: row.address, length: row.bytes.length, file: row.file, line: row.line }));
    errors.sort((a, b) => (a.file === b.file ? a.line - b.line || a.column - b.column : 0));
    return makeResult(errors.length ? new Uint8Array(0) : bytes, symbols, lines2, errors, r.rows);
  } catch (e) {
    // an internal error must still not escape as an exception
    errors.push({ file: fileName, line: 0, column: 0, message: `internal assembler error: ${e instanceof Error ? e.message : String(e)}` });
    return makeResult(new Uint8Array(0), {}, [], errors, []);
  }
}

function makeResult(bytes: Uint8Array, symbols: Record<string, number>, lines: LineMapping[], errors: AsmError[], rows: Parameters<typeof listingText>[0]): AssembleResult {
  const result = {
    bytes,
    symbols,
    lines,
    errors,
    listing: () => listingText(rows, errors),
    [Symbol.for("Jupyter.display")]: () => ({ "text/plain": listingText(rows, errors), "text/html": listingHtml(rows, errors) }),
  };
  return result;
}

/** Tagged template for notebooks: asm`mov eax, ${value}` (interpolated values become text). */
export function asm(strings: TemplateStringsArray, ...values: unknown[]): AssembleResult {
  let text = strings[0] ?? "";
  values.forEach((v, i) => {
    text += String(v) + (strings[i + 1] ?? "");
  });
  return assemble(text, { fileName: "<asm>" });
}
