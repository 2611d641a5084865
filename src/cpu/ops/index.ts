/**
 * The dispatch table: one handler per opcode-table entry, built once per process by looking up
 * each entry's handler name in the merged handler records of src/cpu/ops/*.ts. A name that no
 * record defines executes as #UD (`missingHandlers` lists them; a test keeps the list empty once
 * every family has landed). Two records defining the same name is a programming error, reported
 * by `duplicateHandlers`.
 */
import type { Handler, Insn } from "../decode";
import { undefinedOpcode } from "../decode";
import { OPCODES } from "../opcodes";
import { arithHandlers } from "./arith";
import { controlHandlers } from "./control";
import { moveHandlers } from "./move";
import { stackHandlers } from "./stack";
import { shiftHandlers } from "./shift";
import { muldivHandlers } from "./muldiv";
import { bitsHandlers } from "./bits";
import { stringHandlers } from "./string";
import { systemHandlers } from "./system";
import { farHandlers } from "./far";
import { x87Handlers } from "./x87";
import { SPECIALIZERS } from "./fastpath";

const RECORDS: Record<string, Handler>[] = [
  x87Handlers,
  arithHandlers, controlHandlers, moveHandlers, stackHandlers, shiftHandlers, muldivHandlers, bitsHandlers, stringHandlers,
  systemHandlers, farHandlers,
];

/** Every handler by name. */
export const HANDLERS: Readonly<Record<string, Handler>> = Object.freeze(Object.assign({}, ...RECORDS));

/** Handler names defined by more than one record. */
export const duplicateHandlers: readonly string[] = (() => {
  const seen = new Set<string>(), dup: string[] = [];
  for (const r of RECORDS) for (const k of Object.keys(r)) { if (seen.has(k)) dup.push(k); seen.add(k); }
  return dup;
})();

/** Handler names the opcode table uses that no record defines. */
export const missingHandlers: readonly string[] = [...new Set(OPCODES.map((e) => e.handler).filter((h) => !(h in HANDLERS)))];

export const DISPATCH: readonly Handler[] = OPCODES.map((e) => HANDLERS[e.handler] ?? undefinedOpcode);

/** Decode-time specialiser per opcode-table entry (ops/fastpath.ts), or null. */
export const SPECIALIZE: readonly (((insn: Insn) => Handler | null) | null)[] = OPCODES.map((e) => SPECIALIZERS[e.handler] ?? null);
