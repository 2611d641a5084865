/*
 * What the end-to-end tests need from the machine, checked up front with one clear message each:
 * the project's .venv (made by ./install.sh) with jupyter, the built kernel (dist/kernel/main.js),
 * the "vtlab" kernelspec installed into .venv, and Debian's chromium. A missing oracle makes the
 * test FAIL with the message (never skip), as the project's rules require.
 * Also: running .venv's Python scripts and rendering extra kernelspecs into a temporary JUPYTER_PATH.
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const REPO = resolve(__dirname, "..", "..", "..");
export const VENV = join(REPO, ".venv");
export const VENV_PYTHON = join(VENV, "bin", "python");
export const VENV_JUPYTER = join(VENV, "bin", "jupyter");
export const KERNEL_MAIN = join(REPO, "dist", "kernel", "main.js");
export const CHROMIUM = "/usr/bin/chromium";
export const ARTIFACTS = join(REPO, "test-artifacts");

/** Throws a one-line, actionable error when .venv or its jupyter is missing. */
export function requireVenv(): void {
  if (!existsSync(VENV_PYTHON))
    throw new Error(`missing ${VENV_PYTHON}: the project's Python venv is not set up; run ./install.sh`);
  if (!existsSync(VENV_JUPYTER))
    throw new Error(`missing ${VENV_JUPYTER}: jupyter is not installed in .venv; run ./install.sh`);
}

/** Throws unless the kernel is built and the installed "vtlab" kernelspec launches this checkout's build. */
export function requireVtlabKernelspec(): void {
  requireVenv();
  if (!existsSync(KERNEL_MAIN))
    throw new Error(`missing ${KERNEL_MAIN}: the kernel is not built; run npm run build (or ./install.sh)`);
  const specFile = join(VENV, "share", "jupyter", "kernels", "vtlab", "kernel.json");
  if (!existsSync(specFile))
    throw new Error(`missing ${specFile}: the vtlab kernelspec is not installed in .venv; run ./install.sh`);
  const spec = JSON.parse(readFileSync(specFile, "utf8")) as { argv: string[] };
  if (!spec.argv.includes(KERNEL_MAIN))
    throw new Error(`${specFile} launches ${spec.argv.join(" ")}, not ${KERNEL_MAIN}; run ./install.sh in this checkout`);
}

export function requireChromium(): void {
  if (!existsSync(CHROMIUM))
    throw new Error(`missing ${CHROMIUM}: Debian's chromium is needed for the browser test (apt-get install chromium)`);
}

/** Renders a kernelspec variant (e.g. interrupt_mode "message") named `name` under a new JUPYTER_PATH dir. */
export function renderKernelspec(name: string, opts: { interruptMode: "signal" | "message"; displayName: string }): string {
  const jupyterPath = mkdtempSync(join(tmpdir(), "vtlab-jpath-"));
  execFileSync(process.execPath, [
    join(REPO, "scripts", "render-kernelspec.js"),
    join(jupyterPath, "kernels", name),
    "--interrupt-mode",
    opts.interruptMode,
    "--display-name",
    opts.displayName,
  ]);
  return jupyterPath;
}

export interface PyRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a Python script with .venv's interpreter (async, so vitest's timers keep running). */
export function runVenvPython(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 300_000): Promise<PyRun> {
  requireVenv();
  return new Promise((resolvePromise, reject) => {
    // Kernels started by the script keep their history under XDG_DATA_HOME: a private one per run.
    const xdg = mkdtempSync(join(tmpdir(), "vtlab-xdg-"));
    const child = spawn(VENV_PYTHON, args, { cwd: REPO, env: { ...process.env, XDG_DATA_HOME: xdg, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${args.join(" ")} timed out after ${timeoutMs} ms\n${stderr.slice(-4000)}`));
    }, timeoutMs);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
  });
}

/**
 * Set-up for a test file whose failure must show as a FAILED test, not as skipped tests (vitest marks
 * the tests of a file skipped when beforeAll throws). Call `run` in beforeAll; call `ready()` first
 * in every test: it rethrows the set-up error.
 */
export function guardedSetup<T>(): { run(fn: () => Promise<T>): Promise<void>; ready(): T } {
  let value: T | undefined;
  let error: unknown;
  let ran = false;
  return {
    async run(fn) {
      try {
        value = await fn();
      } catch (e) {
        error = e;
      } finally {
        ran = true;
      }
    },
    ready() {
      if (!ran) throw new Error("test set-up did not run");
      if (error !== undefined) throw error;
      return value as T;
    },
  };
}
