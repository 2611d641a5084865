/**
 * The parts of the task-state segment a CPU without hardware task switching still uses
 * (SDM Vol. 3A, 7.2.1 "Task-State Segment (TSS)", Figure 7-2 (32-bit) and 7-11 (16-bit)):
 *
 *   32-bit TSS  offset 4 ESP0, 8 SS0, 12 ESP1, 16 SS1, 20 ESP2, 24 SS2, ..., 102 I/O map base
 *   16-bit TSS  offset 2 SP0,  4 SS0,  6 SP1,  8 SS1, 10 SP2, 12 SS2
 *
 * - the inner-level stack pointers for privilege changes through interrupt, trap and call gates
 *   (6.12.1, 5.8.5): a pointer outside the TSS limit raises #TS(TSS selector + EXT);
 * - the I/O permission bit map for IN/OUT/INS/OUTS when CPL > IOPL (Vol. 1, 19.5.2 "I/O
 *   Permission Bit Map"): every bit for the ports accessed must be 0; a map beyond the limit
 *   denies access.
 *
 * Left out: task switches (JMP/CALL to a TSS or task gate, IRET with NT = 1): reported as the
 * shutdown reason "task switch unsupported" by their callers.
 */
import { CpuException, TS } from "./exception";
import type { MmuCpu } from "./mmu";
import { TR } from "./state";
import { readLinear } from "./sysmem";

/** True when TR holds a 32-bit TSS (busy type 0Bh), false for a 16-bit one (type 3). */
export function tssIs32(cpu: MmuCpu): boolean {
  return (cpu.state.segAr[TR] & 0x8) !== 0;
}

/** SS:ESP for privilege level `dpl` from the current TSS; #TS(TR + ext) when outside the TSS limit. */
export function innerStack(cpu: MmuCpu, dpl: number, ext: number): { ss: number; esp: number } {
  const s = cpu.state;
  const base = s.segBase[TR], limit = s.segLimit[TR];
  const trErr = (s.segSelector[TR] & 0xfffc) | ext;
  if (tssIs32(cpu)) {
    const off = 8 * dpl + 4;
    if (off + 5 > limit) throw new CpuException(TS, trErr);
    return { esp: readLinear(cpu, (base + off) >>> 0, 4, false), ss: readLinear(cpu, (base + off + 4) >>> 0, 2, false) };
  }
  const off = 4 * dpl + 2;
  if (off + 3 > limit) throw new CpuException(TS, trErr);
  return { esp: readLinear(cpu, (base + off) >>> 0, 2, false), ss: readLinear(cpu, (base + off + 2) >>> 0, 2, false) };
}

/**
 * The I/O permission bit map check of Vol. 1, 19.5.2: true if the TSS allows `size` ports from
 * `port`. Only a 32-bit TSS has a map; anything outside the TSS limit denies.
 */
export function ioBitmapAllows(cpu: MmuCpu, port: number, size: number): boolean {
  const s = cpu.state;
  if (!tssIs32(cpu) || (s.segAr[TR] & 0x80) === 0) return false;
  const base = s.segBase[TR], limit = s.segLimit[TR];
  if (limit < 103) return false;
  const mapBase = readLinear(cpu, (base + 102) >>> 0, 2, false);
  const byte = mapBase + (port >>> 3);
  if (byte + 1 > limit) return false;
  const bits = readLinear(cpu, (base + byte) >>> 0, 2, false);
  const mask = ((1 << size) - 1) << (port & 7);
  return (bits & mask) === 0;
}
