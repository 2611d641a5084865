/**
 * The physical PC: one CPU, RAM, the port/MMIO buses and the ISA devices of layout.ts, run
 * in virtual time. This is the bare-metal machine notebooks boot guests on and the
 * `vtlab boot` command drives.
 *
 * The run loop (KVM_RUN style: a loop over StopReason):
 *   1. report device events due by now (PIT counter 0 edges -> IRQ0);
 *   2. if the CPU is halted: with IF = 0, or with IF = 1 and no device event that could
 *      ever raise INTR, stop with { kind: "hlt" } (the guest waits for the outside world);
 *      otherwise jump virtual time to the next device event (HLT idling);
 *   3. else run the CPU for a slice of at most SLICE instructions and at most up to the
 *      next device event's cycle (cpu.run's untilCycle), so timer interrupts arrive at the
 *      same instruction boundary whatever the slicing;
 *   4. debug-exit, shutdown, intercepts and exceptions end the run; budget/hlt continue.
 * A device that moves its next event earlier (the guest reprograms the PIT) asks the CPU
 * to stop after the current instruction so the loop can recompute the deadline.
 *
 * `runAsync` is the same loop; between slices it looks at the host clock only to decide
 * when to yield to the event loop (at least every YIELD_MS), never to change what the
 * guest sees, so run() and runAsync() give identical results. An AbortSignal is checked
 * between slices: the machine stops at an instruction boundary and can be resumed.
 *
 * Snapshots copy the CPU state, RAM, every device's plain-data state and the serial
 * output so far; restore() puts them back and flushes the CPU's derived caches.
 *
 * Left out: more than one CPU, the local APIC/IOAPIC, RTC/CMOS, keyboard controller, PCI.
 */
import { Cpu } from "../cpu/cpu";
import { resolveCpuModel, type CpuModel } from "../cpu/model";
import type { CpuState } from "../cpu/state";
import { IF } from "../cpu/state";
import type { StopReason } from "../cpu/stop";
import { writeBiosDataArea } from "./bios-data-area";
import { setMultibootEntryState, writeBootGdt } from "./boot-state";
import { ambientSignal } from "./ambient-signal";
import { VirtualClock } from "./clock";
import { DebugExit } from "./devices/debug-exit";
import { DualPic, type DualPicState } from "./devices/dual-pic";
import { Pit8254, type PitState } from "./devices/pit8254";
import { I8042, type I8042State } from "./devices/i8042";
import { PciHost, type PciState } from "./devices/pci-host";
import { PostPort } from "./devices/post-port";
import { RtcCmos, type RtcCmosState } from "./devices/rtc-cmos";
import { SystemControlB, type SystemControlState } from "./devices/system-control";
import { Uart16550, type Uart16550State } from "./devices/uart16550";
import * as L from "./layout";
import { parseMemorySize, PhysicalMemory } from "./memory";
import { loadMultibootKernel, type LoadedKernel } from "./multiboot";
import { writeMultibootInfo } from "./multiboot-info";
import { PcBus } from "./pc-bus";

/** Why a machine run ended. "hlt": halted with nothing able to wake it (IF = 0, or no device event). */
export type MachineStop = StopReason;

export interface MachineOptions {
  /** RAM size: bytes, or a string such as "64M" (see memory.ts). Default 64 MiB. */
  memory?: string | number;
  /** CPU model name or data. Default "core2". */
  cpu?: string | CpuModel;
  /** Called with every byte COM1 transmits, as it is transmitted. */
  onSerial?: (byte: number) => void;
}

export interface RunOptions {
  /** Stop with { kind: "budget" } after this many instructions. Default: no limit. */
  maxInstructions?: number;
}

export interface RunAsyncOptions extends RunOptions {
  /** Stops the run at the next slice boundary. Default: the running notebook cell's signal (ambient-signal.ts). */
  signal?: AbortSignal;
  onProgress?: (p: { instructions: number; cycles: number }) => void;
}

