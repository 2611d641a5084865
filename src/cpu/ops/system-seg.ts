/**
 * Segment-register instructions (SDM Vol. 2A/2B): MOV Sreg, r/m16 and MOV r/m16, Sreg; PUSH/POP of
 * ES, CS, SS, DS, FS, GS; LDS, LES, LFS, LGS, LSS. The descriptor checks are loadSegment's
 * (segmentation.ts: #GP/#NP/#SS with the selector as error code).
 *
 * - MOV to CS is #UD; ModRM.reg 6 and 7 name no segment register: #UD.
 * - MOV SS and POP SS block interrupts (and debug traps) until after the next instruction (6.8.3);
 *   LSS does too here, as in QEMU (the SDM names only MOV SS and POP SS).
 * - MOV r32, Sreg zero-extends the selector; to memory it is always a 16-bit store.
 * - PUSH Sreg with a 32-bit operand size decrements ESP by 4 and stores the selector zero-extended
 *   (as QEMU does; some Intel parts write only the low 16 bits).
 * - POP Sreg and Lxx load the segment before any register changes, so a faulting load leaves ESP
 *   and the destination register unchanged.
 *
 * Left out: real-mode and virtual-8086 segment loads (base = selector << 4).
 */
import type { Cpu } from "../cpu";
import type { Handler, Insn } from "../decode";
import { CpuException, UD } from "../exception";
import { loadSegment } from "../segmentation";
import { CS, DS, ES, FS, GS, SS } from "../state";
import { effectiveAddress, readEw, writeEwZx, writeGv } from "./system-operands";

/** MOV/POP Sreg: the load, then the MOV SS / POP SS shadow. */
function loadSreg(cpu: Cpu, sreg: number, sel: number): void {
  loadSegment(cpu, sreg, sel);
  if (sreg === SS) cpu.state.interruptShadow = true;
}

function pushSreg(sreg: number): Handler {
  return (cpu, insn) => cpu.pushV(insn.o16, cpu.state.segSelector[sreg]);
}

function popSreg(sreg: number): Handler {
  return (cpu, insn) => {
    const sp = cpu.sp();
    const sel = insn.o16 ? cpu.read16(SS, sp) : cpu.read32(SS, sp) & 0xffff;
    loadSreg(cpu, sreg, sel);
    const next = sp + (insn.o16 ? 2 : 4);
    cpu.setSp(cpu.stackIs32() ? next >>> 0 : next & 0xffff);
  };
}

/** LDS/LES/LFS/LGS/LSS r, m16:16/32: offset first in memory, then the selector. */
function loadFar(sreg: number): Handler {
  return (cpu: Cpu, insn: Insn) => {
    const a = effectiveAddress(cpu, insn);
    const off = insn.o16 ? cpu.read16(insn.seg, a) : cpu.read32(insn.seg, a);
    const selAt = insn.a16 ? (a + (insn.o16 ? 2 : 4)) & 0xffff : (a + (insn.o16 ? 2 : 4)) >>> 0;
    const sel = cpu.read16(insn.seg, selAt);
    loadSreg(cpu, sreg, sel);
    writeGv(cpu, insn, off);
  };
}

export const segmentHandlers: Record<string, Handler> = {
  mov_Sw_Ew: (cpu, insn) => {
    if (insn.reg === CS || insn.reg > GS) throw new CpuException(UD);
    loadSreg(cpu, insn.reg, readEw(cpu, insn));
  },
  mov_Ev_Sw: (cpu, insn) => {
    if (insn.reg > GS) throw new CpuException(UD);
    writeEwZx(cpu, insn, cpu.state.segSelector[insn.reg]);
  },
  push_ES: pushSreg(ES),
  push_CS: pushSreg(CS),
  push_SS: pushSreg(SS),
  push_DS: pushSreg(DS),
  push_FS: pushSreg(FS),
  push_GS: pushSreg(GS),
  pop_ES: popSreg(ES),
  pop_SS: popSreg(SS),
  pop_DS: popSreg(DS),
  pop_FS: popSreg(FS),
  pop_GS: popSreg(GS),
  les_Gz_Mp: loadFar(ES),
  lds_Gz_Mp: loadFar(DS),
  lss_Gz_Mp: loadFar(SS),
  lfs_Gz_Mp: loadFar(FS),
  lgs_Gz_Mp: loadFar(GS),
};
