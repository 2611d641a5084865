/*
 * Runs one cell of TypeScript: the cell converter (convert/, with tslab's semantics) type-checks it
 * against the declarations left by earlier cells and emits CommonJS in which earlier cells' variables are `exports.x`; we run that in
 * this context with node's vm (`breakOnSigint`, so SIGINT stops a synchronous infinite loop) and race
 * a top-level-await cell against an interrupt promise (so an interrupt stops a pending await too).
 * The last expression's value is returned, not printed. Variables live in one `exports` object shared
 * by all cells; a cell's declarations are committed when it ran to the end or was interrupted,
 * not when it failed with an error.
 * Leaves out: tslab's `//%browser` and `//%module` cell modes.
 */
import * as vm from "node:vm";
import type { Diagnostic } from "./tslab";
import type { CellConverter, ConvertResult } from "./convert/converter";
import { inspectLib } from "./tslab";
import { diagnosticsError, interruptedError, runtimeError, type CellMaps, type ErrorContent } from "./errors";
import { LineMap } from "./linemap";
import { abortCell, beginCell } from "./cell-signal";

export type RunResult =
  | { status: "ok"; hasValue: boolean; value?: unknown }
  | { status: "error"; error: ErrorContent; interrupted: boolean; diagnostics?: Diagnostic[] };

export interface Completion {
  start: number;
  end: number;
  candidates: string[];
}

class Interrupted extends Error {
  constructor() {
    super("interrupted");
    this.name = "Interrupted";
  }
}

const SYNC_PREFIX = "(function(exports, require) { ";
const ASYNC_PREFIX = "(async function(exports, require) { ";

function isInterrupt(e: unknown): boolean {
  return e instanceof Interrupted || (e instanceof Error && (e as NodeJS.ErrnoException).code === "ERR_SCRIPT_EXECUTION_INTERRUPTED");
}

export class CellExecutor {
  private prevDecl = "";
  private runs = 0;
  private running = false;
  /** Between the start of execute() and its end: compiling, yielding, or running. */
  private active = false;
  /** An interrupt came while the cell was being compiled: it is aborted before it runs. */
  private interruptPending = false;
  private interruptCurrent: ((e: Error) => void) | undefined;
  private readonly store: Record<string, unknown> = {};
  private readonly exportsProxy: Record<string, unknown>;
  private readonly cells = new Map<number, { map: LineMap | undefined; source: string; output: string; firstLineOffset: number; label: string }>();
  /** LineMaps are built only when a traceback needs one. */
  readonly cellMaps: CellMaps = {
    get: (run) => {
      const c = this.cells.get(run);
      if (!c) return undefined;
      c.map ??= new LineMap(c.source, c.output);
      return { map: c.map, source: c.source, firstLineOffset: c.firstLineOffset, label: c.label };
    },
  };
  /** Compiling is deterministic: the same cell after the same declarations compiles the same. */
  private readonly compiled = new Map<string, ConvertResult>();

  constructor(
    private readonly conv: CellConverter,
    cellRequire: NodeJS.Require,
  ) {
    const store = this.store;
    // TypeScript emits `Object.defineProperty(exports, name, { get })` for re-exported imports; keep
    // the value instead so later cells can reassign the name (tslab does the same).
    this.exportsProxy = new Proxy(store, {
      defineProperty: (_t, prop, attrs) => {
        if (prop === "__esModule") return true;
        store[prop as string] = attrs.get ? attrs.get() : attrs.value;
        return true;
      },
    });
    (globalThis as Record<string, unknown>).__vtlab__ = { exports: this.exportsProxy, require: cellRequire };
  }

  /** Variables defined by cells so far. */
  get locals(): Readonly<Record<string, unknown>> {
    return this.store;
  }

  get isRunning(): boolean {
    return this.running;
  }

  /**
   * Stops a pending top-level await of the running cell, or marks a cell still being compiled so it
   * is aborted before it runs; returns whether there was a cell to interrupt. (A synchronous loop
   * is stopped by vm's breakOnSigint, without this listener.)
   */
  interrupt(): boolean {
    if (this.active && !this.running) {
      this.interruptPending = true;
      return true;
    }
    if (this.running) abortCell();
    if (!this.interruptCurrent) return false;
    this.interruptCurrent(new Interrupted());
    return true;
  }

