/*
 * A stand-in engine module for kernel tests, written to a temp dir at test time: it exports a
 * class and an `assemble(source)` with the shape the engine's assembler documents ({ bytes,
 * symbols, lines, errors, listing() }), enough to test the preload (names taken from whatever the
 * module exports, with types) and the %%asm magic's plumbing. It assembles only `nop` and `hlt`;
 * the real assembler's correctness is tested under test/asm against NASM.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export function writeEngineFixture(): string {
  const dir = mkdtempSync(join(tmpdir(), "vtlab-engine-"));
  writeFileSync(
    join(dir, "index.js"),
    `"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
class Machine { constructor(memory) { this.memory = memory; } describe() { return "machine with " + this.memory + " bytes"; } }
exports.Machine = Machine;
const OPS = { nop: 0x90, hlt: 0xf4 };
function assemble(source) {
  const bytes = [], lines = [], errors = [];
  source.split("\\n").forEach((text, i) => {
    const t = text.trim();
    if (t === "") return;
    const col = text.indexOf(t) + 1;
    if (!(t in OPS)) { errors.push({ line: i + 1, column: col, message: "unknown instruction '" + t + "'" }); return; }
    lines.push({ line: i + 1, offset: bytes.length, text: t });
    bytes.push(OPS[t]);
  });
  return { bytes: Uint8Array.from(bytes), symbols: {}, lines, errors,
    listing() { return lines.map((l) => l.offset.toString(16).padStart(8, "0") + "  " + OPS[l.text].toString(16).toUpperCase() + "  " + l.text).join("\\n"); } };
}
exports.assemble = assemble;
`,
  );
  writeFileSync(
    join(dir, "index.d.ts"),
    `export declare class Machine { readonly memory: number; constructor(memory: number); describe(): string; }
export interface AsmError { line: number; column: number; message: string; }
export interface AsmResult { bytes: Uint8Array; symbols: Record<string, number>; lines: unknown[]; errors: AsmError[]; listing(): string; }
export declare function assemble(source: string, opts?: object): AsmResult;
`,
  );
  return join(dir, "index.js");
}
