/*
 * The vtlab kernel as JupyterLab meets it: a real `jupyter server` from .venv (loopback, token), driven
 * from Node by @jupyterlab/services 7 over the server's kernel WebSocket. Both interrupt modes of
 * the kernelspec are exercised: "message" (the installed vtlab spec; jupyter_client sends
 * interrupt_request on the control channel) and "signal" (a test-only variant; jupyter_client sends
 * SIGINT to the kernel's process group).
 * For each: kernel_info, execute with display_data and execute_result, interrupting a synchronous
 * `while (true) {}` and a never-settling `await`, state kept across both interrupts, restart.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Kernel, KernelManager, KernelMessage } from "@jupyterlab/services";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { guardedSetup, renderKernelspec, requireVtlabKernelspec } from "./helpers/env";
import { startJupyterServer, type JupyterServer } from "./helpers/jupyter-server";
import { connected, execute, kernelManager, resultText, startExecute, until, withTimeout } from "./helpers/services";

const setup = guardedSetup<{ server: JupyterServer; manager: KernelManager }>();

beforeAll(() =>
  setup.run(async () => {
    requireVtlabKernelspec();
    const signalSpec = renderKernelspec("vtlab-signal", { interruptMode: "signal", displayName: "VT-Lab (SIGINT interrupts)" });
    const server = await startJupyterServer({
      app: "server",
      rootDir: mkdtempSync(join(tmpdir(), "vtlab-services-")),
      jupyterPath: [signalSpec],
    });
    const manager = kernelManager(server);
    await manager.ready;
    return { server, manager };
  }),
);

afterAll(async () => {
  try {
    const { server, manager } = setup.ready();
    manager.dispose();
    await server.stop();
  } catch {
    // set-up failed: nothing to stop (the tests report the set-up error)
  }
});

/** Interrupts a running cell and checks the reply says so and the kernel went back to idle. */
async function interruptCell(kernel: Kernel.IKernelConnection, code: string, delayMs = 300) {
  const run = startExecute(kernel, code, 30_000);
  await until(() => run.iopub.some((m) => m.header.msg_type === "execute_input"), 20_000, `execute_input for ${code}`);
  await new Promise((r) => setTimeout(r, delayMs)); // 300 ms: let the cell really start spinning / waiting
  await kernel.interrupt();
  const ex = await run.done;
  expect(ex.reply.status, `reply to the interrupted cell ${code}`).toBe("error");
  if (ex.reply.status === "error") expect(ex.reply.ename.length).toBeGreaterThan(0);
  return ex;
}

