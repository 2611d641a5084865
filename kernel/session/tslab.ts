/*
 * Typed access to the parts of tslab 1.0.22 we reuse: its converter (TypeScript -> CommonJS with
 * type checking, declarations carried from cell to cell, top-level await detection, completion and
 * quick info from the type checker) and its TypeScript fork. tslab's executor and protocol layer are
 * not used (see docs: they print results instead of returning them and drop requests after errors).
 */
import type * as tsTypes from "@tslab/typescript-for-tslab";
import type * as converterTypes from "tslab/dist/converter";

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const converter: typeof converterTypes = require("tslab/dist/converter");
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const inspectLib: { printQuickInfo(info: tsTypes.QuickInfo): string } = require("tslab/dist/inspect");
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const ts: typeof tsTypes = require("@tslab/typescript-for-tslab");

export type Converter = converterTypes.Converter;
export type Diagnostic = converterTypes.Diagnostic;
export type QuickInfo = tsTypes.QuickInfo;

export function tslabVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require("tslab/package.json") as { version: string }).version;
}
