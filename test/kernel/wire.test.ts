/*
 * kernel/wire unit tests: connection file parsing, framing and HMAC-SHA256 signing (checked against
 * node's crypto computed here, per the messaging spec's "The Wire Protocol"), rejection of bad,
 * missing and malformed signatures, and the dispatcher's status/reply discipline with a fake
 * transport.
 */
import { describe, expect, test } from "vitest";
import { createHmac } from "node:crypto";
import { parseConnection, endpoint } from "../../dist/kernel/wire/connection";
import { decode, encode, FramingError, DELIMITER } from "../../dist/kernel/wire/framing";
import { Dispatcher } from "../../dist/kernel/wire/dispatcher";
import { newOrigin, replyType, type Message } from "../../dist/kernel/wire/message";
import { FakeTransport, request } from "./fake-transport";

const conn = { shell_port: 1, iopub_port: 2, stdin_port: 3, control_port: 4, hb_port: 5, ip: "127.0.0.1", transport: "tcp", key: "k", signature_scheme: "hmac-sha256" };

describe("connection file", () => {
  test("parses and builds endpoints", () => {
    const c = parseConnection(JSON.stringify(conn));
    expect(endpoint(c, "hb_port")).toBe("tcp://127.0.0.1:5");
    expect(endpoint({ ...c, transport: "ipc", ip: "/tmp/k" }, "shell_port")).toBe("ipc:///tmp/k-1");
  });
  test("rejects bad files with one-line reasons", () => {
    expect(() => parseConnection("{", "f.json")).toThrow(/^f\.json: not JSON/);
    expect(() => parseConnection(JSON.stringify({ ...conn, hb_port: "x" }))).toThrow(/bad or missing "hb_port"/);
    expect(() => parseConnection(JSON.stringify({ ...conn, signature_scheme: "hmac-md5" }))).toThrow(/unsupported signature_scheme/);
  });
});

function sample(): Message {
  return { identities: [Buffer.from("id-1"), Buffer.from("id-2")], header: { msg_id: "m1", session: "s", username: "u", date: "d", msg_type: "execute_request", version: "5.3" }, parent_header: {}, metadata: { a: 1 }, content: { code: "1+1" }, buffers: [Buffer.from([1, 2, 3])] };
}

describe("framing", () => {
  test("frames are identities, delimiter, HMAC-SHA256 over the four JSON parts, parts, buffers", () => {
    const frames = encode(sample(), "secret");
    expect(frames.map((f) => f.toString()).slice(0, 3)).toEqual(["id-1", "id-2", DELIMITER]);
    const h = createHmac("sha256", "secret");
    for (const f of frames.slice(4, 8)) h.update(f);
    expect(frames[3].toString()).toBe(h.digest("hex"));
    expect(JSON.parse(frames[7].toString())).toEqual({ code: "1+1" });
    expect([...frames[8]]).toEqual([1, 2, 3]);
  });
  test("round trip keeps identities, content and buffers", () => {
    const back = decode(encode(sample(), "secret"), "secret");
    expect(back.identities.map((i) => Buffer.from(i).toString())).toEqual(["id-1", "id-2"]);
    expect(back.content).toEqual({ code: "1+1" });
    expect(back.metadata).toEqual({ a: 1 });
    expect(back.buffers.length).toBe(1);
  });
  test("empty key: empty signature, nothing checked", () => {
    const frames = encode(sample(), "");
    expect(frames[3].toString()).toBe("");
    expect(decode(frames, "").header.msg_id).toBe("m1");
  });
  test("bad, missing, truncated signatures are rejected", () => {
    const frames = encode(sample(), "secret");
    expect(() => decode(frames, "other")).toThrow(new FramingError("bad signature"));
    const unsigned = [...frames];
    unsigned[3] = Buffer.from("");
    expect(() => decode(unsigned, "secret")).toThrow(/missing signature/);
    const short = [...frames];
    short[3] = Buffer.from("abc");
    expect(() => decode(short, "secret")).toThrow(/bad signature/);
    const tampered = [...frames];
    tampered[7] = Buffer.from(JSON.stringify({ code: "evil()" }));
    expect(() => decode(tampered, "secret")).toThrow(/bad signature/);
  });
  test("malformed frame lists are rejected", () => {
    expect(() => decode([Buffer.from("x")], "")).toThrow(/no <IDS\|MSG> delimiter/);
    expect(() => decode([Buffer.from(DELIMITER), Buffer.from("")], "")).toThrow(/too few frames/);
    const bad = encode(sample(), "");
    bad[4] = Buffer.from("{not json");
    expect(() => decode(bad, "")).toThrow(/header is not JSON/);
  });
});

describe("dispatcher", () => {
  test("busy, reply on the request's channel with the _reply type, idle", async () => {
    const t = new FakeTransport();
    const d = new Dispatcher(t, newOrigin());
    d.on("kernel_info_request", (ctx) => ctx.reply({ status: "ok" }));
    const req = request("kernel_info_request", {});
    await d.dispatch("control", req);
    const seq = t.for(req.header.msg_id).map((s) => `${s.channel}:${s.msg.header.msg_type}:${(s.msg.content.execution_state as string) ?? ""}`);
    expect(seq).toEqual(["iopub:status:busy", "control:kernel_info_reply:", "iopub:status:idle"]);
    const reply = t.reply(req.header.msg_id);
    expect(reply.identities).toEqual(req.identities);
    expect(reply.parent_header).toEqual(req.header);
    expect(reply.header.session).not.toBe(req.header.session);
    expect(replyType("comm_info_request")).toBe("comm_info_reply");
  });
  test("unknown types get no reply but still busy/idle; a failing handler still replies", async () => {
    const t = new FakeTransport();
    const d = new Dispatcher(t, newOrigin());
    const unknown = request("frobnicate_request", {});
    await d.dispatch("shell", unknown);
    expect(t.for(unknown.header.msg_id).map((s) => s.channel)).toEqual(["iopub", "iopub"]);
    d.on("inspect_request", () => {
      throw new Error("broken");
    });
    const failing = request("inspect_request", {});
    await d.dispatch("shell", failing);
    expect(t.reply(failing.header.msg_id).content).toMatchObject({ status: "error", evalue: "broken" });
  });
});
