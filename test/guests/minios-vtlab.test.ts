/**
 * miniOS on vtlab's bare-metal machine, against QEMU: every workload, the fault cases and the
 * panic print the same serial output (cycle figures masked) and end with the same status
 * under `vtlab boot` as under `qemu-system-i386 -kernel`, booting the very same bytes (the
 * nasm-built image, so a machine divergence is not confused with an assembler one; the
 * built-in `vtlab boot minios` is compared too). Then the CPU's instruction counters confirm
 * what the workloads claim to execute.
 */
import { beforeAll, describe, expect, it } from "vitest";
import * as fs from "fs";
import { Machine } from "../../src/machine";
import { cpuModels, defineCpuModel } from "../../src/cpu/model";
import { guests } from "../../src/guests";
import { bootQemu, bootVtlab, debugExitStatus, maskCycles, nasmBuild, tempDir } from "./oracles";
import { checkFaults, checkPanic, workloadCases } from "./minios-workloads";

// Smaller than the QEMU-only runs: the interpreter is slower than QEMU's TCG.
const SCALE = 0.25;
const MAX_INSTRUCTIONS = 200_000_000;

let image = "";
beforeAll(() => {
  image = nasmBuild(tempDir());
});

function same(append: string, expectedStatus: number): string {
  const q = bootQemu(image, append);
  const v = bootVtlab(image, append, { maxInstructions: MAX_INSTRUCTIONS });
  expect(q.status, `qemu ${append}: ${q.out}`).toBe(expectedStatus);
  expect(maskCycles(v.out), `vtlab boot ${append} (stderr: ${v.stderr.trim()})`).toBe(maskCycles(q.out));
  expect(v.status, `vtlab boot ${append}: ${v.stderr}`).toBe(expectedStatus);
  return v.out;
}

describe("miniOS: vtlab boot and QEMU print the same", () => {
  for (const c of workloadCases(SCALE)) {
    it(c.name, () => {
      c.check(same(c.append, debugExitStatus(0)));
    });
  }

  it("faults: the same kill reports, and the system goes on", () => {
    checkFaults(same("workload=faults", debugExitStatus(0)));
  });

  it("panic: the same report and non-zero status", () => {
    checkPanic(same("workload=panic", debugExitStatus(1)));
  });

  it("the built-in guest: vtlab boot minios", () => {
    const append = "workload=syscall iters=100 tasks=2";
    const q = bootQemu(image, append);
    const v = bootVtlab("minios", append, { maxInstructions: MAX_INSTRUCTIONS });
    expect(maskCycles(v.out), v.stderr).toBe(maskCycles(q.out));
    expect(v.status).toBe(debugExitStatus(0));
  });
});

describe("miniOS: the CPU's instruction counters", () => {
  function boot(append: string): { out: string; counts: Record<string, number>; privileged: number } {
    const m = new Machine({ memory: "64M" });
    m.loadMultiboot(new Uint8Array(fs.readFileSync(image)), { cmdline: `minios.bin ${append}` });
    const stop = m.run({ maxInstructions: MAX_INSTRUCTIONS });
    expect(stop, m.serialOutput()).toEqual({ kind: "debug-exit", value: 0 });
    const counters = m.cpu.counters;
    return { out: m.serialOutput(), counts: counters.byMnemonic, privileged: counters.byClass.privileged };
  }

  it("syscall: N iterations in T tasks execute N*T + T `int 0x80` (getpid each, then exit)", () => {
    const { counts } = boot("workload=syscall iters=300 tasks=2");
    expect(counts["int"]).toBe(300 * 2 + 2);
  });

  it("in: N iterations execute at least N IN instructions", () => {
    const { counts } = boot("workload=in iters=400");
    expect(counts["in"]).toBeGreaterThanOrEqual(400);
  });

  it("crwr: 500 more iterations execute at least 500 more privileged instructions (MOV CR4)", () => {
    const few = boot("workload=crwr iters=100");
    const many = boot("workload=crwr iters=600");
    expect(many.privileged - few.privileged).toBeGreaterThanOrEqual(500);
  });

  it("ptemod: N iterations execute at least N INVLPGs", () => {
    expect(boot("workload=ptemod iters=250").counts["invlpg"]).toBeGreaterThanOrEqual(250);
  });

  it("demo: the idle loop halts (HLT) while tasks sleep", () => {
    const { counts } = boot("workload=demo tasks=2");
    expect(counts["hlt"]).toBeGreaterThanOrEqual(1);
  });
});

describe("miniOS: preemption does not change the output", () => {
  // A 20 MHz clock makes the 100 Hz timer fire every ~200,000 cycles, so the round robin
  // preempts the tasks many times; at 2.16 GHz these runs see no tick at all.
  const slow = defineCpuModel(cpuModels.core2, { clockHz: 20_000_000 });
  const image = guests.minios();

  function run(append: string, cpu: typeof slow | undefined): { out: string; preemptions: number } {
    const m = new Machine({ memory: "64M", cpu });
    m.loadMultiboot(image.bytes, { cmdline: `minios ${append}` });
    expect(m.run({ maxInstructions: MAX_INSTRUCTIONS })).toEqual({ kind: "debug-exit", value: 0 });
    return { out: maskCycles(m.serialOutput()), preemptions: m.memory.read32(image.symbols["stat_preemptions"]) };
  }

  for (const append of ["workload=compute iters=60000 tasks=3", "workload=console iters=300 tasks=3", "workload=forkwait iters=20 tasks=3"]) {
    it(append, () => {
      const fast = run(append, undefined);
      const preempted = run(append, slow);
      expect(preempted.preemptions).toBeGreaterThan(2);
      expect(preempted.out).toBe(fast.out);
    });
  }
});
