// The package is loadable as `require("vtlab")` on Node 20 (notebook cells are compiled to
// CommonJS), resolved by name through package.json's "main" — not by a path into the repo — and
// its `bin` entry is the built CLI.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, symlinkSync, mkdirSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(__dirname, "..");

describe("package", () => {
  it("require(\"vtlab\") from another directory gives the engine, and it boots the built-in guest", () => {
    expect(existsSync(join(root, "dist", "src", "index.js")), "dist/ missing: run npm run build").toBe(true);
    const dir = mkdtempSync(join(tmpdir(), "vtlab-pkg-"));
    mkdirSync(join(dir, "node_modules"));
    symlinkSync(root, join(dir, "node_modules", "vtlab"), "dir");
    const script = `
      const v = require("vtlab");
      const img = v.guests.minios({ workload: "syscall", iters: 5 });
      const m = new v.Machine({ memory: "32M" });
      m.loadMultiboot(img.bytes, { cmdline: img.cmdline });
      const stop = m.run({ maxInstructions: 50e6 });
      console.log(JSON.stringify({ stop, last: m.serialOutput().trim().split("\\n").pop(), version: v.version,
        hasAsm: typeof v.assemble, hasDisasm: typeof v.disassemble }));`;
    const r = spawnSync(process.execPath, ["-e", script], { cwd: dir, encoding: "utf8", timeout: 60_000 });
    expect(r.stderr).toBe("");
    const out = JSON.parse(r.stdout) as { stop: unknown; last: string; version: string; hasAsm: string; hasDisasm: string };
    expect(out.stop).toEqual({ kind: "debug-exit", value: 0 });
    expect(out.last).toBe("miniOS: exit 0");
    expect(out.version).toBe((JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string }).version);
    expect(out.hasAsm).toBe("function");
    expect(out.hasDisasm).toBe("function");
  });

  it("the bin entry is the built vtlab command", () => {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { bin: Record<string, string> };
    const bin = join(root, pkg.bin.vtlab);
    expect(readFileSync(bin, "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
    const r = spawnSync(process.execPath, [bin, "--help"], { encoding: "utf8" });
    expect(r.status).toBe(0);
    for (const c of ["boot", "asm", "disasm", "guest"]) expect(r.stdout).toContain(`  ${c} `);
  });
});
