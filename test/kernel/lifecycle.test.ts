/*
 * Kernel process lifecycle over ZMQ: shutdown_request (with and without restart) answers and ends
 * the process; history survives into the next kernel process; the engine preload is resolved from
 * the kernel's own location whatever the notebook's working directory, and its names come from
 * what the engine module exports.
 */
import { describe, expect, test } from "vitest";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { TestKernel } from "./client";
import { writeEngineFixture } from "./engine-fixture";

const plainOf = (r: { outputs: { header: { msg_type: string }; content: Record<string, any> }[] }) =>
  r.outputs.find((m) => m.header.msg_type === "execute_result")?.content.data["text/plain"];

describe("shutdown and history across restarts", () => {
  test("shutdown with restart answers, exits 0; the next process continues the history", async () => {
    const dir = mkdtempSync(join(tmpdir(), "vtlab-life-"));
    const first = await TestKernel.start({}, { dir });
    let firstSession: number;
    try {
      await first.execute("const before = 'from the first process';");
      const tail = await first.request("shell", "history_request", { hist_access_type: "tail", n: 1, output: false, raw: true });
      firstSession = tail.content.history[0][0];
      const r = await first.request("control", "shutdown_request", { restart: true });
      expect(r.header.msg_type).toBe("shutdown_reply");
      expect(r.content).toEqual({ status: "ok", restart: true });
      expect(await first.waitExit()).toBe(0);
    } finally {
      await first.stop();
    }
    const second = await TestKernel.start({}, { dir });
    try {
      await second.execute("1");
      const tail = await second.request("shell", "history_request", { hist_access_type: "tail", n: 2, output: false, raw: true });
      expect(tail.content.history).toEqual([
        [firstSession, 1, "const before = 'from the first process';"],
        [firstSession + 1, 1, "1"],
      ]);
      const previous = await second.request("shell", "history_request", { hist_access_type: "range", session: -1, start: 1, stop: null, output: false, raw: true });
      expect(previous.content.history).toEqual([[firstSession, 1, "const before = 'from the first process';"]]);
      const r = await second.request("control", "shutdown_request", { restart: false });
      expect(r.content).toEqual({ status: "ok", restart: false });
      expect(await second.waitExit()).toBe(0);
    } finally {
      await second.stop();
    }
  });
});

describe("shutdown of a stuck kernel", () => {
  test("a loop no interrupt reaches (after an await) does not keep the process alive after shutdown_request", async () => {
    const k = await TestKernel.start();
    try {
      const id = k.send("shell", "execute_request", { code: "await null;\nwhile (true) {}", stop_on_error: true });
      await k.waitFor(() => k.iopub.some((m) => m.parent_header.msg_id === id && m.header.msg_type === "execute_input"));
      await new Promise((r) => setTimeout(r, 300));
      expect(await k.heartbeat("still here")).toBe("still here");
      const r = await k.request("control", "shutdown_request", { restart: false });
      expect(r.content).toEqual({ status: "ok", restart: false });
      expect(await k.waitExit(10_000)).not.toBeUndefined();
      expect(k.stderr).toMatch(/did not exit; ending the process/);
    } finally {
      await k.stop();
    }
  });
});

describe("engine preload", () => {
  test("names come from the engine module's exports, typed, from any working directory; require('vtlab') is the engine", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "vtlab-notebook-"));
    const k = await TestKernel.start({ VTLAB_ENGINE_PATH: writeEngineFixture() }, { cwd });
    try {
      const info = await k.request("shell", "kernel_info_request", {});
      expect(info.content.banner).toContain("Engine preloaded: Machine, assemble");
      expect(plainOf(await k.execute("new Machine(8).describe()"))).toBe("'machine with 8 bytes'");
      expect(plainOf(await k.execute('require("vtlab").Machine === Machine'))).toBe("true");
      expect(plainOf(await k.execute("process.cwd()"))).toBe(`'${cwd}'`);
      const c = await k.request("shell", "complete_request", { code: "new Machine(1).desc", cursor_pos: 19 });
      expect(c.content.matches).toEqual(["describe"]);
    } finally {
      await k.stop();
    }
  });
  test("the default engine is this repository's dist/src/index.js", async () => {
    const enginePath = resolve(__dirname, "..", "..", "dist", "src", "index.js");
    const k = await TestKernel.start({ VTLAB_ENGINE_PATH: "" });
    try {
      const r = await k.execute("%vtlab");
      const text = r.outputs.filter((m) => m.header.msg_type === "stream").map((m) => m.content.text).join("");
      if (existsSync(enginePath)) {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const names = Object.keys(require(enginePath) as object).filter((n) => /^[A-Za-z_$][\w$]*$/.test(n) && n !== "default");
        const info = await k.request("shell", "kernel_info_request", {});
        for (const n of names) expect(info.content.banner).toContain(n);
        expect(text).not.toContain("not built");
        expect(names).toContain("assemble");
        {
          // %%asm with the engine's own assembler; NASM says what the bytes must be.
          const source = "bits 32\nstart:\n  mov eax, 0x2badb002\n  cli\n  hlt\n  jmp start\n";
          const dir = mkdtempSync(join(tmpdir(), "vtlab-asm-"));
          writeFileSync(join(dir, "a.asm"), source);
          try {
            execFileSync("nasm", ["-f", "bin", "-o", join(dir, "a.bin"), join(dir, "a.asm")]);
          } catch (e) {
            throw new Error(`the NASM oracle is missing or failed (apt-get install nasm): ${(e as Error).message}`);
          }
          const expected = [...readFileSync(join(dir, "a.bin"))];
          const asm = await k.execute(`%%asm boot\n${source}`);
          expect(asm.reply.content.status).toBe("ok");
          const listing = asm.outputs.find((m) => m.header.msg_type === "display_data")!.content.data["text/plain"] as string;
          expect(listing).toContain("B802B0AD2B");
          expect(plainOf(await k.execute("JSON.stringify(Array.from(boot.bytes))"))).toBe(`'${JSON.stringify(expected)}'`);
          const bad = await k.execute("%%asm\nbits 32\nmov eax,\n");
          expect(bad.reply.content).toMatchObject({ status: "error", ename: "AsmError" });
          expect(bad.reply.content.traceback.join("\n")).toMatch(/line 2, column \d+: /);
        }
      } else {
        expect(text).toMatch(/^engine\s+not built$/m);
      }
    } finally {
      await k.stop();
    }
  });
});
