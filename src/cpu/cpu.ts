/**
 * One x86-32 logical processor: the run loop, instruction fetch through the decoded-instruction
 * cache, the memory accessors handlers use (segmentation checks, then paging, then the bus), the
 * single intercept point for sensitive instructions, and the per-instruction counters.
 *
 * Run loop (one iteration = one instruction boundary):
 *   1. budget / cycle deadline reached -> { kind: "budget" }
 *   2. interrupt window: an STI / MOV SS shadow blocks INTR for one instruction (SDM Vol. 3A,
 *      6.8.3); otherwise with EFLAGS.IF = 1 and the bus's INTR line up, the vector is acknowledged
 *      and delivered through the IDT (interrupts.ts).
 *   3. the hot loop `fast()` runs cached innocuous instructions back to back (and compiled blocks
 *      of them, decode-block.ts) until a cache miss, a sensitive instruction, the budget, or
 *      `attention` (MMIO access / stop request). Nothing in it can raise INTR or change IF, so
 *      the boundary checks of step 2 stay exact.
 *   4. otherwise one instruction the careful way: fetch (linear = CS.base + EIP, physical through
 *      a one-entry code-page translation cache), decode on a miss, debug checks, and for
 *      sensitive/privileged entries the `intercept` hook before the handler acts. Afterwards the
 *      loop reloads its view of CS, CR0 and the code page (such instructions may change them).
 *   5. a handler that faults throws CpuException: EIP is rolled back to the instruction for faults
 *      (SDM Vol. 3A, 6.5 "Exception Classifications") and the exception is delivered (or handed
 *      to `exceptionIntercept` when a host owns exceptions).
 * Debug registers (SDM Vol. 3A, 18.2-18.3): instruction breakpoints (faults, RF honoured), data
 * write / read-write breakpoints and TF single-step (traps), with DR6 B0-B3/BS.
 *
 * Decoded-instruction cache: keyed by physical address, one 4096-slot array per code page. Every
 * write that reaches RAM checks a byte map of 64-byte lines holding decoded code; a hit drops the
 * decoded instructions that may overlap the line (and bumps the page's generation, which
 * invalidates compiled blocks), so self-modifying code and code loaded by DMA work, while data
 * that happens to share a page with code does not flush the whole page. Instructions that
 * straddle a page boundary or live in MMIO are decoded every time, never cached.
 *
 * Virtual time: every instruction costs 1 cycle (state.cycles) — the cost model starts flat.
 * Left out: #AC alignment checks, I/O breakpoints (DR7 R/W = 10), task-switch debug traps,
 * virtual-8086 mode, real mode. MMIO side effects that raise INTR are seen at the end of the
 * current compiled-block step (the next non-register-only instruction).
 */
import type { AccessSize, Bus } from "./bus";
import { CpuException, DB, fault, GP, SS_, UD } from "./exception";
import { AR_DB, AR_S, AR_UNUSABLE, CpuState, CR0_PG, CS, ESP, IF, RF, SS, TF } from "./state";
import type { StopReason } from "./stop";
import { decode, Insn, undefinedOpcode, type Handler } from "./decode";
import { classOf, OPCODES, type InstructionClass } from "./opcodes";
import { DISPATCH, SPECIALIZE } from "./ops/index";
import { compileBlock, countFault, endsBlock, MAX_BLOCK, type Block, type BlockFactories } from "./decode-block";
import { ACCESS_EXEC, ACCESS_USER, ACCESS_WRITE, translate } from "./mmu";
import { Tlb } from "./tlb";
import { deliver, enterShutdown } from "./interrupts";
import { cpuModels, type CpuModel } from "./model";
import { versionSignature } from "./cpuid";

const BUDGET: StopReason = Object.freeze({ kind: "budget" });
/** Guest memory is little-endian; the Int32Array view of RAM is used only on little-endian hosts. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
/** Executions of an instruction before the run of instructions it starts is compiled into a block. */
const BLOCK_THRESHOLD = 16;
const HLT: StopReason = Object.freeze({ kind: "hlt" });
/** Line granularity of the code-write detector (bytes, log2). */
const LINE_SHIFT = 6;
/** Longest x86 instruction (SDM Vol. 2A, 2.3.11). */
const MAX_INSN = 15;

/** Counter mnemonic of each counter slot: the entry's mnemonic, then its 16-bit variant. */
const COUNTER_NAMES: string[] = [
  ...OPCODES.map((e) => e.mnemonic),
  ...OPCODES.map((e) => e.mnemonic16 ?? e.mnemonic),
];
const COUNTER_CLASS: InstructionClass[] = [...OPCODES.map(classOf), ...OPCODES.map(classOf)];

/** A hook a host (a software VMM) installs to own exceptions instead of the guest's IDT. */
export type ExceptionIntercept = (cpu: Cpu, vector: number, errorCode: number | undefined) => boolean;

export interface CpuCounters {
  byMnemonic: Record<string, number>;
  byClass: Record<InstructionClass, number>;
  total: number;
}