export interface MachineSnapshot {
  readonly memorySize: number;
  readonly cpuModel: string;
  readonly cpu: CpuState;
  readonly ram: Uint8Array;
  readonly pic: DualPicState;
  readonly pit: PitState;
  readonly uart: Uart16550State;
  readonly systemControl: SystemControlState;
  readonly rtc: RtcCmosState;
  readonly i8042: I8042State;
  readonly pci: PciState;
  readonly serial: Uint8Array;
}

/**
 * Instructions per cpu.run slice. Results do not depend on it (device events are met at
 * their exact cycle); it bounds how long runAsync can go without looking at the host clock.
 */
const SLICE = 100_000;
/** Device events a halted CPU skips through before the run ends as "hlt" (none woke it). */
const HALT_EVENT_LIMIT = 100_000;
/** runAsync yields to the event loop at least this often (ms of host time). */
const YIELD_MS = 20;

export class Machine {
  readonly memory: PhysicalMemory;
  readonly bus: PcBus;
  readonly cpu: Cpu;
  readonly clock: VirtualClock;
  readonly pic: DualPic;
  readonly pit: Pit8254;
  readonly uart: Uart16550;
  readonly debugExit: DebugExit;
  readonly systemControl: SystemControlB;
  readonly rtc: RtcCmos;
  readonly i8042: I8042;
  readonly pci: PciHost;
  readonly devices: {
    readonly uart: Uart16550; readonly pit: Pit8254; readonly pic: DualPic; readonly debugExit: DebugExit;
    readonly systemControl: SystemControlB; readonly rtc: RtcCmos; readonly i8042: I8042;
    readonly pci: PciHost;
  };
  /** Called with every byte COM1 transmits. */
  onSerial: ((byte: number) => void) | null;
  private serial = new Uint8Array(4096);
  private serialLength = 0;
  /** Kernel loaded by loadMultiboot, if any. */
  kernel: LoadedKernel | null = null;
  /** RAM may hold non-zero bytes (the machine loaded, ran or restored since the last clear). */
  private ramUsed = false;

