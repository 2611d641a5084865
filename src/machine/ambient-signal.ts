/**
 * The AbortSignal a long run obeys when its caller passed none.
 *
 * In a notebook, an interrupt (Jupyter messaging spec 5.3, "Kernel interrupt") must stop a
 * running simulation cleanly, at an instruction boundary, with the machine left resumable. The
 * kernel publishes the running cell's signal as a function at
 * `globalThis[Symbol.for("vtlab.cellSignal")]` (the same well-known-symbol convention as
 * `Symbol.for("Jupyter.display")`), so the engine can honour it without importing the kernel
 * (design.md: the engine never imports the kernel). Outside a kernel the key is absent and runs
 * are stopped only by the signal they are given.
 */
const CELL_SIGNAL_KEY = Symbol.for("vtlab.cellSignal");

export function ambientSignal(): AbortSignal | undefined {
  const get = (globalThis as Record<symbol, unknown>)[CELL_SIGNAL_KEY];
  if (typeof get !== "function") return undefined;
  const signal: unknown = get();
  return signal instanceof AbortSignal ? signal : undefined;
}
