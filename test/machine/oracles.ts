// Test helpers for test/machine: assemble NASM source with the real nasm, run an image under
// qemu-system-i386 (the oracle), run it under vtlab's Machine. A missing oracle is a test
// FAILURE with a clear message, never a skip.
import { execFileSync, spawnSync } from "child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { dirname, join } from "path";

function requireTool(tool: string, pkg: string): void {
  const r = spawnSync(tool, ["--version"], { encoding: "utf8" });
  if (r.error) throw new Error(`${tool} is required by this test but was not found (install the Debian package '${pkg}')`);
}

/** Assembles `source` with `nasm -f bin` and returns the image bytes. */
export function nasm(source: string): Uint8Array {
  requireTool("nasm", "nasm");
  const dir = mkdtempSync(join(tmpdir(), "vtlab-machine-"));
  try {
    writeFileSync(join(dir, "t.asm"), source);
    execFileSync("nasm", ["-f", "bin", "-o", join(dir, "t.bin"), join(dir, "t.asm")], { stdio: "pipe" });
    return new Uint8Array(readFileSync(join(dir, "t.bin")));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Assembles a guest of test/machine/guests (its includes resolve there); `defines` become -D options. */
export function nasmGuest(file: string, defines: Record<string, string | number> = {}): Uint8Array {
  requireTool("nasm", "nasm");
  const dir = mkdtempSync(join(tmpdir(), "vtlab-machine-"));
  const src = join(__dirname, "guests", file);
  try {
    const d = Object.entries(defines).map(([k, v]) => `-D${k}=${v}`);
    execFileSync("nasm", ["-f", "bin", ...d, "-I", dirname(src) + "/", "-o", join(dir, "g.bin"), src], { stdio: "pipe" });
    return new Uint8Array(readFileSync(join(dir, "g.bin")));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Boots `image` under QEMU (TCG) with COM1 on stdout and isa-debug-exit at 0xF4, and returns
 * { serial, status }. The image is written as `name` so the Multiboot command line matches.
 */
export function qemu(
  image: Uint8Array,
  opts: { name?: string; append?: string; memory?: string; input?: string } = {},
): { serial: string; status: number | null } {
  requireTool("qemu-system-i386", "qemu-system-x86");
  const dir = mkdtempSync(join(tmpdir(), "vtlab-qemu-"));
  const name = opts.name ?? "guest.bin";
  try {
    writeFileSync(join(dir, name), image);
    const args = ["-accel", "tcg", "-kernel", name, "-serial", "stdio", "-display", "none", "-monitor", "none",
      "-no-reboot", "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04", "-m", opts.memory ?? "64"];
    if (opts.append !== undefined) args.push("-append", opts.append);
    if (opts.input !== undefined) {
      // Typed input arrives on COM1 one second after boot, once the guest is ready for it.
      writeFileSync(join(dir, "input.txt"), opts.input);
      const cmd = `(sleep 1; cat input.txt) | qemu-system-i386 ${args.map((a) => `'${a}'`).join(" ")}`;
      const r = spawnSync("sh", ["-c", cmd], { cwd: dir, encoding: "latin1", timeout: 60_000 });
      return { serial: r.stdout, status: r.status };
    }
    const r = spawnSync("qemu-system-i386", args, { cwd: dir, encoding: "latin1", timeout: 60_000 });
    return { serial: r.stdout, status: r.status };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
