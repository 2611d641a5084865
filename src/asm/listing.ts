/**
 * The assembly listing (in the spirit of `nasm -l`: address, bytes, source line) as plain text
 * and as an HTML table, plus the Jupyter display bundle built from it (the engine's display
 * convention: `[Symbol.for("Jupyter.display")]()` returns a mime bundle). Long byte runs
 * (`times`, `resb`) are shortened as NASM does with `<rep N>`.
 */
import type { AsmError } from "./types";
import type { ListingRow } from "./layout";

const MAX_BYTES = 10;

function hex(n: number, w: number): string {
  return (n >>> 0).toString(16).toUpperCase().padStart(w, "0");
}

function bytesText(r: ListingRow): string {
  const b = r.bytes.map((x) => hex(x, 2)).join("");
  const shown = r.bytes.length > MAX_BYTES ? b.slice(0, MAX_BYTES * 2) + "..." : b;
  if (r.reserved > 0) return shown + `<res ${hex(r.reserved, 1)}h>`;
  return shown;
}

export function listingText(rows: ListingRow[], errors: AsmError[]): string {
  const out: string[] = [];
  for (const r of rows) {
    const has = r.bytes.length > 0 || r.reserved > 0;
    out.push(`${String(r.line).padStart(6)} ${has ? hex(r.address, 8) : "        "} ${(has ? bytesText(r) : "").padEnd(24)} ${r.text}`);
  }
  for (const e of errors) out.push(`${e.file}:${e.line}:${e.column}: error: ${e.message}`);
  return out.join("\n") + "\n";
}

function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export function listingHtml(rows: ListingRow[], errors: AsmError[]): string {
  const head = "<table class=\"vtlab-asm\"><thead><tr><th>line</th><th>address</th><th>bytes</th><th>source</th></tr></thead><tbody>";
  const body = rows
    .map((r) => {
      const has = r.bytes.length > 0 || r.reserved > 0;
      return `<tr><td>${r.line}</td><td><code>${has ? hex(r.address, 8) : ""}</code></td><td><code>${esc(has ? bytesText(r) : "")}</code></td><td><pre style="margin:0">${esc(r.text)}</pre></td></tr>`;
    })
    .join("");
  const errs = errors.map((e) => `<div style="color:#b00">${esc(`${e.file}:${e.line}:${e.column}: error: ${e.message}`)}</div>`).join("");
  return head + body + "</tbody></table>" + errs;
}
