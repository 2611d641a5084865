/**
 * Bit instructions: BT/BTS/BTR/BTC (register and imm8 bit offsets), BSF/BSR and SETcc.
 * SDM Vol. 2A "BT", "BTC", "BTR", "BTS", "BSF", "BSR"; Vol. 2B "SETcc".
 *
 * Bit offsets (SDM Vol. 2A, BT, "Description" and Vol. 1, 3.6 "Bit Addressing"): with a register
 * offset and a memory operand the offset is a SIGNED operand-size integer that may address any
 * bit relative to the operand's address; the word/dword holding it is accessed at
 * address + (size in bytes) * floor(offset / size in bits). An imm8 offset, or a register operand,
 * takes the offset modulo the operand size.
 * Flags: BT* set CF to the selected bit's old value and leave ZF unaffected; OF SF AF PF are
 * undefined and left unchanged. BSF/BSR set ZF = (source == 0) and leave the destination unchanged
 * when the source is 0 (what Intel and AMD parts do); other flags are left unchanged.
 */
import type { Cpu } from "../cpu";
import type { Handler, Insn } from "../decode";
import { condition, setEflags } from "../flags";
import { CF, ZF } from "../state";
import { ea, getReg, readE, readMem, setReg, sext, trunc, vsz, writeE, writeMem } from "./operand";

const BT = 0, BTS = 1, BTR = 2, BTC = 3;

function apply(op: number, v: number, bit: number, sz: number): number {
  switch (op) {
    case BTS: return trunc(v | (1 << bit), sz);
    case BTR: return trunc(v & ~(1 << bit), sz);
    case BTC: return trunc(v ^ (1 << bit), sz);
    default: return v;
  }
}

function bitOp(cpu: Cpu, insn: Insn, op: number, offset: number, fromReg: boolean): void {
  const s = cpu.state;
  const sz = vsz(insn);
  const nbits = sz === 1 ? 16 : 32;
  if (insn.mod === 3) {
    const bit = offset & (nbits - 1);
    const v = getReg(s, insn.rm, sz);
    if (op !== BT) setReg(s, insn.rm, sz, apply(op, v, bit, sz));
    setEflags(s, (v >>> bit) & 1, CF);
    return;
  }
  let a = ea(cpu, insn);
  let bit: number;
  if (fromReg) {
    const so = sext(offset, sz);
    const unit = Math.floor(so / nbits);
    bit = so - unit * nbits;
    const disp = unit * (nbits / 8);
    a = insn.a16 ? (a + disp) & 0xffff : (a + disp) >>> 0;
  } else bit = offset & (nbits - 1);
  const v = readMem(cpu, insn.seg, a, sz);
  if (op !== BT) writeMem(cpu, insn.seg, a, sz, apply(op, v, bit, sz));
  setEflags(s, (v >>> bit) & 1, CF);
}

export const bitsHandlers: Record<string, Handler> = {
  bt_Ev_Gv: (cpu, i) => bitOp(cpu, i, BT, getReg(cpu.state, i.reg, vsz(i)), true),
  bts_Ev_Gv: (cpu, i) => bitOp(cpu, i, BTS, getReg(cpu.state, i.reg, vsz(i)), true),
  btr_Ev_Gv: (cpu, i) => bitOp(cpu, i, BTR, getReg(cpu.state, i.reg, vsz(i)), true),
  btc_Ev_Gv: (cpu, i) => bitOp(cpu, i, BTC, getReg(cpu.state, i.reg, vsz(i)), true),
  bt_Ev_Ib: (cpu, i) => bitOp(cpu, i, BT, i.imm, false),
  bts_Ev_Ib: (cpu, i) => bitOp(cpu, i, BTS, i.imm, false),
  btr_Ev_Ib: (cpu, i) => bitOp(cpu, i, BTR, i.imm, false),
  btc_Ev_Ib: (cpu, i) => bitOp(cpu, i, BTC, i.imm, false),

  bsf_Gv_Ev: (cpu, i) => {
    const sz = vsz(i);
    const v = readE(cpu, i, sz);
    if (v === 0) { setEflags(cpu.state, ZF, ZF); return; }
    setReg(cpu.state, i.reg, sz, 31 - Math.clz32(v & -v));
    setEflags(cpu.state, 0, ZF);
  },
  bsr_Gv_Ev: (cpu, i) => {
    const sz = vsz(i);
    const v = readE(cpu, i, sz);
    if (v === 0) { setEflags(cpu.state, ZF, ZF); return; }
    setReg(cpu.state, i.reg, sz, 31 - Math.clz32(v));
    setEflags(cpu.state, 0, ZF);
  },

  setcc_Eb: (cpu, i) => writeE(cpu, i, 0, condition(cpu.state, i.opcode & 0xf) ? 1 : 0),
};
