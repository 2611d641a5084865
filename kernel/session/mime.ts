/*
 * Mime bundles for Jupyter display messages (Jupyter messaging spec 5.3, "Display Data": `data` is
 * a dict of mime type -> data, text/plain always present). A value is turned into a bundle by the
 * rich-display protocol `value[Symbol.for("Jupyter.display")]()` (the convention Deno's kernel uses;
 * engine objects implement it), and otherwise by `util.inspect` as text/plain. A bundle holding a
 * plotly figure gets a self-contained text/html beside it (see plotly.ts).
 * Leaves out: Deno's `Symbol.for("Jupyter.display")` returning a Promise (we accept sync only).
 */
import { inspect } from "node:util";
import { PlotlyInliner, PLOTLY_MIME } from "./plotly";

export type MimeBundle = Record<string, unknown>;

export const DISPLAY_SYMBOL: unique symbol = Symbol.for("Jupyter.display") as never;

export function isRichDisplayable(value: unknown): value is { [DISPLAY_SYMBOL](): MimeBundle } {
  return (
    value !== null &&
    (typeof value === "object" || typeof value === "function") &&
    typeof (value as Record<symbol, unknown>)[DISPLAY_SYMBOL] === "function"
  );
}

export function plainText(value: unknown): string {
  return inspect(value, { depth: 4, maxArrayLength: 100, maxStringLength: 10_000, breakLength: 100 });
}

export class BundleMaker {
  constructor(private readonly plotly: PlotlyInliner) {}

  /** The bundle for `value`; text/plain is always present. */
  make(value: unknown): { data: MimeBundle; metadata: Record<string, unknown> } {
    let data: MimeBundle;
    let metadata: Record<string, unknown> = {};
    if (isRichDisplayable(value)) {
      const out = value[DISPLAY_SYMBOL]();
      if (out === null || typeof out !== "object") throw new TypeError('[Symbol.for("Jupyter.display")]() must return a mime bundle object');
      data = { ...out };
      const meta = (out as { metadata?: unknown }).metadata;
      if (meta && typeof meta === "object" && !("metadata" in data && typeof data.metadata === "string")) {
        delete data.metadata;
        metadata = meta as Record<string, unknown>;
      }
    } else {
      data = { "text/plain": plainText(value) };
    }
    return { data: this.complete(data, value), metadata };
  }

  /** Adds what a bundle is missing: text/html for plotly figures, text/plain always. */
  complete(data: MimeBundle, original?: unknown): MimeBundle {
    const out = { ...data };
    if (out[PLOTLY_MIME] !== undefined) {
      if (out["text/html"] === undefined) out["text/html"] = this.plotly.html(out[PLOTLY_MIME]);
      if (out["text/plain"] === undefined) out["text/plain"] = PlotlyInliner.describe(out[PLOTLY_MIME]);
    }
    if (out["text/plain"] === undefined) out["text/plain"] = original === undefined ? "" : plainText(original);
    return out;
  }
}
