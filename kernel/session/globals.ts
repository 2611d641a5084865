/*
 * Everything cells see without an import besides the engine's exports: the display helpers, the
 * comm registry, the cell's interrupt signal and the magics' run-time helpers. preload.ts imports this module's runtime export
 * names into the first (hidden) cell, so the type checker knows them and completion offers them.
 */
export { display, html, markdown, svg, png, json, table, plotly, mime, clearOutput, progress, input, Rich, DisplayHandle, ProgressBar } from "./display-api";
export { comms } from "./comms";
export { cellSignal } from "./cell-signal";
export { $vtlab_timeit, $vtlab_asm } from "./magic-runtime";
