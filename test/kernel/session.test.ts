/*
 * kernel/session with a fake transport, in this process: execution (results, streams, errors with
 * cell positions, variables and types across cells, top-level await), the display protocol and
 * helpers, plotly, magics, preload, completion, inspection, is_complete, history, comms,
 * user_expressions, stdin and large output (Jupyter messaging spec 5.3, shell and iopub messages).
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Session } from "../../dist/kernel/session/session";
import { History } from "../../dist/kernel/session/history";
import { newOrigin, type Message } from "../../dist/kernel/wire/message";
import { FakeTransport, executeRequest, request } from "./fake-transport";
import { writeEngineFixture } from "./engine-fixture";

const dir = mkdtempSync(join(tmpdir(), "vtlab-session-"));
const historyPath = join(dir, "history.jsonl");
const t = new FakeTransport();
let session: Session;

beforeAll(async () => {
  process.env.VTLAB_ENGINE_PATH = writeEngineFixture();
  session = await Session.create(t, newOrigin(), { historyPath });
});
afterAll(() => session?.close());

async function run(code: string, extra: Record<string, unknown> = {}) {
  const req = executeRequest(code, extra);
  const outcome = await session.handle("shell", req);
  const id = req.header.msg_id;
  const iopub = t.iopub(id);
  return {
    req,
    outcome,
    reply: t.reply(id).content,
    iopub,
    types: iopub.map((m) => m.header.msg_type),
    stdout: iopub.filter((m) => m.header.msg_type === "stream" && m.content.name === "stdout").map((m) => m.content.text).join(""),
    stderr: iopub.filter((m) => m.header.msg_type === "stream" && m.content.name === "stderr").map((m) => m.content.text).join(""),
    result: iopub.find((m) => m.header.msg_type === "execute_result")?.content as { data: Record<string, unknown>; execution_count: number } | undefined,
    displays: iopub.filter((m) => m.header.msg_type === "display_data" || m.header.msg_type === "update_display_data"),
    error: iopub.find((m) => m.header.msg_type === "error")?.content as { ename: string; evalue: string; traceback: string[] } | undefined,
  };
}

async function ask(type: string, content: Record<string, unknown>): Promise<Record<string, any>> {
  const req = request(type, content);
  await session.handle("shell", req);
  return t.reply(req.header.msg_id).content;
}

describe("execute", () => {
  test("execute_input, stream, execute_result for the last expression, reply ok, count increments", async () => {
    const r = await run('const greeting: string = "hi";\nconsole.log(greeting);\n6 * 7');
    expect(r.types).toEqual(["status", "execute_input", "stream", "execute_result", "status"]);
    expect(r.stdout).toBe("hi\n");
    expect(r.result!.data["text/plain"]).toBe("42");
    expect(r.reply).toMatchObject({ status: "ok", execution_count: r.result!.execution_count, user_expressions: {}, payload: [] });
    const r2 = await run("1");
    expect(r2.reply.execution_count).toBe((r.reply.execution_count as number) + 1);
  });
  test("variables and their types persist across cells; a type error names line and column", async () => {
    await run("let counter = 41;\nfunction bump(by: number) { counter += by; return counter; }");
    expect((await run("bump(1)")).result!.data["text/plain"]).toBe("42");
    const bad = await run('const ok = 1;\nbump("x")');
    expect(bad.reply.status).toBe("error");
    expect(bad.error!.ename).toBe("TypeError");
    expect(bad.error!.evalue).toMatch(/^line 2, column 6: Argument of type 'string' is not assignable to parameter of type 'number'/);
    expect(bad.error!.traceback.join("\n")).toContain('    bump("x")\n         ^^^');
    expect((await run("counter")).result!.data["text/plain"]).toBe("42");
  });
  test("syntax errors are SyntaxError with line and column", async () => {
    const r = await run("const a = 1;\nlet b = ;");
    expect(r.error).toMatchObject({ ename: "SyntaxError" });
    expect(r.error!.evalue).toMatch(/^line 2, column 9: Expression expected/);
  });
  test("runtime errors: ename, evalue, traceback mapped to cell lines", async () => {
    const r = await run('interface P { x: number }\nconst p: P = { x: 1 };\nfunction fail(n: number): never {\n  throw new RangeError("bad " + n);\n}\nfail(p.x)');
    expect(r.reply).toMatchObject({ status: "error", ename: "RangeError", evalue: "bad 1" });
    const tb = r.error!.traceback.join("\n");
    const n = r.reply.execution_count;
    expect(tb).toContain(`at fail (cell [${n}] line 4, column 9)`);
    expect(tb).toContain(`(cell [${n}] line 6, column 1)`);
    expect(tb).not.toMatch(/node:|dist\/kernel/);
    expect(r.outcome.abortQueued).toBe(true);
    const r2 = await run("throw 5", { stop_on_error: false });
    expect(r2.error).toMatchObject({ ename: "Uncaught", evalue: "5" });
    expect(r2.outcome.abortQueued).toBe(false);
  });
  test("a function from an earlier cell that throws names that cell's line", async () => {
    const def = await run("// helper\nfunction explode(): number {\n  return JSON.parse(\"{bad\");\n}");
    expect(def.reply.status).toBe("ok");
    const r = await run("const z = 1;\nexplode()");
    const tb = r.error!.traceback.join("\n");
    expect(r.error!.ename).toBe("SyntaxError");
    expect(r.reply.execution_count).toBe((def.reply.execution_count as number) + 1);
    expect(tb).toContain(`at explode (cell [${def.reply.execution_count}] line 3, column 15)`);
    expect(tb).toContain(`(cell [${r.reply.execution_count}] line 2, column 1)`);
    expect(tb).not.toMatch(/session\.[tj]s|executor\.[tj]s|Proxy\./);
  });
  test("a failed cell does not commit its declarations", async () => {
    await run("const later = 1;\nthrow new Error('x')");
    const r = await run("const later = 2; later");
    expect(r.result!.data["text/plain"]).toBe("2");
  });
  test("top-level await", async () => {
    const r = await run("const v = await new Promise<number>((res) => setTimeout(() => res(7), 10));\nv * 2");
    expect(r.result!.data["text/plain"]).toBe("14");
  });
  test("silent: no execute_input, no result, count unchanged; store_history false keeps the count", async () => {
    const before = (await run("0")).reply.execution_count as number;
    const s = await run("99", { silent: true });
    expect(s.types).toEqual(["status", "status"]);
    const n = await run("1", { store_history: false });
    expect(n.reply.execution_count).toBe(before);
  });
  test("user_expressions are evaluated after the cell", async () => {
    const r = await run("const ue = 20;", { user_expressions: { twice: "ue * 2", broken: "nope(" } });
    const ue = r.reply.user_expressions as Record<string, any>;
    expect(ue.twice).toMatchObject({ status: "ok", data: { "text/plain": "40" } });
    expect(ue.broken.status).toBe("error");
  });
  test("megabytes of output arrive in bounded chunks, in order", async () => {
    const r = await run('for (let i = 0; i < 50_000; i++) console.log("line " + String(i).padStart(6, "0") + " " + "x".repeat(80));');
    const streams = r.iopub.filter((m) => m.header.msg_type === "stream");
    const text = streams.map((m) => m.content.text as string).join("");
    expect(text.length).toBe(50_000 * 93);
    expect(streams.length).toBeLessThan(80);
    expect(Math.max(...streams.map((m) => (m.content.text as string).length))).toBeLessThanOrEqual(64 * 1024);
    expect(text.endsWith("line 049999 " + "x".repeat(80) + "\n")).toBe(true);
  });
  test("chunking never splits a surrogate pair", async () => {
    const r = await run('process.stdout.write("a" + "😀".repeat(40_000));');
    const pieces = r.iopub.filter((m) => m.header.msg_type === "stream").map((m) => m.content.text as string);
    expect(pieces.length).toBeGreaterThan(1);
    for (const p of pieces) expect(Buffer.from(p, "utf8").toString("utf8")).toBe(p);
    expect(pieces.join("")).toBe("a" + "😀".repeat(40_000));
  });
  test("stderr and stdout stay in order", async () => {
    const r = await run('console.log("a"); console.error("b"); console.log("c");');
    const seq = r.iopub.filter((m) => m.header.msg_type === "stream").map((m) => `${m.content.name}:${m.content.text}`);
    expect(seq).toEqual(["stdout:a\n", "stderr:b\n", "stdout:c\n"]);
  });
});

describe("display", () => {
  test("rich-display protocol on the cell result", async () => {
    const r = await run('({ [Symbol.for("Jupyter.display")]() { return { "text/html": "<b>x</b>" }; } })');
    expect(r.result!.data["text/html"]).toBe("<b>x</b>");
    expect(typeof r.result!.data["text/plain"]).toBe("string");
  });
  test("display() sends display_data with a display id; update() sends update_display_data to it", async () => {
    const r = await run('const h = display(html("<i>1</i>"));\nh.update(markdown("**2**"));\nundefined');
    expect(r.displays.map((m) => m.header.msg_type)).toEqual(["display_data", "update_display_data"]);
    const [first, second] = r.displays;
    expect(first.content.data).toMatchObject({ "text/html": "<i>1</i>" });
    expect(second.content.data).toMatchObject({ "text/markdown": "**2**" });
    expect((first.content.transient as { display_id: string }).display_id).toBe((second.content.transient as { display_id: string }).display_id);
  });
  test("helpers: svg, png, json, table, clearOutput", async () => {
    const r = await run('display(svg("<svg/>")); display(png(new Uint8Array([137, 80, 78, 71]))); display(json({ a: [1] }));\ndisplay(table([{ op: "nop", n: 3 }, { op: "hlt", n: 1 }]));\nclearOutput(true);');
    const datas = r.displays.map((m) => m.content.data as Record<string, unknown>);
    expect(datas[0]["image/svg+xml"]).toBe("<svg/>");
    expect(datas[1]["image/png"]).toBe(Buffer.from([137, 80, 78, 71]).toString("base64"));
    expect(datas[2]["application/json"]).toEqual({ a: [1] });
    expect(datas[3]["text/html"]).toContain("<th>op</th><th>n</th>");
    expect(datas[3]["text/plain"]).toBe("op   n\n---  -\nnop  3\nhlt  1");
    expect(r.iopub.find((m) => m.header.msg_type === "clear_output")!.content).toEqual({ wait: true });
  });
  test("progress bar updates one display in place", async () => {
    const r = await run("const bar = progress(4, \"boot\");\nfor (let i = 1; i <= 4; i++) bar.update(i);\nbar.done();");
    const [first, ...updates] = r.displays;
    expect(first.header.msg_type).toBe("display_data");
    expect(updates.length).toBeGreaterThanOrEqual(1);
    expect(updates.every((m) => m.header.msg_type === "update_display_data")).toBe(true);
    const last = updates[updates.length - 1].content.data as Record<string, string>;
    expect(last["text/plain"]).toMatch(/^boot \[#{30}\] 100% 4\/4/);
    expect(last["text/html"]).toContain('<progress value="4" max="4"');
  });
  test("a display handle or progress bar as the last value gives no execute_result (display returns None in IPython)", async () => {
    const d = await run('display(markdown("**hi**"));');
    expect(d.types).toEqual(["status", "execute_input", "display_data", "status"]);
    const h = await run('const h2 = display("x");\nh2');
    expect(h.result).toBeUndefined();
    const p = await run('const bar2 = progress(2, "p");\nbar2.update(1);\nbar2');
    expect(p.result).toBeUndefined();
    expect(p.displays.length).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(p.iopub)).not.toMatch(/lastSent|handle:|DisplayHandle/);
    const rich = await run('html("<b>rich</b>")');
    expect(rich.result!.data["text/html"]).toBe("<b>rich</b>");
  });
  test("plotly: mime kept, self-contained HTML (bundle inlined once per session), text/plain added", async () => {
    const fig = '{ data: [{ type: "histogram", x: [1, 2, 2, 3] }], layout: { title: { text: "t" } } }';
    const a = await run(`plotly(${fig})`);
    const b = await run(`display(mime({ "application/vnd.plotly.v1+json": ${fig} }))`);
    const htmlA = a.result!.data["text/html"] as string;
    const htmlB = (b.displays[0].content.data as Record<string, string>)["text/html"];
    expect(a.result!.data["application/vnd.plotly.v1+json"]).toMatchObject({ data: [{ type: "histogram" }] });
    expect(a.result!.data["text/plain"]).toBe("Plotly figure (1 trace: histogram)");
    const bundleHead = readFileSync(require.resolve("plotly.js-cartesian-dist-min"), "utf8").slice(0, 60);
    // Booleans, not the 1.5 MB strings, so a failure stays readable.
    expect(htmlA.includes(bundleHead)).toBe(true);
    expect(htmlB.includes(bundleHead)).toBe(false);
    for (const h of [htmlA, htmlB]) {
      const figurePart = h.slice(h.lastIndexOf('<div id="vtlab-plot-'));
      expect(figurePart.includes("window.Plotly.newPlot")).toBe(true);
      expect(/https?:/.test(figurePart)).toBe(false);
      expect(/<script[^>]*\ssrc=/.test(h)).toBe(false);
    }
  });
});

describe("magics", () => {
  test("%%html and %%markdown", async () => {
    expect((await run("%%html\n<p>hi</p>")).displays[0].content.data).toMatchObject({ "text/html": "<p>hi</p>" });
    expect((await run("%%markdown\n# T")).displays[0].content.data).toMatchObject({ "text/markdown": "# T" });
  });
  test("%time runs the code, prints the wall time and returns its value", async () => {
    const r = await run("%time [1, 2, 3].length");
    expect(r.stdout).toMatch(/^Wall time: [\d.]+ (ns|µs|ms|s)\n$/);
    expect(r.result!.data["text/plain"]).toBe("3");
  });
  test("%timeit prints mean ± std. dev.", async () => {
    const r = await run("%timeit Math.sqrt(2)");
    expect(r.stdout).toMatch(/± .* per loop \(mean ± std\. dev\. of 7 runs, \d+ loops? each\)/);
  });
  test("%vtlab lists versions", async () => {
    const r = await run("%vtlab");
    for (const k of ["kernel", "engine", "node", "typescript", "plotly.js"]) expect(r.stdout).toMatch(new RegExp(`^${k.replace(".", "\\.")}\\s+\\S`, "m"));
    expect(r.stdout).toContain(process.versions.node);
  });
  test("expr? pages the type and docs (execute_reply payload)", async () => {
    const r = await run("Math.max?");
    expect(r.reply.payload).toEqual([{ source: "page", data: { "text/plain": expect.stringContaining("max(...values: number[]): number") }, start: 0 }]);
    const none = await run("   ?");
    expect(none.reply.status).toBe("ok");
  });
  test("unknown magic is a UsageError", async () => {
    expect((await run("%nope")).error).toMatchObject({ ename: "UsageError" });
  });
  test("%%asm shows the listing and keeps the result under its name; errors carry line and column", async () => {
    const r = await run("%%asm prog\nnop\nhlt");
    expect(r.reply.status).toBe("ok");
    expect((r.displays[0].content.data as Record<string, string>)["text/plain"]).toBe("00000000  90  nop\n00000001  F4  hlt");
    expect((await run("Array.from(prog.bytes)")).result!.data["text/plain"]).toBe("[ 144, 244 ]");
    const bad = await run("%%asm\nnop\n  bogus");
    expect(bad.error).toMatchObject({ ename: "AsmError" });
    expect(bad.error!.traceback).toContain("line 2, column 3: unknown instruction 'bogus'");
  });
});

describe("preload, completion, inspection, is_complete", () => {
  test("engine exports are usable without an import, with types", async () => {
    const r = await run("const m = new Machine(4096);\nm.describe()");
    expect(r.result!.data["text/plain"]).toBe("'machine with 4096 bytes'");
    expect(session.preload.engineNames.sort()).toEqual(["Machine", "assemble"]);
    const typed = await run("new Machine('x')");
    expect(typed.error!.ename).toBe("TypeError");
  });
  test("complete_request: members from the type checker, cursor in code points", async () => {
    const r = await ask("complete_request", { code: "const é = 1; Math.ma", cursor_pos: 20 });
    expect(r.status).toBe("ok");
    expect(r.matches).toContain("max");
    expect(r.cursor_start).toBe(18);
    expect(r.cursor_end).toBe(20);
    const g = await ask("complete_request", { code: "Mach", cursor_pos: 4 });
    expect(g.matches).toContain("Machine");
    const d = await ask("complete_request", { code: "displ", cursor_pos: 5 });
    expect(d.matches).toContain("display");
  });
  test("inspect_request: type information", async () => {
    const r = await ask("inspect_request", { code: "Math.max", cursor_pos: 8, detail_level: 0 });
    expect(r).toMatchObject({ status: "ok", found: true });
    expect(r.data["text/plain"]).toContain("max(...values: number[]): number");
    const none = await ask("inspect_request", { code: "   ", cursor_pos: 1, detail_level: 0 });
    expect(none.found).toBe(false);
  });
  test("is_complete_request: complete, incomplete with indent, invalid", async () => {
    expect(await ask("is_complete_request", { code: "let a = 1;" })).toEqual({ status: "complete" });
    expect(await ask("is_complete_request", { code: "function f() {" })).toEqual({ status: "incomplete", indent: "  " });
    expect(await ask("is_complete_request", { code: "let = = 1;" })).toEqual({ status: "invalid" });
    expect(await ask("is_complete_request", { code: "const t = `line one\n${1 + 1}" })).toEqual({ status: "incomplete", indent: "" });
    expect(await ask("is_complete_request", { code: 'const s = "no closing quote' })).toEqual({ status: "invalid" });
    expect(await ask("is_complete_request", { code: "const t = `open` + `" })).toEqual({ status: "incomplete", indent: "" });
    expect(await ask("is_complete_request", { code: "%%html" })).toEqual({ status: "complete" });
    expect(await ask("is_complete_request", { code: "Math.max?" })).toEqual({ status: "complete" });
  });
});

describe("history", () => {
  test("tail, range, search over this session", async () => {
    await run("const histMarker = 'unique-marker-1';");
    const tail = await ask("history_request", { hist_access_type: "tail", n: 1, output: false, raw: true });
    expect(tail.history).toEqual([[session.history.session, expect.any(Number), "const histMarker = 'unique-marker-1';"]]);
    const range = await ask("history_request", { hist_access_type: "range", session: 0, start: 1, stop: 3, output: false, raw: true });
    expect(range.history.map((h: unknown[]) => h[1])).toEqual([1, 2]);
    const search = await ask("history_request", { hist_access_type: "search", pattern: "*unique-marker*", n: 5, unique: true, output: false, raw: true });
    expect(search.history.length).toBe(1);
    expect(readFileSync(historyPath, "utf8")).toContain("unique-marker-1");
  });
  test("the file keeps history across sessions, each numbered after the last", () => {
    const again = new History(historyPath);
    expect(again.session).toBe(session.history.session + 1);
    expect(again.tail(1)[0][2]).toBe("const histMarker = 'unique-marker-1';");
    expect(again.range(-1, 1, undefined).length).toBeGreaterThan(5);
  });
});

describe("comms", () => {
  test("registry: open from the front end, messages both ways, info, close; unknown target is closed", async () => {
    await run('comms.registerTarget("echo", (comm, data) => { comm.onMsg((d) => comm.send({ echo: d.x })); comm.send({ opened: data.hello }); });');
    const open = request("comm_open", { comm_id: "c1", target_name: "echo", data: { hello: "yes" } });
    await session.handle("shell", open);
    expect(t.iopub(open.header.msg_id, "comm_msg")[0].content).toEqual({ comm_id: "c1", data: { opened: "yes" } });
    expect((await ask("comm_info_request", { target_name: "echo" })).comms).toEqual({ c1: { target_name: "echo" } });
    const msg = request("comm_msg", { comm_id: "c1", data: { x: 5 } });
    await session.handle("shell", msg);
    expect(t.iopub(msg.header.msg_id, "comm_msg")[0].content).toEqual({ comm_id: "c1", data: { echo: 5 } });
    await session.handle("shell", request("comm_close", { comm_id: "c1", data: {} }));
    expect((await ask("comm_info_request", {})).comms).toEqual({});
    const unknown = request("comm_open", { comm_id: "c2", target_name: "nobody", data: {} });
    await session.handle("shell", unknown);
    expect(t.iopub(unknown.header.msg_id, "comm_close")[0].content).toMatchObject({ comm_id: "c2" });
  });
  test("kernel-side comms.open publishes comm_open", async () => {
    const r = await run('const kc = comms.open("vtlab.test", { v: 1 }); kc.id.length');
    const o = r.iopub.find((m) => m.header.msg_type === "comm_open")!;
    expect(o.content).toMatchObject({ target_name: "vtlab.test", data: { v: 1 } });
    expect((await ask("comm_info_request", {})).comms[o.content.comm_id as string]).toEqual({ target_name: "vtlab.test" });
  });
});

describe("interrupt signal", () => {
  test("an interrupt aborts cellSignal(), so yielding loops stop instead of running on", async () => {
    const req = executeRequest("let spins = 0;\nconst sig = cellSignal();\nwhile (!sig.aborted) { spins++; await new Promise((r) => setImmediate(r)); }");
    const done = session.handle("shell", req);
    await new Promise((r) => setTimeout(r, 100));
    session.interrupt();
    await done;
    expect(t.reply(req.header.msg_id).content).toMatchObject({ status: "error", ename: "KeyboardInterrupt" });
    const a = (await run("[sig.aborted, spins > 0, (globalThis as any)[Symbol.for('vtlab.cellSignal')]() === cellSignal()]")).result!.data["text/plain"];
    expect(a).toBe("[ true, true, true ]");
    const before = (await run("spins")).result!.data["text/plain"];
    await new Promise((r) => setTimeout(r, 50));
    expect((await run("spins")).result!.data["text/plain"]).toBe(before);
    expect((await run("cellSignal().aborted")).result!.data["text/plain"]).toBe("false");
  });
});

describe("stdin", () => {
  test("input() without allow_stdin is an error", async () => {
    const r = await run('await input("name? ")');
    expect(r.error!.evalue).toMatch(/did not allow stdin/);
  });
  test("input() sends input_request on stdin to the requester and resumes with the reply", async () => {
    const req = executeRequest('const name = await input("name? ");\n"hello " + name', { allow_stdin: true });
    const done = session.handle("shell", req);
    let ir: Message | undefined;
    for (let i = 0; i < 100 && !ir; i++) {
      await new Promise((r) => setTimeout(r, 10));
      ir = t.for(req.header.msg_id).find((s) => s.channel === "stdin")?.msg;
    }
    expect(ir!.header.msg_type).toBe("input_request");
    expect(ir!.content).toEqual({ prompt: "name? ", password: false });
    expect(Buffer.from(ir!.identities[0]).toString()).toBe("client-1");
    session.stdinReply({ ...request("input_reply", { value: "ada" }), parent_header: ir!.header });
    await done;
    expect(t.iopub(req.header.msg_id, "execute_result")[0].content.data).toMatchObject({ "text/plain": "'hello ada'" });
  });
});
