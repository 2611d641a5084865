/**
 * Port I/O instructions in protected mode (SDM Vol. 1, 19.5 "Protected-Mode I/O"; Vol. 2A IN, INS;
 * Vol. 2B OUT, OUTS): IN/OUT with an imm8 or DX port, byte/word/dword, and the string forms
 * INS/OUTS with REP.
 *
 * Permission (19.5.1, 19.5.2): when CPL > IOPL every port the access covers must be allowed by the
 * TSS I/O permission bit map (tss.ts), else #GP(0). The check precedes the port access.
 * INS writes ES:(E)DI (ES cannot be overridden), OUTS reads seg:(E)SI (DS or the override); both step
 * the index by the operand size, down when EFLAGS.DF = 1; (E)SI/(E)DI/(E)CX follow the address size.
 * A REP form runs up to REP_CHUNK iterations per execution and then restarts itself (EIP back to the
 * instruction), so interrupts are taken between chunks as the SDM allows for repeated string
 * instructions (Vol. 2B, REP: "interrupts ... are recognized and handled between iterations"). Every
 * iteration commits its index and count first, so a fault part-way resumes correctly too.
 *
 * Left out: the I/O breakpoints of DR7, virtual-8086 mode.
 */
import type { AccessSize } from "../bus";
import type { Cpu } from "../cpu";
import type { Handler, Insn } from "../decode";
import { CpuException, GP } from "../exception";
import { EDI, EDX, ES, ESI, IOPL_MASK } from "../state";
import { ioBitmapAllows } from "../tss";
import { getCount, readMem, writeMem } from "./operand";
import { advance, idx, repeat } from "./string";

/** #GP(0) unless CPL <= IOPL or the TSS bitmap allows all `size` ports from `port`. */
export function checkIoPermission(cpu: Cpu, port: number, size: number): void {
  const s = cpu.state;
  if (s.cpl <= (s.eflags & IOPL_MASK) >>> 12) return;
  if (!ioBitmapAllows(cpu, port, size)) throw new CpuException(GP, 0);
}

function opSize(insn: Insn): AccessSize {
  return insn.o16 ? 2 : 4;
}

function input(cpu: Cpu, port: number, size: AccessSize): void {
  checkIoPermission(cpu, port, size);
  const v = cpu.bus.ioRead(port, size);
  const r = cpu.state.regs;
  if (size === 1) r[0] = (r[0] & 0xffffff00) | (v & 0xff);
  else if (size === 2) r[0] = (r[0] & 0xffff0000) | (v & 0xffff);
  else r[0] = v >>> 0;
}

function output(cpu: Cpu, port: number, size: AccessSize): void {
  checkIoPermission(cpu, port, size);
  const a = cpu.state.regs[0];
  cpu.bus.ioWrite(port, size, size === 1 ? a & 0xff : size === 2 ? a & 0xffff : a >>> 0);
}

/** Iterations of a REP INS/OUTS per execution before it restarts itself. */
const REP_CHUNK = 1024;

/** log2 of an access size: the size code of readMem/writeMem and repeat(). */
const SIZE_CODE: Record<AccessSize, number> = { 1: 0, 2: 1, 4: 2 };

function ins(cpu: Cpu, insn: Insn, size: AccessSize): void {
  const port = cpu.state.regs[EDX] & 0xffff;
  if (insn.rep !== 0 && getCount(cpu.state, insn) === 0) return;
  checkIoPermission(cpu, port, size);
  const sz = SIZE_CODE[size];
  repeat(cpu, insn, sz, false, (delta) => {
    const di = idx(cpu, insn, EDI);
    cpu.probeWrite(ES, di, size); // the destination must be writable before the port is read
    writeMem(cpu, ES, di, sz, cpu.bus.ioRead(port, size));
    advance(cpu, insn, EDI, delta);
  }, REP_CHUNK);
}

function outs(cpu: Cpu, insn: Insn, size: AccessSize): void {
  const port = cpu.state.regs[EDX] & 0xffff;
  if (insn.rep !== 0 && getCount(cpu.state, insn) === 0) return;
  checkIoPermission(cpu, port, size);
  const sz = SIZE_CODE[size];
  repeat(cpu, insn, sz, false, (delta) => {
    cpu.bus.ioWrite(port, size, readMem(cpu, insn.seg, idx(cpu, insn, ESI), sz));
    advance(cpu, insn, ESI, delta);
  }, REP_CHUNK);
}

export const ioHandlers: Record<string, Handler> = {
  in_AL_Ib: (cpu, insn) => input(cpu, insn.imm & 0xff, 1),
  in_eAX_Ib: (cpu, insn) => input(cpu, insn.imm & 0xff, opSize(insn)),
  out_Ib_AL: (cpu, insn) => output(cpu, insn.imm & 0xff, 1),
  out_Ib_eAX: (cpu, insn) => output(cpu, insn.imm & 0xff, opSize(insn)),
  in_AL_DX: (cpu) => input(cpu, cpu.state.regs[EDX] & 0xffff, 1),
  in_eAX_DX: (cpu, insn) => input(cpu, cpu.state.regs[EDX] & 0xffff, opSize(insn)),
  out_DX_AL: (cpu) => output(cpu, cpu.state.regs[EDX] & 0xffff, 1),
  out_DX_eAX: (cpu, insn) => output(cpu, cpu.state.regs[EDX] & 0xffff, opSize(insn)),
  insb: (cpu, insn) => ins(cpu, insn, 1),
  insd: (cpu, insn) => ins(cpu, insn, opSize(insn)),
  outsb: (cpu, insn) => outs(cpu, insn, 1),
  outsd: (cpu, insn) => outs(cpu, insn, opSize(insn)),
};
