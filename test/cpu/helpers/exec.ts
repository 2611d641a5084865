/**
 * Interpreter test harness: a real Cpu over a small RAM bus in flat 32-bit protected mode (the
 * state a Multiboot loader leaves), code assembled by NASM at test time (`bits 32`, org 0x1000),
 * stepped until EIP reaches the end of the code. A missing NASM fails the test with a clear message.
 */
import { nasmAssemble } from "../../helpers/oracles";
import type { Bus } from "../../../src/cpu/bus";
import { Cpu } from "../../../src/cpu/cpu";
import { getEflags } from "../../../src/cpu/flags";
import { makeSegmentDescriptor } from "../../../src/cpu/descriptor";
import { setSegmentCache } from "../../../src/cpu/segmentation";
import { CR0_PE, CS, DS, ES, FS, GS, SS, ESP } from "../../../src/cpu/state";

export const CODE = 0x1000;

export function assemble(source: string, bits = 32, org = CODE): Uint8Array {
  return nasmAssemble(`bits ${bits}\norg ${org}\n${source}\n`);
}

export interface World {
  cpu: Cpu;
  ram: Uint8Array;
  io: Array<[string, number, number, number]>;
}

/** A Cpu in flat ring-0 32-bit protected mode over `ramSize` bytes of RAM; ESP = 0x8000. */
export function flatWorld(ramSize = 1 << 20): World {
  const ram = new Uint8Array(ramSize);
  const io: Array<[string, number, number, number]> = [];
  const bus: Bus = {
    ram,
    mmioRead: () => 0xffffffff,
    mmioWrite: () => undefined,
    ioRead: (port, size) => { io.push(["in", port, size, 0]); return 0xffffffff; },
    ioWrite: (port, size, value) => { io.push(["out", port, size, value]); },
    interruptPending: () => false,
    acknowledgeInterrupt: () => 0,
  };
  const cpu = new Cpu({ bus });
  const s = cpu.state;
  s.cr[0] = CR0_PE | 0x10;
  const k = makeSegmentDescriptor(0, 0xfffff, 0xb, { dpl: 0, g: true });
  const d = makeSegmentDescriptor(0, 0xfffff, 0x3, { dpl: 0, g: true });
  setSegmentCache(s, CS, 0x08, k[0], k[1]);
  for (const r of [SS, DS, ES, FS, GS]) setSegmentCache(s, r, 0x10, d[0], d[1]);
  s.regs[ESP] = 0x8000;
  s.eip = CODE;
  s.eflags = 2;
  return { cpu, ram, io };
}

/** Loads `code` at CODE and steps until EIP leaves it (or maxSteps); returns the world. */
export function runCode(code: Uint8Array, setup?: (w: World) => void, maxSteps = 100_000): World {
  const w = flatWorld();
  w.ram.set(code, CODE);
  setup?.(w);
  const end = CODE + code.length;
  for (let n = 0; n < maxSteps && w.cpu.state.eip !== end; n++) {
    const r = w.cpu.run(1);
    if (r.kind !== "budget") throw new Error(`stopped: ${JSON.stringify(r)} at eip ${w.cpu.state.eip.toString(16)}`);
  }
  if (w.cpu.state.eip !== end) throw new Error(`did not reach the end of the code (eip ${w.cpu.state.eip.toString(16)})`);
  return w;
}

/** Assembles and runs 32-bit code. */
export function run32(source: string, setup?: (w: World) => void): World {
  return runCode(assemble(source), setup);
}

export function flags(w: World): number {
  return getEflags(w.cpu.state);
}

/** Runs 32-bit code until the CPU stops for another reason than the budget; exceptions stop the run. */
export function runToStop(source: string, setup?: (w: World) => void, budget = 100_000) {
  const w = flatWorld();
  const code = assemble(source);
  w.ram.set(code, CODE);
  w.cpu.exceptionIntercept = () => true;
  setup?.(w);
  const stop = w.cpu.run(budget);
  return { w, stop, end: CODE + code.length };
}

/** EFLAGS status-flag bits (SDM Vol. 1, Figure 3-8). */
export const F = { CF: 0x1, PF: 0x4, AF: 0x10, ZF: 0x40, SF: 0x80, OF: 0x800, ARITH: 0x8d5 } as const;
