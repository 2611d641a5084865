/**
 * Which sensitive instructions would fault on privilege grounds before doing anything — the
 * checks that take priority over a VM exit or an SVM intercept (SDM Vol. 3C, 26.1.1 "Relative
 * Priority of Faults and VM Exits": "faults based on privilege level, and general-protection
 * exceptions that are based on checking I/O permission bits in the TSS" come first; AMD APM
 * Vol. 2, 15.7 "Instruction Intercepts": intercepts are checked after simple exceptions such as
 * #GP for a wrong CPL). This is the Bochs order the design asks for (HLT: CPL check, then the VMX
 * control, then the SVM intercept): a run loop that consults `intercept` before the handler can
 * skip the intercept when `privilegeFaultFirst` says the handler will fault anyway.
 *
 * Keyed by handler name (the opcode table's `handler`). Only the privilege/IOPL/CR4-controlled
 * checks are answered here; operand checks (reserved CR bits, unknown MSRs) happen after an exit
 * would have been taken and stay in the handlers.
 *
 * Left out: virtual-8086 mode (IOPL-sensitive instructions there), UMIP, CR4.PCE-less RDPMC ECX checks.
 */
import type { Cpu } from "../cpu";
import type { Insn } from "../decode";
import { CR4_TSD, EDX, IOPL_MASK } from "../state";
import { ioBitmapAllows } from "../tss";

const CPL0_ONLY = new Set([
  "hlt", "lgdt_Ms", "lidt_Ms", "lldt_Ew", "ltr_Ew", "lmsw_Ew", "clts", "invlpg_Mb", "invd", "wbinvd",
  "mov_Cd_Rd", "mov_Rd_Cd", "mov_Dd_Rd", "mov_Rd_Dd", "rdmsr", "wrmsr", "sysexit",
]);
const IOPL_ONLY = new Set(["cli", "sti"]);
const PORT_IMM = new Set(["in_AL_Ib", "in_eAX_Ib", "out_Ib_AL", "out_Ib_eAX"]);
const PORT_DX = new Set(["in_AL_DX", "in_eAX_DX", "out_DX_AL", "out_DX_eAX", "insb", "insd", "outsb", "outsd"]);
const BYTE_PORT = new Set(["in_AL_Ib", "out_Ib_AL", "in_AL_DX", "out_DX_AL", "insb", "outsb"]);

/** True when the instruction `handler` (decoded as `insn`) raises #GP(0) on privilege grounds at the current CPL/IOPL. */
export function privilegeFaultFirst(cpu: Cpu, handler: string, insn: Insn): boolean {
  const s = cpu.state;
  if (CPL0_ONLY.has(handler)) return s.cpl !== 0;
  const iopl = (s.eflags & IOPL_MASK) >>> 12;
  if (IOPL_ONLY.has(handler)) return s.cpl > iopl;
  if (handler === "rdtsc") return (s.cr[4] & CR4_TSD) !== 0 && s.cpl !== 0;
  if (handler === "rdpmc") return (s.cr[4] & (1 << 8)) === 0 && s.cpl !== 0;
  const imm = PORT_IMM.has(handler);
  if (imm || PORT_DX.has(handler)) {
    if (s.cpl <= iopl) return false;
    const port = imm ? insn.imm & 0xff : s.regs[EDX] & 0xffff;
    const size = BYTE_PORT.has(handler) ? 1 : insn.o16 ? 2 : 4;
    return !ioBitmapAllows(cpu, port, size);
  }
  return false;
}
