// The bare-metal PC as a whole, with QEMU as the oracle: firmware state and Multiboot info,
// PIT + PIC timer interrupts, UART interrupts; then what QEMU cannot tell us: stop reasons,
// HLT idling in virtual time, snapshot/restore determinism, machines side by side, and
// runAsync (yields, abort, resume).
import { describe, expect, it } from "vitest";
import { Machine } from "../../src/machine/machine";
import { nasmGuest, qemu } from "./oracles";

function boot(image: Uint8Array, cmdline = "guest.bin "): Machine {
  const m = new Machine({ memory: "64M" });
  m.loadMultiboot(image, { cmdline });
  return m;
}

describe("against QEMU (same image, same serial output, same exit status)", () => {
  it.each([
    ["firmware-probe.asm", 0x21],
    ["timer.asm", 0x3b],
    ["uart-irq.asm", 0x12],
    ["pic-pit-registers.asm", 0x2a],
  ])("%s", (file, exitValue) => {
    const image = nasmGuest(file);
    const name = file.replace(".asm", ".bin");
    const q = qemu(image, { name, append: "x y" });
    const m = boot(image, `${name} x y`);
    const stop = m.run({ maxInstructions: 50_000_000 });
    expect(m.serialOutput()).toBe(q.serial);
    expect(stop).toEqual({ kind: "debug-exit", value: exitValue });
    expect(q.status).toBe((exitValue << 1) | 1);
  });
});

describe("serial input", () => {
  it("bytes fed to COM1 reach an interrupt-driven guest, as typed input does under QEMU", () => {
    const image = nasmGuest("uart-echo.asm");
    const q = qemu(image, { input: "hello, vtlab\n" });
    const echoed: number[] = [];
    const m = new Machine({ onSerial: (b) => echoed.push(b) });
    m.loadMultiboot(image, { cmdline: "guest.bin " });
    expect(m.run({ maxInstructions: 1_000_000 })).toEqual({ kind: "hlt" }); // waiting for input
    m.serialInput("hello, vtlab\n");
    expect(m.run({ maxInstructions: 1_000_000 })).toEqual({ kind: "debug-exit", value: 0x15 });
    expect(m.serialOutput()).toBe(q.serial);
    expect(q.status).toBe((0x15 << 1) | 1);
    expect(String.fromCharCode(...echoed)).toBe("HELLO, VTLAB\n");
  });
});

describe("stop reasons", () => {
  it("triple fault -> shutdown", () => {
    const m = boot(nasmGuest("stops.asm", { MODE: 1 }));
    const stop = m.run({ maxInstructions: 10_000 });
    expect(stop.kind).toBe("shutdown");
    expect(m.serialOutput()).toBe("stops 1\n");
  });

  it("CLI; HLT -> hlt (nothing can wake the CPU)", () => {
    const m = boot(nasmGuest("stops.asm", { MODE: 2 }));
    expect(m.run({ maxInstructions: 10_000 })).toEqual({ kind: "hlt" });
  });

  it("STI; HLT with every IRQ masked -> hlt, after idling to the next PIT edge only once", () => {
    const m = boot(nasmGuest("stops.asm", { MODE: 4 }));
    expect(m.run({ maxInstructions: 10_000 })).toEqual({ kind: "hlt" });
    expect(m.cpu.state.eflags & 0x200).toBe(0x200);
  });

  it("instruction limit -> budget, exactly at the limit, and resumable", () => {
    const m = boot(nasmGuest("stops.asm", { MODE: 3 }));
    expect(m.run({ maxInstructions: 12_345 })).toEqual({ kind: "budget" });
    expect(m.cpu.state.instructions).toBe(12_345);
    expect(m.run({ maxInstructions: 655 })).toEqual({ kind: "budget" });
    expect(m.cpu.state.instructions).toBe(13_000);
  });
});

describe("virtual time", () => {
  it("HLT idles to the next PIT interrupt: 0.225 s of guest time in few instructions", () => {
    const m = boot(nasmGuest("timer.asm"));
    m.run({ maxInstructions: 5_000_000 });
    const seconds = m.clock.seconds(m.cpu.state.cycles);
    expect(seconds).toBeGreaterThan(0.2);
    expect(m.cpu.state.instructions).toBeLessThan(100_000);
  });

  it("the same image gives the same instruction and cycle counts every run", () => {
    const image = nasmGuest("timer.asm");
    const a = boot(image), b = boot(image);
    a.run();
    b.run();
    expect([b.cpu.state.instructions, b.cpu.state.cycles]).toEqual([a.cpu.state.instructions, a.cpu.state.cycles]);
  });
});

