/**
 * The vtlab engine's public surface: `require("vtlab")`, and what the Jupyter kernel preloads
 * into every notebook cell (it generates its preload from these exports, so anything exported
 * here is usable in a cell without an import, with types).
 *
 * Layers (design.md): cpu <- machine <- (vmm, later); asm and guests beside them.
 * The engine never imports the kernel.
 */
export * from "./cpu";
export * from "./machine";
export * from "./asm";
export * from "./guests";
export { version, packageRoot } from "./version";