export class Cpu {
  readonly state = new CpuState();
  readonly bus: Bus;
  readonly model: CpuModel;
  readonly tlb = new Tlb();
  /** Handler per opcode-table entry (shared by all CPUs; immutable). */
  readonly dispatch: readonly Handler[] = DISPATCH;
  /** The #UD handler (never compiled into blocks). */
  private readonly dispatchUd: Handler = undefinedOpcode;
  /** Decode-time specialisers of hot handlers (ops/fastpath.ts), per entry. */
  readonly specialize: typeof SPECIALIZE = SPECIALIZE;
  /** The sensitive-instruction choke point: return true to stop before the instruction acts. */
  intercept: ((cpu: Cpu, mnemonic: string) => boolean) | null = null;
  /** Exceptions a host owns (returns true: run() stops with { kind: "exception" } instead of delivering). */
  exceptionIntercept: ExceptionIntercept | null = null;
  /** Compile hot straight-line code into block functions (decode-block.ts); false = interpret only. */
  compileBlocks = true;
  /** EIP of the instruction being executed (the fault return address). */
  insnEip = 0;

  private readonly ram: Uint8Array;
  /** The same RAM as 32-bit words (aligned dword accesses), when the buffer offset allows it. */
  private readonly ram32: Int32Array | null;
  private readonly ramSize: number;
  /** Decoded instructions per physical page (null = none). */
  private readonly codeCache: (Insn | null)[][] | null[];
  /** 1 per 64-byte line of RAM that holds (part of) a cached decoded instruction. */
  private readonly codeLines: Uint8Array;
  /** Executions per counter slot (see COUNTER_NAMES). */
  private readonly counts = new Float64Array(OPCODES.length * 2);
  private pendingStop: StopReason | null = null;
  /** Scratch instruction for uncacheable fetches (page-straddling, MMIO). */
  private readonly scratch = new Insn();
  /** One-entry code-page translation cache (linear page -> physical page); -1 = empty. */
  private fetchLin = -1;
  private fetchPhys = 0;
  private budget = 0;
  private untilCycle = Infinity;
  /** DR7 has an enabled data breakpoint: memory accessors check addresses (debug.ts semantics below). */
  private watching = false;
  /** Set by stop requests and MMIO accesses: the hot loop returns to the boundary checks. */
  attention = false;
  /** Instructions retired by earlier passes of the running block (decode-block.ts), for fault accounting. */
  blockDone = 0;
  /** Compiled block factories by source, reused when invalidated code is compiled again (decode-block.ts). */
  private readonly blockFactories: BlockFactories = new Map();
  /** Per physical page: bumped whenever decoded code in it is dropped (compiled blocks check it). */
  private readonly pageGen: Uint32Array;
  /** DR6 B0-B3 bits hit by data accesses of the current instruction. */
  private watchHits = 0;

  constructor(opts: { bus: Bus; model?: CpuModel }) {
    this.bus = opts.bus;
    this.model = opts.model ?? cpuModels.core2;
    this.ram = opts.bus.ram;
    this.ramSize = this.ram.length;
    this.ram32 = LITTLE_ENDIAN && this.ram.byteOffset % 4 === 0 ? new Int32Array(this.ram.buffer, this.ram.byteOffset, this.ram.length >>> 2) : null;
    const pages = Math.ceil(this.ramSize / 4096);
    this.codeCache = new Array<(Insn | null)[] | null>(pages).fill(null) as (Insn | null)[][];
    this.codeLines = new Uint8Array(Math.ceil(this.ramSize / (1 << LINE_SHIFT)) + 1);
    this.pageGen = new Uint32Array(pages + 1);
    this.reset();
  }

  // ------------------------------------------------------------------ lifecycle

  /** Power-on state (SDM Vol. 3A, 9.1.1, Table 9-1), then flushes every cache. */
  reset(): void {
    const m = this.model;
    resetState(this.state, versionSignature(m.family, m.model, m.stepping));
    this.pendingStop = null;
    this.invalidateCaches();
  }

  /** Flushes the TLB and the decoded-instruction cache (after restore, or loader writes). */
  invalidateCaches(): void {
    this.tlb.flushAll();
    (this.codeCache as unknown[]).fill(null);
    this.codeLines.fill(0);
    this.fetchLin = -1;
  }

  /** RAM at [addr, addr+length) was written behind the CPU's back (DMA, loader, page walker). */
  notifyPhysicalWrite(addr: number, length: number): void {
    if (length <= 0) return;
    const lines = this.codeLines;
    const first = addr >>> LINE_SHIFT, last = (addr + length - 1) >>> LINE_SHIFT;
    for (let l = first; l <= last && l < lines.length; l++) if (lines[l] !== 0) this.dropLine(l);
  }

  /** Devices call this (debug-exit, ...): run() returns `reason` after the current instruction. */
  requestStop(reason: StopReason): void {
    this.pendingStop = reason;
    this.attention = true;
  }

  /** Instruction counts by mnemonic and by class (built on demand from a typed array). */
  get counters(): CpuCounters {
    const byMnemonic: Record<string, number> = {};
    const byClass: Record<InstructionClass, number> = { privileged: 0, sensitive: 0, innocuous: 0 };
    let total = 0;
    const c = this.counts;
    for (let i = 0; i < c.length; i++) {
      const n = c[i];
      if (n === 0) continue;
      byMnemonic[COUNTER_NAMES[i]] = (byMnemonic[COUNTER_NAMES[i]] ?? 0) + n;
      byClass[COUNTER_CLASS[i]] += n;
      total += n;
    }
    return { byMnemonic, byClass, total };
  }

  /** Zeroes the counters. */
  resetCounters(): void {
    this.counts.fill(0);
  }

  // ------------------------------------------------------------------ run loop

