/*
 * An AbortSignal per cell, aborted when the cell is interrupted, so long asynchronous work (engine
 * runs that yield to the event loop between slices) can stop cleanly instead of running on in the
 * background after the cell was given up. Cells read it with `cellSignal()`; code that must not
 * import the kernel (the engine) finds the same function at
 * `globalThis[Symbol.for("vtlab.cellSignal")]`.
 */
let controller = new AbortController();

export const CELL_SIGNAL_KEY = Symbol.for("vtlab.cellSignal");

/** The signal of the cell running now (or of the last one). */
export function cellSignal(): AbortSignal {
  return controller.signal;
}

/** @internal the executor starts a cell */
export function beginCell(): void {
  controller = new AbortController();
}

/** @internal the executor's cell was interrupted */
export function abortCell(): void {
  if (!controller.signal.aborted) controller.abort(new Error("interrupted"));
}

(globalThis as Record<symbol, unknown>)[CELL_SIGNAL_KEY] = cellSignal;
