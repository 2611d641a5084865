/*
 * stdout/stderr of cells as iopub `stream` messages (Jupyter messaging spec 5.3, "Streams").
 * process.stdout.write and process.stderr.write are redirected here while the kernel runs. Writes
 * are coalesced (one message per 20 ms or per 64 KiB, whichever comes first; a switch between
 * stdout and stderr flushes to keep the order), so a cell printing megabytes sends a bounded number
 * of messages and never wedges the kernel. Output after a cell finished (timers) goes to the parent
 * of the last execute_request, as ipykernel does.
 */
import { Console } from "node:console";

export type StreamName = "stdout" | "stderr";

const CHUNK = 64 * 1024;
const DELAY_MS = 20;

/** A chunk length that does not split a UTF-16 surrogate pair (which would not survive UTF-8). */
function cut(text: string, max: number): number {
  if (text.length <= max) return text.length;
  const c = text.charCodeAt(max - 1);
  return c >= 0xd800 && c <= 0xdbff ? max - 1 : max;
}

export class StreamOutput {
  private name: StreamName = "stdout";
  private buffer = "";
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly emit: (name: StreamName, text: string) => void) {}

  write(name: StreamName, text: string): void {
    if (text === "") return;
    if (name !== this.name) this.flush();
    this.name = name;
    this.buffer += text;
    while (this.buffer.length >= CHUNK) {
      const n = cut(this.buffer, CHUNK);
      this.emit(this.name, this.buffer.slice(0, n));
      this.buffer = this.buffer.slice(n);
    }
    if (this.buffer.length > 0) this.timer ??= setTimeout(() => this.flush(), DELAY_MS);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    while (this.buffer.length > 0) {
      const piece = this.buffer.slice(0, cut(this.buffer, CHUNK));
      this.buffer = this.buffer.slice(piece.length);
      this.emit(this.name, piece);
    }
  }

  /** Redirects process.stdout/stderr writes into this object; returns a function that undoes it. */
  capture(): () => void {
    const saved = { out: process.stdout.write, err: process.stderr.write };
    const hook = (name: StreamName) =>
      ((chunk: string | Uint8Array, encoding?: BufferEncoding | ((e?: Error | null) => void), cb?: (e?: Error | null) => void): boolean => {
        const text = typeof chunk === "string" ? chunk : Buffer.from(chunk).toString(typeof encoding === "string" ? encoding : "utf8");
        this.write(name, text);
        const done = typeof encoding === "function" ? encoding : cb;
        if (done) queueMicrotask(() => done());
        return true;
      }) as typeof process.stdout.write;
    process.stdout.write = hook("stdout");
    process.stderr.write = hook("stderr");
    // A console of our own over the redirected streams, in case the host replaced the global one.
    const savedConsole = globalThis.console;
    globalThis.console = new Console({ stdout: process.stdout, stderr: process.stderr });
    return () => {
      process.stdout.write = saved.out;
      process.stderr.write = saved.err;
      globalThis.console = savedConsole;
    };
  }
}
