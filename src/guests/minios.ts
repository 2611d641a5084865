/**
 * The miniOS builder: assembles the kernel in `src/guests/minios/` (NASM syntax) with vtlab's
 * own assembler into a flat Multiboot v1 image (loaded at 1 MiB through the header's address
 * fields, Multiboot 0.6.96 §3.1.3) and returns it with its symbols, its line map and the
 * command line that selects the workload.
 *
 * The sources are read at run time from the package's `src/guests/minios` directory (the
 * package ships `src/guests`), found relative to this file whether it runs from `src/guests`
 * (tests, ts-node) or from `dist/src/guests` (the compiled package). `nasm -f bin -I <dir>/
 * minios.asm` builds the very same bytes; test/guests checks that.
 * Left out: caching (each call assembles afresh, so callers never share mutable results).
 */
import * as fs from "fs";
import * as path from "path";
import { assemble } from "../asm";

/** A bootable guest image: the bytes, what the assembler knows about them, and its command line. */
export interface GuestImage {
  name: string;
  bytes: Uint8Array;
  symbols: Record<string, number>;
  lines: { address: number; length: number; file: string; line: number }[];
  /** key=value words for the kernel (Multiboot cmdline / QEMU -append). */
  cmdline: string;
}

/** What `guests.minios()` accepts; each option becomes a `key=value` word of the command line. */
export interface MiniosOptions {
  /** demo (default), syscall, in, crwr, callret, pgfault, divzero, ptemod, forkwait, compute, console, faults, panic */
  workload?: string;
  /** Iterations per task (kernel default 1000). */
  iters?: number;
  /** Concurrent user tasks, 1..16 (kernel default 1). */
  tasks?: number;
}

/** The workloads the kernel knows (workloads.inc). */
export const MINIOS_WORKLOADS = [
  "demo", "syscall", "in", "crwr", "callret", "pgfault", "divzero", "ptemod",
  "forkwait", "compute", "console", "faults", "panic",
] as const;

/** The top-level source file of the kernel. */
export const MINIOS_MAIN = "minios.asm";

/** Directory holding the miniOS sources, from `src/guests` or from `dist/src/guests`. */
export function miniosSourceDir(): string {
  const candidates = [
    path.join(__dirname, "minios"),
    path.join(__dirname, "..", "..", "..", "src", "guests", "minios"),
  ];
  for (const dir of candidates) {
    if (fs.existsSync(path.join(dir, MINIOS_MAIN))) return dir;
  }
  throw new Error(`miniOS sources not found (looked for ${MINIOS_MAIN} in ${candidates.join(", ")})`);
}

/** All source files of the kernel, by file name (minios.asm and its .inc files). */
export function miniosSources(): Record<string, string> {
  const dir = miniosSourceDir();
  const files: Record<string, string> = {};
  for (const name of fs.readdirSync(dir).sort()) {
    if (name.endsWith(".asm") || name.endsWith(".inc")) files[name] = fs.readFileSync(path.join(dir, name), "utf8");
  }
  return files;
}

/** The kernel command line for the given options (only the keys that are set). */
export function miniosCmdline(opts: MiniosOptions = {}): string {
  const words: string[] = [];
  if (opts.workload !== undefined) {
    if (!/^[a-z0-9_]{1,15}$/.test(opts.workload)) {
      throw new Error(`minios: bad workload name '${opts.workload}' (expected one of ${MINIOS_WORKLOADS.join(", ")})`);
    }
    words.push(`workload=${opts.workload}`);
  }
  for (const key of ["iters", "tasks"] as const) {
    const value = opts[key];
    if (value === undefined) continue;
    if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
      throw new Error(`minios: ${key} must be an integer from 0 to 4294967295, got ${value}`);
    }
    words.push(`${key}=${value}`);
  }
  return words.join(" ");
}

/** Assembles miniOS with vtlab's assembler. Throws a one-line error (file:line:column) if it fails. */
export function buildMinios(opts: MiniosOptions = {}): GuestImage {
  const cmdline = miniosCmdline(opts);
  const files = miniosSources();
  const result = assemble(files[MINIOS_MAIN], {
    fileName: MINIOS_MAIN,
    files,
    includePaths: [miniosSourceDir()],
  });
  if (result.errors.length > 0) {
    const e = result.errors[0];
    const more = result.errors.length > 1 ? ` (and ${result.errors.length - 1} more)` : "";
    throw new Error(`minios: ${e.file}:${e.line}:${e.column}: ${e.message}${more}`);
  }
  return {
    name: "minios",
    bytes: result.bytes,
    symbols: result.symbols,
    lines: result.lines.map((l) => ({ address: l.address, length: l.length, file: l.file, line: l.line })),
    cmdline,
  };
}
