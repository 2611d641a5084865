/*
 * The kernel session: what each shell request means for TypeScript cells (Jupyter messaging spec
 * 5.3, "Messages on the shell channel"). Registers handlers on the wire layer's Dispatcher for
 * execute, complete, inspect, is_complete, history, kernel_info, comm_info and comm_open/msg/close;
 * owns the executor, the output streams, displays, stdin requests and the execution counter.
 * Knows no sockets: output leaves through the Transport it is given.
 */
import { Dispatcher, type RequestContext, type Transport } from "../wire/dispatcher";
import { childMessage, type Channel, type JsonObject, type Message, type Origin } from "../wire/message";
import { log } from "../wire/log";
import type { ShellOutcome } from "../wire/bridge";
import { ts, tslabVersion } from "./tslab";
import { FastConverter } from "./convert/converter";
import { CellExecutor, type RunResult } from "./executor";
import { runtimeError, type ErrorContent } from "./errors";
import { StreamOutput, type StreamName } from "./streams";
import { History } from "./history";
import { comms } from "./comms";
import { BundleMaker, type MimeBundle } from "./mime";
import { PlotlyInliner } from "./plotly";
import { installDisplaySink } from "./display-sink";
import { buildPreload, type Preload } from "./preload";
import { planCell, isMagic } from "./magics";
import { formatDuration } from "./magic-runtime";
import { kernelInfo, versions, type Versions } from "./kernel-info";
import { checkComplete } from "./is-complete";
import { cellRequire } from "./cell-require";
import { toCodeUnits, toCodePoints } from "./cursor";
import { DisplayHandle, ProgressBar } from "./display-api";

/**
 * Handles to outputs the cell has shown already (what `display(x)` and `progress()` return): as the
 * last expression they give no execute_result, like IPython's `display()`, which returns None.
 */
function isOutputHandle(value: unknown): boolean {
  return value instanceof DisplayHandle || value instanceof ProgressBar;
}

export interface SessionOptions {
  historyPath?: string;
  /** Preload the engine (default true). */
  withEngine?: boolean;
  /** Called before an execute error reply is sent when stop_on_error is set (the wire aborts its queue). */
  onStopOnError?: () => void;
  /** A preload already built (main.ts builds it early to answer kernel_info sooner). */
  preload?: Preload;
}

export class Session {
  readonly dispatcher: Dispatcher;
  readonly executor: CellExecutor;
  readonly history: History;
  readonly preload: Preload;
  readonly versions: Versions;
  readonly kernelInfo: JsonObject;
  private readonly engineNames: Set<string>;
  private readonly streams: StreamOutput;
  private readonly bundles = new BundleMaker(new PlotlyInliner());
  private executionCount = 0;
  /** The execute_request whose outputs we are producing (or the last one, for late output). */
  private parent: Message | undefined;
  private allowStdin = false;
  private pendingInput: { resolve: (s: string) => void; reject: (e: Error) => void } | undefined;
  private releaseStreams: (() => void) | undefined;

  private constructor(
    private readonly transport: Transport,
    origin: Origin,
    private readonly opts: SessionOptions,
  ) {
    this.dispatcher = new Dispatcher(transport, origin);
    this.history = new History(opts.historyPath);
    this.streams = new StreamOutput((name, text) => this.publishStream(name, text));
    const conv = new FastConverter();
    this.preload = opts.preload ?? buildPreload({ withEngine: opts.withEngine });
    this.engineNames = new Set(this.preload.engineNames);
    this.executor = new CellExecutor(conv, cellRequire(process.cwd(), this.preload.engine));
    this.versions = versions(ts.version, tslabVersion(), this.preload.engine !== undefined);
    this.kernelInfo = kernelInfo(this.versions, this.preload.engineNames);
    this.register();
  }

  /** Creates the session, redirects stdout/stderr and runs the preload cell. */
  static async create(transport: Transport, origin: Origin, opts: SessionOptions = {}): Promise<Session> {
    const s = new Session(transport, origin, opts);
    installDisplaySink({
      display: (data, metadata, id, update) => s.publishDisplay(data, metadata, id, update),
      clearOutput: (wait) => s.publishOnParent("clear_output", { wait }),
      bundle: (value) => s.bundles.make(value),
      input: (prompt, password) => s.requestInput(prompt, password),
    });
    comms.attach((type, content) => s.publishOnParent(type, content));
    const pre = await s.executor.execute(s.preload.source);
    if (pre.status === "error") throw new Error(`preload cell failed: ${pre.error.evalue}`);
    s.releaseStreams = s.streams.capture();
    return s;
  }

  /** Undo the stdout/stderr redirection (tests, shutdown). */
  close(): void {
    this.streams.flush();
    this.releaseStreams?.();
    this.releaseStreams = undefined;
  }

