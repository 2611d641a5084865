/**
 * Robustness: 10,000 seeded random byte streams (5,000 starting at CPL 0, 5,000 at CPL 3), each run
 * for up to 1,000 instructions on a real Cpu. The host must never throw: every stream ends in an
 * architectural way — budget spent, HLT, shutdown (triple fault or an unsupported feature reported
 * as such) or a debug-exit stop — and the state stays architecturally consistent (CPL in 0..3 and
 * equal to CS.RPL, EIP a uint32).
 *
 * World: 256 KiB of RAM with the GDT/IDT/TSS of helpers/sysrun.ts; every IDT gate (DPL 3 on even
 * vectors, so INT n from ring 3 reaches some of them) leads to a tiny handler that drops the error
 * code if the vector has one, skips one byte of the interrupted code and IRETs, so execution keeps
 * going through the random bytes. External interrupts arrive at random (seeded) boundaries.
 * Half of the streams run with paging on: an identity map of the 256 KiB whose pages outside the
 * GDT/IDT/TSS, code, handler and stack pages get random P/R/W/U/S/A/D/G bits (CR4.PGE set), so
 * page faults, A/D updates and TLB behaviour are exercised by random code too.
 * Everything is seeded (xorshift32): a failure prints the seed and ring to replay it.
 */
import { describe, expect, it } from "vitest";
import type { Bus } from "../../src/cpu/bus";
import { Cpu } from "../../src/cpu/cpu";
import { makeGateDescriptor, makeSegmentDescriptor } from "../../src/cpu/descriptor";
import { setSegmentCache } from "../../src/cpu/segmentation";
import { CpuState, CR0_ET, CR0_PE, CS, DS, ES, ESP, FS, GS, SS, TR } from "../../src/cpu/state";

const RAM = 0x40000, GDT = 0x10000, IDT = 0x11000, TSS = 0x12000, CODE = 0x20000, HANDLERS = 0x30000;
const PAGE_DIR = 0x3e000, PAGE_TABLE = 0x3f000;
/** Pages that stay present, writable and user-accessible: stacks, tables, code, handlers, paging structures. */
const FIXED_PAGES = new Set([0x6, 0x7, 0x8, 0x10, 0x11, 0x12, 0x20, 0x30, 0x3e, 0x3f]);

/** Identity-maps the RAM through PAGE_DIR/PAGE_TABLE with random bits on the other pages. */
function randomPaging(ram: Uint8Array, s: CpuState, rnd: () => number): void {
  const dv = new DataView(ram.buffer);
  dv.setUint32(PAGE_DIR, PAGE_TABLE | 0x7, true);
  for (let i = 1; i < 1024; i++) dv.setUint32(PAGE_DIR + 4 * i, 0, true);
  for (let p = 0; p < 1024; p++) {
    let flags = 0;
    if (p < RAM >>> 12) flags = FIXED_PAGES.has(p) ? 0x7 : rnd() & 0x167; // P RW US A D G
    dv.setUint32(PAGE_TABLE + 4 * p, (p << 12) | flags, true);
  }
  s.cr[3] = PAGE_DIR;
  s.cr[4] = 0x80; // PGE
  s.cr[0] = (s.cr[0] | 0x80000000 | ((rnd() & 1) << 16)) >>> 0; // PG, WP at random
}
const STREAM = 1024;
const WITH_ERROR = new Set([8, 10, 11, 12, 13, 14, 17]);

function xorshift(seed: number): () => number {
  let x = seed >>> 0 || 0x9e3779b9;
  return () => {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    return x;
  };
}