  constructor(opts: MachineOptions = {}) {
    const model = resolveCpuModel(opts.cpu);
    this.memory = new PhysicalMemory(parseMemorySize(opts.memory ?? L.DEFAULT_MEMORY));
    this.clock = new VirtualClock(model.clockHz);
    this.onSerial = opts.onSerial ?? null;
    this.pic = new DualPic();
    this.bus = new PcBus(this.memory.ram, this.pic);
    this.cpu = new Cpu({ bus: this.bus, model });
    const now = (): number => this.clock.tick(this.cpu.state.cycles);
    this.pit = new Pit8254(now, () => this.pic.pulseIrq(L.PIT_IRQ));
    this.uart = new Uart16550((b) => this.transmitted(b), (level) => this.pic.setIrq(L.COM1_IRQ, level));
    this.debugExit = new DebugExit((value) => this.cpu.requestStop({ kind: "debug-exit", value }));
    this.systemControl = new SystemControlB(this.pit, now);
    this.rtc = new RtcCmos(now, (level) => this.pic.setIrq(L.RTC_IRQ, level), this.memory.size);
    this.pci = new PciHost(() => this.cpu.requestStop({ kind: "shutdown", reason: "reset requested through port 0xCF9" }));
    this.i8042 = new I8042((irq, level) => this.pic.setIrq(irq, level),
      () => this.cpu.requestStop({ kind: "shutdown", reason: "reset requested through the keyboard controller or port 0x92" }));
    this.devices = {
      uart: this.uart, pit: this.pit, pic: this.pic, debugExit: this.debugExit, systemControl: this.systemControl, rtc: this.rtc,
      i8042: this.i8042, pci: this.pci,
    };

    const io = this.bus.io;
    io.register("pic-master", L.PIC_MASTER_PORT, L.PIC_PORT_COUNT, this.pic.portDevice(this.pic.master));
    io.register("pic-slave", L.PIC_SLAVE_PORT, L.PIC_PORT_COUNT, this.pic.portDevice(this.pic.slave));
    io.register("elcr", L.ELCR_PORT, L.ELCR_PORT_COUNT, this.pic.elcr);
    io.register("pit", L.PIT_PORT, L.PIT_PORT_COUNT, this.pit);
    io.register("system-control-b", L.SYSTEM_CONTROL_B_PORT, 1, this.systemControl);
    io.register("rtc", L.RTC_PORT, L.RTC_PORT_COUNT, this.rtc);
    const kbc = this.i8042;
    io.register("i8042-data", L.I8042_DATA_PORT, 1, { ioRead: (_o, size) => kbc.ioRead(0, size), ioWrite: (_o, size, v) => kbc.ioWrite(0, size, v) });
    io.register("i8042-command", L.I8042_COMMAND_PORT, 1, { ioRead: (_o, size) => kbc.ioRead(4, size), ioWrite: (_o, size, v) => kbc.ioWrite(4, size, v) });
    io.register("system-control-a", L.SYSTEM_CONTROL_A_PORT, 1, kbc.port92);
    io.register("pci-config", L.PCI_CONFIG_PORT, L.PCI_CONFIG_PORT_COUNT, this.pci);
    io.register("post", L.POST_PORT, 1, new PostPort());
    io.register("debug-exit", L.DEBUG_EXIT_PORT, L.DEBUG_EXIT_PORT_COUNT, this.debugExit);
    io.register("com1", L.COM1_PORT, L.UART_PORT_COUNT, this.uart);
    this.firmwareInit();
    this.pit.onReschedule = () => this.cpu.requestStop({ kind: "budget" });
  }

  /** Device state as the PC firmware (SeaBIOS under QEMU) leaves it when it starts a Multiboot kernel. */
  private firmwareInit(): void {
    this.pic.initialize(L.FIRMWARE_PIC_MASTER_VECTOR, L.FIRMWARE_PIC_SLAVE_VECTOR, L.FIRMWARE_PIC_MASTER_IMR,
      L.FIRMWARE_PIC_SLAVE_IMR, L.FIRMWARE_ELCR);
    this.pit.ioWrite(3, 1, 0x34); // counter 0, LSB then MSB, mode 2, binary
    this.pit.ioWrite(0, 1, 0);
    this.pit.ioWrite(0, 1, 0); // count 0 = 65536: 18.2 Hz
    this.uart.ioWrite(4, 1, L.FIRMWARE_UART_MCR);
  }

  /**
   * Power-cycles the machine: RAM cleared, devices back to the firmware state, CPU reset,
   * serial output and virtual time restarted. Load a kernel again before running.
   * (RAM the machine itself used is cleared: after loads, runs and restores. Bytes poked
   * into `memory.ram` by hand on a machine that never ran are not.)
   */
  reset(): void {
    if (this.ramUsed) this.memory.ram.fill(0); // a fresh machine's RAM is already zero: skip 64 MiB of writes
    this.ramUsed = false;
    this.pit.onReschedule = null;
    this.pic.reset();
    this.pit.reset();
    this.uart.reset();
    this.systemControl.reset();
    this.rtc.reset();
    this.i8042.resetState();
    this.pci.resetState();
    this.cpu.reset();
    this.firmwareInit();
    this.pit.onReschedule = () => this.cpu.requestStop({ kind: "budget" });
    this.serial = new Uint8Array(4096);
    this.serialLength = 0;
    this.kernel = null;
  }

  get model(): CpuModel {
    return this.cpu.model;
  }