  /**
   * Executes until the budget is spent or state.cycles >= untilCycle, HLT, shutdown, a stop
   * request, an intercepted sensitive instruction, or a host-owned exception.
   */
  run(maxInstructions: number, untilCycle = Infinity): StopReason {
    const s = this.state;
    this.budget = maxInstructions;
    this.untilCycle = untilCycle;
    for (;;) {
      try {
        return this.execute();
      } catch (e) {
        if (!(e instanceof CpuException)) throw e;
        const stop = this.raise(e);
        if (stop !== null) return stop;
        if (s.shutdown) return { kind: "shutdown", reason: s.shutdownReason || "shutdown" };
      }
    }
  }

  /** Delivers a thrown exception (or hands it to the host); returns a stop reason or null to go on. */
  private raise(e: CpuException): StopReason | null {
    const s = this.state;
    this.fetchLin = -1;
    if (!e.trap) s.eip = this.insnEip;
    if (this.exceptionIntercept !== null && this.exceptionIntercept(this, e.vector, e.errorCode)) {
      return e.errorCode === undefined
        ? { kind: "exception", vector: e.vector, eip: s.eip }
        : { kind: "exception", vector: e.vector, errorCode: e.errorCode, eip: s.eip };
    }
    deliver(this, e.vector, { errorCode: e.errorCode, software: false });
    return null;
  }

  private execute(): StopReason {
    const s = this.state;
    if (this.pendingStop !== null) return this.takeStop();
    if (s.shutdown) return { kind: "shutdown", reason: s.shutdownReason || "shutdown" };
    if (s.halted && !this.wake()) return HLT;
    const counts = this.counts;
    const bus = this.bus;
    const ramPages = this.codeCache as (Insn | null)[][];
    for (;;) {
      const limit = this.sliceLimit();
      if (limit <= 0) return BUDGET;
      // An STI / MOV SS shadow holds INTR off for exactly one instruction, run on the careful path.
      const shadowed = s.interruptShadow;
      if (shadowed) s.interruptShadow = false;
      else if ((s.eflags & IF) !== 0 && bus.interruptPending()) {
        this.insnEip = s.eip;
        this.deliverExternal();
        continue;
      }
      const csBase = s.segBase[CS], csLimit = s.segLimit[CS];
      const mode = (s.segAr[CS] & AR_DB) !== 0 ? 1 : 0;
      const paging = (s.cr[0] & CR0_PG) !== 0;
      const debug = this.debugActive();
      if (!debug && !shadowed) {
        // Straight-line run of cached innocuous instructions; returns at anything else.
        this.attention = false;
        this.fast(limit, csBase, csLimit, mode, paging);
        if (this.pendingStop !== null) return this.takeStop();
        if (this.attention || this.sliceLimit() <= 0) continue;
      }
      // One instruction the careful way: decode misses, sensitive instructions, debug checks.
      const eip = s.eip;
      this.insnEip = eip;
      const lin = (csBase + eip) >>> 0;
      const stepping = debug && (s.eflags & TF) !== 0;
      const resume = (s.eflags & RF) !== 0;
      if (debug) this.debugBefore(lin);
      let phys = lin;
      if (paging) {
        if ((lin & 0xfffff000) === this.fetchLin) phys = this.fetchPhys + (lin & 0xfff);
        else phys = this.translateFetch(lin);
      }
      let insn: Insn | null = null;
      if (phys < this.ramSize) {
        const page = ramPages[phys >>> 12];
        if (page !== null) insn = page[phys & 0xfff];
      }
      if (insn === null || insn.mode !== mode) insn = this.decodeAt(eip, lin, phys, mode);
      if (eip + insn.len - 1 > csLimit) fault(GP, 0);
      s.eip = mode !== 0 ? (eip + insn.len) >>> 0 : (eip + insn.len) & 0xffff;
      if (insn.attr !== 0) {
        if (this.intercept !== null && this.intercept(this, COUNTER_NAMES[insn.counter])) {
          s.eip = eip;
          return { kind: "intercept", mnemonic: COUNTER_NAMES[insn.counter], eip };
        }
        this.fetchLin = -1;
      }
      insn.fn(this, insn);
      counts[insn.counter]++;
      s.cycles++; s.instructions++; this.budget--;
      if (insn.attr !== 0) this.fetchLin = -1;
      // MOV SS / POP SS hold off debug traps until after the next instruction (SDM Vol. 3A, 6.8.3).
      if (debug) this.debugAfter(stepping && !(insn.opcode === 0x17 || (insn.opcode === 0x8e && insn.reg === 2)), resume);
      if (this.pendingStop !== null) return this.takeStop();
      if (s.shutdown) return { kind: "shutdown", reason: s.shutdownReason || "shutdown" };
      if (s.halted && !this.wake()) return HLT;
    }
  }