function buildWorld() {
  const ram = new Uint8Array(RAM);
  const ctl = { rnd: xorshift(1), pending: -1 };
  let cpuRef: Cpu | null = null;
  const bus: Bus = {
    ram,
    mmioRead: () => 0xffffffff,
    mmioWrite: () => undefined,
    ioRead: (_port, size) => ctl.rnd() & (size === 1 ? 0xff : size === 2 ? 0xffff : 0xffffffff),
    ioWrite: (port, _size, value) => { if (port === 0xf4) cpuRef?.requestStop({ kind: "debug-exit", value }); },
    interruptPending: () => {
      if (ctl.pending < 0 && (ctl.rnd() & 63) === 0) ctl.pending = 0x20 + (ctl.rnd() % 0xe0);
      return ctl.pending >= 0;
    },
    acknowledgeInterrupt: () => { const v = ctl.pending; ctl.pending = -1; return v; },
  };
  const cpu = new Cpu({ bus });
  cpuRef = cpu;
  const dv = new DataView(ram.buffer);
  const put = (a: number, d: [number, number]) => { dv.setUint32(a, d[0], true); dv.setUint32(a + 4, d[1], true); };
  put(GDT + 0x08, makeSegmentDescriptor(0, 0xfffff, 0xb, { dpl: 0, g: true }));
  put(GDT + 0x10, makeSegmentDescriptor(0, 0xfffff, 0x3, { dpl: 0, g: true }));
  put(GDT + 0x18, makeSegmentDescriptor(0, 0xfffff, 0xb, { dpl: 3, g: true }));
  put(GDT + 0x20, makeSegmentDescriptor(0, 0xfffff, 0x3, { dpl: 3, g: true }));
  put(GDT + 0x28, makeSegmentDescriptor(TSS, 0x67, 0xb, { s: false, db: false }));
  for (let v = 0; v < 256; v++) {
    const h = HANDLERS + v * 8;
    put(IDT + v * 8, makeGateDescriptor(0x08, h, 0xe, v % 2 === 0 ? 3 : 0));
    const code = [...(WITH_ERROR.has(v) ? [0x83, 0xc4, 0x04] : []), 0xff, 0x04, 0x24, 0xcf]; // add esp,4; inc dword [esp]; iretd
    ram.set(code, h);
  }
  dv.setUint32(TSS + 4, 0x9000, true);
  dv.setUint32(TSS + 8, 0x10, true);
  const s = cpu.state;
  s.cr[0] = CR0_PE | CR0_ET;
  s.gdtrBase = GDT; s.gdtrLimit = 0x2f; s.idtrBase = IDT; s.idtrLimit = 0x7ff;
  const t = makeSegmentDescriptor(TSS, 0x67, 0xb, { s: false, db: false });
  setSegmentCache(s, TR, 0x28, t[0], t[1]);
  return { cpu, ram, ctl, pristineRam: ram.slice(), pristine: s.clone() };
}

function setRing(s: CpuState, ring: 0 | 3): void {
  const c = makeSegmentDescriptor(0, 0xfffff, 0xb, { dpl: ring, g: true });
  const d = makeSegmentDescriptor(0, 0xfffff, 0x3, { dpl: ring, g: true });
  setSegmentCache(s, CS, ring === 0 ? 0x08 : 0x1b, c[0], c[1]);
  for (const r of [SS, DS, ES, FS, GS]) setSegmentCache(s, r, ring === 0 ? 0x10 : 0x23, d[0], d[1]);
  s.cpl = ring;
}

describe("robustness: random byte streams never crash the host", () => {
  it("runs 10,000 seeded streams (CPL 0 and CPL 3), up to 1,000 instructions each", () => {
    const w = buildWorld();
    const stops: Record<string, number> = {};
    let instructions = 0;
    const failures: string[] = [];
    for (let n = 0; n < 10_000; n++) {
      const ring: 0 | 3 = n % 2 === 0 ? 0 : 3;
      const seed = 0x5eed0000 + n;
      const rnd = xorshift(seed);
      w.ram.set(w.pristineRam);
      for (let i = 0; i < STREAM; i += 4) {
        const v = rnd();
        w.ram[CODE + i] = v; w.ram[CODE + i + 1] = v >>> 8; w.ram[CODE + i + 2] = v >>> 16; w.ram[CODE + i + 3] = v >>> 24;
      }
      const s = w.cpu.state;
      s.assign(w.pristine);
      setRing(s, ring);
      for (let r = 0; r < 8; r++) s.regs[r] = rnd();
      s.regs[ESP] = ring === 0 ? 0x8000 : 0x7000;
      s.eip = CODE;
      s.eflags = 0x2 | (rnd() & 0x200); // IF at random
      if ((n & 2) !== 0) randomPaging(w.ram, s, rnd);
      w.ctl.rnd = xorshift(seed ^ 0xa5a5a5a5);
      w.ctl.pending = -1;
      w.cpu.invalidateCaches();
      const before = s.instructions;
      try {
        const stop = w.cpu.run(1000);
        stops[stop.kind] = (stops[stop.kind] ?? 0) + 1;
        if (!["budget", "hlt", "shutdown", "debug-exit"].includes(stop.kind)) failures.push(`seed ${seed} ring ${ring}: stop ${JSON.stringify(stop)}`);
        if (s.cpl < 0 || s.cpl > 3 || (!s.shutdown && (s.segSelector[CS] & 3) !== s.cpl) || s.eip !== s.eip >>> 0) {
          failures.push(`seed ${seed} ring ${ring}: inconsistent state cpl=${s.cpl} cs=${s.segSelector[CS]} eip=${s.eip}`);
        }
      } catch (e) {
        failures.push(`seed ${seed} ring ${ring}: host threw ${(e as Error)?.stack ?? String(e)}`);
      }
      instructions += s.instructions - before;
      if (failures.length > 5) break;
    }
    console.log(`robustness: ${instructions} instructions, ${w.cpu.tlb.fills} page walks; stops ${JSON.stringify(stops)}`);
    expect(w.cpu.tlb.fills).toBeGreaterThan(10_000); // the paging half really walks page tables
    expect(failures).toEqual([]);
  });
});
