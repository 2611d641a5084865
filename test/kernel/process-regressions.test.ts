/*
 * The real kernel process over ZMQ (client.ts), one fresh process per test: interrupts that arrive
 * while a cell is still being compiled (interrupt_mode "signal": the front end sends SIGINT once),
 * an interrupt while idle that must not touch the next cell, the cell numbers in tracebacks of
 * exceptions thrown later from timers, and shutdown_request ending the process on its own with
 * status 0 (Jupyter messaging spec 5.3, "Kernel shutdown" and "Kernel interrupt").
 */
import { describe, expect, test } from "vitest";
import { TestKernel, type Msg } from "./client";

const plain = (outputs: Msg[]) => outputs.find((m) => m.header.msg_type === "execute_result")?.content.data["text/plain"];

describe("SIGINT while the cell is being compiled", () => {
  test("one SIGINT sent the moment execute_input arrives stops the loop the cell is about to run; state is kept", async () => {
    const k = await TestKernel.start();
    try {
      expect((await k.execute("let survivor = 7;")).reply.content.status).toBe("ok");
      // A fresh cell (never compiled before), so the signal lands during the type check.
      const id = k.send("shell", "execute_request", { code: "let spin = 0;\nwhile (true) { spin++; }", stop_on_error: true });
      await k.waitFor(() => k.iopub.some((m) => m.parent_header.msg_id === id && m.header.msg_type === "execute_input"), 30_000);
      k.proc.kill("SIGINT");
      const reply = await k.reply("shell", id, 12_000);
      expect(reply.content).toMatchObject({ status: "error", ename: "KeyboardInterrupt" });
      expect(plain((await k.execute("survivor + 1")).outputs)).toBe("8");
    } finally {
      await k.stop();
    }
  });
  test("a SIGINT while idle does not interrupt the next cell", async () => {
    const k = await TestKernel.start();
    try {
      k.proc.kill("SIGINT");
      await new Promise((r) => setTimeout(r, 300));
      const r = await k.execute("let n = 0;\nfor (let i = 0; i < 1000; i++) n += i;\nn");
      expect(r.reply.content.status).toBe("ok");
      expect(plain(r.outputs)).toBe("499500");
    } finally {
      await k.stop();
    }
  });
});

describe("late exceptions name the cell that defined the code", () => {
  test("a timer throwing after its cell ended names that cell's execution_count", async () => {
    const k = await TestKernel.start();
    try {
      const first = await k.execute("1");
      const second = await k.execute('setTimeout(() => {\n  throw new Error("late");\n}, 10);\nawait new Promise((r) => setTimeout(r, 100));');
      expect(second.reply.content.execution_count).toBe(first.reply.content.execution_count + 1);
      const err = k.stdout(second.outputs, "stderr");
      expect(err).toContain("Uncaught exception: Error: late");
      expect(err).toContain(`(cell [${second.reply.content.execution_count}] line 2, column 9)`);
    } finally {
      await k.stop();
    }
  });
});

describe("shutdown_request", () => {
  for (const [restart, ranACell] of [[false, false], [true, false], [false, true], [true, true]]) {
    test(`the process exits by itself with status 0 soon after the reply (restart: ${restart}, after a cell: ${ranACell})`, async () => {
      // Without a cell first, the request comes while the session is still being created.
      const k = await TestKernel.start();
      try {
        if (ranACell) expect(plain((await k.execute("const x = 1;\nx + 1")).outputs)).toBe("2");
        const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((res) =>
          k.proc.once("exit", (code, signal) => res({ code, signal, at: Date.now() })),
        );
        const r = await k.request("control", "shutdown_request", { restart });
        const repliedAt = Date.now();
        expect(r.content).toEqual({ status: "ok", restart });
        const exit = await exited;
        expect({ code: exit.code, signal: exit.signal }).toEqual({ code: 0, signal: null });
        // Before the session is ready the executing thread may be inside the preload's type check
        // (one synchronous step); it exits as soon as that returns, not through the SIGTERM fallback.
        expect(exit.at - repliedAt).toBeLessThan(ranACell ? 1000 : 5000);
        expect(k.stderr).not.toMatch(/did not exit/);
      } finally {
        await k.stop();
      }
    });
  }
});
