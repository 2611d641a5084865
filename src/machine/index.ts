/**
 * Public exports of the physical PC (src/machine): the Machine, its options and stop
 * reasons, snapshots, the devices, the Multiboot loader pieces and the address layout.
 */
export { Machine } from "./machine";
export type { MachineOptions, MachineSnapshot, MachineStop, RunAsyncOptions, RunOptions } from "./machine";
export { parseMemorySize, MemorySizeError, PhysicalMemory } from "./memory";
export { ImageError, parseElf32 } from "./elf32";
export { findMultibootHeader, loadMultibootKernel } from "./multiboot";
export type { LoadedKernel, MultibootHeader } from "./multiboot";
export { memoryMap, writeMultibootInfo } from "./multiboot-info";
export type { MemoryMapEntry } from "./multiboot-info";
export { MULTIBOOT_BOOTLOADER_MAGIC } from "./boot-state";
export { VirtualClock } from "./clock";
export { PortBus, MmioBus } from "./io-bus";
export type { PortDevice, MmioDevice } from "./io-bus";
export { DualPic } from "./devices/dual-pic";
export { Pic8259 } from "./devices/pic8259";
export { Pit8254 } from "./devices/pit8254";
export { Uart16550 } from "./devices/uart16550";
export { DebugExit } from "./devices/debug-exit";
export { SystemControlB } from "./devices/system-control";
export * as layout from "./layout";
