/*
 * Where the display helpers (display-api.ts) send their output: the session installs one sink per
 * kernel process at start-up. Cells run in the kernel's own realm, so the helpers reach the session
 * through this module rather than through a parameter (one session per process, by construction).
 */
import type { MimeBundle } from "./mime";

export interface DisplaySink {
  /** display_data (or update_display_data when `update`) for the current cell. */
  display(data: MimeBundle, metadata: Record<string, unknown>, displayId: string | undefined, update: boolean): void;
  clearOutput(wait: boolean): void;
  /** Converts any value to a mime bundle (rich-display protocol, plotly, text/plain). */
  bundle(value: unknown): { data: MimeBundle; metadata: Record<string, unknown> };
  /** input_request on stdin; rejects when the front end does not allow stdin. */
  input(prompt: string, password: boolean): Promise<string>;
}

let current: DisplaySink | undefined;

export function installDisplaySink(sink: DisplaySink): void {
  current = sink;
}

export function displaySink(): DisplaySink {
  if (!current) throw new Error("display is only available inside the vtlab kernel");
  return current;
}