  /**
   * The hot loop: executes cached, non-sensitive instructions back to back until `limit`, a
   * cache miss, a sensitive instruction, a code-page change under paging, or `attention` (a stop
   * request or an MMIO access, which may raise INTR). Leaves EIP on the first instruction it did
   * not execute. Counts retired instructions into the state even when a handler throws.
   */
  private fast(limit: number, csBase: number, csLimit: number, mode: number, paging: boolean): void {
    const s = this.state;
    const counts = this.counts;
    const pages = this.codeCache as (Insn | null)[][];
    const gens = this.pageGen;
    const ramSize = this.ramSize;
    let n = 0;
    let inBlock: Block | null = null;
    try {
      while (n < limit) {
        const eip = s.eip;
        const lin = (csBase + eip) >>> 0;
        let phys = lin;
        if (paging) {
          if ((lin & 0xfffff000) !== this.fetchLin) break;
          phys = this.fetchPhys + (lin & 0xfff);
        }
        if (phys >= ramSize) break;
        const pn = phys >>> 12;
        const page = pages[pn];
        if (page === null) break;
        const insn = page[phys & 0xfff];
        if (insn === null || insn.attr !== 0 || insn.mode !== mode) break;
        let b = insn.block;
        if (b === null || b.gen !== gens[pn] || b.eip !== eip) {
          b = ++insn.hits >= BLOCK_THRESHOLD && this.compileBlocks ? this.buildBlock(insn, page, phys, eip, mode) : null;
        }
        if (b !== null && n + b.length <= limit && b.end - 1 <= csLimit) {
          inBlock = b;
          n += b.fn(this, s, counts, gens, limit - n);
          inBlock = null;
          if (this.attention) break;
          continue;
        }
        const next = eip + insn.len;
        if (next - 1 > csLimit) break;
        this.insnEip = eip;
        s.eip = mode !== 0 ? next >>> 0 : next & 0xffff;
        insn.fn(this, insn);
        counts[insn.counter]++;
        n++;
        if (this.attention) break;
      }
    } catch (e) {
      // A handler inside a block faulted: the instructions before it retired.
      if (inBlock !== null) n += countFault(inBlock, this.blockDone, this.insnEip, counts);
      throw e;
    } finally {
      s.cycles += n;
      s.instructions += n;
      this.budget -= n;
    }
  }

  /** Compiles the run of cached innocuous instructions starting at `insn` into a block (decode-block.ts). */
  private buildBlock(insn: Insn, page: (Insn | null)[], phys: number, eip: number, mode: number): Block | null {
    insn.hits = 0;
    const insns: Insn[] = [];
    const eips: number[] = [];
    let off = phys & 0xfff, e = eip;
    for (;;) {
      const i = page[off];
      if (i === null || i.attr !== 0 || i.mode !== mode || i.entry < 0 || i.fn === this.dispatchUd) break;
      insns.push(i);
      eips.push(e);
      off += i.len;
      e = mode !== 0 ? (e + i.len) >>> 0 : (e + i.len) & 0xffff;
      if (endsBlock(i) || insns.length >= MAX_BLOCK || off >= 4096) break;
    }
    if (insns.length < 2) return null;
    const pn = phys >>> 12;
    const b = compileBlock(insns, eips, mode, pn, this.pageGen[pn], this.blockFactories);
    insn.block = b;
    return b;
  }

  /** Instructions that may run before the budget or the cycle deadline (1 cycle each). */
  private sliceLimit(): number {
    const byCycles = this.untilCycle - this.state.cycles;
    return byCycles < this.budget ? byCycles : this.budget;
  }

  private takeStop(): StopReason {
    const r = this.pendingStop as StopReason;
    this.pendingStop = null;
    return r;
  }

  /** Halted: an unmasked pending INTR wakes the CPU (SDM Vol. 2A, HLT). Returns false to stay halted. */
  private wake(): boolean {
    const s = this.state;
    if ((s.eflags & IF) === 0 || !this.bus.interruptPending()) return false;
    s.halted = false;
    s.interruptShadow = false;
    this.insnEip = s.eip;
    this.deliverExternal();
    return true;
  }

  private deliverExternal(): void {
    const vector = this.bus.acknowledgeInterrupt() & 0xff;
    this.state.halted = false;
    this.fetchLin = -1;
    deliver(this, vector, { external: true });
  }

  private translateFetch(lin: number): number {
    const phys = translate(this, lin, ACCESS_EXEC | (this.state.cpl === 3 ? ACCESS_USER : 0));
    this.fetchLin = (lin & 0xfffff000) >>> 0;
    this.fetchPhys = phys - (lin & 0xfff);
    return phys;
  }

  /** Decodes at CS:eip and caches the result when it lies within one RAM page. */
  private decodeAt(eip: number, lin: number, phys: number, mode: number): Insn {
    const off = phys & 0xfff;
    const insn = phys < this.ramSize ? new Insn() : this.scratch;
    decode(this, eip, mode, insn);
    if (insn !== this.scratch && off + insn.len <= 4096 && phys + insn.len <= this.ramSize) {
      const pages = this.codeCache as (Insn | null)[][];
      const pn = phys >>> 12;
      let page = pages[pn];
      if (page === null) {
        page = new Array<Insn | null>(4096).fill(null);
        pages[pn] = page;
      }
      page[off] = insn;
      const lines = this.codeLines;
      for (let l = phys >>> LINE_SHIFT; l <= (phys + insn.len - 1) >>> LINE_SHIFT; l++) lines[l] = 1;
    }
    void lin;
    return insn;
  }

  /** Drops decoded instructions that may overlap 64-byte line `l` (those starting up to 15 bytes before it). */
  private dropLine(l: number): void {
    this.codeLines[l] = 0;
    const start = l << LINE_SHIFT;
    const pn = start >>> 12;
    const page = (this.codeCache as (Insn | null)[][])[pn];
    if (page === null) return;
    this.pageGen[pn]++;
    const from = Math.max(start - (MAX_INSN - 1), pn << 12) & 0xfff;
    const to = (start & 0xfff) + (1 << LINE_SHIFT);
    for (let i = from; i < to; i++) page[i] = null;
  }

