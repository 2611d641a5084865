/**
 * Round trip over the corpus: assemble (ours) -> disassemble (iced-x86, NASM formatter) ->
 * assemble the disassembly text again (ours) gives the same bytes. The corpus itself is checked
 * against nasm in differential.test.ts, so this closes the loop through an independent decoder.
 */
import { describe, expect, it } from "vitest";
import { assemble, disassemble } from "../../src/asm";
import { generateCorpus } from "./corpus";

describe("assemble -> disassemble -> assemble", () => {
  it("reproduces every byte of the corpus", () => {
    const first = assemble(generateCorpus().join("\n"));
    expect(first.errors).toEqual([]);
    const rows = disassemble(first.bytes, { origin: 0x100000 });
    expect(rows.length).toBeGreaterThan(3000);
    const text = ["bits 32", "org 0x100000", ...rows.map((r) => r.text)];
    const second = assemble(text.join("\n"));
    expect(second.errors).toEqual([]);
    if (!Buffer.from(second.bytes).equals(Buffer.from(first.bytes))) {
      // name the first row that does not survive
      const bad = rows.find((r) => {
        const again = assemble(`bits 32\norg ${r.address}\n${r.text}`);
        return !Buffer.from(again.bytes).equals(Buffer.from(r.bytes));
      });
      expect.fail(`row does not round-trip: ${bad ? `${Buffer.from(bad.bytes).toString("hex")} '${bad.text}'` : "(sizes differ)"}`);
    }
  });
});