for (const spec of [
  { name: "vtlab", mode: "message" },
  { name: "vtlab-signal", mode: "signal" },
] as const) {
  describe.sequential(`kernelspec ${spec.name} (interrupt_mode ${spec.mode})`, () => {
    let started: Kernel.IKernelConnection | undefined;
    const live = (): Kernel.IKernelConnection => {
      setup.ready();
      if (!started) throw new Error(`the ${spec.name} kernel did not start (see the first test of this group)`);
      return started;
    };

    it("starts through the server and answers kernel_info", async () => {
      const { server, manager } = setup.ready();
      const specs = await fetch(`${server.baseUrl}api/kernelspecs`, { headers: { Authorization: `token ${server.token}` } });
      const listed = (await specs.json()) as { kernelspecs: Record<string, { spec: { interrupt_mode: string; language: string; display_name: string } }> };
      expect(listed.kernelspecs[spec.name]?.spec.interrupt_mode).toBe(spec.mode);
      expect(listed.kernelspecs[spec.name]?.spec.language).toBe("typescript");

      const kernel = (started = await manager.startNew({ name: spec.name }));
      await connected(kernel);
      const info = await withTimeout(kernel.requestKernelInfo(), 30_000, "kernel_info");
      const content = info!.content as KernelMessage.IInfoReply;
      expect(content.status).toBe("ok");
      expect(content.language_info.name).toBe("typescript");
      expect(content.protocol_version.split(".")[0]).toBe("5");
    });

    it("executes: stream, display_data and execute_result with the execution count", async () => {
      const kernel = live();
      const ex = await execute(
        kernel,
        'let counter: number = 41;\nconsole.log("from stdout");\ndisplay(html("<i>shown</i>"));\ncounter + 1',
      );
      expect(ex.reply.status).toBe("ok");
      const types = ex.outputs.map((m) => m.header.msg_type);
      expect(types).toEqual(["stream", "display_data", "execute_result"]);
      expect((ex.outputs[0].content as KernelMessage.IStreamMsg["content"]).text).toBe("from stdout\n");
      expect((ex.outputs[1].content as KernelMessage.IDisplayDataMsg["content"]).data["text/html"]).toBe("<i>shown</i>");
      expect(resultText(ex)).toBe("42");
      const count = (ex.outputs[2].content as KernelMessage.IExecuteResultMsg["content"]).execution_count;
      expect(ex.reply.execution_count).toBe(count);
    });

    it("interrupts a synchronous while(true){} and keeps the state", async () => {
      const kernel = live();
      await interruptCell(kernel, "counter = 100;\nwhile (true) {}");
      expect(resultText(await execute(kernel, "counter + 1"))).toBe("101");
    });

    if (spec.mode === "message")
      // The interrupt lands while the cell is still being type-checked, before it runs.
      it("interrupts a cell at once, before it has started running", async () => {
        const kernel = live();
        await interruptCell(kernel, "counter = 150;\nwhile (true) {}", 0);
        expect(resultText(await execute(kernel, "counter + 1"))).toMatch(/^(101|151)$/);
      });

    it("interrupts a pending await and keeps the state", async () => {
      const kernel = live();
      await interruptCell(kernel, "counter = 200;\nawait new Promise<void>(() => {});");
      expect(resultText(await execute(kernel, "counter + 1"))).toBe("201");
    });

    it("restarts: a fresh session without the old variables, history kept, still executing", async () => {
      const kernel = live();
      const before = await withTimeout(kernel.requestHistory({ output: false, raw: true, hist_access_type: "tail", n: 1 }), 20_000, "history");
      const oldSession = (before.content as { history: [number, number, string][] }).history[0]?.[0];
      await withTimeout(kernel.restart(), 60_000, "restart");
      await connected(kernel);
      await withTimeout(kernel.requestKernelInfo(), 30_000, "kernel_info after restart");
      const gone = await execute(kernel, "counter + 1");
      expect(gone.reply.status, "the old session's variable is gone").toBe("error");
      if (gone.reply.status === "error") expect(`${gone.reply.ename}: ${gone.reply.evalue}`).toMatch(/counter/);
      const ex = await execute(kernel, "const again = 6; again * 7");
      expect(resultText(ex)).toBe("42");
      expect(ex.reply.execution_count).toBe(2);
      // History lives in a file: the cells of the session before the restart are still there.
      const after = await withTimeout(
        kernel.requestHistory({ output: false, raw: true, hist_access_type: "search", pattern: "counter = 100*", n: 10, unique: false }),
        20_000,
        "history search",
      );
      const found = (after.content as { history: [number, number, string][] }).history;
      expect(found.map((h) => h[2])).toContain("counter = 100;\nwhile (true) {}");
      const oldSessions = found.filter((h) => h[2].startsWith("counter = 100;")).map((h) => h[0]);
      expect(oldSessions, "history search finds the cell of the session before the restart").toContain(oldSession);
      const tail = await kernel.requestHistory({ output: false, raw: true, hist_access_type: "tail", n: 1 });
      expect((tail.content as { history: [number, number, string][] }).history[0]?.[0], "a new session number").not.toBe(oldSession);
      await kernel.shutdown();
    });
  });
}