  // ------------------------------------------------------------------ debug (SDM Vol. 3A, 18.2-18.3)
  //
  // DR7: L0/G0..L3/G3 in bits 0-7 enable DR0-DR3; R/Wn (bits 16+4n) 00 = instruction execution,
  // 01 = data write, 11 = data read or write (10 = I/O, not modelled); LENn (bits 18+4n) 00/01/11
  // = 1/2/4 bytes. An instruction breakpoint is a fault taken before the instruction executes
  // (suppressed for one instruction by EFLAGS.RF); data breakpoints and single-step (EFLAGS.TF at
  // the start of the instruction) are traps taken after it. DR6 gets B0-B3 / BS (bit 14).

  /** True when any breakpoint is enabled or TF is set: the loop then takes the debug checks. */
  private debugActive(): boolean {
    const s = this.state;
    const dr7 = s.dr[7];
    let watching = false;
    for (let i = 0; i < 4; i++) if (((dr7 >>> (2 * i)) & 3) !== 0 && ((dr7 >>> (16 + 4 * i)) & 3) !== 0 && ((dr7 >>> (16 + 4 * i)) & 3) !== 2) watching = true;
    this.watching = watching;
    this.watchHits = 0;
    return (dr7 & 0xff) !== 0 || (s.eflags & (TF | RF)) !== 0;
  }

  /** Instruction breakpoints at `lin` (unless EFLAGS.RF suppresses them for this instruction). */
  private debugBefore(lin: number): void {
    const s = this.state;
    this.watchHits = 0;
    if ((s.eflags & RF) !== 0) return;
    const dr7 = s.dr[7];
    let hits = 0;
    for (let i = 0; i < 4; i++) {
      if (((dr7 >>> (2 * i)) & 3) !== 0 && ((dr7 >>> (16 + 4 * i)) & 3) === 0 && s.dr[i] === lin) hits |= 1 << i;
    }
    if (hits !== 0) {
      s.dr[6] = (s.dr[6] & ~0xf) | hits;
      throw new CpuException(DB);
    }
  }

  /**
   * Data-breakpoint and single-step traps after an instruction completed. RF, when it was set as
   * the instruction began, is cleared (SDM Vol. 3A, 18.3.1.1): an IRET that loads RF = 1 keeps it
   * for the one instruction that follows.
   */
  private debugAfter(stepping: boolean, resume: boolean): void {
    const s = this.state;
    if (resume) s.eflags &= ~RF;
    const hits = this.watchHits;
    this.watchHits = 0;
    if (hits === 0 && !stepping) return;
    s.dr[6] = (s.dr[6] & ~0xf) | hits | (stepping ? 0x4000 : 0);
    throw new CpuException(DB, undefined, true);
  }

  /** Records data breakpoints matched by an access of `size` bytes at `lin`. */
  private watch(lin: number, size: number, write: boolean): void {
    const s = this.state;
    const dr7 = s.dr[7];
    for (let i = 0; i < 4; i++) {
      if (((dr7 >>> (2 * i)) & 3) === 0) continue;
      const rw = (dr7 >>> (16 + 4 * i)) & 3;
      if (rw === 0 || rw === 2 || (rw === 1 && !write)) continue;
      const len = [1, 2, 8, 4][(dr7 >>> (18 + 4 * i)) & 3];
      const start = s.dr[i] & ~(len - 1);
      if (lin < start + len && start < lin + size) this.watchHits |= 1 << i;
    }
  }

  // ------------------------------------------------------------------ instruction fetch

  /** One byte of the instruction stream at CS:eip, with the CS limit check and an execute translation. */
  fetchCode8(eip: number): number {
    const s = this.state;
    const mode = (s.segAr[CS] & AR_DB) !== 0;
    const e = mode ? eip >>> 0 : eip & 0xffff;
    if (e > s.segLimit[CS]) fault(GP, 0);
    const lin = (s.segBase[CS] + e) >>> 0;
    const phys = translate(this, lin, ACCESS_EXEC | (s.cpl === 3 ? ACCESS_USER : 0));
    return this.readPhys8(phys);
  }

  // ------------------------------------------------------------------ segmented access

  /**
   * Segment check for an access of `size` bytes at `offset` (SDM Vol. 3A, 5.3 "Limit Checking" and
   * 5.4 "Type Checking"); returns the linear address. Unusable (null) segment: #GP(0); limit or type
   * violation: #SS(0) for SS, #GP(0) otherwise.
   */
  private segSlow(seg: number, offset: number, size: number, write: boolean): number {
    const s = this.state;
    const ar = s.segAr[seg];
    const vector = seg === SS ? SS_ : GP;
    if ((ar & AR_UNUSABLE) !== 0 || (ar & AR_S) === 0) fault(vector, 0);
    const type = ar & 0xf;
    const code = (type & 8) !== 0;
    if (write && (code || (type & 2) === 0)) fault(vector, 0);
    if (!write && code && (type & 2) === 0) fault(vector, 0);
    const limit = s.segLimit[seg];
    const last = offset + size - 1;
    if (!code && (type & 4) !== 0) {
      const upper = (ar & AR_DB) !== 0 ? 0xffffffff : 0xffff;
      if (offset <= limit || last > upper) fault(vector, 0);
    } else if (last > limit) fault(vector, 0);
    return (s.segBase[seg] + offset) >>> 0;
  }

