/**
 * Test helpers for the miniOS tests: the oracles (nasm, qemu-system-i386) run at test time,
 * and `vtlab boot` from the compiled package. A missing oracle is a failure with a clear
 * message, never a skip.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { MINIOS_MAIN, miniosSourceDir } from "../../src/guests/minios";

export interface BootResult {
  /** Serial output. */
  out: string;
  /** Process exit status ((v << 1) | 1 after a write of v to port 0xF4). */
  status: number | null;
  stderr: string;
}

const REPO = path.resolve(__dirname, "..", "..");

function requireTool(tool: string, pkg: string): void {
  const r = spawnSync(tool, ["--version"], { encoding: "utf8" });
  if (r.error || r.status !== 0) {
    throw new Error(`${tool} is required for this test but could not be run: install the Debian package ${pkg}`);
  }
}

/** A fresh temporary directory for one test file. */
export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "minios-test-"));
}

/** Builds miniOS with `nasm -f bin` (the oracle for vtlab's assembler); returns the image path. */
export function nasmBuild(dir: string): string {
  requireTool("nasm", "nasm");
  const src = miniosSourceDir();
  const out = path.join(dir, "minios-nasm.bin");
  const r = spawnSync("nasm", ["-f", "bin", "-I", src + path.sep, "-o", out, path.join(src, MINIOS_MAIN)], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`nasm failed on miniOS:\n${r.stderr}`);
  return out;
}

/** Boots an image under QEMU exactly as the issue describes, with the kernel command line `append`. */
export function bootQemu(image: string, append: string, opts: { timeoutMs?: number; extra?: string[] } = {}): BootResult {
  requireTool("qemu-system-i386", "qemu-system-x86");
  const args = [
    "-kernel", image, "-append", append, "-serial", "stdio", "-display", "none", "-no-reboot",
    "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04", "-m", "64M", ...(opts.extra ?? []),
  ];
  const r = spawnSync("qemu-system-i386", args, { encoding: "utf8", timeout: opts.timeoutMs ?? 30_000 });
  if (r.error) throw new Error(`qemu-system-i386 ${append}: ${r.error.message}`);
  return { out: r.stdout, status: r.status, stderr: r.stderr };
}

/** The compiled `vtlab` command (npm test builds it first). */
export function vtlabMain(): string {
  const main = path.join(REPO, "dist", "src", "cli", "main.js");
  if (!fs.existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` before these tests`);
  return main;
}

/** Boots an image file (or a built-in guest name) with `vtlab boot`. */
export function bootVtlab(image: string, append: string, opts: { timeoutMs?: number; maxInstructions?: number } = {}): BootResult {
  const args = [vtlabMain(), "boot", image, "--memory", "64M", "--append", append];
  if (opts.maxInstructions !== undefined) args.push("--max-instructions", String(opts.maxInstructions));
  const r = spawnSync(process.execPath, args, { encoding: "utf8", timeout: opts.timeoutMs ?? 110_000 });
  if (r.error) throw new Error(`vtlab boot ${append}: ${r.error.message}`);
  return { out: r.stdout, status: r.status, stderr: r.stderr };
}

/** The serial output with the cycle figures (the only nondeterministic part) masked. */
export function maskCycles(out: string): string {
  return out.replace(/cycles=\d+/g, "cycles=<masked>");
}

/** Extracts `KEY=number` from the STATS line. */
export function stat(out: string, key: string): number {
  const line = out.split("\n").find((l) => l.startsWith("STATS "));
  if (!line) throw new Error(`no STATS line in:\n${out}`);
  const m = new RegExp(`\\b${key}=(\\d+)`).exec(line);
  if (!m) throw new Error(`no ${key}= in ${line}`);
  return Number(m[1]);
}

/** QEMU/vtlab exit status for a guest that wrote `v` to port 0xF4. */
export function debugExitStatus(v: number): number {
  return ((v << 1) | 1) & 0xff;
}
