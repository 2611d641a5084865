/*
 * Compiler diagnostics of a cell in tslab's shape (converter.d.ts `Diagnostic`): positions in the
 * cell's own coordinates (the `export {};` prefix taken off), message chains flattened, files
 * outside the working directory left out, and error 1308 ("'await' expressions are only allowed
 * within async functions") at the top level of the cell turned into the top-level-await flag, since
 * the kernel runs such a cell inside an async function.
 */
import { relative } from "node:path";
import * as ts from "@tslab/typescript-for-tslab";
import type { Diagnostic } from "../tslab";
import { SRC_PREFIX, type CellFiles } from "./host";

type Pos = Diagnostic["start"];

const AWAIT_ONLY_IN_ASYNC = 1308;

/** Kinds whose body is not the cell's top level for an `await` inside it. */
const SCOPES = new Set([
  ts.SyntaxKind.ArrowFunction,
  ts.SyntaxKind.FunctionExpression,
  ts.SyntaxKind.FunctionDeclaration,
  ts.SyntaxKind.ClassDeclaration,
  ts.SyntaxKind.ModuleDeclaration,
]);

function isTopLevelAwait(src: ts.SourceFile, d: ts.Diagnostic): boolean {
  if (d.code !== AWAIT_ONLY_IN_ASYNC || d.start === undefined) return false;
  const token = ts.findPrecedingToken(d.start + (d.length ?? 0), src);
  if (!token || token.kind !== ts.SyntaxKind.AwaitKeyword) return false;
  for (let n: ts.Node | undefined = token.parent; n && n !== src; n = n.parent) {
    if (SCOPES.has(n.kind)) return false;
  }
  return true;
}

const PREFIX_LINES = (SRC_PREFIX.match(/\n/g) ?? []).length;
const PREFIX_CHARS = SRC_PREFIX.length - (SRC_PREFIX.lastIndexOf("\n") + 1);

export function convertDiagnostics(files: CellFiles, src: ts.SourceFile, input: readonly ts.Diagnostic[]): { diagnostics: Diagnostic[]; hasToplevelAwait: boolean } {
  const diagnostics: Diagnostic[] = [];
  let hasToplevelAwait = false;
  for (const d of input) {
    if (!d.file || d.start === undefined) continue;
    const inCell = d.file.fileName === files.src;
    if (inCell && isTopLevelAwait(src, d)) {
      hasToplevelAwait = true;
      continue;
    }
    let fileName: string | undefined;
    if (!inCell) {
      const rel = relative(files.cwd, d.file.fileName);
      if (rel.startsWith("..")) continue;
      fileName = rel;
    }
    const pos = (offset: number): Pos => {
      const lc = ts.getLineAndCharacterOfPosition(d.file!, offset);
      if (!inCell) return { offset, line: lc.line, character: lc.character };
      return { offset: offset - SRC_PREFIX.length, line: lc.line - PREFIX_LINES, character: lc.character - PREFIX_CHARS };
    };
    const start = pos(d.start);
    const end = pos(d.start + (d.length ?? 0));
    if (typeof d.messageText === "string") {
      diagnostics.push({ start, end, messageText: d.messageText, category: d.category, code: d.code, fileName });
    } else {
      flattenChain(d.messageText, start, end, fileName, diagnostics);
    }
  }
  return { diagnostics, hasToplevelAwait };
}

/** One entry per message of a chain, depth first; as in tslab, only the head names the file. */
function flattenChain(msg: ts.DiagnosticMessageChain, start: Pos, end: Pos, fileName: string | undefined, out: Diagnostic[]): void {
  out.push({ start, end, messageText: msg.messageText, category: msg.category, code: msg.code, fileName });
  for (const next of msg.next ?? []) flattenChain(next, start, end, undefined, out);
}