  read8(seg: number, offset: number): number {
    const s = this.state;
    if ((s.segAr[seg] & 0x1001c) !== AR_S || offset > s.segLimit[seg]) return this.readLinear8(this.segSlow(seg, offset, 1, false));
    return this.readLinear8((s.segBase[seg] + offset) >>> 0);
  }
  read16(seg: number, offset: number): number {
    const s = this.state;
    if ((s.segAr[seg] & 0x1001c) !== AR_S || offset + 1 > s.segLimit[seg]) return this.readLinear16(this.segSlow(seg, offset, 2, false));
    return this.readLinear16((s.segBase[seg] + offset) >>> 0);
  }
  read32(seg: number, offset: number): number {
    const s = this.state;
    if ((s.segAr[seg] & 0x1001c) !== AR_S || offset + 3 > s.segLimit[seg]) return this.readLinear32(this.segSlow(seg, offset, 4, false));
    const lin = (s.segBase[seg] + offset) >>> 0;
    // Hot path (aligned RAM, TLB hit or no paging): typed-array load, no call that would box the value.
    const p = this.fastPhys(lin, 0);
    if (p >= 0) return this.ram32![p >>> 2] >>> 0;
    return this.readLinear32(lin);
  }
  /**
   * Physical address of an aligned dword at `lin` when it can be reached without a page walk:
   * paging off, or a TLB entry that permits the access (the same check as mmu.translate's TLB
   * lookup); -1 otherwise (the caller takes the general path, which walks, faults or hits MMIO).
   */
  private fastPhys(lin: number, write: number): number {
    if ((lin & 3) !== 0 || this.ram32 === null || this.watching) return -1;
    const s = this.state;
    let p = lin;
    if ((s.cr[0] & CR0_PG) !== 0) {
      const vpn = lin >>> 12, t = vpn & 4095, tlb = this.tlb;
      if (tlb.tag[t] !== vpn || ((tlb.perm[t] >> (write | (s.cpl === 3 ? ACCESS_USER : 0))) & 1) === 0) return -1;
      p = tlb.frame[t] + (lin & 0xfff);
    }
    return p + 3 < this.ramSize ? p : -1;
  }
  /**
   * Physical address of the aligned RAM dword at seg:offset when an access (`write` = 0 read,
   * ACCESS_WRITE write) passes segmentation and paging without a fault, a page walk, MMIO, a
   * debug watch or (for writes) decoded code in the line; -1 otherwise. Compiled blocks
   * (block-emit.ts) use it for their memory fast path and run the handler when it says -1.
   */
  dataPhys32(seg: number, offset: number, write: number): number {
    const s = this.state;
    const ar = s.segAr[seg];
    if (offset + 3 > s.segLimit[seg] || (write === 0 ? (ar & 0x1001c) !== AR_S : (ar & 0x1001e) !== (AR_S | 2))) return -1;
    const p = this.fastPhys((s.segBase[seg] + offset) >>> 0, write);
    return p >= 0 && write !== 0 && this.codeLines[p >>> LINE_SHIFT] !== 0 ? -1 : p;
  }
  /**
   * Bytes of RAM that compiled blocks may address by linear address without asking dataPhys32:
   * the RAM size while paging is off, no data breakpoint watches accesses and RAM has a dword
   * view; 0 otherwise. None of these change inside a block (only sensitive instructions do).
   */
  directRamBytes(): number {
    return this.ram32 !== null && !this.watching && (this.state.cr[0] & CR0_PG) === 0 ? this.ramSize : 0;
  }
  /** Per 64-byte line of RAM: 1 while decoded code may start in it (a direct store must not hit it). */
  get codeLineMap(): Uint8Array {
    return this.codeLines;
  }
  /** RAM as little-endian dwords (null on big-endian hosts), for the compiled blocks' fast path. */
  get ramDwords(): Int32Array | null {
    return this.ram32;
  }
  /** regs[reg] = read32(seg, offset), without returning the value (no boxed numbers on the hot path). */
  load32(reg: number, seg: number, offset: number): void {
    const s = this.state;
    if ((s.segAr[seg] & 0x1001c) === AR_S && offset + 3 <= s.segLimit[seg]) {
      const p = this.fastPhys((s.segBase[seg] + offset) >>> 0, 0);
      if (p >= 0) {
        s.regs[reg] = this.ram32![p >>> 2];
        return;
      }
    }
    s.regs[reg] = this.read32(seg, offset);
  }
  write8(seg: number, offset: number, value: number): void {
    const s = this.state;
    if ((s.segAr[seg] & 0x1001e) !== (AR_S | 2) || offset > s.segLimit[seg]) this.writeLinear8(this.segSlow(seg, offset, 1, true), value);
    else this.writeLinear8((s.segBase[seg] + offset) >>> 0, value);
  }
  write16(seg: number, offset: number, value: number): void {
    const s = this.state;
    if ((s.segAr[seg] & 0x1001e) !== (AR_S | 2) || offset + 1 > s.segLimit[seg]) this.writeLinear16(this.segSlow(seg, offset, 2, true), value);
    else this.writeLinear16((s.segBase[seg] + offset) >>> 0, value);
  }
  write32(seg: number, offset: number, value: number): void {
    const s = this.state;
    if ((s.segAr[seg] & 0x1001e) !== (AR_S | 2) || offset + 3 > s.segLimit[seg]) {
      this.writeLinear32(this.segSlow(seg, offset, 4, true), value);
      return;
    }
    const lin = (s.segBase[seg] + offset) >>> 0;
    const p = this.fastPhys(lin, ACCESS_WRITE);
    if (p >= 0 && this.codeLines[p >>> LINE_SHIFT] === 0) {
      this.ram32![p >>> 2] = value;
      return;
    }
    this.writeLinear32(lin, value);
  }
  /** Checks that a write of `size` bytes at seg:offset would pass segmentation and paging, without writing. */
  probeWrite(seg: number, offset: number, size: number): void {
    const lin = this.segSlow(seg, offset, size, true);
    const acc = ACCESS_WRITE | (this.state.cpl === 3 ? ACCESS_USER : 0);
    translate(this, lin, acc);
    if ((lin & 0xfff) + size > 0x1000) translate(this, (lin + size - 1) >>> 0, acc);
  }

