/**
 * Runs a NASM snippet on a real Cpu (src/cpu/cpu.ts) in a small protected-mode world, for the
 * system/protection/exception tests. Nothing here is a machine: RAM, a port recorder and an INTR
 * line the test controls.
 *
 * World (flat, paging off until a test turns it on):
 *   GDT 0x10000: 0x08 ring-0 code, 0x10 ring-0 data, 0x1B ring-3 code, 0x23 ring-3 data,
 *                0x28 32-bit TSS (available) at 0x12000, 0x30.. free for tests (limit 0xFF)
 *   IDT 0x11000: 256 ring-0 interrupt gates to stubs at STUBS + 8*v, each `hlt`
 *   TSS 0x12000: SS0:ESP0 = 0x10:0x9000, I/O map base 0x68 followed by an all-ones map
 *   code at 0x20000 (org), ring-0 stack top 0x8000, ring-3 stack top 0x7000
 * The snippet starts at CPL 0 (or CPL 3 with `ring3`), EFLAGS = 2 (IF = 0, IOPL 0), TR loaded.
 * A run ends at the first HLT in ring 0 (a stub: `vector` tells which), shutdown, a debug-exit
 * write to port 0xF4, or the budget.
 */
import type { Bus } from "../../../src/cpu/bus";
import { Cpu } from "../../../src/cpu/cpu";
import { makeGateDescriptor, makeSegmentDescriptor } from "../../../src/cpu/descriptor";
import type { CpuModel } from "../../../src/cpu/model";
import { setSegmentCache } from "../../../src/cpu/segmentation";
import { CR0_ET, CR0_PE, CS, DS, ES, ESP, FS, GS, SS, TR } from "../../../src/cpu/state";
import type { StopReason } from "../../../src/cpu/stop";
import { nasm } from "./qemu";

export const GDT = 0x10000, IDT = 0x11000, TSS = 0x12000, CODE = 0x20000, STUBS = 0x30000;
export const KCODE = 0x08, KDATA = 0x10, UCODE = 0x1b, UDATA = 0x23, TSSSEL = 0x28;

/** NASM definitions available to every snippet. */
export const PRELUDE = `
bits 32
org 0x${CODE.toString(16)}
GDT equ 0x${GDT.toString(16)}
IDT equ 0x${IDT.toString(16)}
TSS equ 0x${TSS.toString(16)}
KCODE equ 0x08
KDATA equ 0x10
UCODE equ 0x1b
UDATA equ 0x23
TSSSEL equ 0x28
; SETGATE vector, handler, access byte (0x8E ring-0 interrupt gate, 0xEE DPL 3, 0x8F trap gate)
%macro SETGATE 3
  mov eax, %2
  mov word [IDT + (%1)*8], ax
  mov word [IDT + (%1)*8 + 2], KCODE
  mov byte [IDT + (%1)*8 + 4], 0
  mov byte [IDT + (%1)*8 + 5], %3
  shr eax, 16
  mov word [IDT + (%1)*8 + 6], ax
%endmacro
; SETDESC selector, low dword, high dword
%macro SETDESC 3
  mov dword [GDT + ((%1) & ~7)], %2
  mov dword [GDT + ((%1) & ~7) + 4], %3
%endmacro
; TO_RING3 label: IRET to ring 3 at label with ESP = 0x7000, DS = ES = UDATA, the current EFLAGS
%macro TO_RING3 1
  push eax
  mov ax, UDATA
  mov ds, ax
  mov es, ax
  pop eax
  push UDATA
  push 0x7000
  pushfd
  push UCODE
  push %1
  iret
%endmacro
`;

export interface World {
  cpu: Cpu;
  ram: Uint8Array;
  io: Array<{ port: number; size: number; value: number; write: boolean }>;
  /** Values IN returns per port (default 0xFFFFFFFF masked). */
  inputs: Map<number, number>;
  /** Pending external interrupt vector, or -1. */
  intr: { vector: number };
}

