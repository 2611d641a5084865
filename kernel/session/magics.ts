/*
 * Cell magics, recognised before TypeScript sees the cell (a leading `%` is never valid TypeScript,
 * so nothing a user writes as code is taken for a magic). The forms follow IPython's:
 *
 *   %%asm [name]   assemble the rest of the cell with the engine's `assemble`, show the listing,
 *                  keep the result as the cell variable `name`
 *   %%html         the rest of the cell as text/html        %%markdown   ... as text/markdown
 *   %time code     run `code` (the rest of the cell) and print the wall time
 *   %timeit stmt   run `stmt` in a timing loop and print mean ± std. dev. per loop
 *   %vtlab         versions of kernel, engine, Node, TypeScript, plotly.js
 *   expr?          (IPython's help syntax) the type and docs of `expr`, as a "page" payload
 *
 * A plan says what to do; session.ts carries it out.
 */
import type { MimeBundle } from "./mime";

export type MagicPlan =
  | { kind: "code"; code: string }
  | { kind: "display"; data: MimeBundle }
  | { kind: "time"; code: string }
  | { kind: "versions" }
  | { kind: "page"; code: string }
  | { kind: "usage-error"; message: string };

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function isMagic(cell: string): boolean {
  return /^\s*%/.test(cell);
}

export function planCell(cell: string, engineNames: ReadonlySet<string>): MagicPlan {
  // A cell ending in `?` is never valid TypeScript (`a ? b : c` and `a?.b` cannot end there).
  const trimmed = cell.trimEnd();
  if (!isMagic(cell) && trimmed.endsWith("?") && trimmed.length > 1) return { kind: "page", code: trimmed.replace(/\?+$/, "") };
  if (!isMagic(cell)) return { kind: "code", code: cell };
  const text = cell.replace(/^\s*/, "");
  const nl = text.indexOf("\n");
  const first = nl < 0 ? text : text.slice(0, nl);
  const body = nl < 0 ? "" : text.slice(nl + 1);
  const m = /^(%%?)([A-Za-z_][\w-]*)\s*(.*)$/.exec(first.trimEnd());
  if (!m) return { kind: "usage-error", message: `cannot parse magic line ${JSON.stringify(first)}` };
  const [, sigil, name, args] = m;
  if (sigil === "%%") {
    switch (name) {
      case "html":
        return { kind: "display", data: { "text/html": body, "text/plain": body } };
      case "markdown":
        return { kind: "display", data: { "text/markdown": body, "text/plain": body } };
      case "asm": {
        if (args !== "" && !IDENT.test(args)) return { kind: "usage-error", message: `%%asm takes an optional variable name, got ${JSON.stringify(args)}` };
        if (!engineNames.has("assemble")) return { kind: "usage-error", message: "%%asm needs the engine's `assemble` export, which this build of vtlab does not have yet" };
        const call = `$vtlab_asm(assemble, ${JSON.stringify(body)})`;
        return { kind: "code", code: args ? `const ${args} = ${call};\n` : `void ${call};\n` };
      }
      default:
        return { kind: "usage-error", message: `Cell magic \`%%${name}\` not found (known: %%asm, %%html, %%markdown)` };
    }
  }
  const rest = [args, body].filter((s) => s !== "").join("\n");
  switch (name) {
    case "time":
      if (rest.trim() === "") return { kind: "usage-error", message: "%time needs code to run" };
      return { kind: "time", code: rest };
    case "timeit":
      if (rest.trim() === "") return { kind: "usage-error", message: "%timeit needs a statement to time" };
      return { kind: "code", code: `void $vtlab_timeit(() => {\n${rest}\n});\n` };
    case "vtlab":
      return { kind: "versions" };
    default:
      return { kind: "usage-error", message: `Line magic function \`%${name}\` not found (known: %time, %timeit, %vtlab)` };
  }
}
