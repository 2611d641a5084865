/*
 * is_complete_reply (Jupyter messaging spec 5.3, "Code completeness"): "incomplete" with the indent
 * for the next line when the parser ran out of input (tslab's isCompleteCode), "invalid" when the
 * cell has a syntax error that more input cannot fix, else "complete". Magic cells and `expr?`
 * help requests are complete.
 */
import { converter, ts } from "./tslab";
import { isMagic } from "./magics";

export function checkComplete(code: string): { status: "complete" | "incomplete" | "invalid"; indent?: string } {
  if (isMagic(code) || /\S\?$/.test(code.trimEnd())) return { status: "complete" }; // magics and `expr?` help
  const r = converter.isCompleteCode(code);
  if (!r.completed) return { status: "incomplete", indent: r.indent ?? "" };
  const sf = ts.createSourceFile("cell.ts", code, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS) as unknown as { parseDiagnostics?: unknown[] };
  if (sf.parseDiagnostics && sf.parseDiagnostics.length > 0) {
    // An unterminated string/comment/template also "needs more input" but is flagged mid-text by
    // TypeScript; anything else is invalid.
    return { status: "invalid" };
  }
  return { status: "complete" };
}
