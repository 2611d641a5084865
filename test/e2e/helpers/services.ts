/*
 * A thin layer over @jupyterlab/services 7 (the client library JupyterLab itself uses) for the e2e
 * tests: server settings for Node (global fetch, `ws` as the WebSocket), and running one execute
 * request while collecting the IOPub messages of that request (Jupyter messaging spec, "Execute":
 * status busy, execute_input, outputs, status idle, then execute_reply on shell).
 */
import { KernelManager, ServerConnection, type Kernel, type KernelMessage } from "@jupyterlab/services";
import WebSocket from "ws";
import type { JupyterServer } from "./jupyter-server";

export function serverSettings(server: JupyterServer): ServerConnection.ISettings {
  return ServerConnection.makeSettings({
    baseUrl: server.baseUrl,
    wsUrl: server.wsUrl,
    token: server.token,
    appendToken: true,
    WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
  });
}

export function kernelManager(server: JupyterServer): KernelManager {
  return new KernelManager({ serverSettings: serverSettings(server) });
}

export interface Executed {
  reply: KernelMessage.IExecuteReplyMsg["content"];
  iopub: KernelMessage.IIOPubMessage[];
  /** Output messages only (no status / execute_input). */
  outputs: KernelMessage.IIOPubMessage[];
}

export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
    }),
  ]);
}

/** Starts an execute request; `done` resolves after the reply AND the idle status for it arrived. */
export function startExecute(kernel: Kernel.IKernelConnection, code: string, timeoutMs = 30_000) {
  const iopub: KernelMessage.IIOPubMessage[] = [];
  const future = kernel.requestExecute({ code, stop_on_error: false, store_history: true });
  future.onIOPub = (msg) => {
    iopub.push(msg);
  };
  const done = withTimeout(
    future.done.then((reply) => ({
      reply: reply.content,
      iopub,
      outputs: iopub.filter((m) => !["status", "execute_input"].includes(m.header.msg_type)),
    })),
    timeoutMs,
    `execute ${JSON.stringify(code.slice(0, 60))}`,
  );
  const sawBusy = () => iopub.some((m) => m.header.msg_type === "status" && (m.content as { execution_state?: string }).execution_state === "busy");
  return { future, done, iopub, sawBusy };
}

export async function execute(kernel: Kernel.IKernelConnection, code: string, timeoutMs = 30_000): Promise<Executed> {
  return startExecute(kernel, code, timeoutMs).done;
}

/** text/plain of the execute_result among the outputs (throws with the outputs when there is none). */
export function resultText(ex: Executed): string {
  const r = ex.outputs.find((m) => m.header.msg_type === "execute_result");
  if (!r) throw new Error(`no execute_result; reply ${JSON.stringify(ex.reply)}, outputs ${JSON.stringify(ex.outputs.map((m) => m.content))}`);
  return String((r.content as KernelMessage.IExecuteResultMsg["content"]).data["text/plain"]);
}

export async function until(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Resolves once the kernel's WebSocket is connected (requests sent before that are refused). */
export async function connected(kernel: Kernel.IKernelConnection, timeoutMs = 30_000): Promise<void> {
  await until(() => kernel.connectionStatus === "connected", timeoutMs, `kernel ${kernel.id} WebSocket connection`);
}
