/**
 * Helpers for the "hunt" regression tests: small programs in the styles of hobby kernels and test
 * code, each assembled at test time by the real `nasm -f bin` and by vtlab the way `vtlab asm`
 * calls it (16-bit until `bits 32`), written to a temporary directory together with any files
 * they %include or incbin. NASM's answer is never stored.
 */
import { expect } from "vitest";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { assemble, type AssembleResult } from "../../src/asm";
import { nasmFile, requireNasm, type NasmResult } from "./nasm";
import { firstDifference } from "./compare";

function both(source: string, files: Record<string, string | Uint8Array>): { ours: AssembleResult; ref: NasmResult } {
  requireNasm();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vtlab-hunt-"));
  try {
    const main = path.join(dir, "prog.asm");
    fs.writeFileSync(main, source);
    for (const [name, data] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), data);
    const ref = nasmFile(main);
    const ours = assemble(source, { fileName: main, bits: 16 });
    return { ours, ref };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** nasm accepts the program and vtlab gives the same bytes, with no error. */
export function expectSameAsNasm(source: string, files: Record<string, string | Uint8Array> = {}): void {
  const { ours, ref } = both(source, files);
  expect(ref.ok, `nasm rejected the program:\n${ref.stderr}`).toBe(true);
  expect(ours.errors).toEqual([]);
  expect(firstDifference(ours, ref.bytes, source.split("\n"))).toBeUndefined();
  expect(ours.bytes.length).toBe(ref.bytes.length);
}

/** nasm rejects the program on `line`; vtlab reports an error there too (file, line, column), without output. */
export function expectBothReject(source: string, line: number): void {
  const { ours, ref } = both(source, {});
  expect(ref.ok, "nasm accepted the program").toBe(false);
  expect(ref.stderr).toMatch(new RegExp(`prog\\.asm:${line}: (error|fatal)`));
  expect(ours.errors.length, "vtlab accepted a program nasm rejects").toBeGreaterThan(0);
  const e = ours.errors[0]!;
  expect(path.basename(e.file)).toBe("prog.asm");
  expect(e.line).toBe(line);
  expect(e.column).toBeGreaterThanOrEqual(1);
  expect(e.message).not.toMatch(/internal/);
  expect(ours.bytes.length).toBe(0);
}
