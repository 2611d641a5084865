/*
 * The executing thread's side of the socket thread (see thread-protocol.ts): a `Transport` whose
 * `send` posts to the worker (postMessage is synchronous, so output still leaves while this thread is
 * busy), and the entry point for requests the worker hands over. After each shell request the
 * bridge tells the worker it is done, and whether stop_on_error asks it to abort the queue.
 */
import { Worker } from "node:worker_threads";
import { join } from "node:path";
import type { Transport } from "./dispatcher";
import type { Channel, Message } from "./message";
import { log } from "./log";
import type { FromWorker, ToWorker, WorkerInit } from "./thread-protocol";

export interface ShellOutcome {
  /** stop_on_error fired for this request (the queue was marked for abort before its reply). */
  abortQueued: boolean;
  executionCount: number;
}

export interface BridgeHandlers {
  request(channel: Channel, msg: Message): Promise<ShellOutcome>;
  stdin(msg: Message): void;
}

export class WorkerBridge implements Transport {
  private readonly worker: Worker;
  private handlers: BridgeHandlers | undefined;
  /** Set from the start: a shutdown_request may come while the session is still being created. */
  private shutdownHandler: ((restart: boolean) => void) | undefined;
  private bound: Promise<void>;
  private closing = false;

  constructor(init: WorkerInit) {
    this.worker = new Worker(join(__dirname, "worker.js"), { workerData: init });
    this.bound = new Promise((resolve, reject) => {
      this.worker.on("message", (m: FromWorker) => {
        if (m.kind === "bound") resolve();
        else this.onMessage(m);
      });
      this.worker.on("error", (e) => {
        log(`socket thread failed: ${e.stack ?? e.message}`);
        reject(e);
        process.exit(1);
      });
      this.worker.on("exit", (code) => {
        if (!this.closing) {
          log(`socket thread exited (${code})`);
          process.exit(code === 0 ? 1 : code);
        }
      });
    });
  }

  /** Resolves once all sockets are bound. */
  whenBound(): Promise<void> {
    return this.bound;
  }

  /** What to do on shutdown_request (the worker has replied already); works before `start`. */
  onShutdown(handler: (restart: boolean) => void): void {
    this.shutdownHandler = handler;
  }

  /** Start receiving requests (call when the session is initialised). */
  start(handlers: BridgeHandlers): void {
    this.handlers = handlers;
    this.post({ kind: "ready" });
  }

  /** stop_on_error: abort the execute_requests queued now; call before sending the error reply. */
  abortQueued(): void {
    this.post({ kind: "abort-queued" });
  }

  send(channel: Channel, msg: Message): void {
    this.post({ kind: "send", channel, msg });
  }

  /** Flush and close the sockets, then end the socket thread (nothing of it keeps the process alive). */
  async close(): Promise<void> {
    this.closing = true;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 1500);
      timer.unref();
      const onMessage = (m: FromWorker) => {
        if (m.kind !== "closed") return;
        clearTimeout(timer);
        this.worker.off("message", onMessage);
        resolve();
      };
      this.worker.on("message", onMessage);
      this.post({ kind: "close" });
    });
    await this.worker.terminate();
  }

  private post(m: ToWorker): void {
    this.worker.postMessage(m);
  }

  private onMessage(m: FromWorker): void {
    if (m.kind === "shutdown") {
      if (this.shutdownHandler) this.shutdownHandler(m.restart);
      else log("shutdown requested but no handler is set: ignored");
      return;
    }
    const h = this.handlers;
    if (!h) return;
    switch (m.kind) {
      case "request":
        void h.request(m.channel, m.msg).then(
          (outcome) => {
            if (m.channel === "shell") this.post({ kind: "done", msgId: m.msg.header.msg_id, executionCount: outcome.executionCount });
          },
          (e: Error) => {
            log(`request ${m.msg.header.msg_type} failed: ${e.message}`);
            if (m.channel === "shell") this.post({ kind: "done", msgId: m.msg.header.msg_id, executionCount: 0 });
          },
        );
        return;
      case "stdin":
        h.stdin(m.msg);
        return;
      case "closed":
      case "bound":
        return;
    }
  }
}
