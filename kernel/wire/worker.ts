/*
 * The socket thread (a worker_thread): owns the zeromq sockets, verifies and queues incoming shell
 * requests, and hands them one at a time to the executing thread (Jupyter messaging spec 5.3:
 * requests on shell are handled in order). It answers on its own what must work while a cell runs:
 * heartbeat, kernel_info (control, or shell when nothing is in flight), interrupt_request (raises
 * SIGINT in the process) and shutdown_request (replies, then tells the executing thread to exit).
 *
 * Limits of interrupting: SIGINT stops a synchronous loop inside vm's `breakOnSigint` (a cell's own
 * synchronous code) and a pending await. A synchronous loop that runs after an `await` inside a cell,
 * or inside a timer callback, is outside breakOnSigint and cannot be stopped without ending the
 * process; heartbeat and control keep answering, and shutdown ends the process (SIGTERM) if the
 * executing thread does not exit by itself within 1.5 s (10 s while the session is still starting:
 * the preload's type check is one long synchronous step). See kernel/README.md, "Interrupts".
 * Leaves out: debug_request (logged and ignored, like any unknown type).
 */
import { parentPort, workerData } from "node:worker_threads";
import { Dispatcher, type Transport } from "./dispatcher";
import { childMessage, type Channel, type Message } from "./message";
import { KernelSockets } from "./sockets";
import { log } from "./log";
import type { FromWorker, ToWorker, WorkerInit } from "./thread-protocol";

if (!parentPort) throw new Error("kernel/wire/worker.js must run as a worker_thread");
const port = parentPort;
const init = workerData as WorkerInit;
const post = (m: FromWorker) => port.postMessage(m);

let sockets: KernelSockets | undefined;
const pendingSends: Array<[Channel, Message]> = [];
const transport: Transport = {
  send(channel, msg) {
    if (sockets) void sockets.send(channel, msg);
    else pendingSends.push([channel, msg]);
  },
};
const local = new Dispatcher(transport, init.origin);

const queue: Message[] = [];
let inFlight: Message | undefined;
let executorReady = false;
/** execute_requests queued when stop_on_error fired; aborted once the failing request is done. */
const doomed = new Set<string>();

function pump(): void {
  if (!executorReady || inFlight) return;
  const next = queue.shift();
  if (!next) return;
  inFlight = next;
  post({ kind: "request", channel: "shell", msg: next });
}

function raiseSigint(): void {
  process.kill(process.pid, "SIGINT");
}

local.on("kernel_info_request", (ctx) => ctx.reply(init.kernelInfo));
local.on("interrupt_request", (ctx) => {
  raiseSigint();
  ctx.reply({ status: "ok" });
  // A SIGINT that lands while the cell is still being compiled (before vm's breakOnSigint watches)
  // is consumed by the process listener, which cannot stop a synchronous loop: retry a few times
  // while the same request is still in flight.
  const target = inFlight?.header.msg_id;
  let tries = 0;
  const retry = setInterval(() => {
    if (!target || inFlight?.header.msg_id !== target || ++tries > 4) clearInterval(retry);
    else raiseSigint();
  }, 500);
});
local.on("shutdown_request", async (ctx) => {
  const restart = ctx.request.content.restart === true;
  ctx.reply({ status: "ok", restart });
  ctx.publish("shutdown_reply", { status: "ok", restart });
  if (inFlight) raiseSigint();
  await sockets?.flush();
  post({ kind: "shutdown", restart });
  // The executing thread exits by itself (status 0) as soon as it reads the message; if it is stuck
  // in code no interrupt reaches, end the process. Before the session is ready it may be in the
  // preload's type check (one synchronous step of a second or more): give that longer.
  setTimeout(
    () => {
      log("shutdown: the executing thread did not exit; ending the process");
      process.kill(process.pid, "SIGTERM");
    },
    executorReady ? 1500 : 10_000,
  ).unref();
});

/** stop_on_error: the execute_requests that were queued when the error happened are aborted. */
function abortDoomed(executionCount: number): void {
  const keep: Message[] = [];
  for (const msg of queue) {
    if (!doomed.has(msg.header.msg_id)) {
      keep.push(msg);
      continue;
    }
    local.publish(msg, "status", { execution_state: "busy" });
    transport.send("shell", childMessage(init.origin, msg, "execute_reply", { status: "aborted", execution_count: executionCount }, { status: "aborted" }));
    local.publish(msg, "status", { execution_state: "idle" });
  }
  queue.splice(0, queue.length, ...keep);
  doomed.clear();
}

function receive(channel: Channel, msg: Message): void {
  const type = msg.header.msg_type;
  if (channel === "control") {
    if (local.has(type)) void local.dispatch("control", msg);
    else post({ kind: "request", channel, msg });
    return;
  }
  if (channel === "stdin") {
    post({ kind: "stdin", msg });
    return;
  }
  if (type === "kernel_info_request" && !inFlight && queue.length === 0) {
    void local.dispatch("shell", msg);
    return;
  }
  queue.push(msg);
  pump();
}

port.on("message", (m: ToWorker) => {
  switch (m.kind) {
    case "ready":
      executorReady = true;
      pump();
      return;
    case "send":
      transport.send(m.channel, m.msg);
      return;
    case "abort-queued":
      for (const msg of queue) if (msg.header.msg_type === "execute_request") doomed.add(msg.header.msg_id);
      return;
    case "done":
      if (inFlight && inFlight.header.msg_id !== m.msgId) log(`done for ${m.msgId} but ${inFlight.header.msg_id} is in flight`);
      inFlight = undefined;
      if (doomed.size > 0) abortDoomed(m.executionCount);
      pump();
      return;
    case "close":
      void (async () => {
        await sockets?.flush();
        sockets?.close();
        post({ kind: "closed" });
      })();
      return;
    default: {
      const never: never = m;
      log(`worker: unexpected message ${JSON.stringify(never)}`);
    }
  }
});

KernelSockets.bind(init.connection, init.kernelId, receive).then(
  (s) => {
    sockets = s;
    for (const [ch, msg] of pendingSends.splice(0)) void s.send(ch, msg);
    local.publish(undefined, "status", { execution_state: "starting" });
    post({ kind: "bound" });
  },
  (e: Error) => {
    log(`cannot bind the kernel sockets: ${e.message}`);
    process.exit(1);
  },
);
