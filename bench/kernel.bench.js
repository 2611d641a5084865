#!/usr/bin/env node
// Kernel latency bench: the vtlab kernel next to tslab's own kernel, measured in the same run with
// the same client. A minimal Jupyter client speaks the wire protocol (Jupyter messaging spec 5.3,
// "The Wire Protocol": <IDS|MSG> delimiter, HMAC-SHA256 over header/parent/metadata/content) over
// zeromq 6 to a kernel started from a fresh connection file, and measures:
//   start-up:   spawn -> kernel_info_reply received (the request is queued on the DEALER before the
//               kernel binds; zeromq delivers it once the kernel's ROUTER is up), best of 3 starts;
//               also spawn -> first cell ("1") answered, since a kernel may answer kernel_info
//               before it can run code
//   round trip: execute_request of a trivial cell ("1") -> execute_reply AND iopub status idle for
//               it, median of 50 after 5 warm-ups (what a front end waits for before the next cell);
//               measured twice: the same source every time (a kernel may reuse its compile), and a
//               fresh source every time ("1 + 0", "1 + 1", ...), which must be type-checked anew
// Targets (issue 5): round trip < 10 ms, start-up < 2 s.  Usage: node bench/kernel.bench.js
"use strict";
const { spawn } = require("child_process");
const crypto = require("crypto");
const fs = require("fs");
const net = require("net");
const os = require("os");
const path = require("path");

const REPO = path.resolve(__dirname, "..");
const { kernelspec } = require("../scripts/render-kernelspec.js");
let zmq;
try {
  zmq = require(require.resolve("zeromq", { paths: [REPO] }));
} catch (e) {
  console.error(`kernel.bench: zeromq is not installed (${e.message}); run ./install.sh`);
  process.exit(1);
}

const KERNELS = [
  { name: "vtlab", argv: (conn) => vtlabArgv(conn) },
  { name: "tslab", argv: (conn) => [path.join(REPO, "node_modules", "tslab", "bin", "tslab"), "kernel", "--config-path", conn] },
];
/**
 * vtlab is started the way Jupyter starts it: with the argv of its kernelspec as install.sh
 * renders it (scripts/render-kernelspec.js, node options included), the node binary being this one.
 */
const VTLAB_SPEC_ARGV = kernelspec({ node: process.execPath, interruptMode: "message", displayName: "" }).argv;
function vtlabArgv(conn) {
  const argv = VTLAB_SPEC_ARGV.map((a) => a.replace("{connection_file}", conn));
  if (argv[0] !== process.execPath) throw new Error(`unexpected kernelspec argv ${JSON.stringify(VTLAB_SPEC_ARGV)}`);
  return argv.slice(1);
}
const ROUND_TRIPS = 50;
const WARMUPS = 5;
const STARTS = 3;

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function connectionFile(dir) {
  const conn = {
    transport: "tcp",
    ip: "127.0.0.1",
    shell_port: await freePort(),
    iopub_port: await freePort(),
    stdin_port: await freePort(),
    control_port: await freePort(),
    hb_port: await freePort(),
    key: crypto.randomBytes(16).toString("hex"),
    signature_scheme: "hmac-sha256",
    kernel_name: "bench",
  };
  const file = path.join(dir, `kernel-${crypto.randomBytes(4).toString("hex")}.json`);
  fs.writeFileSync(file, JSON.stringify(conn));
  return { conn, file };
}

/** A Jupyter client over zeromq: shell + control DEALERs, iopub SUB. */
class Client {
  constructor(conn) {
    this.conn = conn;
    this.session = crypto.randomUUID();
    const url = (port) => `tcp://${conn.ip}:${port}`;
    this.shell = new zmq.Dealer({ routingId: this.session });
    this.control = new zmq.Dealer({ routingId: `${this.session}-c` });
    this.iopub = new zmq.Subscriber();
    this.shell.connect(url(conn.shell_port));
    this.control.connect(url(conn.control_port));
    this.iopub.connect(url(conn.iopub_port));
    this.iopub.subscribe();
    this.waiters = []; // { match(msg, channel) -> bool, resolve }
    this.closed = false;
    this.pump(this.shell, "shell");
    this.pump(this.control, "control");
    this.pump(this.iopub, "iopub");
  }

  sign(parts) {
    const h = crypto.createHmac("sha256", this.conn.key);
    for (const p of parts) h.update(p);
    return h.digest("hex");
  }

