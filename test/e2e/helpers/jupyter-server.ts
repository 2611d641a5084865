/*
 * Starts a real Jupyter server (jupyter_server 2, or JupyterLab on top of it) from .venv for a test
 * file: loopback only (127.0.0.1), a free port, a random token, and private config/data/runtime
 * directories (and XDG_DATA_HOME, where the kernel keeps its history file) so the machine's own
 * Jupyter settings, user kernelspecs and history neither change the outcome nor get written to.
 * JupyterLab's update check, news feed and PyPI extension manager are off, so the server makes no
 * request outside this machine. `stop()` shuts every kernel down through the REST API
 * (Jupyter Server REST API: DELETE /api/kernels/{id}) and then ends the server's process group.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { VENV_JUPYTER, requireVenv } from "./env";

export interface JupyterServer {
  baseUrl: string; // http://127.0.0.1:PORT/
  wsUrl: string; // ws://127.0.0.1:PORT/
  token: string;
  rootDir: string;
  /** Everything the server printed so far (for failure messages). */
  log(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  app: "server" | "lab";
  rootDir: string;
  /** Extra directories searched for kernelspecs (prepended to JUPYTER_PATH). */
  jupyterPath?: string[];
  startTimeoutMs?: number;
}

export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForStatus(url: string, token: string, child: ChildProcess, log: () => string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`jupyter exited with ${child.exitCode} before serving:\n${log().slice(-3000)}`);
    try {
      const res = await fetch(`${url}api/status`, { headers: { Authorization: `token ${token}` } });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`jupyter did not answer ${url}api/status within ${timeoutMs} ms:\n${log().slice(-3000)}`);
}

export async function startJupyterServer(opts: StartOptions): Promise<JupyterServer> {
  requireVenv();
  const port = await freeLoopbackPort();
  const token = randomBytes(24).toString("hex");
  const home = mkdtempSync(join(tmpdir(), "vtlab-jupyter-"));
  const args = [
    opts.app,
    "--no-browser",
    "--ServerApp.ip=127.0.0.1",
    `--ServerApp.port=${port}`,
    "--ServerApp.port_retries=0",
    `--IdentityProvider.token=${token}`,
    `--ServerApp.root_dir=${opts.rootDir}`,
    "--ServerApp.allow_remote_access=False",
  ];
  if (process.getuid?.() === 0) args.push("--allow-root"); // CI and these machines run as root
  if (opts.app === "lab")
    args.push(
      "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
      "--LabApp.news_url=None",
      "--LabApp.extension_manager=readonly",
      `--LabApp.workspaces_dir=${join(home, "workspaces")}`,
      `--LabApp.user_settings_dir=${join(home, "settings")}`,
    );
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    JUPYTER_CONFIG_DIR: join(home, "config"),
    JUPYTER_DATA_DIR: join(home, "data"),
    JUPYTER_RUNTIME_DIR: join(home, "runtime"),
    JUPYTER_PATH: [...(opts.jupyterPath ?? []), process.env.JUPYTER_PATH ?? ""].filter(Boolean).join(":"),
    JUPYTER_PLATFORM_DIRS: "1",
    // The kernel keeps its history file under $XDG_DATA_HOME/vtlab: a private one per server.
    XDG_DATA_HOME: join(home, "xdg-data"),
  };
  if (opts.app === "lab") {
    // JupyterLab's own settings: never ask about or fetch the Jupyter news feed, never check for updates.
    const dir = join(home, "settings", "@jupyterlab", "apputils-extension");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "notification.jupyterlab-settings"), JSON.stringify({ fetchNews: "false", checkForUpdates: false }));
  }
  const child = spawn(VENV_JUPYTER, args, { env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const log = () => output;
  const baseUrl = `http://127.0.0.1:${port}/`;
  const kill = (sig: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, sig);
    } catch {
      // already gone
    }
  };
  try {
    await waitForStatus(baseUrl, token, child, log, opts.startTimeoutMs ?? 60_000);
  } catch (e) {
    kill("SIGKILL");
    throw e;
  }
  return {
    baseUrl,
    wsUrl: `ws://127.0.0.1:${port}/`,
    token,
    rootDir: opts.rootDir,
    log,
    async stop() {
      try {
        const auth = { Authorization: `token ${token}` };
        const kernels = (await (await fetch(`${baseUrl}api/kernels`, { headers: auth })).json()) as { id: string }[];
        await Promise.all(kernels.map((k) => fetch(`${baseUrl}api/kernels/${k.id}`, { method: "DELETE", headers: auth })));
      } catch {
        // server already down
      }
      if (child.exitCode === null) {
        const exited = new Promise<void>((r) => child.once("exit", () => r()));
        kill("SIGTERM");
        const timedOut = await Promise.race([exited.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), 10_000))]);
        if (timedOut) kill("SIGKILL");
      }
      rmSync(home, { recursive: true, force: true });
    },
  };
}
