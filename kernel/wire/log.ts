/*
 * The kernel's own diagnostics: one line per event on the process's real stderr (Jupyter shows a
 * kernel's stderr in the server log, not in the notebook). Cells' output never goes here: the session
 * layer redirects process.stdout/stderr to iopub streams, so this keeps a reference to the original
 * write function taken at load time.
 */
const realWrite = process.stderr.write.bind(process.stderr);

export function log(message: string): void {
  realWrite(`[vtlab] ${message}\n`);
}
