/*
 * The real kernel process over ZMQ (`node dist/kernel/main.js <connection file>`), driven by the
 * test client in client.ts: kernel_info on shell and control, heartbeat, signed replies, dropped
 * unsigned/badly signed/malformed messages, stop_on_error queue abort, interrupts (control message
 * and SIGINT; synchronous loop and pending await) with state kept, heartbeat and control while a
 * cell spins, late exceptions, megabytes of output, stdin, comm_info and history over the wire.
 * One kernel process for the whole file.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { TestKernel } from "./client";

let k: TestKernel;
beforeAll(async () => {
  k = await TestKernel.start();
});
afterAll(async () => {
  await k?.stop();
});

async function value(code: string): Promise<unknown> {
  const r = await k.execute(code);
  expect(r.reply.content, JSON.stringify(r.reply.content)).toMatchObject({ status: "ok" });
  return plain(r.outputs);
}

const plain = (outputs: { header: { msg_type: string }; content: Record<string, any> }[]) =>
  outputs.find((m) => m.header.msg_type === "execute_result")?.content.data["text/plain"];

describe("kernel_info and heartbeat", () => {
  test("kernel_info_reply on shell and control", async () => {
    for (const ch of ["shell", "control"] as const) {
      const r = await k.request(ch, "kernel_info_request", {});
      expect(r.header.msg_type).toBe("kernel_info_reply");
      expect(r.content).toMatchObject({
        status: "ok",
        protocol_version: "5.3",
        implementation: "vtlab",
        language_info: { name: "typescript", file_extension: ".ts", mimetype: "text/typescript", codemirror_mode: { name: "javascript", typescript: true } },
      });
      expect(r.content.language_info.version).toMatch(/^\d+\.\d+/);
      expect(r.content.help_links.length).toBeGreaterThan(0);
      expect(r.content.banner).toContain("vtlab");
    }
  });
  test("heartbeat echoes", async () => {
    expect(await k.heartbeat("abc")).toBe("abc");
  });
});

describe("signing", () => {
  test("badly signed, unsigned and malformed messages are dropped and logged, never executed", async () => {
    k.send("shell", "execute_request", { code: "globalThis.pwned1 = 1", silent: false }, { badKey: true });
    k.send("shell", "execute_request", { code: "globalThis.pwned2 = 1", silent: false }, { signature: "" });
    await k["dealers"].shell.send([Buffer.from("<IDS|MSG>"), Buffer.from("x")]);
    const r = await k.execute("[typeof (globalThis as any).pwned1, typeof (globalThis as any).pwned2]");
    expect(plain(r.outputs)).toBe("[ 'undefined', 'undefined' ]");
    expect(k.stderr).toMatch(/dropped a message on shell: bad signature/);
    expect(k.stderr).toMatch(/dropped a message on shell: missing signature/);
    expect(k.stderr).toMatch(/dropped a message on shell: too few frames/);
  });
});

describe("execute over the wire", () => {
  test("stream and execute_result, status busy then idle", async () => {
    const r = await k.execute('console.log("out"); console.error("err"); 2 ** 10');
    const types = r.outputs.map((m) => m.header.msg_type);
    expect(types[0]).toBe("status");
    expect(types[types.length - 1]).toBe("status");
    expect(types).toContain("execute_input");
    expect(k.stdout(r.outputs)).toBe("out\n");
    expect(k.stdout(r.outputs, "stderr")).toBe("err\n");
    expect(plain(r.outputs)).toBe("1024");
    expect(r.reply.header.msg_type).toBe("execute_reply");
    expect(r.reply.content.status).toBe("ok");
  });
  test("stop_on_error aborts exactly the execute_requests queued before the error", async () => {
    const failing = k.send("shell", "execute_request", { code: 'await new Promise((r) => setTimeout(r, 400));\nthrow new Error("first fails")', stop_on_error: true });
    const queued1 = k.send("shell", "execute_request", { code: "globalThis.ran1 = true", stop_on_error: true });
    const queued2 = k.send("shell", "execute_request", { code: "globalThis.ran2 = true", stop_on_error: true });
    expect((await k.reply("shell", failing)).content).toMatchObject({ status: "error", ename: "Error", evalue: "first fails" });
    expect((await k.reply("shell", queued1)).content.status).toBe("aborted");
    expect((await k.reply("shell", queued2)).content.status).toBe("aborted");
    await k.outputs(queued2);
    const after = await k.execute("[(globalThis as any).ran1, (globalThis as any).ran2]");
    expect(plain(after.outputs)).toBe("[ undefined, undefined ]");
  });
  test("stop_on_error false: the queue goes on", async () => {
    const failing = k.send("shell", "execute_request", { code: 'await new Promise((r) => setTimeout(r, 200));\nthrow new Error("x")', stop_on_error: false });
    const next = k.send("shell", "execute_request", { code: '"ran"', stop_on_error: true });
    expect((await k.reply("shell", failing)).content.status).toBe("error");
    expect((await k.reply("shell", next)).content.status).toBe("ok");
  });
  test("a megabyte-printing cell does not wedge the kernel", async () => {
    const r = await k.execute('for (let i = 0; i < 20; i++) console.log("y".repeat(250_000));');
    expect(k.stdout(r.outputs).length).toBe(20 * 250_001);
    const t0 = Date.now();
    const next = await k.execute("1 + 1");
    expect(plain(next.outputs)).toBe("2");
    expect(Date.now() - t0).toBeLessThan(5000);
  });
  test("exceptions from timers and unhandled rejections are reported, the kernel lives on", async () => {
    const a = await k.execute('setTimeout(() => { throw new Error("late boom"); }, 10);\nPromise.reject(new Error("nobody caught me"));\nawait new Promise((r) => setTimeout(r, 100));');
    const err = k.stdout(a.outputs, "stderr");
    expect(err).toContain("Uncaught exception: Error: late boom");
    expect(err).toContain("Unhandled promise rejection: Error: nobody caught me");
    expect(plain((await k.execute("3")).outputs)).toBe("3");
  });
});

describe("interrupts", () => {
  test("interrupt_request on control stops a synchronous infinite loop; heartbeat and control work meanwhile; state kept", async () => {
    const init = await k.execute("let kept = 41;");
    expect(init.reply.content).toMatchObject({ status: "ok" });
    const id = k.send("shell", "execute_request", { code: "kept++;\nwhile (true) {}", stop_on_error: true });
    await k.waitFor(() => k.iopub.some((m) => m.parent_header.msg_id === id && m.header.msg_type === "execute_input"));
    await new Promise((r) => setTimeout(r, 200));
    expect(await k.heartbeat("during-loop")).toBe("during-loop");
    expect((await k.request("control", "kernel_info_request", {})).content.status).toBe("ok");
    const ir = await k.request("control", "interrupt_request", {});
    expect(ir.header.msg_type).toBe("interrupt_reply");
    expect(ir.content.status).toBe("ok");
    expect((await k.reply("shell", id)).content).toMatchObject({ status: "error", ename: "KeyboardInterrupt" });
    expect(await value("kept")).toBe("42");
  });
  test("SIGINT (interrupt_mode signal) stops a synchronous loop", async () => {
    const id = k.send("shell", "execute_request", { code: "kept++;\nfor (;;) {}", stop_on_error: true });
    await k.waitFor(() => k.iopub.some((m) => m.parent_header.msg_id === id && m.header.msg_type === "execute_input"));
    await new Promise((r) => setTimeout(r, 200));
    k.proc.kill("SIGINT");
    expect((await k.reply("shell", id)).content).toMatchObject({ status: "error", ename: "KeyboardInterrupt" });
    expect(await value("kept")).toBe("43");
  });
  test("interrupt_request and SIGINT stop a pending await", async () => {
    for (const how of ["message", "signal"]) {
      const id = k.send("shell", "execute_request", { code: "kept++;\nawait new Promise(() => {});", stop_on_error: true });
      await k.waitFor(() => k.iopub.some((m) => m.parent_header.msg_id === id && m.header.msg_type === "execute_input"));
      await new Promise((r) => setTimeout(r, 200));
      if (how === "message") await k.request("control", "interrupt_request", {});
      else k.proc.kill("SIGINT");
      expect((await k.reply("shell", id)).content).toMatchObject({ status: "error", ename: "KeyboardInterrupt" });
    }
    expect(await value("kept")).toBe("45");
  });
  test("an interrupt with no cell running is harmless", async () => {
    await k.request("control", "interrupt_request", {});
    k.proc.kill("SIGINT");
    await new Promise((r) => setTimeout(r, 100));
    expect(await value("kept")).toBe("45");
  });
});

describe("stdin, comms, history, completion over the wire", () => {
  test("input_request goes to the client on stdin; input_reply resumes the cell", async () => {
    const id = k.send("shell", "execute_request", { code: 'const answer = await input("Your name: ");\n`hi ${answer}`', allow_stdin: true, stop_on_error: true });
    const ir = await k.nextStdin();
    expect(ir.header.msg_type).toBe("input_request");
    expect(ir.content).toEqual({ prompt: "Your name: ", password: false });
    expect(ir.parent_header.msg_id).toBe(id);
    k.send("stdin", "input_reply", { value: "grace" });
    await k.reply("shell", id);
    expect(plain(await k.outputs(id))).toBe("'hi grace'");
  });
  test("comm_info_reply has the right msg_type", async () => {
    const r = await k.request("shell", "comm_info_request", {});
    expect(r.header.msg_type).toBe("comm_info_reply");
    expect(r.content).toEqual({ status: "ok", comms: {} });
  });
  test("history_reply, complete_reply, inspect_reply, is_complete_reply", async () => {
    const h = await k.request("shell", "history_request", { hist_access_type: "tail", n: 2, output: false, raw: true });
    expect(h.header.msg_type).toBe("history_reply");
    expect(h.content.history.length).toBe(2);
    const c = await k.request("shell", "complete_request", { code: "kep", cursor_pos: 3 });
    expect(c.content.matches).toContain("kept");
    const i = await k.request("shell", "inspect_request", { code: "kept", cursor_pos: 2, detail_level: 0 });
    expect(i.content.data["text/plain"]).toContain("let kept: number");
    const ic = await k.request("shell", "is_complete_request", { code: "if (x) {" });
    expect(ic.content).toEqual({ status: "incomplete", indent: "  " });
  });
});
