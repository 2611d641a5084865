// Test helpers for test/machine: assemble NASM source with the real nasm, run an image under
// qemu-system-i386 (the oracle), run it under vtlab's Machine. A missing oracle is a test
// FAILURE with a clear message, never a skip.
import { spawnSync } from "child_process";
import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { dirname, join } from "path";
import { locateQemu, nasmAssemble, nasmAssembleFile, qemuBoot } from "../helpers/oracles";

/** Assembles `source` with `nasm -f bin` and returns the image bytes. */
export const nasm = nasmAssemble;

/** Assembles a guest of test/machine/guests (its includes resolve there); `defines` become -D options. */
export function nasmGuest(file: string, defines: Record<string, string | number> = {}): Uint8Array {
  const src = join(__dirname, "guests", file);
  return nasmAssembleFile(src, [dirname(src)], defines);
}

/**
 * Boots `image` under QEMU (TCG) with COM1 on stdout and isa-debug-exit at 0xF4, and returns
 * { serial, status }. The image is written as `name` so the Multiboot command line matches.
 */
export function qemu(
  image: Uint8Array,
  opts: { name?: string; append?: string; memory?: string; input?: string } = {},
): { serial: string; status: number | null } {
  if (opts.input === undefined) {
    const r = qemuBoot(image, { name: opts.name ?? "guest.bin", append: opts.append, memory: opts.memory, timeoutMs: 60_000 });
    return { serial: r.stdout.toString("latin1"), status: r.status };
  }
  locateQemu();
  const dir = mkdtempSync(join(tmpdir(), "vtlab-qemu-"));
  const name = opts.name ?? "guest.bin";
  try {
    writeFileSync(join(dir, name), image);
    const args = ["-accel", "tcg", "-kernel", name, "-serial", "stdio", "-display", "none", "-monitor", "none",
      "-no-reboot", "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04", "-m", opts.memory ?? "64"];
    if (opts.append !== undefined) args.push("-append", opts.append);
    // Typed input arrives on COM1 one second after boot, once the guest is ready for it.
    writeFileSync(join(dir, "input.txt"), opts.input);
    const cmd = `(sleep 1; cat input.txt) | qemu-system-i386 ${args.map((a) => `'${a}'`).join(" ")}`;
    const r = spawnSync("sh", ["-c", cmd], { cwd: dir, encoding: "latin1", timeout: 60_000 });
    return { serial: r.stdout, status: r.status };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