  /** One request from the wire; the outcome tells the socket thread whether to abort its queue. */
  async handle(channel: Channel, msg: Message): Promise<ShellOutcome> {
    this.stoppedOnError = false;
    await this.dispatcher.dispatch(channel, msg);
    return { abortQueued: this.stoppedOnError, executionCount: this.executionCount };
  }
  private stoppedOnError = false;
  /** execute_reply payloads of the running cell (messaging spec 5.3, "Payloads": page). */
  private payload: JsonObject[] = [];

  /** input_reply from the stdin channel. */
  stdinReply(msg: Message): void {
    if (msg.header.msg_type !== "input_reply" || !this.pendingInput) {
      log(`unexpected ${msg.header.msg_type} on stdin: ignored`);
      return;
    }
    const p = this.pendingInput;
    this.pendingInput = undefined;
    p.resolve(String(msg.content.value ?? ""));
  }

  /** SIGINT: stops a pending await (a synchronous loop is stopped by vm's breakOnSigint). */
  interrupt(): void {
    if (this.pendingInput) {
      this.pendingInput.reject(new Error("interrupted while waiting for input"));
      this.pendingInput = undefined;
    }
    if (!this.executor.interrupt()) log("SIGINT while no cell was waiting: nothing to interrupt");
  }

  /** An exception no cell caught (timer callback, unhandled rejection): report on stderr, keep going. */
  reportUncaught(kind: string, err: unknown): void {
    const e = runtimeError(err, this.executor.cellMaps);
    this.streams.write("stderr", `${kind}: ${e.traceback.join("\n")}\n`);
  }

  // ---- output ------------------------------------------------------------------------------

  private publishOnParent(msgType: string, content: JsonObject): void {
    if (msgType !== "stream") this.streams.flush();
    this.dispatcher.publish(this.parent, msgType, content);
  }

  private publishStream(name: StreamName, text: string): void {
    this.dispatcher.publish(this.parent, "stream", { name, text });
  }

  private publishDisplay(data: MimeBundle, metadata: JsonObject, id: string | undefined, update: boolean): void {
    if (update && !id) throw new Error("update_display_data needs a display id");
    const content: JsonObject = { data: this.bundles.complete(data), metadata, transient: id ? { display_id: id } : {} };
    this.publishOnParent(update ? "update_display_data" : "display_data", content);
  }

  private requestInput(prompt: string, password: boolean): Promise<string> {
    const parent = this.parent;
    if (!parent || !this.allowStdin) return Promise.reject(new Error("input() is not allowed: the front end did not allow stdin for this cell"));
    if (this.pendingInput) return Promise.reject(new Error("input() is already waiting for a reply"));
    this.streams.flush();
    return new Promise((resolve, reject) => {
      this.pendingInput = { resolve, reject };
      const msg = childMessage(this.dispatcher.origin, parent, "input_request", { prompt, password });
      this.transport.send("stdin", msg);
    });
  }

  // ---- handlers ----------------------------------------------------------------------------

  private register(): void {
    const d = this.dispatcher;
    d.on("kernel_info_request", (ctx) => ctx.reply(this.kernelInfo));
    d.on("execute_request", (ctx) => this.execute(ctx));
    d.on("complete_request", (ctx) => this.complete(ctx));
    d.on("inspect_request", (ctx) => this.inspect(ctx));
    d.on("is_complete_request", (ctx) => ctx.reply(checkComplete(String(ctx.request.content.code ?? ""))));
    d.on("history_request", (ctx) => this.historyReply(ctx));
    d.on("comm_info_request", (ctx) => {
      const target = typeof ctx.request.content.target_name === "string" ? ctx.request.content.target_name : undefined;
      ctx.reply({ status: "ok", comms: comms.info(target) });
    });
    d.on("comm_open", (ctx) => this.withParent(ctx.request, () => comms.handleOpen(ctx.request.content)));
    d.on("comm_msg", (ctx) => this.withParent(ctx.request, () => comms.handleMsg(ctx.request.content)));
    d.on("comm_close", (ctx) => this.withParent(ctx.request, () => comms.handleClose(ctx.request.content)));
  }

  private withParent(parent: Message, fn: () => void): void {
    const saved = this.parent;
    this.parent = parent;
    try {
      fn();
    } finally {
      this.streams.flush();
      this.parent = saved;
    }
  }

  private async execute(ctx: RequestContext): Promise<void> {
    const c = ctx.request.content;
    const code = String(c.code ?? "");
    const silent = c.silent === true;
    const storeHistory = silent ? false : c.store_history !== false;
    if (storeHistory) this.executionCount++;
    const count = this.executionCount;
    this.streams.flush();
    this.parent = ctx.request;
    this.allowStdin = c.allow_stdin === true;
    if (!silent) ctx.publish("execute_input", { code, execution_count: count });
    if (storeHistory) this.history.append(count, code);

    this.payload = [];
    const result = await this.runCell(code, silent ? undefined : String(count));
    this.streams.flush();
    if (result.status === "error") {
      if (c.stop_on_error !== false) {
        this.stoppedOnError = true;
        this.opts.onStopOnError?.();
      }
      ctx.publish("error", { ...result.error });
      ctx.reply({ status: "error", execution_count: count, ...result.error }, { status: "error" });
      return;
    }
    if (result.hasValue && !silent && !isOutputHandle(result.value)) {
      const { data, metadata } = this.bundles.make(result.value);
      ctx.publish("execute_result", { execution_count: count, data, metadata });
    }
    const userExpressions = await this.userExpressions(c.user_expressions);
    this.streams.flush();
    ctx.reply({ status: "ok", execution_count: count, user_expressions: userExpressions, payload: this.payload }, { status: "ok" });
  }

