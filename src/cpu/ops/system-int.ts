/**
 * Software interrupts and the instructions that raise exceptions on a condition (SDM Vol. 2A,
 * "INT n/INTO/INT3/INT1—Call to Interrupt Procedure"; Vol. 2A, BOUND):
 *
 *   INT n   delivers vector n as a software interrupt (gate DPL checked against CPL)
 *   INT3    the one-byte breakpoint: vector 3 (#BP), gate DPL checked, a trap (saved EIP = next)
 *   INTO    vector 4 (#OF) if OF = 1, gate DPL checked, a trap
 *   INT1    ICEBP: vector 1 (#DB) as a privileged software exception — no DPL check
 *   BOUND   #BR (a fault: saved EIP = the BOUND) when the signed index is below the lower or above
 *           the upper bound read from memory; a register operand is #UD
 *
 * The run loop has advanced EIP past the instruction, which is the return address these push.
 * A fault during delivery (#GP for a DPL violation, #NP ...) propagates out of the handler, and the
 * run loop rolls EIP back to the INT instruction: the SDM's fault semantics for those errors.
 *
 * Left out: virtual-8086 mode INT n (IOPL-sensitive, VME redirection bitmap).
 */
import type { Handler } from "../decode";
import { BR, CpuException, DB, UD } from "../exception";
import { getEflags } from "../flags";
import { deliver } from "../interrupts";
import { OF } from "../state";
import { effectiveAddress } from "./system-operands";

export const interruptHandlers: Record<string, Handler> = {
  int_Ib: (cpu, insn) => deliver(cpu, insn.imm & 0xff, { software: true }),
  int3: (cpu) => deliver(cpu, 3, { software: true }),
  into: (cpu) => {
    if ((getEflags(cpu.state) & OF) !== 0) deliver(cpu, 4, { software: true });
  },
  int1: (cpu) => deliver(cpu, DB, {}),
  bound_Gv_Ma: (cpu, insn) => {
    if (insn.mod === 3) throw new CpuException(UD);
    const a = effectiveAddress(cpu, insn);
    const r = cpu.state.regs[insn.reg];
    let index: number, lower: number, upper: number;
    if (insn.o16) {
      index = (r << 16) >> 16;
      lower = (cpu.read16(insn.seg, a) << 16) >> 16;
      upper = (cpu.read16(insn.seg, insn.a16 ? (a + 2) & 0xffff : (a + 2) >>> 0) << 16) >> 16;
    } else {
      index = r | 0;
      lower = cpu.read32(insn.seg, a) | 0;
      upper = cpu.read32(insn.seg, insn.a16 ? (a + 4) & 0xffff : (a + 4) >>> 0) | 0;
    }
    if (index < lower || index > upper) throw new CpuException(BR);
  },
};
