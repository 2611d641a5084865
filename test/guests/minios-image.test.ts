/**
 * The miniOS image and its builder: vtlab's assembler must produce exactly the bytes
 * `nasm -f bin` produces from src/guests/minios (the oracle runs at test time); the builder's
 * API (symbols, line map, command line), builtinGuest and `vtlab guest`; and the
 * paravirtualization boundary: privileged instructions appear only in arch.inc, whose header
 * states its true size.
 */
import * as fs from "fs";
import * as path from "path";
import { beforeAll, describe, expect, it } from "vitest";
import { builtinGuest, guests, miniosCmdline, miniosSources } from "../../src/guests";
import { run as guestCommand } from "../../src/cli/guest";
import { nasmBuild, tempDir } from "./oracles";

let dir = "";
let nasmImage: Buffer = Buffer.alloc(0);
beforeAll(() => {
  dir = tempDir();
  nasmImage = fs.readFileSync(nasmBuild(dir));
});

/** First differing offset, with the nearest symbol at or below it, for a readable failure. */
function firstDifference(a: Uint8Array, b: Uint8Array, symbols: Record<string, number>, origin: number): string {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  if (i === n && a.length === b.length) return "identical";
  let near = "";
  let best = -1;
  for (const [name, addr] of Object.entries(symbols)) {
    if (addr <= origin + i && addr > best && !name.startsWith("..")) {
      best = addr;
      near = name;
    }
  }
  return `sizes nasm=${a.length} vtlab=${b.length}; first difference at offset 0x${i.toString(16)} ` +
    `(address 0x${(origin + i).toString(16)}, ${near}+0x${(origin + i - best).toString(16)}): ` +
    `nasm ${Buffer.from(a.subarray(i, i + 8)).toString("hex")} vtlab ${Buffer.from(b.subarray(i, i + 8)).toString("hex")}`;
}

describe("miniOS image", () => {
  it("is byte-identical when built by vtlab's assembler and by nasm -f bin", () => {
    const image = guests.minios();
    const diff = firstDifference(nasmImage, image.bytes, image.symbols, 0x100000);
    expect(diff).toBe("identical");
  });

  it("is a Multiboot v1 image with address fields, loaded at 1 MiB", () => {
    const image = guests.minios();
    const v = new DataView(image.bytes.buffer, image.bytes.byteOffset, image.bytes.byteLength);
    const [magic, flags, checksum, headerAddr, loadAddr, loadEnd, bssEnd, entry] = [0, 4, 8, 12, 16, 20, 24, 28].map((o) => v.getUint32(o, true));
    expect(magic).toBe(0x1badb002);
    expect(flags & 0x10000).toBe(0x10000);
    expect((magic + flags + checksum) >>> 0).toBe(0);
    expect(headerAddr).toBe(0x100000);
    expect(loadAddr).toBe(0x100000);
    expect(loadEnd - loadAddr).toBe(image.bytes.length);
    expect(bssEnd).toBeGreaterThan(loadEnd);
    expect(entry).toBe(image.symbols["start"]);
  });

  it("comes with symbols, a line map into the sources and the command line", () => {
    const image = guests.minios({ workload: "syscall", iters: 1000, tasks: 3 });
    expect(image.name).toBe("minios");
    expect(image.cmdline).toBe("workload=syscall iters=1000 tasks=3");
    for (const sym of ["start", "isr_common", "schedule", "task_spawn", "page_fault", "prog_syscall"]) {
      expect(image.symbols[sym], sym).toBeGreaterThanOrEqual(0x100000);
    }
    const startLine = image.lines.find((l) => l.address === image.symbols["start"]);
    expect(startLine?.file).toMatch(/minios\.asm$/);
    const files = new Set(image.lines.map((l) => path.basename(l.file)));
    for (const f of ["minios.asm", "traps.inc", "task.inc", "mm.inc", "user.inc"]) expect(files.has(f), f).toBe(true);
  });

  it("builds its command line from the options and rejects bad ones", () => {
    expect(miniosCmdline({})).toBe("");
    expect(miniosCmdline({ workload: "in", iters: 5 })).toBe("workload=in iters=5");
    expect(() => miniosCmdline({ workload: "no spaces" })).toThrow(/bad workload name/);
    expect(() => miniosCmdline({ iters: -1 })).toThrow(/iters must be an integer/);
  });

  it("is the built-in guest `minios`, and `vtlab guest minios -o` writes it", async () => {
    const bytes = builtinGuest("minios");
    expect(bytes && Buffer.compare(Buffer.from(bytes), Buffer.from(guests.minios().bytes))).toBe(0);
    expect(builtinGuest("nosuch")).toBeUndefined();
    const out = path.join(dir, "written.bin");
    expect(await guestCommand(["minios", "-o", out])).toBe(0);
    expect(Buffer.compare(fs.readFileSync(out), Buffer.from(bytes!))).toBe(0);
    expect(await guestCommand(["nosuch", "-o", out])).toBe(2);
    expect(await guestCommand(["minios"])).toBe(2);
  });
});

describe("the paravirtualization boundary (arch.inc)", () => {
  // Privileged or sensitive instructions the kernel must only spell inside arch.inc macros.
  const PRIVILEGED = /^\s*(?:[\w.]+:\s*)?(?:(?:cli|sti|hlt|in|out|ins[bwd]?|outs[bwd]?|lgdt|lidt|ltr|lldt|invlpg|iretd?|rdtsc|rdmsr|wrmsr|clts|lmsw)\b|mov\s+(?:cr\d|dr\d)\s*,|mov\s+\w+\s*,\s*(?:cr\d|dr\d)\b|mov\s+(?:ds|es|fs|gs|ss)\s*,|(?:push|pop)\s+(?:ds|es|fs|gs|ss)\b|jmp\s+\w+\s*:)/i;

  it("keeps every privileged instruction of the kernel in arch.inc", () => {
    const offenders: string[] = [];
    for (const [name, text] of Object.entries(miniosSources())) {
      // arch.inc is the boundary; user.inc is ring-3 code (its fault programs run `hlt`/`in` on purpose).
      if (name === "arch.inc" || name === "user.inc") continue;
      text.split("\n").forEach((line, i) => {
        const code = line.replace(/;.*/, "");
        if (PRIVILEGED.test(code)) offenders.push(`${name}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(offenders).toEqual([]);
    // The pattern itself must recognise what arch.inc spells (or the check above proves nothing).
    const archHits = miniosSources()["arch.inc"].split("\n").filter((l) => PRIVILEGED.test(l.replace(/;.*/, "")));
    expect(archHits.length).toBeGreaterThanOrEqual(25);
  });

  it("states its own size in its header comment", () => {
    const text = miniosSources()["arch.inc"];
    const lines = text.endsWith("\n") ? text.slice(0, -1).split("\n") : text.split("\n");
    const macros = lines.filter((l) => /^%macro\b/.test(l)).length;
    const m = /this file: (\d+) lines, (\d+) macros/.exec(text);
    expect(m, "arch.inc must say 'this file: N lines, M macros'").not.toBeNull();
    expect(Number(m![1])).toBe(lines.length);
    expect(Number(m![2])).toBe(macros);
  });
});
