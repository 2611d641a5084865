/**
 * QEMU cross-check helpers for the CPU tests: NASM source assembled by the shared oracle
 * (test/helpers/oracles.ts), and a Multiboot image booted under QEMU with a chosen `-cpu` model,
 * returning its serial output. A missing oracle is a test failure with a clear message, never a skip.
 */
import { qemuBoot } from "../../helpers/oracles";

/** Assembles NASM source text into a flat binary (`nasm -f bin`). */
export { nasmAssemble as nasm } from "../../helpers/oracles";

/** Boots a Multiboot image in QEMU with `-cpu cpu` (128 MiB, QEMU's default) and returns its serial output. */
export function qemuSerial(image: Uint8Array, cpu = "qemu32"): string {
  const r = qemuBoot(image, { cpu, memory: "128", name: "k.bin", timeoutMs: 30_000 });
  if (r.timedOut) throw new Error(`QEMU did not finish within 30 s (-cpu ${cpu})`);
  return r.stdout.toString("utf8");
}