  async send(socket, msgType, content) {
    const header = {
      msg_id: crypto.randomUUID(),
      session: this.session,
      username: "bench",
      date: new Date().toISOString(),
      msg_type: msgType,
      version: "5.3",
    };
    const parts = [JSON.stringify(header), "{}", "{}", JSON.stringify(content)];
    await socket.send(["<IDS|MSG>", this.sign(parts), ...parts]);
    return header.msg_id;
  }

  async pump(socket, channel) {
    try {
      for await (const frames of socket) {
        const i = frames.findIndex((f) => f.toString() === "<IDS|MSG>");
        if (i < 0) continue;
        const [sig, header, parent, metadata, content] = frames.slice(i + 1, i + 6).map((f) => f.toString());
        if (sig !== this.sign([header, parent, metadata, content])) {
          console.error(`kernel.bench: bad signature on ${channel}`);
          continue;
        }
        const msg = { channel, header: JSON.parse(header), parent: JSON.parse(parent), content: JSON.parse(content) };
        this.waiters = this.waiters.filter((w) => !w.take(msg));
      }
    } catch (e) {
      if (!this.closed) console.error(`kernel.bench: ${channel} socket: ${e.message}`);
    }
  }

  /** Resolves with the first message (arriving from now on) for which `pred` holds. */
  next(pred, timeoutMs, what) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${what} within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({
        take: (msg) => {
          if (!pred(msg)) return false;
          clearTimeout(timer);
          resolve(msg);
          return true;
        },
      });
    });
  }

  /** Sends a request on shell/control and resolves with its reply. */
  async request(channel, msgType, content, timeoutMs = 20_000) {
    const socket = channel === "control" ? this.control : this.shell;
    let id = "";
    const reply = this.next((m) => m.channel === channel && m.parent.msg_id === id, timeoutMs, `${msgType} reply`);
    id = await this.send(socket, msgType, content);
    return reply;
  }

  /**
   * IOPub is a PUB/SUB pair: until the subscription has reached the kernel, what it publishes is
   * dropped ("slow joiner", zeromq guide ch. 1). As jupyter_client does, ask for kernel_info until
   * its status messages come through on iopub.
   */
  async waitForIopub() {
    for (let attempt = 0; attempt < 50; attempt++) {
      let id = "";
      const seen = this.next((m) => m.channel === "iopub" && m.parent.msg_id === id, 200, "iopub status").then(
        () => true,
        () => false,
      );
      id = await this.send(this.shell, "kernel_info_request", {});
      if (await seen) return;
    }
    throw new Error("iopub stayed silent after 50 kernel_info requests");
  }

  /** One trivial cell: resolves when both execute_reply and the idle status for it are in. */
  async executeRoundTrip(code) {
    let id = "";
    const isOurs = (m) => m.parent.msg_id === id;
    const reply = this.next((m) => m.channel === "shell" && isOurs(m), 20_000, "execute_reply");
    const idle = this.next(
      (m) => m.channel === "iopub" && isOurs(m) && m.header.msg_type === "status" && m.content.execution_state === "idle",
      20_000,
      "idle status",
    );
    const t0 = process.hrtime.bigint();
    id = await this.send(this.shell, "execute_request", {
      code,
      silent: false,
      store_history: true,
      user_expressions: {},
      allow_stdin: false,
      stop_on_error: true,
    });
    const [r] = await Promise.all([reply, idle]);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.content.status !== "ok") throw new Error(`execute of ${JSON.stringify(code)} failed: ${JSON.stringify(r.content)}`);
    return ms;
  }

  close() {
    this.closed = true;
    for (const s of [this.shell, this.control, this.iopub]) s.close();
  }
}

function startKernel(kernel, file) {
  const child = spawn(process.execPath, kernel.argv(file), { cwd: REPO, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr = (stderr + d.toString()).slice(-4000)));
  return { child, stderr: () => stderr };
}

async function stopKernel(client, proc) {
  const exited = new Promise((r) => (proc.child.exitCode !== null ? r() : proc.child.once("exit", r)));
  try {
    await client.request("control", "shutdown_request", { restart: false }, 5_000);
  } catch {
    // fall through to the signal
  }
  const gone = await Promise.race([exited.then(() => true), new Promise((r) => setTimeout(() => r(false), 5_000))]);
  if (!gone) proc.child.kill("SIGKILL");
  client.close();
}

