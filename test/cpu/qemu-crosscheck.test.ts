/**
 * QEMU cross-checks for cpu-system choices the SDM leaves to the implementation (register widths of
 * selector stores, PUSH Sreg's store size, 16-bit SGDT, CR0.ET, DR6/DR7 fixed bits, MSR reads):
 * every test/cpu/programs/*.asm is assembled with nasm at test time and booted both under
 * `qemu-system-i386 -cpu qemu32 -kernel` and on vtlab's Machine with the qemu32 model; the serial
 * outputs must be identical. Known QEMU 7.2 deviations from the SDM are kept out of the programs
 * and listed in their headers.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Machine } from "../../src/machine";
import { qemuSerial } from "./helpers/qemu";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";

const DIR = join(__dirname, "programs");

function assemble(file: string): Uint8Array {
  const out = join(mkdtempSync(join(tmpdir(), "vtlab-xc-")), "k.bin");
  try {
    execFileSync("nasm", ["-f", "bin", "-I", DIR + "/", "-o", out, join(DIR, file)], { stdio: "pipe" });
  } catch (e) {
    throw new Error(`nasm failed on ${file} (is nasm installed?): ${(e as Error).message}`);
  }
  return new Uint8Array(readFileSync(out));
}

describe("cpu-system cross-checks against QEMU", () => {
  const programs = readdirSync(DIR).filter((f) => f.endsWith(".asm")).sort();
  it("has programs", () => expect(programs.length).toBeGreaterThan(0));
  for (const file of programs) {
    it(file, () => {
      const image = assemble(file);
      const q = qemuSerial(image, "qemu32");
      const m = new Machine({ cpu: "qemu32", memory: "16M" });
      m.loadMultiboot(image);
      const stop = m.run({ maxInstructions: 5_000_000 });
      expect(stop.kind).toBe("debug-exit");
      expect(m.serialOutput()).toBe(q);
      expect(q.length).toBeGreaterThan(0);
    });
  }
});
