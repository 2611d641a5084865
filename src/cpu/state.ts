/**
 * The architectural state of one x86-32 logical processor, as plain data.
 *
 * Everything a snapshot must capture lives here, in numbers and typed arrays, so that
 * `structuredClone`-style copies are cheap and exact (design: "state is plain data").
 * Derived, rebuildable structures (TLB, decoded-instruction cache) are NOT here: they
 * belong to the Cpu object and are flushed on restore.
 *
 * Layout choices follow the manuals so that later VMCS/VMCB code can copy fields 1:1:
 * - General registers are indexed in ModRM `reg` order (SDM Vol. 2A, Table 2-1):
 *   EAX=0 ECX=1 EDX=2 EBX=3 ESP=4 EBP=5 ESI=6 EDI=7.
 * - Segment registers are indexed in the SDM's `sreg` encoding (Vol. 2A, 3.1.1.3, "Sreg"):
 *   ES=0 CS=1 SS=2 DS=3 FS=4 GS=5; LDTR=6 and TR=7 follow, as in the VMCS guest-state area.
 * - Each segment's hidden part (base, limit, attributes) is its "descriptor cache"
 *   (SDM Vol. 3A, 3.4.3). Attributes use the VMX access-rights format
 *   (SDM Vol. 3C, 25.4.1 "Guest Register State", Table 25-2):
 *     bits 3:0 type, 4 S, 6:5 DPL, 7 P, 12 AVL, 13 L, 14 D/B, 15 G, 16 unusable.
 *   `limit` is the expanded byte-granular limit (G already applied).
 * - EFLAGS is kept partly lazily: the arithmetic flags (CF PF AF ZF SF OF) may be
 *   pending in `lazy*` fields, whose meaning is private to src/cpu/flags.ts. Other code
 *   must read and write EFLAGS only through that module's getEflags/setEflags.
 *
 * Left out: FPU/SSE state, 64-bit mode, SMM, the local APIC (only its base MSR is kept).
 */

export const EAX = 0, ECX = 1, EDX = 2, EBX = 3, ESP = 4, EBP = 5, ESI = 6, EDI = 7;
export const ES = 0, CS = 1, SS = 2, DS = 3, FS = 4, GS = 5, LDTR = 6, TR = 7;

/** EFLAGS bits (SDM Vol. 1, 3.4.3, Figure 3-8). */
export const CF = 1 << 0, PF = 1 << 2, AF = 1 << 4, ZF = 1 << 6, SF = 1 << 7, TF = 1 << 8,
  IF = 1 << 9, DF = 1 << 10, OF = 1 << 11, IOPL_MASK = 3 << 12, NT = 1 << 14, RF = 1 << 16,
  VM = 1 << 17, AC = 1 << 18, VIF = 1 << 19, VIP = 1 << 20, ID = 1 << 21;

/** CR0 bits (SDM Vol. 3A, 2.5). */
export const CR0_PE = 1 << 0, CR0_MP = 1 << 1, CR0_EM = 1 << 2, CR0_TS = 1 << 3, CR0_ET = 1 << 4,
  CR0_NE = 1 << 5, CR0_WP = 1 << 16, CR0_AM = 1 << 18, CR0_NW = 1 << 29, CR0_CD = 1 << 30, CR0_PG = 1 << 31;

/** CR4 bits (SDM Vol. 3A, 2.5). */
export const CR4_VME = 1 << 0, CR4_PVI = 1 << 1, CR4_TSD = 1 << 2, CR4_DE = 1 << 3, CR4_PSE = 1 << 4,
  CR4_PAE = 1 << 5, CR4_MCE = 1 << 6, CR4_PGE = 1 << 7, CR4_VMXE = 1 << 13;

/** Access-rights bits of a segment cache (VMX format, see header). */
export const AR_TYPE_MASK = 0xf, AR_S = 1 << 4, AR_DPL_SHIFT = 5, AR_P = 1 << 7, AR_AVL = 1 << 12,
  AR_L = 1 << 13, AR_DB = 1 << 14, AR_G = 1 << 15, AR_UNUSABLE = 1 << 16;

export class CpuState {
  /** General-purpose registers, ModRM order. Unsigned 32-bit. */
  regs = new Uint32Array(8);
  eip = 0;
  /** EFLAGS except the arithmetic flags that are pending lazily (see flags.ts). Bit 1 is always 1. */
  eflags = 0x2;
  /** Lazy-flags record; meaning private to flags.ts. */
  lazyOp = 0;
  lazyResult = 0;
  lazyDst = 0;
  lazySrc = 0;

  /** Segment registers ES CS SS DS FS GS LDTR TR: visible selector and hidden descriptor cache. */
  segSelector = new Uint16Array(8);
  segBase = new Uint32Array(8);
  segLimit = new Uint32Array(8);
  segAr = new Uint32Array(8);
  /** Current privilege level (SDM Vol. 3A, 5.5): normally CS.RPL, kept explicitly. */
  cpl = 0;

  /** CR0..CR4 (CR1 reserved, kept 0). */
  cr = new Uint32Array(5);
  /** DR0..DR7 (DR4/DR5 alias DR6/DR7 when CR4.DE = 0). DR6 and DR7 reset values are set by reset(). */
  dr = new Uint32Array(8);
  gdtrBase = 0;
  gdtrLimit = 0xffff;
  idtrBase = 0;
  idtrLimit = 0xffff;

  /** Model-specific registers that the CPU implements (SDM Vol. 4). */
  msrSysenterCs = 0;
  msrSysenterEsp = 0;
  msrSysenterEip = 0;
  msrApicBase = 0xfee00900; // BSP, enabled (SDM Vol. 3A, 10.4.4)
  msrEfer = 0;
  /** TSC = cycles + tscOffset; WRMSR to IA32_TIME_STAMP_COUNTER changes the offset. */
  tscOffset = 0;

  /** x87 control, status (with TOP) and tag words (SDM Vol. 1, 8.1), as FNINIT leaves them (QEMU's reset state too). */
  fpuCw = 0x037f;
  fpuSw = 0;
  fpuTw = 0xffff;
  /** The eight 80-bit x87 data registers, R0..R7, as bytes (ops/x87.ts: only FNSAVE/FRSTOR use them). */
  fpuRegs = new Uint8Array(80);

  /** Virtual time: the cycle counter every instruction advances by the cost model. */
  cycles = 0;
  /** Instructions retired since reset. */
  instructions = 0;
  /** Set by HLT; cleared when an interrupt is delivered. */
  halted = false;
  /** Interrupt shadow after STI or MOV SS / POP SS (SDM Vol. 3A, 6.8.3): blocks INTR for one instruction. */
  interruptShadow = false;
  /** True once a triple fault has put the processor into shutdown. */
  shutdown = false;
  /** Why the processor shut down ("triple fault: ...", "task switch unsupported: ..."); "" while running. */
  shutdownReason = "";

  /** A deep copy: the whole state as plain data. */
  clone(): CpuState {
    const c = new CpuState();
    copyInto(this, c);
    return c;
  }

  /** Overwrites this state with `from` (a value produced by clone()). */
  assign(from: CpuState): void {
    copyInto(from, this);
  }
}

function copyInto(from: CpuState, to: CpuState): void {
  for (const key of Object.keys(from) as (keyof CpuState)[]) {
    const v = from[key] as unknown;
    if (ArrayBuffer.isView(v)) (to[key] as unknown as Uint32Array).set(v as Uint32Array);
    else (to as unknown as Record<string, unknown>)[key] = v;
  }
}
