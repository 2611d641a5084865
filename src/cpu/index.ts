/**
 * Public surface of the CPU layer: the Cpu class, its plain-data state and constants, stop
 * reasons, exceptions, the opcode table and the CPU models. The machine and notebooks import from
 * here; the internals (decoder, handlers, MMU) stay private to src/cpu/.
 */
export { Cpu, resetState, type CpuCounters, type ExceptionIntercept } from "./cpu";
export * from "./state";
export type { StopReason } from "./stop";
export type { Bus, AccessSize } from "./bus";
export { CpuException, fault } from "./exception";
export { getEflags, setEflags } from "./flags";
export { OPCODES, classOf, type OpcodeEntry, type InstructionClass } from "./opcodes";
export { cpuModels, defineCpuModel, resolveCpuModel, type CpuModel } from "./model";
