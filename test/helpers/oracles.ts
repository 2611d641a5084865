/**
 * Oracles for tests: locate NASM and QEMU (a missing oracle is a test FAILURE with a clear
 * message, never a skip), assemble with `nasm -f bin`, boot a Multiboot image under
 * `qemu-system-i386 -kernel` (TCG) with COM1 on stdout and QEMU's isa-debug-exit device, and
 * boot the same image under the built `vtlab boot` command.
 *
 * QEMU conventions followed (QEMU 7.2 docs, "isa-debug-exit"): a write of v to port 0xF4 ends
 * QEMU with exit status (v << 1) | 1; with -no-reboot a triple fault ends QEMU with status 0.
 * Leaves out: KVM (the corpus compares against TCG only), QEMU monitor interaction.
 */
import { spawn, spawnSync } from "child_process";
import { accessSync, constants, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { delimiter, join, resolve } from "path";

/** Root of the vtlab checkout (this file lives in test/helpers). */
export const REPO_ROOT = resolve(__dirname, "..", "..");

/** Result of running a guest: raw serial bytes, exit status (null if killed), stderr text. */
export interface GuestRun {
  stdout: Buffer;
  status: number | null;
  stderr: string;
  timedOut: boolean;
}

/** Finds `tool` on PATH or throws "<tool> is required ... install the Debian package <pkg>". */
export function locateTool(tool: string, debianPackage: string): string {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, tool);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  throw new Error(
    `${tool} is required by this test but was not found on PATH (install the Debian package '${debianPackage}': apt-get install ${debianPackage})`,
  );
}

export function locateNasm(): string {
  return locateTool("nasm", "nasm");
}

export function locateQemu(): string {
  return locateTool("qemu-system-i386", "qemu-system-x86");
}

/**
 * Assembles the file `sourcePath` with `nasm -f bin` (include directories with -I, each ending
 * in "/"; `defines` as -DNAME=value) and returns the image. Throws with NASM's messages when
 * assembly fails.
 */
export function nasmAssembleFile(
  sourcePath: string,
  includeDirs: string[] = [],
  defines: Record<string, string | number> = {},
): Uint8Array {
  const nasm = locateNasm();
  const dir = mkdtempSync(join(tmpdir(), "vtlab-nasm-"));
  try {
    const out = join(dir, "out.bin");
    const inc = includeDirs.flatMap((d) => ["-I", d.endsWith("/") ? d : d + "/"]);
    const def = Object.entries(defines).map(([k, v]) => `-D${k}=${v}`);
    const r = spawnSync(nasm, ["-f", "bin", ...def, ...inc, "-o", out, sourcePath], { encoding: "utf8" });
    if (r.error) throw new Error(`could not run nasm: ${r.error.message}`);
    if (r.status !== 0) throw new Error(`nasm failed on ${sourcePath}:\n${r.stderr}`);
    return new Uint8Array(readFileSync(out));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Assembles NASM source text (no includes) with `nasm -f bin`. */
export function nasmAssemble(source: string): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), "vtlab-nasm-"));
  try {
    const src = join(dir, "t.asm");
    writeFileSync(src, source);
    return nasmAssembleFile(src);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface BootOptions {
  timeoutMs?: number;
  memory?: string;
  /** File name of the image, the first word of the Multiboot command line. */
  name?: string;
}

export interface QemuBootOptions extends BootOptions {
  /** `-append`: the rest of the Multiboot command line. */
  append?: string;
  /** `-cpu` model (QEMU's default, qemu32, when absent). */
  cpu?: string;
  /** Further QEMU options, last on the command line (e.g. `-icount shift=4`). */
  extra?: string[];
}

export interface VtlabBootOptions extends BootOptions {
  maxInstructions?: number;
  cpu?: string;
}

/**
 * `qemu-system-i386 -kernel <name> -serial stdio -display none -monitor none -no-reboot
 *  -device isa-debug-exit,iobase=0xf4,iosize=0x04 -m <memory> [-append ...] [-cpu ...] [extra ...]`
 * (run in the image's directory).
 */
function qemuArgs(name: string, opts: QemuBootOptions): string[] {
  const args = ["-kernel", name, "-serial", "stdio", "-display", "none", "-monitor", "none", "-no-reboot",
    "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04", "-m", opts.memory ?? "64"];
  if (opts.append !== undefined) args.push("-append", opts.append);
  if (opts.cpu !== undefined) args.push("-cpu", opts.cpu);
  args.push(...(opts.extra ?? []));
  return args;
}

/** `node dist/src/cli/main.js boot <name> [--max-instructions n] [--cpu m] [--memory s]`. */
function vtlabArgs(name: string, opts: VtlabBootOptions): string[] {
  const args = [vtlabCli(), "boot", name];
  if (opts.maxInstructions !== undefined) args.push("--max-instructions", String(opts.maxInstructions));
  if (opts.cpu !== undefined) args.push("--cpu", opts.cpu);
  if (opts.memory !== undefined) args.push("--memory", opts.memory);
  return args;
}

/** Writes `image` as `name` into a fresh temporary directory; the caller removes it. */
function imageDir(image: Uint8Array, prefix: string, name: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  writeFileSync(join(dir, name), image);
  return dir;
}

/** Runs `cmd args` in `cwd`, collecting stdout/stderr, killed with SIGKILL after `timeoutMs`. */
function runSync(cmd: string, args: string[], cwd: string, timeoutMs: number): GuestRun {
  const r = spawnSync(cmd, args, { cwd, timeout: timeoutMs, killSignal: "SIGKILL", maxBuffer: 16 << 20 });
  if (r.error && (r.error as NodeJS.ErrnoException).code !== "ETIMEDOUT") throw new Error(`could not run ${cmd}: ${r.error.message}`);
  return { stdout: r.stdout ?? Buffer.alloc(0), status: r.status, stderr: (r.stderr ?? Buffer.alloc(0)).toString("utf8"), timedOut: r.status === null };
}

/** Runs `cmd args` in `cwd`, collecting stdout/stderr, killed with SIGKILL after `timeoutMs`. */
function runAsync(cmd: string, args: string[], cwd: string, timeoutMs: number): Promise<GuestRun> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(new Error(`could not run ${cmd}: ${e.message}`));
    });
    child.on("close", (status) => {
      clearTimeout(timer);
      resolvePromise({ stdout: Buffer.concat(out), status: timedOut ? null : status, stderr: Buffer.concat(err).toString("utf8"), timedOut });
    });
  });
}

