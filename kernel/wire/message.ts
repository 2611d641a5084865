/*
 * Jupyter messages as plain data (Jupyter messaging spec 5.3, "General Message Format").
 *
 * A message is a header, the parent's header, metadata, content and optional binary buffers; on the
 * wire it is preceded by the ZMQ routing identities (see framing.ts). This file builds headers and
 * replies; it knows nothing of sockets, signing or TypeScript.
 * Leaves out: the deprecated 4.x message formats and the JSON date parsing some clients do.
 */
import { randomUUID } from "node:crypto";

export const PROTOCOL_VERSION = "5.3";

export type Channel = "shell" | "control" | "iopub" | "stdin";

export interface Header {
  msg_id: string;
  session: string;
  username: string;
  date: string;
  msg_type: string;
  version: string;
  [extra: string]: unknown;
}

export type JsonObject = Record<string, unknown>;

/** A decoded message. `identities` are the ZMQ routing frames before `<IDS|MSG>`. */
export interface Message {
  identities: Uint8Array[];
  header: Header;
  parent_header: Header | JsonObject;
  metadata: JsonObject;
  content: JsonObject;
  buffers: Uint8Array[];
}

/** The session id this kernel process signs its own headers with (one per process, per the spec). */
export interface Origin {
  session: string;
  username: string;
}

export function newOrigin(username = "vtlab"): Origin {
  return { session: randomUUID(), username };
}

export function newHeader(origin: Origin, msgType: string): Header {
  return {
    msg_id: randomUUID(),
    session: origin.session,
    username: origin.username,
    date: new Date().toISOString(),
    msg_type: msgType,
    version: PROTOCOL_VERSION,
  };
}

/** A message answering (or caused by) `parent`: routed back to the parent's identities. */
export function childMessage(
  origin: Origin,
  parent: Message | undefined,
  msgType: string,
  content: JsonObject,
  metadata: JsonObject = {},
  buffers: Uint8Array[] = [],
): Message {
  return {
    identities: parent ? parent.identities : [],
    header: newHeader(origin, msgType),
    parent_header: parent ? parent.header : {},
    metadata,
    content,
    buffers,
  };
}

/** `execute_request` -> `execute_reply`, per the spec's request/reply naming rule. */
export function replyType(requestType: string): string {
  if (!requestType.endsWith("_request")) throw new Error(`not a request type: ${requestType}`);
  return requestType.slice(0, -"_request".length) + "_reply";
}

/** Iopub topic: the spec leaves it free; ipykernel uses "kernel.<id>.<msg_type>", we use the same shape. */
export function iopubTopic(kernelId: string, msgType: string): string {
  return `kernel.${kernelId}.${msgType}`;
}
