/**
 * The NASM oracle for the assembler tests: runs the real `nasm -f bin` at test time. A missing
 * nasm is a test failure with a clear message (the tests never skip).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export function requireNasm(): string {
  const r = spawnSync("nasm", ["-v"], { encoding: "utf8" });
  if (r.error || r.status !== 0) throw new Error("nasm is required as the test oracle but was not found on PATH (install the Debian package 'nasm')");
  return r.stdout.trim();
}

export interface NasmResult { ok: boolean; bytes: Uint8Array; stderr: string }

/** Assembles a file on disk with `nasm -f bin` (cwd = the file's directory, -I that directory). */
export function nasmFile(file: string, defines: Record<string, string> = {}, extraArgs: string[] = []): NasmResult {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "vtlab-nasm-")), "out.bin");
  const dir = path.dirname(file);
  const args = ["-f", "bin", "-I", dir + path.sep, ...Object.entries(defines).map(([k, v]) => `-D${k}=${v}`), ...extraArgs, "-o", out, file];
  const r = spawnSync("nasm", args, { encoding: "utf8", cwd: dir });
  if (r.error) throw new Error(`could not run nasm: ${r.error.message}`);
  const ok = r.status === 0;
  const bytes = ok ? new Uint8Array(fs.readFileSync(out)) : new Uint8Array(0);
  fs.rmSync(path.dirname(out), { recursive: true, force: true });
  return { ok, bytes, stderr: r.stderr };
}

/** Assembles source text with nasm. */
export function nasmSource(source: string, name = "input.asm", extraArgs: string[] = []): NasmResult {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vtlab-src-"));
  const file = path.join(dir, name);
  fs.writeFileSync(file, source);
  try {
    return nasmFile(file, {}, extraArgs);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function hex(b: Uint8Array): string {
  return Buffer.from(b).toString("hex");
}
