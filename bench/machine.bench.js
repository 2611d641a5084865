#!/usr/bin/env node
// Interpreter speed: guest MIPS of vtlab's bare-metal Machine next to QEMU TCG, measured in
// the same run on the same Multiboot images (bench/guests/*.asm, assembled by nasm now).
//
//  - vtlab: Machine.run() in this process, timed around the run; instructions = the CPU's
//    retired-instruction counter.
//  - QEMU: `qemu-system-i386 -accel tcg -kernel ...`, timed by wall clock around the whole
//    process. Start-up is cancelled by also timing a baseline build of the same guest with a
//    tiny loop count: QEMU MIPS = (instr(N) - instr(base)) / (T(N) - T(base)), with the
//    instruction counts taken from vtlab's exact count of the same images (same program,
//    same instructions). Each QEMU time is the best of 7 runs. Both workloads run about
//    420 million instructions, a few tenths of a second under QEMU: the QEMU figure is
//    the noisier one (the raw times are printed so the reader can judge).
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

function runQemu(file) {
  let best = Infinity, serial = "";
  for (let i = 0; i < 7; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync("qemu-system-i386", ["-accel", "tcg", "-kernel", file, "-serial", "stdio", "-display", "none",
      "-monitor", "none", "-no-reboot", "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04", "-m", "64"], { encoding: "latin1" });
    const secs = Number(process.hrtime.bigint() - t0) / 1e9;
    if (r.status !== 1) throw new Error(`qemu: ${file} exited with ${r.status}: ${r.stderr}`);
    best = Math.min(best, secs);
    serial = r.stdout;
  }
  return { secs: best, serial };
}

const fmt = (x, d = 1) => x.toFixed(d).padStart(8);
try {
  console.log("workload   instructions   vtlab MIPS   QEMU TCG MIPS   vtlab/QEMU");
  for (const w of workloads) {
    const big = assemble(w, w.n), small = assemble(w, w.base);
    const v = runVtlab(big), vBase = runVtlab(small);
    const q = runQemu(big), qBase = runQemu(small);
    if (q.serial !== v.serial) throw new Error(`${w.name}: serial output differs: vtlab ${JSON.stringify(v.serial)} QEMU ${JSON.stringify(q.serial)}`);
    const vMips = v.instructions / v.secs / 1e6;
    const qSecs = Math.max(q.secs - qBase.secs, 1e-3);
    const qMips = (v.instructions - vBase.instructions) / qSecs / 1e6;
    console.log(`${w.name.padEnd(9)} ${String(v.instructions).padStart(13)}  ${fmt(vMips)}     ${fmt(qMips)}       ${fmt(vMips / qMips, 3)}x`);
    console.log(`          (vtlab ${v.secs.toFixed(2)} s; QEMU ${q.secs.toFixed(2)} s - ${qBase.secs.toFixed(2)} s start-up baseline)`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