describe("snapshot / restore", () => {
  it("restoring and running again gives byte-identical output, also in a fresh machine", () => {
    const image = nasmGuest("timer.asm");
    const m = boot(image);
    m.run({ maxInstructions: 5_000 }); // in the middle of the 100 Hz phase (about tick 9 of 20)
    const snap = m.snapshot();
    const before = m.serialOutput();
    expect(before).toBe(""); // still counting ticks: the PIT, PIC and virtual time are mid-flight
    expect(m.clock.seconds(m.cpu.state.cycles)).toBeGreaterThan(0.05);
    const stop1 = m.run();
    const out1 = m.serialBytes();
    const end1 = [m.cpu.state.instructions, m.cpu.state.cycles];
    expect(out1.length).toBeGreaterThan(before.length);

    m.restore(snap);
    expect(m.serialOutput()).toBe(before);
    const stop2 = m.run();
    expect(stop2).toEqual(stop1);
    expect(m.serialBytes()).toEqual(out1);
    expect([m.cpu.state.instructions, m.cpu.state.cycles]).toEqual(end1);

    const fresh = new Machine({ memory: "64M" });
    fresh.restore(structuredClone(snap));
    expect(fresh.run()).toEqual(stop1);
    expect(fresh.serialBytes()).toEqual(out1);
  });

  it("refuses a snapshot of a different memory size", () => {
    const snap = new Machine({ memory: "16M" }).snapshot();
    expect(() => new Machine({ memory: "32M" }).restore(snap)).toThrow(/RAM/);
  });
});

describe("reset and reload", () => {
  it("loading a kernel again power-cycles the machine: same output, same counts", () => {
    const image = nasmGuest("timer.asm");
    const m = boot(image);
    const first = m.run();
    const out = m.serialOutput();
    const counts = [m.cpu.state.instructions, m.cpu.state.cycles];
    m.loadMultiboot(image, { cmdline: "guest.bin " });
    expect(m.serialOutput()).toBe("");
    expect(m.run()).toEqual(first);
    expect(m.serialOutput()).toBe(out);
    expect([m.cpu.state.instructions, m.cpu.state.cycles]).toEqual(counts);
  });

  it("displays itself in notebooks as one line of text", () => {
    const m = boot(nasmGuest("stops.asm", { MODE: 2 }));
    m.run();
    const shown = (m as unknown as Record<symbol, () => Record<string, string>>)[Symbol.for("Jupyter.display")]();
    expect(shown["text/plain"]).toMatch(/^Machine\(core2, 64M RAM\): \d+ instructions, \d+ cycles .*8 serial bytes, halted$/);
  });
});

describe("machines side by side", () => {
  it("interleaved machines in one process do not disturb each other", () => {
    const timer = nasmGuest("timer.asm"), uart = nasmGuest("uart-irq.asm");
    const soloA = boot(timer), soloB = boot(uart);
    const sa = soloA.run(), sb = soloB.run();
    const a = boot(timer), b = boot(uart);
    let ra = null, rb = null;
    while (ra === null || rb === null) {
      if (ra === null) {
        const r = a.run({ maxInstructions: 777 });
        if (r.kind !== "budget") ra = r;
      }
      if (rb === null) {
        const r = b.run({ maxInstructions: 555 });
        if (r.kind !== "budget") rb = r;
      }
    }
    expect(ra).toEqual(sa);
    expect(rb).toEqual(sb);
    expect(a.serialOutput()).toBe(soloA.serialOutput());
    expect(b.serialOutput()).toBe(soloB.serialOutput());
    expect(a.cpu.state.cycles).toBe(soloA.cpu.state.cycles);
  });
});

