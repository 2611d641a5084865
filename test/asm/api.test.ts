/**
 * The public API other parts of vtlab use: symbols (global, local with full names, equ), line
 * mappings, listing and Jupyter display, the asm`` tagged template, in-memory %include files,
 * defines and origin options, and disassemble() with symbols.
 */
import { describe, expect, it } from "vitest";
import { asm, assemble, disassemble } from "../../src/asm";
import { nasmSource, requireNasm } from "./nasm";

describe("assemble() result", () => {
  const src = ["bits 32", "main:", "    mov ecx, COUNT", ".loop:", "    dec ecx", "    jnz .loop", "    ret", "COUNT equ 10", "data: db 1, 2, 3"].join("\n");

  it("returns bytes, symbols with full local names, equ constants and line mappings", () => {
    const r = assemble(src, { origin: 0x1000, fileName: "t.asm" });
    expect(r.errors).toEqual([]);
    expect(Buffer.from(r.bytes).toString("hex")).toBe("b90a00000049" + "75fdc3" + "010203");
    expect(r.symbols).toEqual({ main: 0x1000, "main.loop": 0x1005, COUNT: 10, data: 0x1009 });
    expect(r.lines).toEqual([
      { address: 0x1000, length: 5, file: "t.asm", line: 3 },
      { address: 0x1005, length: 1, file: "t.asm", line: 5 },
      { address: 0x1006, length: 2, file: "t.asm", line: 6 },
      { address: 0x1008, length: 1, file: "t.asm", line: 7 },
      { address: 0x1009, length: 3, file: "t.asm", line: 9 },
    ]);
  });

  it("matches nasm for the same source and origin", () => {
    requireNasm();
    const ref = nasmSource("org 0x1000\n" + src);
    expect(ref.ok, ref.stderr).toBe(true);
    expect(Buffer.from(assemble(src, { origin: 0x1000 }).bytes).equals(Buffer.from(ref.bytes))).toBe(true);
  });

  it("lists address, bytes and source, and displays in Jupyter as text and an HTML table", () => {
    const r = assemble(src, { origin: 0x1000 });
    expect(r.listing()).toContain("00001000 B90A000000");
    const display = (r as unknown as Record<symbol, () => Record<string, unknown>>)[Symbol.for("Jupyter.display")]!();
    expect(Object.keys(display).sort()).toEqual(["text/html", "text/plain"]);
    expect(display["text/plain"]).toBe(r.listing());
    expect(String(display["text/html"])).toMatch(/^<table[^>]*>.*<code>00001005<\/code>.*<\/table>$/s);
  });

  it("resolves %include from the in-memory file map and takes defines", () => {
    const r = assemble('%include "lib/io.inc"\n  outb PORT, 7\n', {
      files: { "lib/io.inc": "%macro outb 2\n  mov dx, %1\n  mov al, %2\n  out dx, al\n%endmacro\n" },
      defines: { PORT: 0x3f8 },
    });
    expect(r.errors).toEqual([]);
    expect(Buffer.from(r.bytes).toString("hex")).toBe("66baf803b007ee");
    expect(r.lines.map((l) => l.line)).toEqual([2, 2, 2]);
  });
});

describe("bits option", () => {
  it("defaults to 32-bit code, and 16 gives nasm -f bin's default", () => {
    requireNasm();
    const src = "mov eax, 1\nmov ax, [bx+si]\n";
    expect(Buffer.from(assemble(src).bytes).toString("hex")).toBe("b80100000066678b00");
    const ref = nasmSource(src);
    expect(ref.ok, ref.stderr).toBe(true);
    expect(Buffer.from(assemble(src, { bits: 16 }).bytes).equals(Buffer.from(ref.bytes))).toBe(true);
  });
});

describe("asm tagged template", () => {
  it("assembles the text with interpolated values", () => {
    const cr = 3;
    const r = asm`mov eax, ${0x1000}
      mov cr${cr}, eax
      cpuid`;
    expect(r.errors).toEqual([]);
    expect(Buffer.from(r.bytes).toString("hex")).toBe("b8001000000f22d80fa2");
    expect(typeof (r as unknown as Record<symbol, unknown>)[Symbol.for("Jupyter.display")]).toBe("function");
  });

  it("reports errors instead of throwing", () => {
    const r = asm`mov eax, nowhere`;
    expect(r.errors).toEqual([{ file: "<asm>", line: 1, column: 10, message: "symbol 'nowhere' not defined" }]);
  });
});

describe("disassemble()", () => {
  it("gives address, bytes, NASM text and symbols", () => {
    const r = assemble("start: mov eax, 1\n  jmp start\n  lgdt [eax]\n  mov cr3, eax\n  jmp 0x08:start\n", { origin: 0x100000 });
    const rows = disassemble(r.bytes, { origin: 0x100000, symbols: r.symbols });
    expect(rows.map((x) => x.text)).toEqual(["mov eax, 1", "jmp short 0x100000  ; start", "lgdt [eax]", "mov cr3, eax", "jmp 8:0x100000"]);
    expect(rows[0]!.symbol).toBe("start");
    expect(rows.map((x) => x.address)).toEqual([0x100000, 0x100005, 0x100007, 0x10000a, 0x10000d]);
    expect(Buffer.from(rows[4]!.bytes).toString("hex")).toBe("ea000010000800");
  });

  it("decodes any bytes without throwing, covering every byte once", () => {
    let seed = 7;
    const bytes = Uint8Array.from({ length: 4096 }, () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) & 0xff);
    const rows = disassemble(bytes, { origin: 0x1000 });
    expect(rows.reduce((n, r) => n + r.bytes.length, 0)).toBe(bytes.length);
    expect(rows[0]!.address).toBe(0x1000);
  });

  it("decodes 16-bit code when asked", () => {
    const rows = disassemble(new Uint8Array([0xb8, 0x34, 0x12]), { bitness: 16 });
    expect(rows[0]!.text).toBe("mov ax, 0x1234");
  });
});
