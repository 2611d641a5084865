// Compiled blocks against one-at-a-time execution: the same program runs twice, once with
// `compileBlocks` and once without (the reference), over the same sequence of budgets, and after
// every run the stop reason and the guest-visible state (registers, EIP, EFLAGS as the guest reads
// them, retired instructions, cycles, per-mnemonic counters) must agree.
import { expect } from "vitest";
import { assemble, CODE, flatWorld, type World } from "./exec";
import { getEflags } from "../../../src/cpu/flags";
import { CR0_PG } from "../../../src/cpu/state";

export function snapshot(w: World) {
  const s = w.cpu.state;
  return {
    regs: Array.from(s.regs), eip: s.eip, eflags: getEflags(s),
    instructions: s.instructions, cycles: s.cycles, counters: w.cpu.counters,
  };
}

/** A flat world with `source` at CODE; registers other than ESP get values derived from `seed`. */
export function world(source: string, blocks: boolean, setup?: (w: World) => void, seed = 3): World {
  const w = flatWorld();
  w.cpu.compileBlocks = blocks;
  w.cpu.exceptionIntercept = () => true;
  w.ram.set(assemble(source), CODE);
  for (let i = 0; i < 8; i++) if (i !== 4) w.cpu.state.regs[i] = (0x9e3779b9 * (i + seed)) >>> 0;
  setup?.(w);
  return w;
}

/** Runs `source` in both modes with the same sequence of budgets; states must agree after each. */
export function agree(source: string, budgets: number[], setup?: (w: World) => void, seed = 3) {
  const a = world(source, true, setup, seed), b = world(source, false, setup, seed);
  const stops: unknown[] = [];
  for (const n of budgets) {
    const sa = a.cpu.run(n), sb = b.cpu.run(n);
    expect(sa, source).toEqual(sb);
    expect(snapshot(a), source).toEqual(snapshot(b));
    stops.push(sa);
  }
  return { a, b, stops };
}

/** Set-up: paging on, the first 4 MiB identity-mapped (directory at 0x80000) except page `hole`. */
export function identityPagedWithout(hole: number): (w: World) => void {
  return (w: World) => {
    const dv = new DataView(w.ram.buffer);
    dv.setUint32(0x80000, 0x81000 | 3, true);
    for (let pg = 0; pg < 256; pg++) if (pg !== hole) dv.setUint32(0x81000 + pg * 4, (pg << 12) | 3, true);
    w.cpu.state.cr[3] = 0x80000;
    w.cpu.state.cr[0] |= CR0_PG;
  };
}
