/**
 * Stack instructions: PUSH/POP (register, r/m, immediate), PUSHA(D)/POPA(D), PUSHF(D)/POPF(D),
 * ENTER and LEAVE, with 16- and 32-bit operand sizes and 16- and 32-bit stack segments (SS.B
 * selects SP or ESP: SDM Vol. 1, 6.2.3 "Address-Size Attributes for Stack Accesses").
 * Segment-register pushes and pops are in ops/system*.ts (cpu-system).
 *
 * Follows the Operation sections of SDM Vol. 2B (PUSH, POP, PUSHA/PUSHAD, POPA/POPAD, PUSHF/PUSHFD,
 * POPF/POPFD, ENTER, LEAVE). Details that matter:
 * - PUSH ESP pushes the value before the push; POP ESP leaves the popped value in ESP; POP into a
 *   memory operand addressed through ESP computes the address after ESP was incremented.
 * - PUSHFD stores EFLAGS with VM and RF cleared. POPF(D) in protected mode: at CPL 0 every flag but
 *   VIP/VIF/VM may change; at CPL > 0 IOPL is kept, and IF only changes when CPL <= IOPL (no
 *   fault: the "sensitive but unprivileged" behaviour of Robin & Irvine); RF is cleared.
 * - Multi-slot instructions (PUSHA/POPA/ENTER/LEAVE) change ESP only after every access succeeded,
 *   so a #SS/#PF leaves the registers as they were (restartable).
 */
import type { Cpu } from "../cpu";
import type { Handler, Insn } from "../decode";
import { CpuException } from "../exception";
import { getEflags, setEflags } from "../flags";
import { AC, CF, DF, EBP, ESP, ID, IF, IOPL_MASK, NT, OF, PF, AF, ZF, SF, TF, RF, SS } from "../state";
import { ea, getReg, readE, setReg, trunc, vsz, writeMem } from "./operand";

/** Offset `delta` bytes from the current stack pointer, wrapped to the stack width. */
function stackAt(cpu: Cpu, delta: number): number {
  const v = cpu.sp() + delta;
  return cpu.stackIs32() ? v >>> 0 : v & 0xffff;
}

/** Flags POPF may write at CPL 0 (SDM Vol. 2B, POPF, Operation). RF is in the mask so it is cleared. */
const POPF_MASK = CF | PF | AF | ZF | SF | TF | IF | DF | OF | IOPL_MASK | NT | RF | AC | ID;

function popf(cpu: Cpu, insn: Insn): void {
  const s = cpu.state;
  const v = insn.o16 ? cpu.read16(SS, cpu.sp()) : cpu.read32(SS, cpu.sp());
  let mask = POPF_MASK;
  if (s.cpl > 0) {
    mask &= ~IOPL_MASK;
    const iopl = (s.eflags & IOPL_MASK) >>> 12;
    if (s.cpl > iopl) mask &= ~IF;
  }
  if (insn.o16) mask &= 0xffff;
  cpu.setSp(stackAt(cpu, insn.o16 ? 2 : 4));
  setEflags(s, v & ~RF, mask);
}

