/*
 * Error content for the `error` iopub message and the error execute_reply (Jupyter messaging spec
 * 5.3, "Execution errors": ename, evalue, traceback as a list of lines). Compile errors come from
 * TypeScript diagnostics (line/column already relative to the cell); runtime errors carry a V8 stack
 * whose frames in cell code (files named `cell-<n>.js`) are rewritten to cell lines via LineMap, and
 * whose frames inside the kernel and node internals are dropped.
 * Leaves out: ANSI colouring of tracebacks.
 */
import { inspect } from "node:util";
import type { Diagnostic } from "./tslab";
import type { LineMap } from "./linemap";

export interface ErrorContent {
  ename: string;
  evalue: string;
  traceback: string[];
  [k: string]: unknown;
}

function caretLines(source: string, line0: number, char0: number, width: number): string[] {
  const text = source.split("\n")[line0];
  if (text === undefined) return [];
  return [`    ${text}`, `    ${" ".repeat(char0)}${"^".repeat(Math.max(1, width))}`];
}

/** TypeScript diagnostics (syntax: TS1xxx, the rest: type errors) as one error. */
export function diagnosticsError(diags: Diagnostic[], source: string): ErrorContent {
  const first = diags[0];
  const isSyntax = diags.some((d) => d.code < 2000);
  const where = (d: Diagnostic) => `${d.fileName ? d.fileName + " " : ""}line ${d.start.line + 1}, column ${d.start.character + 1}`;
  const traceback: string[] = [];
  for (const d of diags) {
    traceback.push(`${where(d)}: error TS${d.code}: ${d.messageText}`);
    if (!d.fileName) {
      const width = d.end.line === d.start.line ? d.end.character - d.start.character : 1;
      traceback.push(...caretLines(source, d.start.line, d.start.character, width));
    }
  }
  return {
    ename: isSyntax ? "SyntaxError" : "TypeError",
    evalue: `${where(first)}: ${first.messageText} (TS${first.code})`,
    traceback,
  };
}

export const CELL_FILE = /cell-(\d+)\.js:(\d+):(\d+)/;

export interface CellMaps {
  /**
   * For the run numbered n (the `n` of `cell-<n>.js`): its LineMap, source, the column offset of
   * the wrapper on line 1, and the label a traceback shows (the cell's execution_count).
   */
  get(run: number): { map: LineMap; source: string; firstLineOffset: number; label: string } | undefined;
}

/** A thrown value as an error message; `cells` maps stack frames back to cell positions. */
export function runtimeError(thrown: unknown, cells: CellMaps): ErrorContent {
  if (!(thrown instanceof Error)) {
    const evalue = inspect(thrown, { depth: 4 });
    return { ename: "Uncaught", evalue, traceback: [`Uncaught ${evalue}`] };
  }
  const ename = thrown.name || "Error";
  const evalue = thrown.message;
  const own = (thrown as { vtlabTraceback?: unknown }).vtlabTraceback;
  if (Array.isArray(own)) return { ename, evalue, traceback: [`${ename}: ${evalue}`, ...own.map(String)] };
  const traceback = [`${ename}: ${evalue}`];
  let context: string[] | undefined;
  const all = (thrown.stack ?? "").split("\n").filter((l) => /^\s+at /.test(l));
  // Frames below the outermost cell frame are the kernel calling the cell: not the user's business.
  let lastCell = -1;
  all.forEach((l, i) => {
    if (CELL_FILE.test(l)) lastCell = i;
  });
  const stackLines = lastCell >= 0 ? all.slice(0, lastCell + 1) : all;
  for (const raw of stackLines) {
    // Functions of earlier cells are called through the `exports` proxy: V8 names them Proxy.f.
    const frame = raw.replace(/^(\s+at )Proxy\./, "$1");
    const m = CELL_FILE.exec(frame);
    if (!m) {
      if (/\(node:|at node:|\/dist\/kernel\/|\(<anonymous>\)|evalmachine/.test(frame)) continue;
      traceback.push(frame);
      continue;
    }
    const run = Number(m[1]);
    const cell = cells.get(run);
    let line = Number(m[2]);
    let col = Number(m[3]);
    if (cell && line === 1) col = Math.max(1, col - cell.firstLineOffset);
    const pos = cell?.map.map(line, col);
    if (!pos && cell) continue; // the wrapper that calls the cell, not the user's code
    if (pos) {
      line = pos.line;
      col = pos.column;
    }
    const name = cell?.label ?? String(run);
    const label = pos ? `cell [${name}] line ${line}, column ${col}` : `cell [${name}] (generated code ${line}:${col})`;
    traceback.push(frame.replace(/\(?[^\s(]*cell-\d+\.js:\d+:\d+\)?/, `(${label})`));
    if (!context && pos && cell) context = caretLines(cell.source, line - 1, col - 1, 1);
  }
  if (context) traceback.push(...context);
  return { ename, evalue, traceback };
}

export function interruptedError(): ErrorContent {
  return { ename: "KeyboardInterrupt", evalue: "interrupted", traceback: ["KeyboardInterrupt: the cell was interrupted (state is kept)"] };
}
