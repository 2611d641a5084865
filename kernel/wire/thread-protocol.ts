/*
 * What the socket thread (worker.ts) and the executing thread (bridge.ts) say to each other.
 *
 * The sockets live in a worker_thread so that heartbeat, control (interrupt, shutdown) and output
 * keep flowing while the executing thread is stuck in a synchronous loop; the worker interrupts it
 * by raising SIGINT in the process (node's vm `breakOnSigint` turns that into an exception there).
 * The shell queue lives in the worker, so "abort the execute_requests that were queued before the
 * error" (stop_on_error) is exact: the worker knows what was queued when the error reply came.
 */
import type { ConnectionInfo } from "./connection";
import type { Channel, JsonObject, Message, Origin } from "./message";

export interface WorkerInit {
  connection: ConnectionInfo;
  origin: Origin;
  kernelId: string;
  /** kernel_info_reply content, so the worker can answer it even while a cell runs. */
  kernelInfo: JsonObject;
}

/** Executing thread -> socket thread. */
export type ToWorker =
  | { kind: "ready" }
  | { kind: "send"; channel: Channel; msg: Message }
  /**
   * stop_on_error fired: the execute_requests queued right now (received before the error reply,
   * which follows this on the same port) are aborted when the request in flight is done.
   */
  | { kind: "abort-queued" }
  /** The shell request in flight is finished. */
  | { kind: "done"; msgId: string; executionCount: number }
  | { kind: "close" };

/** Socket thread -> executing thread. */
export type FromWorker =
  | { kind: "bound" }
  | { kind: "request"; channel: Channel; msg: Message }
  | { kind: "stdin"; msg: Message }
  | { kind: "shutdown"; restart: boolean }
  | { kind: "closed" };