  /**
   * Type-checks and runs `src`. With `commit: false` its declarations are not kept (user_expressions).
   * `label` names the cell in tracebacks (`cell [label]`): the session passes the execution_count;
   * code run without one (silent cells, user_expressions, the preload) is `cell [-]`.
   */
  async execute(src: string, opts: { commit?: boolean; label?: string } = {}): Promise<RunResult> {
    this.active = true;
    this.interruptPending = false;
    try {
      return await this.compileAndRun(src, opts.commit ?? true, opts.label ?? "-");
    } finally {
      this.active = false;
      this.interruptPending = false;
    }
  }

  private async compileAndRun(src: string, commit: boolean, label: string): Promise<RunResult> {
    const converted = this.convert(src);
    if (converted.diagnostics.length > 0) {
      return { status: "error", error: diagnosticsError(converted.diagnostics, src), interrupted: false, diagnostics: converted.diagnostics };
    }
    if (!converted.output) {
      if (commit) this.prevDecl = converted.declOutput ?? "";
      return { status: "ok", hasValue: false };
    }
    const run = ++this.runs;
    const prefix = converted.hasToplevelAwait ? ASYNC_PREFIX : SYNC_PREFIX;
    this.cells.set(run, { map: undefined, source: src, output: converted.output, firstLineOffset: prefix.length, label });
    const wrapped = `${prefix}${converted.output}\n})(__vtlab__.exports, __vtlab__.require)`;
    // The type check is one synchronous step, during which a SIGINT only reaches libuv's signal
    // pipe: vm's breakOnSigint, set up afterwards, would not see it, and the cell would spin. Let
    // the event loop poll once (the pipe is read in the poll phase; we are past it now, hence two
    // check phases) so the process listener marks the cell as interrupted.
    await new Promise<void>((resolve) => setImmediate(() => setImmediate(resolve)));
    if (this.interruptPending) {
      if (commit) beginCell();
      abortCell();
      return { status: "error", error: interruptedError(), interrupted: true };
    }
    this.running = true;
    if (commit) beginCell();
    try {
      const ret: unknown = vm.runInThisContext(wrapped, { filename: `cell-${run}.js`, breakOnSigint: true });
      if (converted.hasToplevelAwait) {
        const interrupted = new Promise<never>((_, reject) => {
          this.interruptCurrent = reject;
        });
        await Promise.race([ret as Promise<unknown>, interrupted]);
      }
    } catch (e) {
      if (isInterrupt(e)) {
        abortCell();
        // An interrupted cell keeps what it did (its variables hold their values so far), so its
        // declarations are kept too; a cell that failed with an error is not committed.
        if (commit) this.prevDecl = converted.declOutput ?? "";
      }
      return { status: "error", error: isInterrupt(e) ? interruptedError() : runtimeError(e, this.cellMaps), interrupted: isInterrupt(e) };
    } finally {
      this.running = false;
      this.interruptCurrent = undefined;
    }
    if (commit) this.prevDecl = converted.declOutput ?? "";
    const key = converted.lastExpressionVar;
    if (key && key in this.store) {
      const value = this.store[key];
      delete this.store[key];
      return { status: "ok", hasValue: value !== undefined, value };
    }
    return { status: "ok", hasValue: false };
  }

  /**
   * The converter, memoized for cells that import nothing (an import may reach a file that changed
   * since); a repeated trivial cell then costs no compile at all.
   */
  private convert(src: string): ConvertResult {
    const cacheable = !/\bimport\b|\brequire\b/.test(src);
    const key = `${this.prevDecl}\u0000${src}`;
    const hit = cacheable ? this.compiled.get(key) : undefined;
    if (hit) return hit;
    const out = this.conv.convert(this.prevDecl, src);
    if (cacheable && !out.sideOutputs) {
      if (this.compiled.size >= 64) this.compiled.delete(this.compiled.keys().next().value as string);
      this.compiled.set(key, out);
    }
    return out;
  }

  complete(src: string, cursor: number): Completion {
    const info = this.conv.complete(this.prevDecl, src, cursor);
    return { start: info.start, end: info.end, candidates: info.candidates };
  }

  /** Quick info (type and docs) at `cursor`, or undefined where there is nothing to say. */
  inspect(src: string, cursor: number): string | undefined {
    const info = this.conv.inspect(this.prevDecl, src, cursor);
    if (!info) return undefined;
    const text = inspectLib.printQuickInfo(info);
    return text === "" ? undefined : text;
  }
}
