#!/usr/bin/env node
// Assembler throughput: lines per second assembling a generated 10,000-line NASM file with
// vtlab's assembler (dist/src/asm) and with `nasm -f bin` in the same run, and their ratio; then
// the same for the miniOS kernel source. Exits 1 if an output differs from nasm's.
// The file mixes what kernels contain: labels, local labels, short/near jumps, ALU with
// immediates and memory operands, calls, data and a macro. nasm is timed as a process
// (including its start-up), the way vtlab's CLI would be used; we time assemble() in-process
// and also the `vtlab asm` process for the like-for-like figure.
"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");
const { spawnSync } = require("child_process");
const { assemble } = require("../dist/src/asm");

function generate(lines) {
  const out = ["bits 32", "org 0x100000", "%macro save 0", "    push eax", "    push ebx", "%endmacro", "section .text"];
  const regs = ["eax", "ebx", "ecx", "edx", "esi", "edi"];
  let seed = 1;
  const rnd = (n) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
  let fn = 0;
  while (out.length < lines - 2) {
    if (out.length % 40 === 7) out.push(`func${fn++}:`);
    const r = regs[rnd(6)], s = regs[rnd(6)];
    switch (rnd(12)) {
      case 0: out.push(`    mov ${r}, [${s}+${rnd(200)}]`); break;
      case 1: out.push(`    add ${r}, ${rnd(1000)}`); break;
      case 2: out.push(`    cmp ${r}, ${s}`); break;
      case 3: out.push(`    jne func${fn + rnd(3)}`); break;
      case 4: out.push(`.l${out.length}:`); break;
      case 5: out.push(`    call func${rnd(fn + 1)}`); break;
      case 6: out.push(`    lea ${r}, [${s}+${r}*4+${rnd(100)}]`); break;
      case 7: out.push(`    mov dword [${s}+${rnd(64)}], ${rnd(100000)}`); break;
      case 8: out.push(`    shl ${r}, ${1 + rnd(31)}`); break;
      case 9: out.push(`    db ${rnd(256)}, ${rnd(256)}, "ab", 0`); break;
      case 10: out.push("    save"); break;
      default: out.push(`    jmp func${rnd(fn + 1)}`); break;
    }
  }
  out.push(`func${fn}:`, `func${fn + 1}:`, `func${fn + 2}:`, "    ret");
  return out.join("\n") + "\n";
}

const LINES = 10000;
const source = generate(LINES);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vtlab-asm-bench-"));
const file = path.join(dir, "bench.asm");
fs.writeFileSync(file, source);

// best of `reps` runs after a warm-up: the machine is shared, so the minimum is the stable figure
function time(fn, reps) {
  fn();
  let best = Infinity;
  for (let i = 0; i < reps; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return best;
}

const nasm = spawnSync("nasm", ["-v"], { encoding: "utf8" });
if (nasm.error || nasm.status !== 0) {
  console.error("asm bench: nasm is required as the peer but was not found");
  process.exit(1);
}
let ours;
const tOurs = time(() => { ours = assemble(source, { fileName: file }); }, 7);
if (ours.errors.length) { console.error("asm bench: our assembler reported errors", ours.errors.slice(0, 3)); process.exit(1); }
const tNasm = time(() => {
  const r = spawnSync("nasm", ["-f", "bin", "-o", path.join(dir, "out.bin"), file]);
  if (r.status !== 0) throw new Error("nasm failed: " + r.stderr);
}, 7);
const same = Buffer.from(ours.bytes).equals(fs.readFileSync(path.join(dir, "out.bin")));
const cli = path.join(__dirname, "..", "dist", "src", "cli", "main.js");
const tCli = time(() => {
  const r = spawnSync(process.execPath, [cli, "asm", file, "-o", path.join(dir, "cli.bin")]);
  if (r.status !== 0) throw new Error("vtlab asm failed: " + r.stderr);
}, 3);
fs.rmSync(dir, { recursive: true, force: true });

// a real program too: the miniOS kernel with its %includes, if it is in the tree
const kernel = path.join(__dirname, "..", "src", "guests", "minios", "minios.asm");
let kernelLine = "  (src/guests/minios/minios.asm not present)";
let kernelOk = true;
if (fs.existsSync(kernel)) {
  const kdir = path.dirname(kernel);
  const ksrc = fs.readFileSync(kernel, "utf8");
  const klines = fs.readdirSync(kdir).filter((f) => /\.(asm|inc)$/.test(f)).reduce((n, f) => n + fs.readFileSync(path.join(kdir, f), "utf8").split("\n").length, 0);
  let kout;
  const tk = time(() => { kout = assemble(ksrc, { fileName: kernel, includePaths: [kdir] }); }, 7);
  const kbin = path.join(os.tmpdir(), `vtlab-minios-${process.pid}.bin`);
  const tkn = time(() => {
    const r = spawnSync("nasm", ["-f", "bin", "-I", kdir + path.sep, "-o", kbin, kernel], { cwd: kdir });
    if (r.status !== 0) throw new Error("nasm failed on minios: " + r.stderr);
  }, 7);
  const ksame = kout.errors.length === 0 && Buffer.from(kout.bytes).equals(fs.readFileSync(kbin));
  fs.rmSync(kbin, { force: true });
  kernelOk = ksame;
  kernelLine = `  miniOS kernel (${klines} lines with includes, ${kout.bytes.length} bytes, identical: ${ksame}): vtlab ${(tk * 1000).toFixed(1)} ms, nasm ${(tkn * 1000).toFixed(1)} ms, ratio ${(tkn / tk).toFixed(2)}x`;
}

const lps = (t) => Math.round(LINES / t).toLocaleString("en-US");
console.log(`asm: ${LINES} lines, ${ours.bytes.length} bytes, output identical to nasm: ${same}`);
console.log(`  vtlab assemble() in-process : ${(tOurs * 1000).toFixed(1)} ms  ${lps(tOurs)} lines/s`);
console.log(`  vtlab asm (node process)    : ${(tCli * 1000).toFixed(1)} ms  ${lps(tCli)} lines/s`);
console.log(`  nasm -f bin (process)       : ${(tNasm * 1000).toFixed(1)} ms  ${lps(tNasm)} lines/s`);
console.log(`  ratio vtlab/nasm: in-process ${(tNasm / tOurs).toFixed(2)}x, process ${(tNasm / tCli).toFixed(2)}x (higher is faster)`);
console.log(kernelLine);
if (!same || !kernelOk) process.exit(1);