export const stackHandlers: Record<string, Handler> = {
  push_Zv: (cpu, i) => {
    if (i.o16) cpu.push16(cpu.state.regs[i.rm] & 0xffff);
    else cpu.push32(cpu.state.regs[i.rm]);
  },
  pop_Zv: (cpu, i) => {
    if (i.o16) { const v = cpu.pop16(); setReg(cpu.state, i.rm, 1, v); }
    else { const v = cpu.pop32(); cpu.state.regs[i.rm] = v; }
  },
  push_Ev: (cpu, i) => { const sz = vsz(i); cpu.pushV(i.o16, readE(cpu, i, sz)); },
  pop_Ev: (cpu, i) => {
    const s = cpu.state;
    const sz = vsz(i);
    const sp = cpu.sp();
    const v = sz === 1 ? cpu.read16(SS, sp) : cpu.read32(SS, sp);
    if (i.mod === 3) {
      cpu.setSp(stackAt(cpu, sz === 1 ? 2 : 4));
      setReg(s, i.rm, sz, v);
      return;
    }
    const oldEsp = s.regs[ESP];
    cpu.setSp(stackAt(cpu, sz === 1 ? 2 : 4));
    try {
      writeMem(cpu, i.seg, ea(cpu, i), sz, v);
    } catch (e) {
      if (e instanceof CpuException) s.regs[ESP] = oldEsp;
      throw e;
    }
  },
  push_Iz: (cpu, i) => cpu.pushV(i.o16, i.imm),
  push_Ib: (cpu, i) => cpu.pushV(i.o16, trunc((i.imm << 24) >> 24, vsz(i))),

  pushad: (cpu, i) => {
    const s = cpu.state;
    const n = i.o16 ? 2 : 4;
    const sz = i.o16 ? 1 : 2;
    const temp = getReg(s, ESP, sz);
    for (let r = 0; r < 8; r++) {
      const v = r === ESP ? temp : getReg(s, r, sz);
      writeMem(cpu, SS, stackAt(cpu, -n * (r + 1)), sz, v);
    }
    cpu.setSp(stackAt(cpu, -8 * n));
  },
  popad: (cpu, i) => {
    const s = cpu.state;
    const n = i.o16 ? 2 : 4;
    const sz = i.o16 ? 1 : 2;
    const vals: number[] = [];
    for (let k = 0; k < 8; k++) vals.push(i.o16 ? cpu.read16(SS, stackAt(cpu, k * n)) : cpu.read32(SS, stackAt(cpu, k * n)));
    cpu.setSp(stackAt(cpu, 8 * n));
    // Popped in the order EDI ESI EBP (ESP skipped) EBX EDX ECX EAX.
    for (let k = 0; k < 8; k++) {
      const r = 7 - k;
      if (r !== ESP) setReg(s, r, sz, vals[k]);
    }
  },

  pushfd: (cpu, i) => {
    const f = getEflags(cpu.state) & 0x00fcffff;
    if (i.o16) cpu.push16(f & 0xffff); else cpu.push32(f);
  },
  popfd: popf,

  /** ENTER imm16, imm8 (SDM Vol. 2A, ENTER, 32-bit/16-bit stack branches). */
  enter_Iw_Ib: (cpu, i) => {
    const s = cpu.state;
    const oldEsp = s.regs[ESP], oldEbp = s.regs[EBP];
    const level = i.imm2 & 31;
    const big = cpu.stackIs32();
    try {
      cpu.pushV(i.o16, i.o16 ? s.regs[EBP] & 0xffff : s.regs[EBP]);
      const frameTemp = cpu.sp();
      if (level > 0) {
        let bp = big ? s.regs[EBP] : s.regs[EBP] & 0xffff;
        for (let k = 1; k < level; k++) {
          bp = big ? (bp - (i.o16 ? 2 : 4)) >>> 0 : (bp - (i.o16 ? 2 : 4)) & 0xffff;
          cpu.pushV(i.o16, i.o16 ? cpu.read16(SS, bp) : cpu.read32(SS, bp));
        }
        cpu.pushV(i.o16, i.o16 ? frameTemp & 0xffff : frameTemp);
      }
      if (i.o16) setReg(s, EBP, 1, frameTemp); else s.regs[EBP] = frameTemp;
      cpu.setSp(stackAt(cpu, -i.imm));
    } catch (e) {
      if (e instanceof CpuException) { s.regs[ESP] = oldEsp; s.regs[EBP] = oldEbp; }
      throw e;
    }
  },
  /** LEAVE (SDM Vol. 2A): ESP = EBP (SP = BP with a 16-bit stack), then pop EBP (BP with o16). */
  leave: (cpu, i) => {
    const s = cpu.state;
    const big = cpu.stackIs32();
    const sp = big ? s.regs[EBP] : s.regs[EBP] & 0xffff;
    const v = i.o16 ? cpu.read16(SS, sp) : cpu.read32(SS, sp);
    cpu.setSp(big ? (sp + (i.o16 ? 2 : 4)) >>> 0 : (sp + (i.o16 ? 2 : 4)) & 0xffff);
    if (i.o16) setReg(s, EBP, 1, v); else s.regs[EBP] = v;
  },
};
