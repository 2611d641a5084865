/**
 * A source file's raw bytes are assembled as they are, like nasm does: a Latin-1 (or CP437) byte
 * inside a string stays that byte, where reading the file as UTF-8 text would turn it into the
 * three bytes of U+FFFD. nasm decides at test time.
 */
import { describe, expect, it } from "vitest";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { assemble } from "../../src/asm";
import { nasmFile, requireNasm } from "./nasm";

describe("hunt: raw source bytes vs nasm", () => {
  it("non-UTF-8 bytes in strings and comments are kept byte for byte", () => {
    requireNasm();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vtlab-bytes-"));
    try {
      const file = path.join(dir, "cp437.asm");
      const src = Buffer.concat([Buffer.from("bits 32\ndb \"", "latin1"), Buffer.from([0xc9, 0xcd, 0xbb, 0xe9]), Buffer.from("\", 0 ; \xb0\xb1\n", "latin1"), Buffer.from("db 'caf\u00e9'\n", "utf8")]);
      fs.writeFileSync(file, src);
      const ref = nasmFile(file);
      expect(ref.ok, ref.stderr).toBe(true);
      const ours = assemble(fs.readFileSync(file), { fileName: file, bits: 16 });
      expect(ours.errors).toEqual([]);
      expect(Buffer.from(ours.bytes).toString("hex")).toBe(Buffer.from(ref.bytes).toString("hex"));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
