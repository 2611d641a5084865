#!/usr/bin/env node
// Interpreter speed: guest MIPS of vtlab's bare-metal Machine next to QEMU TCG, measured in
// the same run on the same Multiboot images (bench/guests/*.asm, assembled by nasm now).
//
//  - vtlab: Machine.run() on the image with loop count N, timed by the host clock around the
//    run; the instruction count is the CPU's exact retired-instruction counter.
//  - QEMU:  `qemu-system-i386 -accel tcg -kernel ...` on the same image, timed by wall clock
//    around the process. QEMU's start-up (about 0.3 s) is as long as its whole loop, so the
//    figure is the slope between the same program built with N and with 10 N iterations:
//    MIPS = 9 N x (instructions per iteration) / (T(10 N) - T(N)), best of 3 runs each; the
//    instructions per iteration come from vtlab's count (same program, same instructions).
//    Cross-check: the loop's own PIT stopwatch (bench/guests/stopwatch.inc; under TCG without
//    -icount the PIT follows host real time) in the 10 N run; it reads low when the host is
//    loaded (late timer callbacks coalesce into one IRQ0), which makes QEMU look faster.
//
// VTLAB_BENCH_SCALE=k multiplies the loop counts (default 1).
"use strict";
const { execFileSync, spawnSync } = require("child_process");
const { mkdtempSync, rmSync, readFileSync } = require("fs");
const { tmpdir } = require("os");
const { join } = require("path");
const { Machine } = require("../dist/src/machine");

const scale = Number(process.env.VTLAB_BENCH_SCALE || 1);
const workloads = [
  { name: "compute", src: "compute.asm", define: "ITERATIONS", n: Math.round(60_000_000 * scale), base: 1 },
  { name: "memory", src: "memory.asm", define: "PASSES", n: Math.max(2, Math.round(256 * scale)), base: 1 },
];

function need(tool, pkg) {
  const r = spawnSync(tool, ["--version"]);
  if (r.error) {
    console.error(`machine.bench: ${tool} not found (install the Debian package '${pkg}')`);
    process.exit(1);
  }
}
need("nasm", "nasm");
need("qemu-system-i386", "qemu-system-x86");

const dir = mkdtempSync(join(tmpdir(), "vtlab-bench-"));
function assemble(w, count) {
  const out = join(dir, `${w.name}-${count}.bin`);
  execFileSync("nasm", ["-f", "bin", `-D${w.define}=${count}`, "-I", join(__dirname, "guests") + "/", "-o", out,
    join(__dirname, "guests", w.src)]);
  return out;
}

function runVtlab(file) {
  const m = new Machine({ memory: "64M" });
  m.loadMultiboot(new Uint8Array(readFileSync(file)), { cmdline: file });
  const t0 = process.hrtime.bigint();
  const stop = m.run();
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  if (stop.kind !== "debug-exit") throw new Error(`vtlab: ${file} stopped with ${JSON.stringify(stop)}`);
  return { secs, instructions: m.cpu.state.instructions, serial: m.serialOutput() };
}

const TICK_SECONDS = 1193 / 1_193_182; // stopwatch period: PIT count 1193

/** The guest's own stopwatch reading ("... ms <hex>"), in seconds. */
function stopwatchSeconds(serial) {
  const m = / ms ([0-9A-F]{8})/.exec(serial);
  if (!m) throw new Error(`no stopwatch reading in ${JSON.stringify(serial)}`);
  return parseInt(m[1], 16) * TICK_SECONDS;
}

/** The result line without the stopwatch reading (must be the same under both). */
const result = (serial) => serial.replace(/ ms [0-9A-F]{8}/, "");

function runQemu(file, runs) {
  let best = Infinity, serial = "";
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync("qemu-system-i386", ["-accel", "tcg", "-kernel", file, "-serial", "stdio", "-display", "none",
      "-monitor", "none", "-no-reboot", "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04", "-m", "64"], { encoding: "latin1" });
    const secs = Number(process.hrtime.bigint() - t0) / 1e9;
    if (r.status !== 1) throw new Error(`qemu: ${file} exited with ${r.status}: ${r.stderr}`);
    if (secs < best) {
      best = secs;
      serial = r.stdout;
    }
  }
  return { secs: best, serial, inGuest: stopwatchSeconds(serial) };
}

const fmt = (x, d = 1) => x.toFixed(d).padStart(8);
try {
  console.log("workload   instructions   vtlab MIPS   QEMU TCG MIPS   vtlab/QEMU   (QEMU MIPS by its in-guest stopwatch)");
  for (const w of workloads) {
    const v = runVtlab(assemble(w, w.n)), vBase = runVtlab(assemble(w, w.base));
    const perIteration = (v.instructions - vBase.instructions) / (w.n - w.base);
    const q1 = runQemu(assemble(w, w.n), 3), q10 = runQemu(assemble(w, 10 * w.n), 3);
    if (result(q1.serial) !== result(v.serial)) {
      throw new Error(`${w.name}: results differ: vtlab ${JSON.stringify(v.serial)} QEMU ${JSON.stringify(q1.serial)}`);
    }
    const vMips = v.instructions / v.secs / 1e6;
    const qMips = (9 * w.n * perIteration) / Math.max(q10.secs - q1.secs, 1e-3) / 1e6;
    const q10Instructions = vBase.instructions + (10 * w.n - w.base) * perIteration;
    const qStopwatchMips = q10Instructions / q10.inGuest / 1e6;
    console.log(`${w.name.padEnd(9)} ${String(v.instructions).padStart(13)}  ${fmt(vMips)}     ${fmt(qMips)}       ` +
      `${fmt(vMips / qMips, 4)}x   (${qStopwatchMips.toFixed(0)})`);
    console.log(`          vtlab ${v.secs.toFixed(2)} s; QEMU ${q1.secs.toFixed(2)} s (N) and ${q10.secs.toFixed(2)} s (10 N), ` +
      `stopwatch ${q10.inGuest.toFixed(3)} s (10 N)`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
