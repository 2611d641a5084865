/*
 * A minimal Jupyter client for tests: starts `node dist/kernel/main.js <connection file>` with fresh
 * ports and key, connects DEALER sockets to shell/control/stdin, a SUB to iopub and a REQ to the
 * heartbeat, and offers request/collect helpers. Messages are signed with node's HMAC here, apart
 * from the kernel's own framing code, so a framing bug cannot hide behind a shared implementation.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createHmac, randomUUID } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import * as zmq from "zeromq";

export const KERNEL_MAIN = resolve(__dirname, "..", "..", "dist", "kernel", "main.js");

export interface Msg {
  header: Record<string, unknown> & { msg_id: string; msg_type: string };
  parent_header: Record<string, unknown>;
  metadata: Record<string, unknown>;
  content: Record<string, any>;
  signature?: string;
}

/*
 * Ports come from below Linux's ephemeral range (net.ipv4.ip_local_port_range starts at 32768):
 * our DEALERs start connecting before the kernel has bound, and a loopback connect to a port inside
 * the ephemeral range can be given that very port as its source ("TCP self-connect"), which then
 * makes the kernel's bind fail with EADDRINUSE. Chosen at random and probed with a listen.
 */
const usedPorts = new Set<number>();
async function probe(port: number): Promise<boolean> {
  return new Promise((res) => {
    const srv = createServer();
    srv.unref();
    srv.once("error", () => res(false));
    srv.listen(port, "127.0.0.1", () => srv.close(() => res(true)));
  });
}
async function freePort(): Promise<number> {
  for (;;) {
    const port = 20000 + Math.floor(Math.random() * 12000);
    if (usedPorts.has(port)) continue;
    usedPorts.add(port);
    if (await probe(port)) return port;
  }
}

type Ch = "shell" | "control" | "stdin";

export class TestKernel {
  readonly key = randomUUID();
  readonly session = randomUUID();
  proc!: ChildProcess;
  stderr = "";
  private dealers!: Record<Ch, zmq.Dealer>;
  private sub!: zmq.Subscriber;
  private hb!: zmq.Request;
  readonly iopub: Msg[] = [];
  private inbox: Record<Ch, Msg[]> = { shell: [], control: [], stdin: [] };
  private waiters: Array<() => void> = [];
  ports!: Record<string, number>;
  dir = mkdtempSync(join(tmpdir(), "vtlab-kernel-"));
  exitCode: number | null | undefined;

  static async start(env: Record<string, string> = {}, opts: { cwd?: string; dir?: string } = {}): Promise<TestKernel> {
    const k = new TestKernel();
    if (opts.dir) k.dir = opts.dir;
    await k.launch(env, opts.cwd);
    return k;
  }

