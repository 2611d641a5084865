/**
 * Public data types of the assembler and disassembler (the API other parts of vtlab code against).
 * See index.ts for the functions. NASM manual chapter 2 (command line) describes the options'
 * meaning: `origin` is `org`, `defines` is `-D`, `includePaths` is `-I`.
 */

export interface AssembleOptions {
  /** Address of the first byte (like `org`); a source `org` overrides it. */
  origin?: number;
  /** Single-line macros defined before the source (`-D NAME=value`). */
  defines?: Record<string, string | number>;
  /** In-memory files for %include (notebooks); looked up before the disk. */
  files?: Record<string, string>;
  /** Name of the source file, used in errors, line mappings and to resolve %include. */
  fileName?: string;
  /** Extra directories searched by %include (`-I`). */
  includePaths?: string[];
  /**
   * Code size before any `bits` directive. Defaults to 32, vtlab's guests being 32-bit protected
   * mode code; `nasm -f bin` starts in 16 (the `vtlab asm` command passes 16 to behave like it).
   */
  bits?: 16 | 32;
}

export interface AsmError {
  file: string;
  line: number;
  column: number;
  message: string;
}

/** Bytes [address, address+length) came from this source line (for macros: the line of the call). */
export interface LineMapping {
  /** Run-time address (the `vstart=` address for such sections; otherwise the load address). */
  address: number;
  length: number;
  file: string;
  line: number;
}

/**
 * The result also has `[Symbol.for("Jupyter.display")](): Record<string, unknown>` returning
 * `text/plain` (the listing) and `text/html` (the listing as a table).
 */
export interface AssembleResult {
  /** The flat image from the origin (empty when there are errors). */
  bytes: Uint8Array;
  /** Labels (locals by full name, `main.loop`) and equ constants; macro-local labels left out. */
  symbols: Record<string, number>;
  lines: LineMapping[];
  errors: AsmError[];
  listing(): string;
}

export interface DisasmRow {
  address: number;
  bytes: Uint8Array;
  text: string;
  symbol?: string;
}

export interface DisassembleOptions {
  origin?: number;
  symbols?: Record<string, number>;
  bitness?: 16 | 32;
}