  // ------------------------------------------------------------------ linear access (paging)

  private userBit(): number {
    return this.state.cpl === 3 ? ACCESS_USER : 0;
  }

  readLinear8(lin: number): number {
    if (this.watching) this.watch(lin, 1, false);
    if ((this.state.cr[0] & CR0_PG) === 0) return this.readPhys8(lin);
    return this.readPhys8(translate(this, lin, this.userBit()));
  }
  readLinear16(lin: number): number {
    if (this.watching) this.watch(lin, 2, false);
    if ((this.state.cr[0] & CR0_PG) === 0) return this.readPhys16(lin);
    if ((lin & 0xfff) > 0xffe) return this.readLinear8(lin) | (this.readLinear8((lin + 1) >>> 0) << 8);
    return this.readPhys16(translate(this, lin, this.userBit()));
  }
  readLinear32(lin: number): number {
    if (this.watching) this.watch(lin, 4, false);
    if ((this.state.cr[0] & CR0_PG) === 0) return this.readPhys32(lin);
    if ((lin & 0xfff) > 0xffc) {
      const acc = this.userBit();
      let v = 0;
      for (let i = 3; i >= 0; i--) v = (v << 8) | this.readPhys8(translate(this, (lin + i) >>> 0, acc));
      return v >>> 0;
    }
    return this.readPhys32(translate(this, lin, this.userBit()));
  }
  writeLinear8(lin: number, value: number): void {
    if (this.watching) this.watch(lin, 1, true);
    if ((this.state.cr[0] & CR0_PG) === 0) this.writePhys8(lin, value);
    else this.writePhys8(translate(this, lin, ACCESS_WRITE | this.userBit()), value);
  }
  writeLinear16(lin: number, value: number): void {
    if (this.watching) this.watch(lin, 2, true);
    if ((this.state.cr[0] & CR0_PG) === 0) { this.writePhys16(lin, value); return; }
    const acc = ACCESS_WRITE | this.userBit();
    if ((lin & 0xfff) > 0xffe) {
      const p0 = translate(this, lin, acc), p1 = translate(this, (lin + 1) >>> 0, acc);
      this.writePhys8(p0, value);
      this.writePhys8(p1, value >>> 8);
      return;
    }
    this.writePhys16(translate(this, lin, acc), value);
  }
  writeLinear32(lin: number, value: number): void {
    if (this.watching) this.watch(lin, 4, true);
    if ((this.state.cr[0] & CR0_PG) === 0) { this.writePhys32(lin, value); return; }
    const acc = ACCESS_WRITE | this.userBit();
    if ((lin & 0xfff) > 0xffc) {
      // Translate both pages before writing anything (a #PF on the second leaves memory unchanged).
      const p: number[] = [];
      for (let i = 0; i < 4; i++) p.push(translate(this, (lin + i) >>> 0, acc));
      for (let i = 0; i < 4; i++) this.writePhys8(p[i], value >>> (8 * i));
      return;
    }
    this.writePhys32(translate(this, lin, acc), value);
  }

  // ------------------------------------------------------------------ physical access

  readPhys8(p: number): number {
    if (p < this.ramSize) return this.ram[p];
    this.attention = true;
    return this.bus.mmioRead(p >>> 0, 1) & 0xff;
  }
  readPhys16(p: number): number {
    const ram = this.ram;
    if (p + 1 < this.ramSize) return ram[p] | (ram[p + 1] << 8);
    return this.physSlowRead(p, 2);
  }
  readPhys32(p: number): number {
    const ram = this.ram;
    if ((p & 3) === 0 && this.ram32 !== null && p + 3 < this.ramSize) return this.ram32[p >>> 2] >>> 0;
    if (p + 3 < this.ramSize) return (ram[p] | (ram[p + 1] << 8) | (ram[p + 2] << 16) | (ram[p + 3] << 24)) >>> 0;
    return this.physSlowRead(p, 4);
  }
  writePhys8(p: number, v: number): void {
    if (p < this.ramSize) {
      if (this.codeLines[p >>> LINE_SHIFT] !== 0) this.dropLine(p >>> LINE_SHIFT);
      this.ram[p] = v;
    } else {
      this.attention = true;
      this.bus.mmioWrite(p >>> 0, 1, v & 0xff);
    }
  }
  writePhys16(p: number, v: number): void {
    if (p + 1 < this.ramSize) {
      const lines = this.codeLines;
      if ((lines[p >>> LINE_SHIFT] | lines[(p + 1) >>> LINE_SHIFT]) !== 0) this.notifyPhysicalWrite(p, 2);
      const ram = this.ram;
      ram[p] = v;
      ram[p + 1] = v >>> 8;
    } else this.physSlowWrite(p, 2, v);
  }
  writePhys32(p: number, v: number): void {
    if ((p & 3) === 0 && this.ram32 !== null && p + 3 < this.ramSize) {
      if (this.codeLines[p >>> LINE_SHIFT] !== 0) this.dropLine(p >>> LINE_SHIFT);
      this.ram32[p >>> 2] = v;
      return;
    }
    if (p + 3 < this.ramSize) {
      const lines = this.codeLines;
      if ((lines[p >>> LINE_SHIFT] | lines[(p + 3) >>> LINE_SHIFT]) !== 0) this.notifyPhysicalWrite(p, 4);
      const ram = this.ram;
      ram[p] = v;
      ram[p + 1] = v >>> 8;
      ram[p + 2] = v >>> 16;
      ram[p + 3] = v >>> 24;
    } else this.physSlowWrite(p, 4, v);
  }
  /** RAM/MMIO boundary or MMIO: whole access to MMIO when it starts there, else bytewise. */
  private physSlowRead(p: number, size: AccessSize): number {
    this.attention = true;
    if (p >= this.ramSize) return this.bus.mmioRead(p >>> 0, size) >>> 0;
    let v = 0;
    for (let i = size - 1; i >= 0; i--) v = (v << 8) | this.readPhys8(p + i);
    return v >>> 0;
  }
  private physSlowWrite(p: number, size: AccessSize, v: number): void {
    this.attention = true;
    if (p >= this.ramSize) { this.bus.mmioWrite(p >>> 0, size, size === 4 ? v >>> 0 : v & 0xffff); return; }
    for (let i = 0; i < size; i++) this.writePhys8(p + i, v >>> (8 * i));
  }

