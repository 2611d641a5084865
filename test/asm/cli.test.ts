/**
 * The `vtlab asm` and `vtlab disasm` sub-commands, run in-process through the command
 * dispatcher: output identical to `nasm -f bin` (run now), -D and -l, nasm-style error lines
 * and exit status 1 with no output file, and disassembly of what was assembled.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main } from "../../src/cli/main";
import { nasmFile, requireNasm } from "./nasm";

let dir: string;
let out: string[];
let err: string[];

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "vtlab-cli-"));
  out = [];
  err = [];
  vi.spyOn(process.stdout, "write").mockImplementation((s: string | Uint8Array) => (out.push(String(s)), true));
  vi.spyOn(process.stderr, "write").mockImplementation((s: string | Uint8Array) => (err.push(String(s)), true));
});

afterEach(() => {
  vi.restoreAllMocks();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("vtlab asm", () => {
  it("keeps bytes that are not UTF-8 in the source file as nasm does", async () => {
    requireNasm();
    const src = path.join(dir, "latin1.asm");
    // "db 'é±'" in Latin-1 (0xE9 0xB1), plus a CP437 box-drawing byte in a comment.
    fs.writeFileSync(src, Buffer.concat([Buffer.from("bits 32\ndb '"), Buffer.from([0xe9, 0xb1]), Buffer.from("' ; "), Buffer.from([0xc4]), Buffer.from("\n")]));
    const bin = path.join(dir, "latin1.bin");
    expect(await main(["asm", src, "-o", bin])).toBe(0);
    expect(err.join("")).toBe("");
    const ref = nasmFile(src, {});
    expect(ref.ok, ref.stderr).toBe(true);
    expect([...fs.readFileSync(bin)]).toEqual([...ref.bytes]);
    expect([...ref.bytes]).toEqual([0xe9, 0xb1]);
  });

  it("assembles like nasm -f bin, with -D and a listing", async () => {
    requireNasm();
    const src = path.join(dir, "prog.asm");
    fs.writeFileSync(src, "bits 32\norg 0x100000\n%ifdef FAST\n  mov eax, VALUE\n%else\n  mov eax, 0\n%endif\n.l: dec eax\n  jnz .l\n  hlt\n");
    const bin = path.join(dir, "prog.bin");
    const lst = path.join(dir, "prog.lst");
    const status = await main(["asm", src, "-o", bin, "-D", "FAST", "-DVALUE=0x1234", "-l", lst]);
    expect(err.join("")).toBe("");
    expect(status).toBe(0);
    const ref = nasmFile(src, { FAST: "", VALUE: "0x1234" });
    expect(ref.ok, ref.stderr).toBe(true);
    expect(Buffer.from(fs.readFileSync(bin)).equals(Buffer.from(ref.bytes))).toBe(true);
    const listing = fs.readFileSync(lst, "utf8");
    expect(listing).toMatch(/00100000 B834120000 +mov eax, VALUE/);
  });

  it("prints file:line:column: error: lines, exits 1 and writes no output", async () => {
    const src = path.join(dir, "bad.asm");
    fs.writeFileSync(src, "bits 32\n  movx eax, 1\n  inc [eax]\n");
    const bin = path.join(dir, "bad.bin");
    const status = await main(["asm", src, "-o", bin]);
    expect(status).toBe(1);
    expect(err.join("")).toBe(`${src}:2:3: error: unknown instruction 'movx' (did you mean 'mov'?)\n${src}:3:7: error: operation size not specified\n`);
    expect(fs.existsSync(bin)).toBe(false);
  });

  it("reports a missing input file in one line", async () => {
    expect(await main(["asm", path.join(dir, "none.asm"), "-o", path.join(dir, "x")])).toBe(1);
    expect(err.join("")).toMatch(/^vtlab asm: unable to open input file '.*none\.asm': ENOENT\n$/);
  });

  it("refuses unknown options", async () => {
    expect(await main(["asm", "-q"])).toBe(1);
    expect(err.join("")).toContain("unrecognised option '-q'");
  });
});

describe("vtlab disasm", () => {
  it("disassembles a flat binary at an origin", async () => {
    const bin = path.join(dir, "code.bin");
    fs.writeFileSync(bin, Buffer.from([0xb8, 0x01, 0x00, 0x00, 0x00, 0x0f, 0xa2, 0xeb, 0xf7]));
    expect(await main(["disasm", bin, "--org", "0x100000"])).toBe(0);
    expect(out.join("")).toBe(
      "00100000  B801000000            mov eax, 1\n00100005  0FA2                  cpuid\n00100007  EBF7                  jmp short 0x100000\n",
    );
  });

  it("rejects a bad --org", async () => {
    expect(await main(["disasm", "x.bin", "--org", "zz"])).toBe(1);
    expect(err.join("")).toContain("--org needs an address");
  });
});
