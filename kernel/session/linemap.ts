/*
 * Maps a position in the JavaScript that tslab's converter emitted for a cell back to the cell's
 * TypeScript source, so runtime tracebacks name cell lines and columns.
 *
 * tslab's converter emits no source map. We transpile the cell again with TypeScript's
 * `transpileModule` and `sourceMap: true` (Source Map v3, "mappings" as Base64 VLQ), then align the
 * converter's lines with that transpile's lines: they come from the same printer and differ only
 * where the converter rewrote references to earlier cells as `exports.x` and stored the last
 * expression in `exports.tsLastExpr`. Lines are matched in order after removing those rewrites.
 * Leaves out: exactness inside a line that the converter rewrote (the column is then approximate).
 */
import { ts } from "./tslab";

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** One decoded mapping segment: generated column -> source line/column (all zero-based). */
interface Segment {
  genCol: number;
  srcLine: number;
  srcCol: number;
}

/** Decodes the "mappings" string of a Source Map v3 into segments per generated line. */
export function decodeMappings(mappings: string): Segment[][] {
  const lines: Segment[][] = [];
  let srcLine = 0;
  let srcCol = 0;
  let srcIdx = 0;
  let name = 0;
  for (const lineText of mappings.split(";")) {
    const segs: Segment[] = [];
    let genCol = 0;
    for (const segText of lineText.split(",")) {
      if (segText === "") continue;
      const fields: number[] = [];
      let value = 0;
      let shift = 0;
      for (const ch of segText) {
        const digit = B64.indexOf(ch);
        if (digit < 0) throw new Error(`bad base64 VLQ digit ${ch}`);
        value += (digit & 31) << shift;
        if (digit & 32) {
          shift += 5;
        } else {
          fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      genCol += fields[0];
      if (fields.length >= 4) {
        srcIdx += fields[1];
        srcLine += fields[2];
        srcCol += fields[3];
        if (fields.length >= 5) name += fields[4];
        segs.push({ genCol, srcLine, srcCol });
      }
    }
    lines.push(segs);
  }
  void srcIdx;
  void name;
  return lines;
}

const normalize = (line: string) =>
  line
    .replace(/^\s*exports\.tsLastExpr\d* = /, "")
    .replace(/exports\./g, "")
    .replace(/\s+/g, "");

export interface CellPosition {
  line: number; // 1-based
  column: number; // 1-based
}

export class LineMap {
  private readonly toTranspiled: Array<number | undefined>;
  private readonly segments: Segment[][];
  private readonly emittedLines: string[];

  constructor(cellSource: string, emitted: string) {
    const out = ts.transpileModule(cellSource, {
      fileName: "cell.ts",
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        sourceMap: true,
        esModuleInterop: true,
        noImplicitUseStrict: true,
      },
    });
    this.segments = out.sourceMapText ? decodeMappings((JSON.parse(out.sourceMapText) as { mappings: string }).mappings) : [];
    const transpiled = out.outputText.split("\n").map(normalize);
    let from = 0;
    this.emittedLines = emitted.split("\n");
    this.toTranspiled = this.emittedLines.map((line) => {
      const key = normalize(line);
      if (key === "" || key.startsWith("Object.defineProperty(,\"__esModule\"")) return undefined;
      for (let i = from; i < transpiled.length; i++) {
        if (transpiled[i] === key) {
          from = i + 1;
          return i;
        }
      }
      return undefined;
    });
  }

  /** Maps a 1-based emitted line/column to the cell, or undefined for lines the cell did not write. */
  map(line: number, column: number): CellPosition | undefined {
    const t = this.toTranspiled[line - 1];
    if (t === undefined) return undefined;
    const segs = this.segments[t] ?? [];
    if (segs.length === 0) return undefined;
    // Undo the converter's rewrites before `column` to get the column in the transpiled line.
    const text = this.emittedLines[line - 1] ?? "";
    let col = column - 1;
    const last = /^(\s*)exports\.tsLastExpr\d* = /.exec(text);
    let scan = 0;
    if (last) {
      scan = last[0].length;
      col -= Math.min(col, scan) - last[1].length;
    }
    const head = text.slice(scan, Math.max(scan, column - 1));
    col -= (head.match(/exports\./g) ?? []).length * "exports.".length;
    let best = segs[0];
    for (const s of segs) if (s.genCol <= col) best = s;
    return { line: best.srcLine + 1, column: best.srcCol + 1 + Math.max(0, col - best.genCol) };
  }
}