  /** `label`: the execution_count tracebacks name (none for silent cells). */
  private async runCell(code: string, label: string | undefined): Promise<RunResult> {
    const plan = planCell(code, this.engineNames);
    switch (plan.kind) {
      case "code":
        return this.executor.execute(plan.code, { label });
      case "display":
        this.publishDisplay(plan.data, {}, undefined, false);
        return { status: "ok", hasValue: false };
      case "versions": {
        const rows = Object.entries(this.versions).map(([k, v]) => `${k.padEnd(11)} ${v}`);
        if (this.preload.engineProblem) rows.push(`(engine: ${this.preload.engineProblem})`);
        process.stdout.write(rows.join("\n") + "\n");
        return { status: "ok", hasValue: false };
      }
      case "time": {
        const t0 = process.hrtime.bigint();
        const r = await this.executor.execute(plan.code, { label });
        const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
        process.stdout.write(`Wall time: ${formatDuration(seconds)}\n`);
        return r;
      }
      case "page": {
        const text = this.inspectAt(plan.code, plan.code.length);
        if (text === undefined) process.stdout.write(`Object \`${plan.code.trim()}\` not found.\n`);
        else this.payload.push({ source: "page", data: { "text/plain": text }, start: 0 });
        return { status: "ok", hasValue: false };
      }
      case "usage-error":
        return { status: "error", interrupted: false, error: { ename: "UsageError", evalue: plan.message, traceback: [`UsageError: ${plan.message}`] } };
    }
  }

  private async userExpressions(raw: unknown): Promise<JsonObject> {
    const out: JsonObject = {};
    if (!raw || typeof raw !== "object") return out;
    for (const [name, expr] of Object.entries(raw as Record<string, unknown>)) {
      const r = await this.executor.execute(String(expr), { commit: false });
      if (r.status === "ok") {
        const { data, metadata } = this.bundles.make(r.value);
        out[name] = { status: "ok", data, metadata };
      } else {
        out[name] = { status: "error", ...(r.error as ErrorContent) };
      }
    }
    return out;
  }

  private complete(ctx: RequestContext): void {
    const code = String(ctx.request.content.code ?? "");
    const cursor = toCodeUnits(code, Number(ctx.request.content.cursor_pos ?? code.length));
    if (isMagic(code)) {
      ctx.reply({ status: "ok", matches: [], cursor_start: ctx.request.content.cursor_pos, cursor_end: ctx.request.content.cursor_pos, metadata: {} });
      return;
    }
    const info = this.executor.complete(code, cursor);
    ctx.reply({
      status: "ok",
      matches: info.candidates,
      cursor_start: toCodePoints(code, info.start),
      cursor_end: toCodePoints(code, info.end),
      metadata: {},
    });
  }

  private inspect(ctx: RequestContext): void {
    const code = String(ctx.request.content.code ?? "");
    const cursor = toCodeUnits(code, Number(ctx.request.content.cursor_pos ?? code.length));
    const text = isMagic(code) ? undefined : this.inspectAt(code, cursor);
    if (text === undefined) {
      ctx.reply({ status: "ok", found: false, data: {}, metadata: {} });
      return;
    }
    ctx.reply({ status: "ok", found: true, data: { "text/plain": text, "text/markdown": "```typescript\n" + text + "\n```" }, metadata: {} });
  }

  /** Quick info at the cursor, or just before it (the end of the word the cursor follows). */
  private inspectAt(code: string, cursor: number): string | undefined {
    return this.executor.inspect(code, cursor) ?? (cursor > 0 ? this.executor.inspect(code, cursor - 1) : undefined);
  }

  private historyReply(ctx: RequestContext): void {
    const c = ctx.request.content;
    const output = c.output === true;
    let rows: Array<[number, number, string]>;
    switch (c.hist_access_type) {
      case "tail":
        rows = this.history.tail(Number(c.n ?? 10));
        break;
      case "range":
        rows = this.history.range(Number(c.session ?? 0), Number(c.start ?? 1), c.stop === undefined || c.stop === null ? undefined : Number(c.stop));
        break;
      case "search":
        rows = this.history.search(String(c.pattern ?? "*"), c.n === undefined || c.n === null ? undefined : Number(c.n), c.unique === true);
        break;
      default:
        ctx.reply({ status: "error", ename: "ValueError", evalue: `unknown hist_access_type ${JSON.stringify(c.hist_access_type)}`, traceback: [], history: [] });
        return;
    }
    ctx.reply({ status: "ok", history: output ? rows.map(([s, l, i]) => [s, l, [i, null]]) : rows });
  }
}