async function benchKernel(kernel, dir) {
  const script = kernel.argv("x").find((a) => !a.startsWith("-"));
  if (!fs.existsSync(script)) throw new Error(`${script} is missing (run ./install.sh)`);
  const startups = [];
  const readies = [];
  let rounds = [];
  let fresh = [];
  for (let i = 0; i < STARTS; i++) {
    const { conn, file } = await connectionFile(dir);
    const client = new Client(conn);
    const t0 = process.hrtime.bigint();
    const proc = startKernel(kernel, file);
    let info;
    try {
      info = await client.request("shell", "kernel_info_request", {}, 30_000);
    } catch (e) {
      proc.child.kill("SIGKILL");
      client.close();
      throw new Error(`${kernel.name}: ${e.message}\n${proc.stderr()}`);
    }
    startups.push(Number(process.hrtime.bigint() - t0) / 1e6);
    await client.waitForIopub();
    await client.executeRoundTrip("1");
    readies.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (i === 0) {
      const lang = info.content.language_info && info.content.language_info.name;
      process.stdout.write(`  ${kernel.name}: ${info.content.implementation} ${info.content.implementation_version} (${lang})\n`);
      for (let w = 0; w < WARMUPS; w++) await client.executeRoundTrip("1");
      for (let n = 0; n < ROUND_TRIPS; n++) rounds.push(await client.executeRoundTrip("1"));
      for (let n = 0; n < ROUND_TRIPS; n++) fresh.push(await client.executeRoundTrip(`1 + ${n}`));
    }
    await stopKernel(client, proc);
  }
  rounds = rounds.sort((a, b) => a - b);
  fresh = fresh.sort((a, b) => a - b);
  return {
    startupMs: Math.min(...startups),
    startupsMs: startups,
    readyMs: Math.min(...readies),
    medianMs: rounds[Math.floor(rounds.length / 2)],
    p90Ms: rounds[Math.floor(rounds.length * 0.9)],
    freshMedianMs: fresh[Math.floor(fresh.length / 2)],
    freshP90Ms: fresh[Math.floor(fresh.length * 0.9)],
  };
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vtlab-kbench-"));
  const results = {};
  try {
    for (const k of KERNELS) results[k.name] = await benchKernel(k, dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const v = results.vtlab;
  const t = results.tslab;
  const f = (x) => x.toFixed(1).padStart(8);
  process.stdout.write(
    [
      "",
      `  trivial-cell round trip, median of ${ROUND_TRIPS} (p90) over ZMQ:`,
      `    same source  "1"      vtlab ${f(v.medianMs)} ms (${v.p90Ms.toFixed(1)})   tslab ${f(t.medianMs)} ms (${t.p90Ms.toFixed(1)})   vtlab/tslab ${(v.medianMs / t.medianMs).toFixed(2)}   target < 10 ms: ${v.medianMs < 10 ? "met" : "MISSED"}`,
      `    fresh source "1 + n"  vtlab ${f(v.freshMedianMs)} ms (${v.freshP90Ms.toFixed(1)})   tslab ${f(t.freshMedianMs)} ms (${t.freshP90Ms.toFixed(1)})   vtlab/tslab ${(v.freshMedianMs / t.freshMedianMs).toFixed(2)}   target < 10 ms: ${v.freshMedianMs < 10 ? "met" : "MISSED"}`,
      `  start-up to kernel_info_reply, best of ${STARTS} (all):`,
      `    vtlab ${f(v.startupMs)} ms (${v.startupsMs.map((x) => x.toFixed(0)).join(", ")})   tslab ${f(t.startupMs)} ms (${t.startupsMs.map((x) => x.toFixed(0)).join(", ")})   vtlab/tslab ${(v.startupMs / t.startupMs).toFixed(2)}   target < 2000 ms: ${v.startupMs < 2000 ? "met" : "MISSED"}`,
      `  start-up to the first cell's reply, best of ${STARTS}:`,
      `    vtlab ${f(v.readyMs)} ms   tslab ${f(t.readyMs)} ms   vtlab/tslab ${(v.readyMs / t.readyMs).toFixed(2)}`,
      "",
    ].join("\n"),
  );
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(`kernel.bench: ${e.message}`);
    process.exit(1);
  },
);
