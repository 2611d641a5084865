/*
 * Headless execution with nbclient (the engine behind `jupyter execute`, nbconvert --execute and
 * papermill) of test/e2e/notebooks/kernel-features.ipynb on the vtlab kernel: every cell's outputs
 * and execution_count are checked against the expectations below (cells found by their nbformat id).
 * Cells tagged "raises-exception" are expected to fail and the run goes on after them.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO, requireVtlabKernelspec } from "./helpers/env";
import { expectExecutionCounts, expectOutputs, runNotebook, type ExpectedOutput } from "./helpers/notebook";

const isObject = (v: unknown) => typeof v === "object" && v !== null;

const EXPECTED: Record<string, ExpectedOutput[]> = {
  stdout: [{ type: "stream", name: "stdout", text: "hello 42\n" }],
  result: [{ type: "execute_result", data: { "text/plain": "10" } }],
  stderr: [{ type: "stream", name: "stderr", text: "careful\n" }],
  markdown: [
    { type: "display_data", data: { "text/markdown": "**bold**" } },
    { type: "stream", name: "stdout", text: "after the display\n" },
  ],
  rich: [{ type: "execute_result", data: { "text/html": "<b>rich</b>", "text/plain": "rich" } }],
  await: [{ type: "execute_result", data: { "text/plain": "42" } }],
  throw: [{ type: "error", ename: "RangeError", evalue: "out of range" }],
  typeerror: [{ type: "error", ename: /./, evalue: /Type 'string' is not assignable to type 'number'/ }],
  "after-error": [{ type: "execute_result", data: { "text/plain": /^['"]HELLO['"]$/ } }],
  "html-magic": [{ type: "display_data", data: { "text/html": /<p class="magic">from a magic<\/p>/ } }],
  plotly: [
    {
      type: "execute_result",
      data: {
        "application/vnd.plotly.v1+json": (v) =>
          isObject(v) && JSON.stringify((v as { data: unknown }).data) === JSON.stringify([{ type: "bar", x: ["a", "b"], y: [1, 2] }]),
        // self-contained: plotly.js inlined or referenced once per session, never fetched from a CDN
        "text/html": (v) => typeof v === "string" && !/<script[^>]*\ssrc\s*=\s*["']?(https?:)?\/\//i.test(v),
        "text/plain": /./,
      },
    },
  ],
  progress: [{ type: "display_data", data: { "text/plain": /^steps \[#{30}\] 100% 3\/3$/, "text/html": /<progress value="3" max="3"/ } }],
  table: [{ type: "execute_result", data: { "text/html": /<table[\s\S]*cpuid[\s\S]*hlt[\s\S]*<\/table>/ } }],
  clear: [{ type: "stream", name: "stdout", text: "kept\n" }],
};

describe("nbclient executes a notebook on the vtlab kernel", () => {
  it("gives every expected output and execution_count", async () => {
    requireVtlabKernelspec();
    const run = await runNotebook(join(REPO, "test", "e2e", "notebooks", "kernel-features.ipynb"));
    expect(run.error, "nbclient run").toBe("");
    expect(run.ok).toBe(true);
    const ids = run.cells.filter((c) => c.cell_type === "code").map((c) => c.id);
    expect(ids.sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const cell of run.cells) if (cell.cell_type === "code") expectOutputs(`cell ${cell.id}`, cell, EXPECTED[cell.id]);
    expectExecutionCounts(run);
  });
});
