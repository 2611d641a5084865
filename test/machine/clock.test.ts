// Virtual time (src/machine/clock.ts): cycles at the model's clock <-> 8254 input ticks, exact
// integers, first-cycle-of-tick inverse, no drift over long runs.
import { describe, expect, it } from "vitest";
import { VirtualClock } from "../../src/machine/clock";
import { PIT_HZ } from "../../src/machine/layout";

describe("VirtualClock", () => {
  it("converts whole seconds exactly", () => {
    const c = new VirtualClock(2_160_000_000);
    expect(c.tick(2_160_000_000)).toBe(PIT_HZ);
    expect(c.tick(3600 * 2_160_000_000)).toBe(3600 * PIT_HZ); // an hour of guest time, beyond 2^53 products
    expect(c.cycleOfTick(PIT_HZ)).toBe(2_160_000_000);
    expect(c.seconds(1_080_000_000)).toBe(0.5);
  });

  it("cycleOfTick is the first cycle at which the tick has elapsed", () => {
    const c = new VirtualClock(1_000_000_000);
    for (const t of [1, 2, 1193, 65536, 1_193_183, 987_654_321]) {
      const cyc = c.cycleOfTick(t);
      expect(c.tick(cyc)).toBeGreaterThanOrEqual(t);
      expect(c.tick(cyc - 1)).toBeLessThan(t);
    }
  });

  it("is monotonic and never skips a tick", () => {
    const c = new VirtualClock(3_000_000_000);
    let last = 0;
    for (let cyc = 0; cyc < 200_000; cyc += 7) {
      const t = c.tick(cyc);
      expect(t - last === 0 || t - last === 1).toBe(true);
      last = t;
    }
  });

  it("rejects a bad clock rate", () => {
    expect(() => new VirtualClock(0)).toThrow(/bad CPU clock rate/);
    expect(() => new VirtualClock(1.5)).toThrow(/bad CPU clock rate/);
  });
});
