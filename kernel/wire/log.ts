/*
 * The kernel's own diagnostics: one line per event, written straight to file descriptor 2 (Jupyter
 * shows a kernel's stderr in the server log, not in the notebook). Cells' output never goes here:
 * the session redirects process.stdout/stderr to iopub streams, and a worker thread's
 * process.stderr is forwarded through the main thread's (redirected) one, so neither is used.
 */
import { writeSync } from "node:fs";

export function log(message: string): void {
  try {
    writeSync(2, `[vtlab] ${message}\n`);
  } catch {
    // stderr closed: nothing sensible left to do with a diagnostic
  }
}
