/**
 * miniOS under QEMU (the reference machine): every workload, the fault cases and the kernel
 * panic, booted with `qemu-system-i386 -kernel` from the image `nasm -f bin` builds — the
 * checks here hold for the guest itself, whatever machine vtlab becomes.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { bootQemu, debugExitStatus, maskCycles, nasmBuild, tempDir } from "./oracles";
import { checkFaults, checkPanic, workloadCases } from "./minios-workloads";

let image = "";
beforeAll(() => {
  image = nasmBuild(tempDir());
});

describe("miniOS under QEMU", () => {
  for (const c of workloadCases(1)) {
    it(`runs ${c.name}`, () => {
      const r = bootQemu(image, c.append);
      expect(r.status, r.out + r.stderr).toBe(debugExitStatus(0));
      c.check(r.out);
    });
  }

  it("kills misbehaving tasks with a report and goes on (faults)", () => {
    const r = bootQemu(image, "workload=faults");
    expect(r.status, r.out).toBe(debugExitStatus(0));
    checkFaults(r.out);
  });

  it("exits non-zero after a kernel panic", () => {
    const r = bootQemu(image, "workload=panic");
    expect(r.status, r.out).toBe(debugExitStatus(1));
    checkPanic(r.out);
  });

  it("rejects an unknown workload with status 2", () => {
    const r = bootQemu(image, "workload=nosuch");
    expect(r.status).toBe(debugExitStatus(2));
    expect(r.out).toContain("miniOS: unknown workload nosuch\n");
  });

  it("takes key=value words and ignores the rest (QEMU puts the file name first)", () => {
    const r = bootQemu(image, "quiet workload=syscall  foo iters=7 tasks=99 =x");
    expect(r.out.split("\n")[0]).toBe("miniOS: workload=syscall iters=7 tasks=16");
    expect(r.status).toBe(debugExitStatus(0));
  });

  it("has a slot for every task of the largest run (forkwait: 16 parents, 16 children)", () => {
    const r = bootQemu(image, "workload=forkwait iters=5 tasks=16");
    expect(r.status, r.out).toBe(debugExitStatus(0));
    for (let pid = 1; pid <= 16; pid++) expect(r.out).toContain(`task ${pid} exit=0\n`);
  });

  it("prints the same output whatever the timing (console and demo under -icount)", () => {
    for (const append of ["workload=console iters=200 tasks=3", "workload=demo tasks=4", "workload=compute iters=300000 tasks=3"]) {
      const plain = maskCycles(bootQemu(image, append).out);
      for (const shift of ["0", "6"]) {
        const timed = bootQemu(image, append, { extra: ["-icount", `shift=${shift}`] });
        expect(maskCycles(timed.out), `${append} -icount shift=${shift}`).toBe(plain);
      }
    }
  });
});
