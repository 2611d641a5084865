/*
 * The display helpers every cell sees as globals (the kernel preloads this module's exports):
 *
 *   display(x)            -> display_data; returns a handle whose update(y) sends update_display_data
 *   html(s) markdown(s) svg(s) png(bytes) json(v) table(rows) plotly(fig) mime(bundle)
 *                         -> values that display richly (as a cell result or through display())
 *   clearOutput(wait?)    -> clear_output
 *   progress(total, label)-> a progress bar that updates one display in place
 *   input(prompt)         -> asks the front end for a line on the stdin channel
 *
 * All rich values follow the rich-display protocol `[Symbol.for("Jupyter.display")]()` (Jupyter
 * messaging spec 5.3, "Display Data" / "Update Display Data" / "Clear output").
 */
import { randomUUID } from "node:crypto";
import { displaySink } from "./display-sink";
import { DISPLAY_SYMBOL, type MimeBundle } from "./mime";
import { PLOTLY_MIME } from "./plotly";
import { tableBundle, type TableOptions } from "./display-table";
import { ProgressBar } from "./display-progress";

export { DISPLAY_SYMBOL, ProgressBar };
export type { MimeBundle, TableOptions };

/** A value with a fixed mime bundle; shows richly as a cell result or through display(). */
export class Rich {
  constructor(
    readonly bundle: MimeBundle,
    readonly metadata: Record<string, unknown> = {},
  ) {}
  [DISPLAY_SYMBOL](): MimeBundle {
    return { ...this.bundle, metadata: this.metadata };
  }
}

/** One output area a cell created; `update` replaces its content wherever it is shown. */
export class DisplayHandle {
  constructor(readonly id: string) {}
  update(value: unknown): void {
    const { data, metadata } = displaySink().bundle(value);
    displaySink().display(data, metadata, this.id, true);
  }
  /** Shows `value` again under the same display id (a second live copy). */
  display(value: unknown): void {
    const { data, metadata } = displaySink().bundle(value);
    displaySink().display(data, metadata, this.id, false);
  }
}

export interface DisplayOptions {
  /** Reuse a display id (to update from another cell). Default: a fresh id. */
  id?: string;
  metadata?: Record<string, unknown>;
}

export function display(value: unknown, opts: DisplayOptions = {}): DisplayHandle {
  const sink = displaySink();
  const { data, metadata } = sink.bundle(value);
  const handle = new DisplayHandle(opts.id ?? randomUUID());
  sink.display(data, { ...metadata, ...opts.metadata }, handle.id, false);
  return handle;
}

export function mime(bundle: MimeBundle, metadata: Record<string, unknown> = {}): Rich {
  return new Rich(bundle, metadata);
}

export function html(source: string): Rich {
  return new Rich({ "text/html": source, "text/plain": source });
}

export function markdown(source: string): Rich {
  return new Rich({ "text/markdown": source, "text/plain": source });
}

export function svg(source: string): Rich {
  return new Rich({ "image/svg+xml": source, "text/plain": "<SVG image>" });
}

/** PNG from its bytes (or base64 text). */
export function png(data: Uint8Array | string, size: { width?: number; height?: number } = {}): Rich {
  const b64 = typeof data === "string" ? data : Buffer.from(data).toString("base64");
  const meta = size.width || size.height ? { "image/png": { ...size } } : {};
  return new Rich({ "image/png": b64, "text/plain": "<PNG image>" }, meta);
}

export function json(value: unknown, opts: { expanded?: boolean } = {}): Rich {
  const data = JSON.parse(JSON.stringify(value ?? null)) as unknown;
  return new Rich({ "application/json": data, "text/plain": JSON.stringify(data, null, 2) }, opts.expanded ? { "application/json": { expanded: true } } : {});
}

export function table(rows: ReadonlyArray<Record<string, unknown>> | ReadonlyArray<ReadonlyArray<unknown>>, opts: TableOptions = {}): Rich {
  return new Rich(tableBundle(rows, opts));
}

/** A plotly figure `{ data, layout?, config? }`; the kernel adds self-contained HTML. */
export function plotly(figure: { data: unknown[]; layout?: Record<string, unknown>; config?: Record<string, unknown> }): Rich {
  return new Rich({ [PLOTLY_MIME]: figure });
}

export function clearOutput(wait = false): void {
  displaySink().clearOutput(wait);
}

export function progress(total: number, label = ""): ProgressBar {
  return new ProgressBar(total, label, (value) => display(value));
}

/** Asks the user for a line of text (input_request on the stdin channel). */
export function input(prompt = "", opts: { password?: boolean } = {}): Promise<string> {
  return displaySink().input(prompt, opts.password === true);
}