  /** Starts the kernel; if another process grabbed one of the chosen ports first, tries fresh ports. */
  async launch(env: Record<string, string> = {}, cwd?: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.launchOnce(env, cwd);
        return;
      } catch (e) {
        const busy = /Address already in use/.test(this.stderr);
        if (!busy || attempt >= 5) throw e;
        for (const s of [...Object.values(this.dealers), this.sub, this.hb]) s.close();
        this.stderr = "";
      }
    }
  }

  private async launchOnce(env: Record<string, string>, cwd?: string): Promise<void> {
    const names = ["shell_port", "iopub_port", "stdin_port", "control_port", "hb_port"];
    this.ports = {};
    for (const n of names) this.ports[n] = await freePort();
    const file = join(this.dir, "kernel-test.json");
    writeFileSync(file, JSON.stringify({ ...this.ports, ip: "127.0.0.1", transport: "tcp", key: this.key, signature_scheme: "hmac-sha256", kernel_name: "vtlab" }));
    this.proc = spawn(process.execPath, [KERNEL_MAIN, file], {
      cwd: cwd ?? process.cwd(),
      env: { ...process.env, VTLAB_HISTORY_FILE: join(this.dir, "history.jsonl"), ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.exitCode = undefined;
    this.proc.stderr!.on("data", (d: Buffer) => (this.stderr += d.toString()));
    this.proc.on("exit", (code) => (this.exitCode = code));
    const ep = (p: string) => `tcp://127.0.0.1:${this.ports[p]}`;
    this.dealers = { shell: new zmq.Dealer(), control: new zmq.Dealer(), stdin: new zmq.Dealer() };
    for (const ch of ["shell", "control", "stdin"] as const) {
      this.dealers[ch].routingId = this.session;
      this.dealers[ch].connect(ep(`${ch}_port`));
      void this.loop(ch);
    }
    this.sub = new zmq.Subscriber();
    this.sub.connect(ep("iopub_port"));
    this.sub.subscribe();
    void this.iopubLoop();
    this.hb = new zmq.Request({ receiveTimeout: 3000 });
    this.hb.connect(ep("hb_port"));
    await this.waitForIopubConnection();
  }

  private notify(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  private parse(frames: Buffer[]): Msg {
    const at = frames.findIndex((f) => f.toString() === "<IDS|MSG>");
    const [sig, h, p, m, c] = frames.slice(at + 1, at + 6);
    const expect = createHmac("sha256", this.key).update(h).update(p).update(m).update(c).digest("hex");
    if (sig.toString() !== expect) throw new Error("kernel sent a badly signed message");
    return { header: JSON.parse(h.toString()), parent_header: JSON.parse(p.toString()), metadata: JSON.parse(m.toString()), content: JSON.parse(c.toString()), signature: sig.toString() };
  }

  private async loop(ch: Ch): Promise<void> {
    try {
      for await (const frames of this.dealers[ch]) {
        this.inbox[ch].push(this.parse(frames as Buffer[]));
        this.notify();
      }
    } catch {
      /* closed */
    }
  }

  private async iopubLoop(): Promise<void> {
    try {
      for await (const frames of this.sub) {
        this.iopub.push(this.parse((frames as Buffer[]).slice(1)));
        this.notify();
      }
    } catch {
      /* closed */
    }
  }

  /** PUB/SUB drops messages until the subscription is joined: poke with kernel_info until iopub answers. */
  private async waitForIopubConnection(): Promise<void> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const id = this.send("shell", "kernel_info_request", {});
      await this.reply("shell", id, 30_000);
      const seen = await this.waitFor(() => this.iopub.some((m) => m.parent_header.msg_id === id && m.header.msg_type === "status"), 500).then(
        () => true,
        () => false,
      );
      if (seen) return;
      if (Date.now() > deadline) throw new Error("iopub never connected");
    }
  }

  header(msgType: string): Msg["header"] {
    return { msg_id: randomUUID(), session: this.session, username: "test", date: new Date().toISOString(), msg_type: msgType, version: "5.3" };
  }

  /** Frames for a message; `badKey` signs with a wrong key, `signature: ""` sends it unsigned. */
  frames(msgType: string, content: object, opts: { badKey?: boolean; signature?: string } = {}): { id: string; frames: Buffer[] } {
    const header = this.header(msgType);
    const parts = [header, {}, {}, content].map((o) => Buffer.from(JSON.stringify(o)));
    const h = createHmac("sha256", opts.badKey ? "wrong-key" : this.key);
    for (const p of parts) h.update(p);
    const sig = opts.signature ?? h.digest("hex");
    return { id: header.msg_id, frames: [Buffer.from("<IDS|MSG>"), Buffer.from(sig), ...parts] };
  }

  send(ch: Ch, msgType: string, content: object, opts: { badKey?: boolean; signature?: string } = {}): string {
    const { id, frames } = this.frames(msgType, content, opts);
    void this.dealers[ch].send(frames);
    return id;
  }

  async waitFor(pred: () => boolean, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pred()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out; kernel stderr:\n${this.stderr}`);
      if (this.exitCode !== undefined) throw new Error(`kernel exited (${this.exitCode}); stderr:\n${this.stderr}`);
      await new Promise<void>((res) => {
        const t = setTimeout(res, Math.min(left, 200));
        this.waiters.push(() => {
          clearTimeout(t);
          res();
        });
      });
    }
  }

  async reply(ch: Ch, id: string, timeoutMs = 60_000): Promise<Msg> {
    let found: Msg | undefined;
    await this.waitFor(() => (found = this.inbox[ch].find((m) => m.parent_header.msg_id === id)) !== undefined, timeoutMs);
    return found!;
  }

  async nextStdin(timeoutMs = 30_000): Promise<Msg> {
    await this.waitFor(() => this.inbox.stdin.length > 0, timeoutMs);
    return this.inbox.stdin.shift()!;
  }

  /** iopub messages for request `id`, once its status idle has arrived. */
  async outputs(id: string, timeoutMs = 60_000): Promise<Msg[]> {
    await this.waitFor(() => this.iopub.some((m) => m.parent_header.msg_id === id && m.header.msg_type === "status" && m.content.execution_state === "idle"), timeoutMs);
    return this.iopub.filter((m) => m.parent_header.msg_id === id);
  }

  async execute(code: string, extra: object = {}): Promise<{ reply: Msg; outputs: Msg[]; id: string }> {
    const id = this.send("shell", "execute_request", { code, silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true, ...extra });
    const reply = await this.reply("shell", id);
    return { reply, outputs: await this.outputs(id), id };
  }

  async request(ch: Ch, msgType: string, content: object): Promise<Msg> {
    return this.reply(ch, this.send(ch, msgType, content));
  }

  async heartbeat(payload = "ping"): Promise<string> {
    await this.hb.send(payload);
    const [r] = await this.hb.receive();
    return r.toString();
  }

  stdout(outputs: Msg[], name = "stdout"): string {
    return outputs.filter((m) => m.header.msg_type === "stream" && m.content.name === name).map((m) => m.content.text).join("");
  }

  async stop(): Promise<void> {
    for (const s of [...Object.values(this.dealers), this.sub, this.hb]) s.close();
    if (this.exitCode === undefined) {
      this.proc.kill("SIGKILL");
      await new Promise((r) => this.proc.once("exit", r));
    }
  }

  async waitExit(timeoutMs = 10_000): Promise<number | null> {
    if (this.exitCode !== undefined) return this.exitCode;
    return new Promise((res, rej) => {
      const t = setTimeout(() => rej(new Error("kernel did not exit")), timeoutMs);
      this.proc.once("exit", (code) => {
        clearTimeout(t);
        res(code);
      });
    });
  }
}
