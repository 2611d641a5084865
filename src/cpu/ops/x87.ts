/**
 * The x87 control instructions, enough for the FPU detection and context-switch code small
 * kernels run (SDM Vol. 1, 8.1 x87 execution environment; Vol. 2A FNINIT, FNCLEX, FNSTSW, FNSTCW,
 * FLDCW, FNSTENV, FLDENV, FNSAVE, FRSTOR, FNOP, and the 287 leftovers FENI/FDISI/FSETPM that a
 * 387+ treats as no-ops):
 *
 *   fninit ; fnstsw ax ; test ax, ax       -> an FPU is present
 *   fnsave [task.fpu] / frstor [task.fpu]  -> per-task x87 state
 *
 * The control word, status word (with TOP) and tag word live in CpuState; the eight 80-bit data
 * registers are kept as the bytes FRSTOR loaded, so FNSAVE/FRSTOR round-trip them. Environment
 * images use the 32-bit protected-mode layout (Vol. 1, Figure 8-9) or the 16-bit one with
 * operand size 16 (Figure 8-10). The instruction and operand pointers are stored as 0 (nothing
 * that updates them is emulated).
 * Every other x87 instruction (loads, stores, arithmetic) raises #UD: vtlab has no floating
 * point unit yet. CR0.EM or CR0.TS makes every escape #NM first (Vol. 3A, 2.5, Table 2-2).
 */
import type { Cpu } from "../cpu";
import type { Handler, Insn } from "../decode";
import { fault, NM, UD } from "../exception";
import { CR0_EM, CR0_TS, CpuState } from "../state";
import { effectiveAddress } from "./system-operands";

/** FNINIT (SDM Vol. 2A): FCW 0x037F, FSW 0, FTW all empty, pointers 0. */
export function fpuInit(s: CpuState): void {
  s.fpuCw = 0x037f;
  s.fpuSw = 0;
  s.fpuTw = 0xffff;
}

function next(insn: Insn, a: number, d: number): number {
  return insn.a16 ? (a + d) & 0xffff : (a + d) >>> 0;
}

/** Environment image size: 28 bytes (32-bit) or 14 bytes (16-bit operand size). */
function envSize(insn: Insn): number {
  return insn.o16 ? 14 : 28;
}

function storeEnv(cpu: Cpu, insn: Insn, a: number): void {
  const s = cpu.state;
  const step = insn.o16 ? 2 : 4;
  const words = [s.fpuCw, s.fpuSw, s.fpuTw, 0, 0, 0, 0];
  for (let k = 0; k < 7; k++) {
    if (step === 2) cpu.write16(insn.seg, next(insn, a, 2 * k), words[k]);
    else cpu.write32(insn.seg, next(insn, a, 4 * k), words[k]);
  }
}

function loadEnv(cpu: Cpu, insn: Insn, a: number): void {
  const s = cpu.state;
  const step = insn.o16 ? 2 : 4;
  const cw = cpu.read16(insn.seg, a);
  const sw = cpu.read16(insn.seg, next(insn, a, step));
  const tw = cpu.read16(insn.seg, next(insn, a, 2 * step));
  s.fpuCw = cw;
  s.fpuSw = sw;
  s.fpuTw = tw;
}

function fnsave(cpu: Cpu, insn: Insn): void {
  const s = cpu.state;
  const a = effectiveAddress(cpu, insn);
  const env = envSize(insn);
  cpu.probeWrite(insn.seg, a, 1);
  cpu.probeWrite(insn.seg, next(insn, a, env + 79), 1);
  storeEnv(cpu, insn, a);
  for (let k = 0; k < 80; k++) cpu.write8(insn.seg, next(insn, a, env + k), s.fpuRegs[k]);
  fpuInit(s);
}

function frstor(cpu: Cpu, insn: Insn): void {
  const s = cpu.state;
  const a = effectiveAddress(cpu, insn);
  const env = envSize(insn);
  const regs = new Uint8Array(80);
  for (let k = 0; k < 80; k++) regs[k] = cpu.read8(insn.seg, next(insn, a, env + k));
  loadEnv(cpu, insn, a);
  s.fpuRegs.set(regs);
}

export const x87Handlers: Record<string, Handler> = {
  fpu_esc: (cpu, insn) => {
    const s = cpu.state;
    if ((s.cr[0] & (CR0_EM | CR0_TS)) !== 0) fault(NM);
    const op = insn.opcode, reg = insn.reg;
    if (insn.mod === 3) {
      const modrm = 0xc0 | (reg << 3) | insn.rm;
      if (op === 0xdb && modrm === 0xe3) return fpuInit(s);
      if (op === 0xdb && modrm === 0xe2) { s.fpuSw &= 0x7f00; return; } // FNCLEX: exception flags, ES, B
      if (op === 0xdf && modrm === 0xe0) { s.regs[0] = (s.regs[0] & 0xffff0000) | s.fpuSw; return; } // FNSTSW AX
      if (op === 0xd9 && modrm === 0xd0) return; // FNOP
      if (op === 0xdb && (modrm === 0xe0 || modrm === 0xe1 || modrm === 0xe4)) return; // FENI, FDISI, FSETPM
      fault(UD);
    }
    if (op === 0xd9 && reg === 7) return cpu.write16(insn.seg, effectiveAddress(cpu, insn), s.fpuCw); // FNSTCW
    if (op === 0xd9 && reg === 5) { s.fpuCw = cpu.read16(insn.seg, effectiveAddress(cpu, insn)); return; } // FLDCW
    if (op === 0xdd && reg === 7) return cpu.write16(insn.seg, effectiveAddress(cpu, insn), s.fpuSw); // FNSTSW m16
    if (op === 0xd9 && reg === 6) { // FNSTENV, then all exceptions masked
      const a = effectiveAddress(cpu, insn);
      cpu.probeWrite(insn.seg, a, 1);
      cpu.probeWrite(insn.seg, next(insn, a, envSize(insn) - 1), 1);
      storeEnv(cpu, insn, a);
      s.fpuCw |= 0x3f;
      return;
    }
    if (op === 0xd9 && reg === 4) return loadEnv(cpu, insn, effectiveAddress(cpu, insn)); // FLDENV
    if (op === 0xdd && reg === 6) return fnsave(cpu, insn);
    if (op === 0xdd && reg === 4) return frstor(cpu, insn);
    fault(UD);
  },
};
