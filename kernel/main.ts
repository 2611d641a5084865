/*
 * The vtlab kernel process: `node dist/kernel/main.js <connection_file>` (kernelspec argv; works with
 * interrupt_mode "signal" and "message"). Starts the socket thread first, so heartbeat and
 * kernel_info answer while the TypeScript compiler warms up, then the session, then takes requests.
 * SIGINT (from the front end's interrupt_mode "signal" or from the socket thread after an
 * interrupt_request) stops the running cell; uncaught exceptions from timers and unhandled
 * rejections are reported to the notebook and never end the process.
 */
import { basename } from "node:path";
import { readConnectionFile } from "./wire/connection";
import { newOrigin } from "./wire/message";
import { WorkerBridge } from "./wire/bridge";
import { log } from "./wire/log";
import type { Session } from "./session/session";
import { buildPreload } from "./session/preload";
import { compilerVersions, kernelInfo, versions } from "./session/kernel-info";

async function main(argv: string[]): Promise<void> {
  const file = argv[0];
  if (!file) {
    process.stderr.write("usage: node dist/kernel/main.js <connection_file>\n");
    process.exit(2);
  }
  const connection = readConnectionFile(file);
  const origin = newOrigin();
  const kernelId = /^kernel-(.+)\.json$/.exec(basename(file))?.[1] ?? origin.session;
  const preload = buildPreload({ withEngine: process.env.VTLAB_NO_ENGINE !== "1" });
  const compiler = compilerVersions();
  const info = kernelInfo(versions(compiler.typescript, compiler.tslab, preload.engine !== undefined), preload.engineNames);

  let session: Session | undefined;
  process.on("SIGINT", () => session?.interrupt());
  process.on("uncaughtException", (err) => {
    if (session) session.reportUncaught("Uncaught exception", err);
    else log(`uncaught exception during start-up: ${err.stack ?? err.message}`);
  });
  process.on("unhandledRejection", (reason) => {
    if (session) session.reportUncaught("Unhandled promise rejection", reason);
    else log(`unhandled rejection during start-up: ${String(reason)}`);
  });

  const bridge = new WorkerBridge({ connection, origin, kernelId, kernelInfo: info });
  bridge.onShutdown((restart) => {
    log(`shutdown requested (restart: ${restart})`);
    session?.close();
    // process.exit, not a drained event loop: timers a cell left behind must not keep the kernel up.
    void bridge.close().then(() => process.exit(0));
  });
  await bridge.whenBound();
  // Loaded only now: the compiler takes a while, and the sockets should answer meanwhile.
  const { Session } = await import("./session/session");
  session = await Session.create(bridge, origin, { preload, onStopOnError: () => bridge.abortQueued() });
  const s = session;
  bridge.start({
    request: (channel, msg) => s.handle(channel, msg),
    stdin: (msg) => s.stdinReply(msg),
  });
}

main(process.argv.slice(2)).catch((e: Error) => {
  log(`kernel failed to start: ${e.stack ?? e.message}`);
  process.exit(1);
});
