/*
 * Completion and quick info for a cell from the type checker, in tslab 1.0.22's shape: positions in
 * the cell's coordinates; when the cursor is on or just after an identifier, the candidates are the
 * compiler's entries that contain it (prefix matches first, then case-insensitive prefix, then
 * substring, each in the compiler's own order) and the range to replace is that identifier;
 * otherwise all entries at the cursor, sorted by the compiler's sortText and then by name.
 */
import * as ts from "@tslab/typescript-for-tslab";
import type { QuickInfo } from "../tslab";
import { SRC_PREFIX } from "./host";

export interface CompletionResult {
  start: number;
  end: number;
  candidates: string[];
  original?: ts.CompletionInfo;
}

const never: ts.CancellationToken = { isCancellationRequested: () => false, throwIfCancellationRequested: () => undefined };

export function quickInfo(checker: ts.TypeChecker, src: ts.SourceFile, cursor: number): QuickInfo | undefined {
  const info = ts.getQuickInfoAtPosition(src, checker, never, cursor + SRC_PREFIX.length);
  if (info?.textSpan) info.textSpan.start -= SRC_PREFIX.length;
  return info;
}

export function completions(program: ts.Program, src: ts.SourceFile, cursor: number): CompletionResult {
  const pos = cursor + SRC_PREFIX.length;
  // tslab's fork exposes the completion engine without a language service (the host is unused).
  const info = ts.Completions.getCompletionsAtPositionForTslab({} as ts.LanguageServiceHost, program, () => undefined, src, pos, {}, undefined, ts.CompletionTriggerKind.Invoked, never);
  if (info?.optionalReplacementSpan) info.optionalReplacementSpan.start -= SRC_PREFIX.length;
  const prev = ts.findPrecedingToken(pos, src);
  // The preceding token can end after the cursor (the cursor is inside it).
  if (prev && ts.isIdentifier(prev) && prev.end >= pos) return aroundIdentifier(info, prev, src);
  const next = prev ? ts.findNextToken(prev, src, src) : undefined;
  if (next && ts.isIdentifier(next) && next.getStart(src) <= pos && pos <= next.end) return aroundIdentifier(info, next, src);
  const entries = [...(info?.entries ?? [])].sort((a, b) => a.sortText.localeCompare(b.sortText) || a.name.localeCompare(b.name));
  return { start: cursor, end: cursor, candidates: entries.map((e) => e.name), original: info };
}

function matchRank(name: string, typed: string, typedLower: string): string {
  if (name.startsWith(typed)) return "0";
  const lower = name.toLowerCase();
  if (lower.startsWith(typedLower)) return "1";
  if (lower.includes(typedLower)) return "2";
  return "";
}

function aroundIdentifier(info: ts.CompletionInfo | undefined, id: ts.Identifier, src: ts.SourceFile): CompletionResult {
  const typed = id.escapedText as string;
  const typedLower = typed.toLowerCase();
  const ranked = (info?.entries ?? [])
    .map((e, index) => ({ name: e.name, key: matchRank(e.name, typed, typedLower), sortText: e.sortText, index }))
    .filter((e) => e.key !== "")
    .map((e) => ({ ...e, key: e.key + e.sortText }));
  ranked.sort((a, b) => a.key.localeCompare(b.key) || a.index - b.index);
  return { start: id.getStart(src) - SRC_PREFIX.length, end: id.end - SRC_PREFIX.length, candidates: ranked.map((e) => e.name), original: info };
}