  /**
   * Boots a Multiboot v1 kernel: power-cycles the machine (reset()), loads the image, writes
   * the info structure and boot GDT, and puts the CPU at the entry point in the spec's state.
   * A bad image throws ImageError and leaves the machine reset.
   */
  loadMultiboot(image: Uint8Array, opts: { cmdline?: string } = {}): void {
    this.reset();
    this.ramUsed = true;
    const kernel = loadMultibootKernel(image, this.memory);
    const info = writeMultibootInfo(this.memory, opts.cmdline ?? "");
    writeBootGdt(this.memory);
    writeBiosDataArea(this.memory);
    setMultibootEntryState(this.cpu.state, kernel.entry, info);
    this.cpu.invalidateCaches();
    this.kernel = kernel;
  }

  private transmitted(b: number): void {
    if (this.serialLength === this.serial.length) {
      const bigger = new Uint8Array(this.serial.length * 2);
      bigger.set(this.serial);
      this.serial = bigger;
    }
    this.serial[this.serialLength++] = b;
    this.onSerial?.(b);
  }

  /** Everything COM1 has transmitted, decoded as UTF-8. */
  serialOutput(): string {
    return new TextDecoder().decode(this.serial.subarray(0, this.serialLength));
  }

  /** Everything COM1 has transmitted, as bytes (a copy). */
  serialBytes(): Uint8Array {
    return this.serial.slice(0, this.serialLength);
  }

  /**
   * Types bytes into COM1 (keyboard input for the guest). They are queued with flow control,
   * as QEMU's chardev does: each byte enters the UART's receiver when there is room for it.
   */
  serialInput(data: string | Uint8Array): void {
    this.uart.queueInput(typeof data === "string" ? new TextEncoder().encode(data) : data);
  }

  /** Cycle count of the next device event, or Infinity. */
  private nextEventCycle(): number {
    const p = this.pit.nextIrqTick();
    const r = this.rtc.nextIrqTick();
    const t = p < 0 ? r : r < 0 ? p : Math.min(p, r);
    return t < 0 ? Infinity : this.clock.cycleOfTick(t);
  }

  /** Cycle count of the next device event that reaches the CPU through an unmasked PIC line, or Infinity. */
  private nextWakeCycle(): number {
    const master = this.pic.master.s.imr, slave = this.pic.slave.s.imr;
    const p = (master & (1 << L.PIT_IRQ)) === 0 ? this.pit.nextIrqTick() : -1;
    const rtcMasked = (slave & (1 << (L.RTC_IRQ - 8))) !== 0 || (master & (1 << L.CASCADE_IRQ)) !== 0;
    const r = rtcMasked ? -1 : this.rtc.nextIrqTick();
    const t = p < 0 ? r : r < 0 ? p : Math.min(p, r);
    return t < 0 ? Infinity : this.clock.cycleOfTick(t);
  }

  private syncDevices(): void {
    const tick = this.clock.tick(this.cpu.state.cycles);
    this.pit.advanceTo(tick);
    this.rtc.advanceTo(tick);
  }

  /**
   * One step of the run loop: at most `budget` instructions. Returns a stop reason that
   * ends the run, or null to continue.
   */
  private step(budget: number): StopReason | null {
    const st = this.cpu.state;
    this.syncDevices();
    if (st.shutdown) return { kind: "shutdown", reason: st.shutdownReason || "triple fault" };
    if (st.halted && !((st.eflags & IF) !== 0 && this.pic.intr)) {
      if ((st.eflags & IF) === 0) return { kind: "hlt" };
      // Skip from event to event (virtual time only) until one raises INTR. Sources whose line
      // is masked at the PIC cannot wake the CPU and are not waited for; the bound ends a wait
      // on events that keep arriving while a higher-priority request stays in service (or an
      // already-latched IRQ0 that no later edge can change).
      for (let i = 0; i < HALT_EVENT_LIMIT; i++) {
        const next = this.nextWakeCycle();
        if (next === Infinity) return { kind: "hlt" };
        if (next > st.cycles) st.cycles = next;
        this.syncDevices();
        if (this.pic.intr) return null;
      }
      return { kind: "hlt" };
    }
    const until = this.nextEventCycle();
    const r = this.cpu.run(budget, until === Infinity ? undefined : until);
    return r.kind === "budget" || r.kind === "hlt" ? null : r;
  }

