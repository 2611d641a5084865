/**
 * What each miniOS workload must print, checked from first principles (counts derived from the
 * workload's definition, the xorshift result computed here), so the same checks apply to any
 * machine that boots the image: QEMU (minios-qemu.test.ts) and vtlab (minios-vtlab.test.ts).
 */
import { expect } from "vitest";
import { stat } from "./oracles";

export interface WorkloadCase {
  name: string;
  append: string;
  /** Asserts on the serial output (the run already ended with status 1, i.e. exit 0). */
  check(out: string): void;
}

function lines(out: string): string[] {
  return out.split("\n").filter((l) => l.length > 0);
}

function expectExits(out: string, exits: Record<number, number>): void {
  for (const [pid, status] of Object.entries(exits)) expect(out).toContain(`task ${pid} exit=${status}\n`);
}

/** xorshift32 (Marsaglia 2003, shifts 13/17/5) from the seed prog_compute uses. */
export function xorshift32(rounds: number): number {
  let x = 2463534242;
  for (let i = 0; i < rounds; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
  }
  return x;
}

export function workloadCases(scale: number): WorkloadCase[] {
  const n = (k: number) => Math.max(1, Math.round(k * scale));
  const cases: WorkloadCase[] = [];
  const user = (workload: string, iters: number, tasks: number, check: (out: string) => void) =>
    cases.push({
      name: `${workload} iters=${iters} tasks=${tasks}`,
      append: `workload=${workload} iters=${iters} tasks=${tasks}`,
      check(out) {
        expect(lines(out)[0]).toBe(`miniOS: workload=${workload} iters=${iters} tasks=${tasks}`);
        expect(out).toMatch(new RegExp(`^BENCH ${workload} iters=${iters} tasks=${tasks} cycles=\\d+$`, "m"));
        expect(out.endsWith("miniOS: exit 0\n")).toBe(true);
        expect(stat(out, "spawns")).toBeGreaterThanOrEqual(tasks);
        check(out);
      },
    });
  const kernel = (workload: string, iters: number, check: (out: string) => void) =>
    cases.push({
      name: `${workload} iters=${iters}`,
      append: `workload=${workload} iters=${iters}`,
      check(out) {
        expect(out).toMatch(new RegExp(`^BENCH ${workload} iters=${iters} cycles=\\d+$`, "m"));
        expect(stat(out, "spawns")).toBe(0);
        expect(out.endsWith("miniOS: exit 0\n")).toBe(true);
        check(out);
      },
    });

  const sys = n(500);
  user("syscall", sys, 2, (out) => {
    expect(stat(out, "syscalls")).toBe(2 * sys + 2); // getpid per iteration, then exit
    expectExits(out, { 1: 0, 2: 0 });
  });
  const calls = n(2000);
  user("callret", calls, 1, (out) => {
    expect(stat(out, "syscalls")).toBe(1);
    expect(stat(out, "pagefaults")).toBe(1); // the first call touches the stack
    expectExits(out, { 1: 0 });
  });
  const pages = n(200);
  user("pgfault", pages, 2, (out) => {
    expect(stat(out, "pagefaults")).toBe(2 * pages);
    expect(stat(out, "syscalls")).toBe(2 * (Math.floor(pages / 64) + 1)); // unmap per 64 pages, exit
    expectExits(out, { 1: 0, 2: 0 }); // every fresh page read as zero
  });
  const divs = n(300);
  user("divzero", divs, 1, (out) => {
    expect(stat(out, "exceptions")).toBe(divs + 1); // one #DE per division, one stack #PF
    expectExits(out, { 1: 0 });
  });
  const rounds = n(20000);
  user("compute", rounds, 3, (out) => {
    const low = xorshift32(rounds) & 0xff;
    expectExits(out, { 1: low, 2: low, 3: low });
    expect(stat(out, "syscalls")).toBe(3);
  });
  const consoleLines = n(40);
  user("console", consoleLines, 3, (out) => {
    const expected: string[] = [];
    for (let t = 0; t < 3; t++) for (let i = 0; i < consoleLines; i++) expected.push(`console line ${i}`);
    expect(lines(out).filter((l) => l.startsWith("console line "))).toEqual(expected);
    expectExits(out, { 1: 0, 2: 0, 3: 0 });
  });
  const forks = n(60);
  user("forkwait", forks, 2, (out) => {
    expect(stat(out, "spawns")).toBe(2 + 2 * forks);
    expect(stat(out, "syscalls")).toBe(2 * (2 * forks + 1) + 2 * forks); // spawn+wait each, parent exit, child exit
    expect(stat(out, "pagefaults")).toBe(2 * forks); // each child touches its fresh stack
    expectExits(out, { 1: 0, 2: 0 });
  });
  user("demo", 1, 3, (out) => {
    const said = lines(out).filter((l) => l.startsWith("demo: "));
    expect(said).toEqual([1, 2, 3].flatMap((p) => [`demo: task ${p} says hello`, `demo: task ${p} slept 2 ticks`]));
    expectExits(out, { 1: 1, 2: 2, 3: 3 });
  });
  kernel("in", n(1000), () => undefined);
  kernel("crwr", n(1000), () => undefined);
  const remaps = n(501);
  kernel("ptemod", remaps, (out) => expect(out).toContain(`ptemod: remaps=${remaps} stale=0\n`));
  return cases;
}

/** The fault cases: misbehaving tasks are killed with a report and the system goes on. */
export function checkFaults(out: string): void {
  const expected = [
    /^task 1 killed: #PF vector=14 err=0x00000007 eip=0x40000000 cr2=0x00100000 \(access to kernel memory\)$/m,
    /^task 2 killed: #GP vector=13 err=0x00000000 eip=0x40000000 cr2=0x[0-9a-f]{8} \(privileged instruction or I\/O port\)$/m,
    /^task 3 killed: #GP vector=13 err=0x00000000 eip=0x40000004 cr2=0x[0-9a-f]{8} \(privileged instruction or I\/O port\)$/m,
    /^task 4 killed: #PF vector=14 err=0x00000006 eip=0x40000005 cr2=0x50400000 \(out of memory: quota of 1024 pages\)$/m,
    /^task 5 killed: #PF vector=14 err=0x00000004 eip=0x40000000 cr2=0xc0000000 \(unmapped address\)$/m,
    /^task 6 killed: #UD vector=6 err=0x00000000 eip=0x40000000 cr2=0x[0-9a-f]{8}$/m,
    // the kernel faults in write() on the task's bad pointer: a kernel EIP, the task dies
    /^task 7 killed: #PF vector=14 err=0x00000000 eip=0x001[0-9a-f]{5} cr2=0x60000000 \(unmapped address\)$/m,
    /^task 8 killed: #DE vector=0 err=0x00000000 eip=0x40000009 cr2=0x[0-9a-f]{8}$/m,
  ];
  for (const re of expected) expect(out).toMatch(re);
  expectExits(out, { 1: 142, 2: 141, 3: 141, 4: 142, 5: 142, 6: 134, 7: 142, 8: 128, 9: 0 });
  expect(out).toContain("faults: the system is still running\n");
  expect(out.endsWith("miniOS: exit 0\n")).toBe(true);
}

/** The kernel panic case: a report, then status 1 through port 0xF4. */
export function checkPanic(out: string): void {
  expect(out).toMatch(/^PANIC: kernel fault #PF vector=14 err=0x00000002 eip=0x001[0-9a-f]{5} cr2=0xdead0000$/m);
  expect(out).toContain("PANIC: halting with status 1\n");
  expect(out).not.toContain("miniOS: exit");
}
