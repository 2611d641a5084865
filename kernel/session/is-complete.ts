/*
 * is_complete_reply (Jupyter messaging spec 5.3, "Code completeness"): "incomplete" with the indent
 * for the next line when the parser ran out of input (tslab's isCompleteCode), "invalid" when the
 * cell has a syntax error that more input cannot fix, else "complete". Magic cells and `expr?`
 * help requests are complete.
 */
import { converter, ts } from "./tslab";
import { isMagic } from "./magics";

/** TS1160 "Unterminated template literal." */
const UNTERMINATED_TEMPLATE = 1160;

export function checkComplete(code: string): { status: "complete" | "incomplete" | "invalid"; indent?: string } {
  if (isMagic(code) || /\S\?$/.test(code.trimEnd())) return { status: "complete" }; // magics and `expr?` help
  const r = converter.isCompleteCode(code);
  if (!r.completed) return { status: "incomplete", indent: r.indent ?? "" };
  const sf = ts.createSourceFile("cell.ts", code, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS) as unknown as { parseDiagnostics?: Array<{ code: number }> };
  const diags = sf.parseDiagnostics ?? [];
  // A template literal may span lines, so one still open at the end needs more input (TypeScript
  // flags it mid-text, which isCompleteCode does not look at). A quoted string cannot continue on
  // the next line, and any other syntax error stays one whatever follows: invalid.
  if (diags.length > 0 && diags.every((d) => d.code === UNTERMINATED_TEMPLATE)) return { status: "incomplete", indent: "" };
  if (diags.length > 0) return { status: "invalid" };
  return { status: "complete" };
}