export function makeWorld(opts: { model?: CpuModel; ram?: number } = {}): World {
  const ram = new Uint8Array(opts.ram ?? 1 << 22);
  const io: World["io"] = [];
  const inputs = new Map<number, number>();
  const intr = { vector: -1 };
  let cpuRef: Cpu | null = null;
  const bus: Bus = {
    ram,
    mmioRead: () => 0xffffffff,
    mmioWrite: () => undefined,
    ioRead: (port, size) => {
      const v = (inputs.get(port) ?? 0xffffffff) & (size === 1 ? 0xff : size === 2 ? 0xffff : 0xffffffff);
      io.push({ port, size, value: v >>> 0, write: false });
      return v >>> 0;
    },
    ioWrite: (port, size, value) => {
      io.push({ port, size, value, write: true });
      if (port === 0xf4) cpuRef?.requestStop({ kind: "debug-exit", value });
    },
    interruptPending: () => intr.vector >= 0,
    acknowledgeInterrupt: () => {
      const v = intr.vector;
      intr.vector = -1;
      return v;
    },
  };
  const cpu = new Cpu({ bus, model: opts.model });
  cpuRef = cpu;
  const dv = new DataView(ram.buffer);
  const put = (addr: number, d: [number, number]) => {
    dv.setUint32(addr, d[0], true);
    dv.setUint32(addr + 4, d[1], true);
  };
  put(GDT + KCODE, makeSegmentDescriptor(0, 0xfffff, 0xb, { dpl: 0, g: true }));
  put(GDT + KDATA, makeSegmentDescriptor(0, 0xfffff, 0x3, { dpl: 0, g: true }));
  put(GDT + (UCODE & ~7), makeSegmentDescriptor(0, 0xfffff, 0xb, { dpl: 3, g: true }));
  put(GDT + (UDATA & ~7), makeSegmentDescriptor(0, 0xfffff, 0x3, { dpl: 3, g: true }));
  put(GDT + TSSSEL, makeSegmentDescriptor(TSS, 0x68 + 0x2000, 0xb, { s: false, dpl: 0, db: false }));
  for (let v = 0; v < 256; v++) {
    put(IDT + v * 8, makeGateDescriptor(KCODE, STUBS + v * 8, 0xe, 0));
    ram[STUBS + v * 8] = 0xf4; // hlt
  }
  dv.setUint32(TSS + 4, 0x9000, true);
  dv.setUint32(TSS + 8, KDATA, true);
  dv.setUint16(TSS + 102, 0x68, true);
  ram.fill(0xff, TSS + 0x68, TSS + 0x68 + 0x2001);
  const s = cpu.state;
  s.cr[0] = CR0_PE | CR0_ET;
  s.gdtrBase = GDT;
  s.gdtrLimit = 0xff;
  s.idtrBase = IDT;
  s.idtrLimit = 256 * 8 - 1;
  const k = makeSegmentDescriptor(0, 0xfffff, 0xb, { dpl: 0, g: true });
  const d = makeSegmentDescriptor(0, 0xfffff, 0x3, { dpl: 0, g: true });
  setSegmentCache(s, CS, KCODE, k[0], k[1]);
  for (const r of [SS, DS, ES, FS, GS]) setSegmentCache(s, r, KDATA, d[0], d[1]);
  const t = makeSegmentDescriptor(TSS, 0x68 + 0x2000, 0xb, { s: false, dpl: 0, db: false });
  setSegmentCache(s, TR, TSSSEL, t[0], t[1]);
  s.regs[ESP] = 0x8000;
  s.eip = CODE;
  s.eflags = 2;
  return { cpu, ram, io, inputs, intr };
}

export interface RunResult extends World {
  stop: StopReason;
  /** Vector whose stub halted the CPU, or -1. */
  vector: number;
  /** Dwords at the stack top when the stub halted (the exception frame). */
  frame: number[];
}

/** Assembles PRELUDE + snippet, loads it at CODE and runs. */
export function runAsm(snippet: string, opts: { ring3?: boolean; model?: CpuModel; budget?: number; world?: World } = {}): RunResult {
  const w = opts.world ?? makeWorld({ model: opts.model });
  const image = nasm(PRELUDE + snippet);
  w.ram.set(image, CODE);
  w.cpu.invalidateCaches();
  if (opts.ring3) {
    const s = w.cpu.state;
    const c = makeSegmentDescriptor(0, 0xfffff, 0xb, { dpl: 3, g: true });
    const d = makeSegmentDescriptor(0, 0xfffff, 0x3, { dpl: 3, g: true });
    setSegmentCache(s, CS, UCODE, c[0], c[1]);
    for (const r of [SS, DS, ES, FS, GS]) setSegmentCache(s, r, UDATA, d[0], d[1]);
    s.cpl = 3;
    s.regs[ESP] = 0x7000;
  }
  const stop = w.cpu.run(opts.budget ?? 100_000);
  const s = w.cpu.state;
  let vector = -1;
  const at = s.eip - 1 - STUBS;
  if (stop.kind === "hlt" && at >= 0 && at < 256 * 8 && at % 8 === 0) vector = at / 8;
  const dv = new DataView(w.ram.buffer);
  const frame: number[] = [];
  for (let i = 0; i < 6; i++) {
    const a = (s.segBase[SS] + s.regs[ESP] + 4 * i) >>> 0;
    frame.push(a + 4 <= w.ram.length ? dv.getUint32(a, true) : 0);
  }
  return { ...w, stop, vector, frame };
}

/** Address of `label` in the assembled snippet: assemble once more with a marker. */
export function labelAddress(snippet: string, label: string): number {
  const image = nasm(PRELUDE + snippet + `\nalign 4\n__probe: dd ${label}\n`);
  return new DataView(image.buffer, image.byteOffset).getUint32(image.length - 4, true);
}
