/*
 * An in-memory Transport for session and dispatcher tests: records every message the kernel would
 * have put on a socket, and builds request messages as a front end would.
 */
import { randomUUID } from "node:crypto";
import type { Channel, Message } from "../../kernel/wire/message";

export interface Sent {
  channel: Channel;
  msg: Message;
}

export class FakeTransport {
  readonly sent: Sent[] = [];
  send(channel: Channel, msg: Message): void {
    this.sent.push({ channel, msg });
  }
  /** Messages whose parent is request `id`. */
  for(id: string): Sent[] {
    return this.sent.filter((s) => (s.msg.parent_header as { msg_id?: string }).msg_id === id);
  }
  iopub(id: string, type?: string): Message[] {
    return this.for(id)
      .filter((s) => s.channel === "iopub" && (!type || s.msg.header.msg_type === type))
      .map((s) => s.msg);
  }
  reply(id: string): Message {
    const r = this.for(id).find((s) => s.channel !== "iopub" && s.msg.header.msg_type.endsWith("_reply"));
    if (!r) throw new Error(`no reply to ${id}`);
    return r.msg;
  }
}

export function request(msgType: string, content: Record<string, unknown>): Message {
  return {
    identities: [Buffer.from("client-1")],
    header: { msg_id: randomUUID(), session: "s", username: "u", date: new Date().toISOString(), msg_type: msgType, version: "5.3" },
    parent_header: {},
    metadata: {},
    content,
    buffers: [],
  };
}

export function executeRequest(code: string, extra: Record<string, unknown> = {}): Message {
  return request("execute_request", { code, silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true, ...extra });
}
