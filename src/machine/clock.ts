/**
 * Virtual time: the CPU's cycle counter (state.cycles, advanced by the cost model) read
 * at the model's core clock, converted to 8254 input-clock ticks (PIT_HZ) and back.
 * No host clock is involved, so the same program sees the same timer interrupts at the
 * same instructions on every run.
 *
 *   tick(c)  = floor(c * PIT_HZ / clockHz)
 *   cycle(t) = ceil(t * clockHz / PIT_HZ)    (the first cycle at which tick(c) >= t)
 *
 * Both are computed by splitting off whole seconds so the products stay below 2^53 and the
 * results are exact integers for any cycle count a run can reach.
 */
import { PIT_HZ } from "./layout";

export class VirtualClock {
  constructor(readonly clockHz: number) {
    if (!Number.isSafeInteger(clockHz) || clockHz <= 0) throw new RangeError(`bad CPU clock rate ${clockHz}`);
  }

  /** PIT ticks elapsed at cycle count `cycles`. */
  tick(cycles: number): number {
    const hz = this.clockHz;
    const secs = Math.floor(cycles / hz);
    const rest = cycles - secs * hz;
    return secs * PIT_HZ + floorDiv(rest * PIT_HZ, hz);
  }

  /** First cycle count at which `tick` PIT ticks have elapsed. */
  cycleOfTick(tick: number): number {
    const secs = Math.floor(tick / PIT_HZ);
    const rest = tick - secs * PIT_HZ;
    return secs * this.clockHz + ceilDiv(rest * this.clockHz, PIT_HZ);
  }

  /** Seconds of virtual time at `cycles`. */
  seconds(cycles: number): number {
    return cycles / this.clockHz;
  }
}

function floorDiv(a: number, b: number): number {
  let q = Math.floor(a / b);
  if (q * b > a) q--;
  else if ((q + 1) * b <= a) q++;
  return q;
}

function ceilDiv(a: number, b: number): number {
  const q = floorDiv(a, b);
  return q * b === a ? q : q + 1;
}