describe("robustness", () => {
  it("100,000 seeded random port accesses to every device, interleaved with guest execution, never throw", () => {
    let x = 0x1234567;
    const next = (): number => {
      x ^= x << 13; x >>>= 0;
      x ^= x >>> 17;
      x ^= x << 5; x >>>= 0;
      return x;
    };
    const ports = [0x20, 0x21, 0xa0, 0xa1, 0x40, 0x41, 0x42, 0x43, 0x61, 0x80, 0x3f8, 0x3f9, 0x3fa, 0x3fb, 0x3fc,
      0x3fd, 0x3fe, 0x3ff, 0x4d0, 0x4d1, 0xf4, 0xf5];
    const image = nasmGuest("timer.asm");
    const m = boot(image);
    const sizes = [1, 2, 4] as const;
    for (let i = 0; i < 100_000; i++) {
      const port = next() % 8 === 0 ? next() & 0xffff : ports[next() % ports.length];
      const size = sizes[next() % 3];
      if (next() & 1) m.bus.ioWrite(port, size, next());
      else {
        const v = m.bus.ioRead(port, size);
        expect(v >= 0 && v <= 0xffffffff).toBe(true);
      }
      if (i % 1000 === 999) {
        const stop = m.run({ maxInstructions: 2_000 });
        expect(["budget", "hlt", "debug-exit", "shutdown"]).toContain(stop.kind);
        if (stop.kind !== "budget") m.loadMultiboot(image, { cmdline: "guest.bin " });
      }
    }
  });
});

describe("runAsync", () => {
  it("yields to the event loop, stops on abort at a consistent point, and resumes to the same result as run()", async () => {
    // A guest that cannot end within the test (7e9 instructions), so how fast the host runs it
    // does not matter: the async run is stopped by the abort, and the comparison with run() is
    // made at exactly the instruction count the async machine reached.
    const image = nasmGuest("../../../bench/guests/compute.asm", { ITERATIONS: 1_000_000_000 });
    const m = boot(image);
    const ac = new AbortController();
    let ticks = 0;
    const interval = setInterval(() => ticks++, 1);
    let progress = 0;
    const stop = await m.runAsync({
      signal: ac.signal,
      onProgress: () => {
        // Abort at the third yield (timers get their turn from the second one: a setImmediate yield
        // reaches the check phase before the event loop comes round to timers again).
        if (++progress === 3) ac.abort();
      },
    });
    clearInterval(interval);
    expect(stop).toEqual({ kind: "requested" });
    expect(progress).toBe(3);
    expect(ticks).toBeGreaterThan(0);

    const MORE = 1_000_000;
    const rest = await m.runAsync({ maxInstructions: MORE });
    expect(rest).toEqual({ kind: "budget" });
    const ref = boot(image);
    expect(ref.run({ maxInstructions: m.cpu.state.instructions })).toEqual({ kind: "budget" });
    expect(m.cpu.state.instructions).toBe(ref.cpu.state.instructions);
    expect(m.cpu.state.cycles).toBe(ref.cpu.state.cycles);
    expect(m.cpu.state.eip).toBe(ref.cpu.state.eip);
    expect(Array.from(m.cpu.state.regs)).toEqual(Array.from(ref.cpu.state.regs));
    expect(m.serialOutput()).toBe(ref.serialOutput());
  });

  it("without a signal of its own, obeys the running notebook cell's signal (Symbol.for(\"vtlab.cellSignal\"))", async () => {
    const key = Symbol.for("vtlab.cellSignal");
    const g = globalThis as Record<symbol, unknown>;
    const ac = new AbortController();
    g[key] = () => ac.signal;
    try {
      // A guest that cannot end within the test, so only the abort can stop the run.
      const m = boot(nasmGuest("../../../bench/guests/compute.asm", { ITERATIONS: 1_000_000_000 }));
      const stop = await m.runAsync({ onProgress: () => ac.abort() });
      expect(stop).toEqual({ kind: "requested" });
      // An explicit signal wins over the cell's: the machine resumes although the cell signal is aborted.
      const resumed = await m.runAsync({ signal: new AbortController().signal, maxInstructions: 1_000 });
      expect(resumed).toEqual({ kind: "budget" });
    } finally {
      delete g[key];
    }
  });

  it("an already aborted signal stops before any instruction", async () => {
    const m = boot(nasmGuest("timer.asm"));
    const ac = new AbortController();
    ac.abort();
    expect(await m.runAsync({ signal: ac.signal })).toEqual({ kind: "requested" });
    expect(m.cpu.state.instructions).toBe(0);
  });
});
