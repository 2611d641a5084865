/**
 * Byte-for-byte comparison of our output with NASM's, reporting the first source line whose
 * bytes differ (found through our line mappings) so a failure says which instruction is wrong.
 */
import type { AssembleResult } from "../../src/asm";

export function firstDifference(ours: AssembleResult, theirs: Uint8Array, sourceLines: Map<string, string[]> | string[]): string | undefined {
  const a = Buffer.from(ours.bytes);
  const b = Buffer.from(theirs);
  if (a.equals(b)) return undefined;
  const origin = ours.lines.length ? Math.min(...ours.lines.map((l) => l.address)) : 0;
  for (const l of [...ours.lines].sort((x, y) => x.address - y.address)) {
    const off = l.address - origin;
    const mine = a.subarray(off, off + l.length);
    const ref = b.subarray(off, off + l.length);
    if (!mine.equals(ref)) {
      const text = Array.isArray(sourceLines) ? sourceLines[l.line - 1] : sourceLines.get(l.file)?.[l.line - 1];
      return `${l.file}:${l.line}: '${(text ?? "").trim()}' ours ${mine.toString("hex")} nasm ${ref.toString("hex")}`;
    }
  }
  return `sizes differ: ours ${a.length} bytes, nasm ${b.length} bytes`;
}
