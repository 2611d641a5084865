/*
 * The few TypeScript compiler internals the cell converter needs that the public declarations of
 * tslab's TypeScript fork (5.0.4) do not describe: the binder (to learn a cell's top-level names
 * without building a program), the CommonJS module transformer, the module resolutions recorded on a source file, and the mutable
 * `parent`/`statements` fields that tslab's scheme relies on (a cell's source file is re-parented
 * under the previous cells' declarations so their names are in scope).
 */
import * as ts from "@tslab/typescript-for-tslab";

interface TsInternals {
  bindSourceFile(file: ts.SourceFile, options: ts.CompilerOptions): void;
  /** The module transformer of the emit pipeline; CommonJS unless the options say AMD or UMD. */
  transformModule: ts.TransformerFactory<ts.SourceFile>;
}

export const tsInternal = ts as unknown as TsInternals;

/** What a module specifier of a source file resolved to, as recorded during program creation. */
export interface ResolvedModuleLike {
  resolvedFileName: string;
  extension?: string;
}

/**
 * The resolutions recorded on `file`: TypeScript 5.0 keeps, per specifier and mode, a
 * ResolvedModuleWithFailedLookupLocations in a mode-aware cache on the file (setResolvedModule).
 */
export function resolvedModules(file: ts.SourceFile): ResolvedModuleLike[] {
  type Entry = { resolvedModule?: ResolvedModuleLike } | undefined;
  const cache = (file as unknown as { resolvedModules?: { forEach(cb: (r: Entry) => void): void } }).resolvedModules;
  const out: ResolvedModuleLike[] = [];
  cache?.forEach((r) => {
    if (r?.resolvedModule) out.push(r.resolvedModule);
  });
  return out;
}

export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export function mutable<T>(o: T): Mutable<T> {
  return o as Mutable<T>;
}