  // ------------------------------------------------------------------ stack (SDM Vol. 3A, 6.2 / Vol. 1, 6.2)

  /** The stack pointer width follows SS.B (descriptor B flag): ESP when set, SP otherwise. */
  stackIs32(): boolean {
    return (this.state.segAr[SS] & AR_DB) !== 0;
  }
  /** Current top of stack offset (ESP or SP). */
  sp(): number {
    const r = this.state.regs[ESP];
    return this.stackIs32() ? r : r & 0xffff;
  }
  /** Sets ESP (or only SP when SS.B = 0). */
  setSp(v: number): void {
    const s = this.state;
    if (this.stackIs32()) s.regs[ESP] = v;
    else s.regs[ESP] = (s.regs[ESP] & 0xffff0000) | (v & 0xffff);
  }
  push32(v: number): void {
    const sp = this.stackIs32() ? (this.state.regs[ESP] - 4) >>> 0 : (this.state.regs[ESP] - 4) & 0xffff;
    this.write32(SS, sp, v);
    this.setSp(sp);
  }
  push16(v: number): void {
    const sp = this.stackIs32() ? (this.state.regs[ESP] - 2) >>> 0 : (this.state.regs[ESP] - 2) & 0xffff;
    this.write16(SS, sp, v);
    this.setSp(sp);
  }
  pop32(): number {
    const sp = this.sp();
    const v = this.read32(SS, sp);
    this.setSp(sp + 4);
    return v;
  }
  pop16(): number {
    const sp = this.sp();
    const v = this.read16(SS, sp);
    this.setSp(sp + 2);
    return v;
  }
  /** Push with the instruction's operand size. */
  pushV(o16: boolean, v: number): void {
    if (o16) this.push16(v); else this.push32(v);
  }
  popV(o16: boolean): number {
    return o16 ? this.pop16() : this.pop32();
  }
}

/** Executes `UD`: helper for handlers that decode an invalid form at run time. */
export function undefinedForm(): never {
  return fault(UD);
}

/**
 * Power-on register state (SDM Vol. 3A, 9.1.1, Table 9-1 "IA-32 and Intel 64 Processor States
 * Following Power-up, Reset, or INIT"): real-address mode at F000:FFF0, CR0 = 60000010H, EDX =
 * the family/model/stepping signature, segment caches base 0 limit FFFFH readable/writable accessed,
 * DR6 = FFFF0FF0H, DR7 = 400H. Real mode itself is out of scope: a loader switches to protected mode.
 */
export function resetState(s: CpuState, signature: number): void {
  s.regs.fill(0);
  s.regs[2] = signature;
  s.eip = 0xfff0;
  s.eflags = 0x2;
  s.lazyOp = 0; s.lazyResult = 0; s.lazyDst = 0; s.lazySrc = 0;
  for (let i = 0; i < 8; i++) {
    s.segSelector[i] = 0;
    s.segBase[i] = 0;
    s.segLimit[i] = 0xffff;
    s.segAr[i] = 0x93; // present, S, data read/write accessed
  }
  s.segSelector[CS] = 0xf000;
  s.segBase[CS] = 0xffff0000;
  s.segAr[CS] = 0x9b; // present, S, code execute/read accessed
  s.segAr[6] = 0x82; // LDTR: present, LDT
  s.segAr[7] = 0x8b; // TR: present, busy 32-bit TSS
  s.cpl = 0;
  s.cr.fill(0);
  s.cr[0] = 0x60000010;
  s.dr.fill(0);
  s.dr[6] = 0xffff0ff0;
  s.dr[7] = 0x400;
  s.gdtrBase = 0; s.gdtrLimit = 0xffff; s.idtrBase = 0; s.idtrLimit = 0xffff;
  s.msrSysenterCs = 0; s.msrSysenterEsp = 0; s.msrSysenterEip = 0;
  s.msrApicBase = 0xfee00900;
  s.msrEfer = 0;
  s.tscOffset = 0;
  // x87: QEMU's reset state is FNINIT's (FCW 0x037F), which is what a Multiboot kernel finds.
  s.fpuCw = 0x037f; s.fpuSw = 0; s.fpuTw = 0xffff; s.fpuRegs.fill(0);
  s.cycles = 0;
  s.instructions = 0;
  s.halted = false;
  s.interruptShadow = false;
  s.shutdown = false;
  s.shutdownReason = "";
}