  /** Runs until the guest stops (debug-exit, shutdown, HLT with nothing to wake it) or the instruction limit. */
  run(opts: RunOptions = {}): MachineStop {
    const st = this.cpu.state;
    this.ramUsed = true;
    const limit = opts.maxInstructions ?? Infinity;
    const end = st.instructions + limit;
    for (;;) {
      const left = end - st.instructions;
      if (left <= 0) return { kind: "budget" };
      const r = this.step(Math.min(left, SLICE));
      if (r) return r;
    }
  }

  /** Like run(), yielding to the event loop at least every YIELD_MS of host time; stops on `signal`. */
  async runAsync(opts: RunAsyncOptions = {}): Promise<MachineStop> {
    const st = this.cpu.state;
    this.ramUsed = true;
    const limit = opts.maxInstructions ?? Infinity;
    const end = st.instructions + limit;
    const hostNow = (): number => performance.now(); // host clock: only decides when to yield
    let lastYield = hostNow();
    const signal = opts.signal ?? ambientSignal();
    for (;;) {
      if (signal?.aborted) return { kind: "requested" };
      const left = end - st.instructions;
      if (left <= 0) return { kind: "budget" };
      const r = this.step(Math.min(left, SLICE));
      if (r) return r;
      if (hostNow() - lastYield >= YIELD_MS) {
        opts.onProgress?.({ instructions: st.instructions, cycles: st.cycles });
        await new Promise<void>((resolve) => setImmediate(resolve));
        lastYield = hostNow();
      }
    }
  }

  /** The whole machine as plain data. */
  snapshot(): MachineSnapshot {
    return {
      memorySize: this.memory.size,
      cpuModel: this.cpu.model.name,
      cpu: this.cpu.state.clone(),
      ram: this.memory.ram.slice(),
      pic: this.pic.save(),
      pit: this.pit.save(),
      uart: this.uart.save(),
      systemControl: this.systemControl.save(),
      rtc: this.rtc.save(),
      i8042: this.i8042.save(),
      pci: this.pci.save(),
      serial: this.serialBytes(),
    };
  }

  /** A one-line summary for notebooks (the Jupyter display protocol of the design). */
  [Symbol.for("Jupyter.display")](): Record<string, string> {
    const st = this.cpu.state;
    return {
      "text/plain": `Machine(${this.cpu.model.name}, ${this.memory.size / L.MiB}M RAM): ${st.instructions} instructions, ` +
        `${st.cycles} cycles (${this.clock.seconds(st.cycles).toFixed(6)} s virtual), ${this.serialLength} serial bytes` +
        (st.shutdown ? ", shut down" : st.halted ? ", halted" : ""),
    };
  }

  /** Puts the machine back into a snapshot's state (same memory size required). */
  restore(s: MachineSnapshot): void {
    if (s.memorySize !== this.memory.size) {
      throw new Error(`snapshot has ${s.memorySize} bytes of RAM, this machine ${this.memory.size}`);
    }
    this.cpu.state.assign(s.cpu);
    this.memory.ram.set(s.ram);
    this.ramUsed = true;
    this.pic.load(s.pic);
    this.pit.load(s.pit);
    this.uart.load(s.uart);
    this.systemControl.load(s.systemControl);
    this.rtc.load(s.rtc);
    this.i8042.load(s.i8042);
    this.pci.load(s.pci);
    this.serial = new Uint8Array(Math.max(4096, s.serial.length * 2));
    this.serial.set(s.serial);
    this.serialLength = s.serial.length;
    this.cpu.invalidateCaches();
  }
}
