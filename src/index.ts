/**
 * The vtlab engine's public surface: `require("vtlab")`, and what the Jupyter kernel preloads
 * into every notebook cell (it generates its preload from these exports, so anything exported
 * here is usable in a cell without an import, with types).
 *
 * Layers (design.md): cpu <- machine <- vmm; asm and guests beside them; viz builds figures.
 * The engine never imports the kernel.
 */
export * from "./cpu/state";
export type { Bus, AccessSize } from "./cpu/bus";
export type { StopReason } from "./cpu/stop";
export { CpuException } from "./cpu/exception";

export { version, packageRoot } from "./version";
