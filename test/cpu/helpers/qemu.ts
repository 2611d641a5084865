/**
 * Test oracle helpers: assemble a NASM source with `nasm -f bin` and run the image under
 * `qemu-system-i386 -kernel` with COM1 on stdio and QEMU's isa-debug-exit device, returning what
 * the guest printed. A missing oracle is a test failure with a clear message, never a skip.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

function need(tool: string): void {
  const r = spawnSync(tool, ["--version"], { encoding: "utf8" });
  if (r.error || r.status !== 0) throw new Error(`oracle missing: ${tool} is not installed (apt-get install nasm qemu-system-x86)`);
}

/** Assembles NASM source text into a flat binary. */
export function nasm(source: string): Uint8Array {
  need("nasm");
  const dir = mkdtempSync(join(tmpdir(), "vtlab-cpu-"));
  writeFileSync(join(dir, "t.asm"), source);
  execFileSync("nasm", ["-f", "bin", "-o", join(dir, "t.bin"), join(dir, "t.asm")], { stdio: "pipe" });
  return new Uint8Array(readFileSync(join(dir, "t.bin")));
}

/** Boots a Multiboot image in QEMU and returns its serial output. */
export function qemuSerial(image: Uint8Array, cpu = "qemu32"): string {
  need("qemu-system-i386");
  const dir = mkdtempSync(join(tmpdir(), "vtlab-qemu-"));
  const path = join(dir, "k.bin");
  writeFileSync(path, image);
  const r = spawnSync("qemu-system-i386", ["-cpu", cpu, "-kernel", path, "-serial", "stdio", "-display", "none", "-no-reboot",
    "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"], { encoding: "utf8", timeout: 30_000 });
  if (r.error) throw r.error;
  return r.stdout;
}
