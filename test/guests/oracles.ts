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
import { nasmAssembleFile, qemuBoot } from "../helpers/oracles";

export interface BootResult {
  /** Serial output. */
  out: string;
  /** Process exit status ((v << 1) | 1 after a write of v to port 0xF4). */
  status: number | null;
  stderr: string;
}

const REPO = path.resolve(__dirname, "..", "..");

/** A fresh temporary directory for one test file. */
export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "minios-test-"));
}

/** Builds miniOS with `nasm -f bin` (the oracle for vtlab's assembler); returns the image path. */
export function nasmBuild(dir: string): string {
  const src = miniosSourceDir();
  const out = path.join(dir, "minios-nasm.bin");
  fs.writeFileSync(out, nasmAssembleFile(path.join(src, MINIOS_MAIN), [src]));
  return out;
}

/** Boots an image under QEMU exactly as the issue describes, with the kernel command line `append`. */
export function bootQemu(image: string, append: string, opts: { timeoutMs?: number; extra?: string[] } = {}): BootResult {
  const r = qemuBoot(fs.readFileSync(image), { name: path.basename(image), append, memory: "64M", extra: opts.extra, timeoutMs: opts.timeoutMs ?? 30_000 });
  if (r.timedOut) throw new Error(`qemu-system-i386 ${append}: did not finish within ${opts.timeoutMs ?? 30_000} ms`);
  return { out: r.stdout.toString("utf8"), status: r.status, stderr: r.stderr };
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
