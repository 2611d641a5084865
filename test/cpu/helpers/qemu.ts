/**
 * QEMU cross-check helpers for the CPU tests: NASM source assembled by the shared oracle
 * (test/helpers/oracles.ts), and a Multiboot image booted under QEMU with a chosen `-cpu` model,
 * returning its serial output. A missing oracle is a test failure with a clear message, never a skip.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { locateQemu } from "../../helpers/oracles";

/** Assembles NASM source text into a flat binary (`nasm -f bin`). */
export { nasmAssemble as nasm } from "../../helpers/oracles";

/** Boots a Multiboot image in QEMU and returns its serial output. */
export function qemuSerial(image: Uint8Array, cpu = "qemu32"): string {
  const qemu = locateQemu();
  const dir = mkdtempSync(join(tmpdir(), "vtlab-qemu-"));
  try {
    const path = join(dir, "k.bin");
    writeFileSync(path, image);
    const r = spawnSync(qemu, ["-cpu", cpu, "-kernel", path, "-serial", "stdio", "-display", "none", "-no-reboot",
      "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"], { encoding: "utf8", timeout: 30_000 });
    if (r.error) throw r.error;
    return r.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
