/**
 * vtlab's assembler (NASM syntax, `nasm -f bin` output) and disassembler (iced-x86).
 * This is the module other parts of vtlab import; see types.ts for the data shapes.
 */
export { assemble, asm } from "./assemble";
export { disassemble } from "./disassemble";
export type { AssembleOptions, AsmError, LineMapping, AssembleResult, DisasmRow, DisassembleOptions } from "./types";
