/*
 * Tables as a mime bundle: text/html (escaped) and an aligned text/plain, from an array of records
 * (columns = union of keys, in first-seen order) or an array of rows (columns given or numbered).
 */
import type { MimeBundle } from "./mime";

export interface TableOptions {
  columns?: string[];
  /** At most this many rows are shown (default 1000). */
  maxRows?: number;
}

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function cellText(v: unknown): string {
  if (v === undefined || v === null) return "";
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

export function tableBundle(rows: ReadonlyArray<Record<string, unknown>> | ReadonlyArray<ReadonlyArray<unknown>>, opts: TableOptions = {}): MimeBundle {
  const maxRows = opts.maxRows ?? 1000;
  let columns = opts.columns;
  let matrix: string[][];
  if (rows.length > 0 && Array.isArray(rows[0])) {
    const arr = rows as ReadonlyArray<ReadonlyArray<unknown>>;
    const width = Math.max(0, ...arr.map((r) => r.length));
    columns ??= Array.from({ length: width }, (_, i) => String(i));
    matrix = arr.slice(0, maxRows).map((r) => columns!.map((_, i) => cellText(r[i])));
  } else {
    const recs = rows as ReadonlyArray<Record<string, unknown>>;
    if (!columns) {
      const seen = new Set<string>();
      for (const r of recs) for (const k of Object.keys(r)) seen.add(k);
      columns = [...seen];
    }
    matrix = recs.slice(0, maxRows).map((r) => columns!.map((c) => cellText(r[c])));
  }
  const more = rows.length > maxRows ? rows.length - maxRows : 0;
  const head = columns.map((c) => `<th>${escapeHtml(c)}</th>`).join("");
  const body = matrix.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join("")}</tr>`).join("\n");
  const html = `<table class="vtlab-table">\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>` + (more ? `\n<p>… ${more} more rows</p>` : "");
  const widths = columns.map((c, i) => Math.max(c.length, ...matrix.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd();
  const plain = [line(columns), widths.map((w) => "-".repeat(w)).join("  "), ...matrix.map(line)].join("\n") + (more ? `\n… ${more} more rows` : "");
  return { "text/html": html, "text/plain": plain };
}
