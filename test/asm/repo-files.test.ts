/**
 * Every .asm file in the repository (CPU corpus, guests, machine fixtures, benchmarks, our own
 * fixtures) assembled by nasm and by us must give identical bytes. Include paths are relative
 * to each file. Files that need -D defines list them below; a file nasm cannot assemble without
 * defines and that is not listed fails the test (nothing is skipped silently). `.inc` files are
 * not programs: each must be reached by an %include from some .asm file.
 */
import { describe, expect, it } from "vitest";
import * as fs from "fs";
import * as path from "path";
import { assemble } from "../../src/asm";
import { nasmFile, requireNasm } from "./nasm";
import { firstDifference } from "./compare";

const ROOT = path.resolve(__dirname, "../..");
const EXCLUDE = new Set(["node_modules", "dist", ".git", ".venv"]);

/** Files assembled once per define set (from their header comments). */
const DEFINES: Record<string, Record<string, string>[]> = {
  "test/machine/guests/stops.asm": [{ MODE: "1" }, { MODE: "2" }, { MODE: "3" }, { MODE: "4" }],
};

function walk(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (EXCLUDE.has(e.name)) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.name.endsWith(".asm") || e.name.endsWith(".inc")) out.push(p);
  }
  return out;
}

const all = walk(ROOT).sort();
const programs = all.filter((f) => f.endsWith(".asm")).map((f) => path.relative(ROOT, f));
const includes = all.filter((f) => f.endsWith(".inc")).map((f) => path.relative(ROOT, f));

function sourcesOf(result: { lines: { file: string }[] }, main: string): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const f of new Set([main, ...result.lines.map((l) => l.file)])) {
    try {
      m.set(f, fs.readFileSync(path.resolve(ROOT, f), "latin1").split("\n"));
    } catch {
      // a file name from the in-memory map or an unreadable path: show no text
    }
  }
  return m;
}

describe("every .asm file in the repository: ours == nasm", () => {
  it("finds the repository's assembly sources", () => {
    expect(programs.length).toBeGreaterThan(0);
  });

  for (const rel of programs) {
    for (const defines of DEFINES[rel] ?? [{}]) {
      const label = Object.keys(defines).length ? `${rel} ${Object.entries(defines).map(([k, v]) => `-D${k}=${v}`).join(" ")}` : rel;
      it(label, () => {
        requireNasm();
        const file = path.join(ROOT, rel);
        const ref = nasmFile(file, defines);
        expect(ref.ok, `nasm cannot assemble ${rel} (does it need -D defines? add them to DEFINES):\n${ref.stderr.trim()}`).toBe(true);
        const cwd = process.cwd();
        process.chdir(ROOT);
        try {
          // bits: 16 is nasm -f bin's default before any `bits` directive
          const ours = assemble(fs.readFileSync(file, "utf8"), { fileName: rel, defines, includePaths: [path.dirname(rel)], bits: 16 });
          expect(ours.errors).toEqual([]);
          expect(firstDifference(ours, ref.bytes, sourcesOf(ours, rel))).toBeUndefined();
        } finally {
          process.chdir(cwd);
        }
      });
    }
  }

  it("every .inc file is included by some .asm program", () => {
    const text = all.map((f) => fs.readFileSync(f, "latin1")).join("\n");
    const names = new Set([...text.matchAll(/%include\s+["<]([^">]+)[">]/g)].map((m) => path.basename(m[1]!)));
    const orphans = includes.filter((f) => !names.has(path.basename(f)));
    expect(orphans, "these .inc files are not included by any program, so nothing checks them").toEqual([]);
  });
});
