/*
 * Wire framing and signing (Jupyter messaging spec 5.3, "The Wire Protocol"):
 *
 *   [ identity ... ] "<IDS|MSG>" signature header parent_header metadata content [ buffer ... ]
 *
 * signature = hex(HMAC-SHA256(key, header ‖ parent_header ‖ metadata ‖ content)) over the exact bytes
 * sent. An empty key means no signing (signature ""). Verification uses a constant-time compare; a
 * frame list without a delimiter, with too few frames, bad JSON or a bad signature is rejected with
 * a reason (the caller logs it and drops the message; it is never executed).
 * Leaves out: signature replay caching (ipykernel keeps a digest history; we do not).
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import type { Header, JsonObject, Message } from "./message";

export const DELIMITER = "<IDS|MSG>";
const DELIM = Buffer.from(DELIMITER);

export class FramingError extends Error {}

export function sign(key: string, parts: Uint8Array[]): string {
  if (key === "") return "";
  const h = createHmac("sha256", key);
  for (const p of parts) h.update(p);
  return h.digest("hex");
}

export function encode(msg: Message, key: string): Buffer[] {
  const parts = [msg.header, msg.parent_header, msg.metadata, msg.content].map((o) => Buffer.from(JSON.stringify(o)));
  return [
    ...msg.identities.map((i) => Buffer.from(i)),
    DELIM,
    Buffer.from(sign(key, parts)),
    ...parts,
    ...msg.buffers.map((b) => Buffer.from(b)),
  ];
}

function parseJson(frame: Uint8Array, what: string): JsonObject {
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(frame).toString("utf8"));
  } catch {
    throw new FramingError(`${what} is not JSON`);
  }
  if (v === null || typeof v !== "object" || Array.isArray(v)) throw new FramingError(`${what} is not a JSON object`);
  return v as JsonObject;
}

export function decode(frames: Uint8Array[], key: string): Message {
  const at = frames.findIndex((f) => DELIM.equals(Buffer.from(f)));
  if (at < 0) throw new FramingError("no <IDS|MSG> delimiter");
  if (frames.length < at + 6) throw new FramingError(`too few frames (${frames.length - at - 1} after the delimiter, need 5)`);
  const signature = Buffer.from(frames[at + 1]).toString("ascii");
  const parts = frames.slice(at + 2, at + 6);
  if (key !== "") {
    const expected = Buffer.from(sign(key, parts), "ascii");
    const got = Buffer.from(signature, "ascii");
    if (got.length !== expected.length || !timingSafeEqual(got, expected)) {
      throw new FramingError(signature === "" ? "missing signature" : "bad signature");
    }
  }
  const header = parseJson(parts[0], "header");
  if (typeof header.msg_type !== "string" || typeof header.msg_id !== "string") throw new FramingError("header lacks msg_type or msg_id");
  return {
    identities: frames.slice(0, at),
    header: header as Header,
    parent_header: parseJson(parts[1], "parent_header"),
    metadata: parseJson(parts[2], "metadata"),
    content: parseJson(parts[3], "content"),
    buffers: frames.slice(at + 6),
  };
}
