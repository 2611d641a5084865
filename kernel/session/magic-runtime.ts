/*
 * Run-time helpers that magics expand into (see magics.ts): `%timeit` timing and `%%asm` assembly.
 * They are preloaded as globals under names no user would pick.
 */
import { performance } from "node:perf_hooks";
import { displaySink } from "./display-sink";

function fmt(seconds: number): string {
  if (seconds >= 1) return `${seconds.toFixed(3)} s`;
  if (seconds >= 1e-3) return `${(seconds * 1e3).toFixed(3)} ms`;
  if (seconds >= 1e-6) return `${(seconds * 1e6).toFixed(3)} µs`;
  return `${(seconds * 1e9).toFixed(1)} ns`;
}

export function formatDuration(seconds: number): string {
  return fmt(seconds);
}

/** %timeit: choose a loop count so one run takes >= 20 ms, then 7 runs; prints mean ± std. dev. */
export function $vtlab_timeit(fn: () => unknown): { mean: number; std: number; loops: number; runs: number } {
  let loops = 1;
  for (;;) {
    const t0 = performance.now();
    for (let i = 0; i < loops; i++) fn();
    const ms = performance.now() - t0;
    if (ms >= 20 || loops >= 1e7) break;
    loops *= 10;
  }
  const runs = 7;
  const per: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    for (let i = 0; i < loops; i++) fn();
    per.push((performance.now() - t0) / 1000 / loops);
  }
  const mean = per.reduce((a, b) => a + b, 0) / runs;
  const std = Math.sqrt(per.reduce((a, b) => a + (b - mean) ** 2, 0) / runs);
  console.log(`${fmt(mean)} ± ${fmt(std)} per loop (mean ± std. dev. of ${runs} runs, ${loops} loop${loops === 1 ? "" : "s"} each)`);
  return { mean, std, loops, runs };
}

/** An assembly error as a cell error: one traceback line per assembler error, with line and column. */
export class AsmError extends Error {
  readonly vtlabTraceback: string[];
  constructor(lines: string[]) {
    super(`${lines.length} assembly error${lines.length === 1 ? "" : "s"}: ${lines[0] ?? ""}`);
    this.name = "AsmError";
    this.vtlabTraceback = lines;
  }
}

interface AsmResult {
  errors?: unknown[];
  listing?: () => string;
}

function describeAsmError(e: unknown): string {
  if (e && typeof e === "object") {
    const o = e as { line?: number; column?: number; message?: string };
    if (typeof o.message === "string" && typeof o.line === "number") return `line ${o.line}${typeof o.column === "number" ? `, column ${o.column}` : ""}: ${o.message}`;
    if (typeof o.message === "string") return o.message;
  }
  return String(e);
}

/** %%asm: assemble with the engine's `assemble`, show the listing, throw AsmError on errors. */
export function $vtlab_asm<R>(assemble: (source: string, opts?: object) => R, source: string): R {
  const result = assemble(source, {});
  const errors = (result as AsmResult).errors ?? [];
  if (errors.length > 0) throw new AsmError(errors.map(describeAsmError));
  const listing = (result as AsmResult).listing;
  if (typeof listing === "function") {
    const text = listing.call(result);
    displaySink().display({ "text/plain": text }, {}, undefined, false);
  }
  return result;
}