/** Boots a Multiboot image under QEMU (TCG), killed after `timeoutMs`. */
export function qemuBoot(image: Uint8Array, opts: QemuBootOptions = {}): GuestRun {
  const qemu = locateQemu();
  const name = opts.name ?? "prog.bin";
  const dir = imageDir(image, "vtlab-qemu-", name);
  try {
    return runSync(qemu, qemuArgs(name, opts), dir, opts.timeoutMs ?? 15_000);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Asynchronous qemuBoot (so QEMU and vtlab can run side by side). */
export async function qemuBootAsync(image: Uint8Array, opts: QemuBootOptions = {}): Promise<GuestRun> {
  const qemu = locateQemu();
  const name = opts.name ?? "prog.bin";
  const dir = imageDir(image, "vtlab-qemu-", name);
  try {
    return await runAsync(qemu, qemuArgs(name, opts), dir, opts.timeoutMs ?? 15_000);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Path of the built CLI; throws a clear message when dist/ has not been built. */
export function vtlabCli(): string {
  const cli = join(REPO_ROOT, "dist", "src", "cli", "main.js");
  if (!existsSync(cli)) throw new Error(`${cli} does not exist: build first with 'npx tsc -p .' (npm test does this)`);
  return cli;
}

/** Boots a Multiboot image with `node dist/src/cli/main.js boot <image> ...`. */
export function vtlabBoot(image: Uint8Array, opts: VtlabBootOptions = {}): GuestRun {
  const args = vtlabArgs(opts.name ?? "prog.bin", opts);
  const dir = imageDir(image, "vtlab-boot-", opts.name ?? "prog.bin");
  try {
    return runSync(process.execPath, args, dir, opts.timeoutMs ?? 90_000);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Asynchronous vtlabBoot. */
export async function vtlabBootAsync(image: Uint8Array, opts: VtlabBootOptions = {}): Promise<GuestRun> {
  const args = vtlabArgs(opts.name ?? "prog.bin", opts);
  const dir = imageDir(image, "vtlab-boot-", opts.name ?? "prog.bin");
  try {
    return await runAsync(process.execPath, args, dir, opts.timeoutMs ?? 90_000);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
