/**
 * Dead status-flag elimination for compiled blocks (block-emit.ts).
 *
 * A backward liveness pass over one block, per status flag (CF PF AF ZF SF OF, SDM Vol. 1,
 * 3.4.3.1): an instruction whose status-flag results are all overwritten before anything can
 * observe them need not compute them. Only the register-only forms of ops/fastpath.ts
 * (registerForm) are analysed, since only they are emitted as plain JS that cannot fault or
 * leave the block; every other instruction (memory operands, handler calls, the trailing Jcc) and
 * the end of the block (loop-back, budget stop, exit) count as reading every flag, so the state
 * at every point where the block can stop or fault is that of one-at-a-time execution.
 *
 * What each register-only form does to the flags (SDM Vol. 2, "Flags Affected"):
 * - ADD/OR/AND/SUB/XOR/CMP (ADC/SBB are never register forms): write all six, read none.
 * - SHL/SHR/SAR by a constant non-zero count: write all six (OF/AF undefined, but the lazy record
 *   replaces them all, as the handler does); by 0 (count masked to 0): no flags touched.
 * - ROL/ROR by a constant non-zero count: write CF and OF, keep the other four (so read them);
 *   by 0: nothing.
 * - INC/DEC: write all but CF, keep CF (so read it).
 * - MOV/LEA: nothing.
 */
import type { Insn } from "./decode";
import { registerForm } from "./ops/fastpath";

const CF = 0x1, OF = 0x800;
/** CF PF AF ZF SF OF. */
export const STATUS = 0x8d5;

/**
 * For each instruction of the block, true when none of the status flags it writes can be
 * observed (so the emitter may skip its flag bookkeeping). Conservative: false when in doubt.
 */
export function deadFlagWrites(insns: Insn[]): boolean[] {
  const dead = new Array<boolean>(insns.length).fill(false);
  let live = STATUS; // after the last instruction: the block's end reads everything
  for (let k = insns.length - 1; k >= 0; k--) {
    const f = registerForm(insns[k]);
    if (f === null) { live = STATUS; continue; }
    switch (f.kind) {
      case "mov": case "movi": case "lea": break;
      case "alu":
        dead[k] = live === 0;
        live = 0;
        break;
      case "shift":
        if (f.count === 0) break;
        dead[k] = live === 0;
        live = 0;
        break;
      case "rotate":
        if (f.count === 0) break;
        dead[k] = live === 0;
        live &= ~(CF | OF);
        break;
      case "incdec":
        dead[k] = live === 0;
        live &= CF;
        break;
      default: live = STATUS;
    }
  }
  return dead;
}
