/*
 * notebooks/00-welcome.ipynb, the notebook a new user runs first, executed headless by nbclient on
 * the vtlab kernel: it must run top to bottom without an error, in order, and show what it promises:
 * the versions banner, TypeScript results, displays, a plotly chart, the %%asm listing (its bytes
 * checked against NASM, the oracle), a miniOS boot whose serial console reports a clean exit, and the
 * histogram of the instructions the guest executed by class.
 * Also checks every stored notebook (notebooks/, test/e2e/notebooks/) carries no outputs.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO, requireVtlabKernelspec } from "./helpers/env";
import { expectExecutionCounts, runNotebook, type NbCell, type NbOutput } from "./helpers/notebook";

const WELCOME = join(REPO, "notebooks", "00-welcome.ipynb");

function cellById(cells: NbCell[], id: string): NbCell {
  const c = cells.find((x) => x.id === id);
  if (!c) throw new Error(`00-welcome.ipynb has no cell with id ${id}`);
  return c;
}

function text(o: NbOutput): string {
  if (o.output_type === "stream") return o.text ?? "";
  if (o.output_type === "error") return `${o.ename}: ${o.evalue}`;
  return Object.values(o.data ?? {})
    .map((v) => (typeof v === "string" ? v : Array.isArray(v) ? v.join("") : JSON.stringify(v)))
    .join("\n");
}

const allText = (c: NbCell) => c.outputs.map(text).join("\n");

interface PlotlyFigure {
  data: { type: string; x: unknown[]; y: unknown[] }[];
}

function plotlyFigure(c: NbCell): PlotlyFigure {
  const o = c.outputs.find((x) => x.data && "application/vnd.plotly.v1+json" in x.data);
  if (!o) throw new Error(`cell ${c.id} shows no plotly figure; outputs: ${allText(c).slice(0, 500)}`);
  return o.data!["application/vnd.plotly.v1+json"] as PlotlyFigure;
}

/** NASM's bytes for each line of an %%asm cell body, lowercase hex (the oracle for the kernel's listing). */
function nasmLineHex(body: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), "vtlab-welcome-asm-"));
  writeFileSync(join(dir, "cell.asm"), body);
  try {
    execFileSync("nasm", ["-f", "bin", "-l", join(dir, "cell.lst"), "-o", join(dir, "cell.bin"), join(dir, "cell.asm")]);
  } catch (e) {
    throw new Error(`nasm (the oracle for %%asm) failed or is missing (apt-get install nasm): ${e}`);
  }
  // listing lines: "<line> <offset> <HEX>  <source>"
  return readFileSync(join(dir, "cell.lst"), "utf8")
    .split("\n")
    .map((l) => /^\s*\d+\s+[0-9A-F]{8}\s+([0-9A-F]+)\s/.exec(l)?.[1]?.toLowerCase())
    .filter((h): h is string => !!h);
}

describe("notebooks/00-welcome.ipynb", () => {
  it("is stored without outputs, like every notebook in the repository", () => {
    const dirs = [join(REPO, "notebooks"), join(REPO, "test", "e2e", "notebooks")];
    const files = dirs.flatMap((d) => readdirSync(d).filter((f) => f.endsWith(".ipynb")).map((f) => join(d, f)));
    expect(files).toContain(WELCOME);
    for (const f of files) {
      const nb = JSON.parse(readFileSync(f, "utf8")) as { cells: { cell_type: string; outputs?: unknown[]; execution_count?: unknown }[] };
      for (const c of nb.cells.filter((x) => x.cell_type === "code")) {
        expect(c.outputs, `${f}: stored outputs`).toEqual([]);
        expect(c.execution_count, `${f}: stored execution_count`).toBeNull();
      }
    }
  });

  it("runs top to bottom on the vtlab kernel and shows what it promises", async () => {
    requireVtlabKernelspec();
    const run = await runNotebook(WELCOME);
    expect(run.error, "nbclient run").toBe("");
    expect(run.ok).toBe(true);
    expectExecutionCounts(run);
    for (const c of run.cells)
      for (const o of c.outputs) expect(o.output_type, `cell ${c.id}: ${text(o).slice(0, 300)}`).not.toBe("error");

    // %vtlab: the versions it names are the ones this machine really has.
    const versions = allText(cellById(run.cells, "versions"));
    const pkg = (name: string) => (JSON.parse(readFileSync(require.resolve(`${name}/package.json`, { paths: [REPO] }), "utf8")) as { version: string }).version;
    expect(versions).toMatch(new RegExp(`node\\s+${process.versions.node.replace(/\./g, "\\.")}\\b`));
    expect(versions).toMatch(new RegExp(`plotly\\.js\\s+${pkg("plotly.js-cartesian-dist-min").replace(/\./g, "\\.")}\\b`));
    expect(versions).toMatch(new RegExp(`kernel\\s+${pkg(REPO).replace(/\./g, "\\.")}\\b`));

    // %%asm: the listing shows the very bytes NASM makes of the same source.
    const asmCell = cellById(run.cells, "asm");
    const body = asmCell.source.split("\n").slice(1).join("\n");
    const lines = nasmLineHex(body);
    expect(lines.length, "instructions in the %%asm cell").toBeGreaterThan(1);
    const shown = allText(asmCell).replace(/\s+/g, "").toLowerCase();
    for (const hex of lines) expect(shown, `listing shows NASM's bytes ${hex}`).toContain(hex);

    const chart = plotlyFigure(cellById(run.cells, "plotly"));
    expect(chart.data.length).toBeGreaterThan(0);

    expect(allText(cellById(run.cells, "boot"))).toMatch(/miniOS: exit 0/);

    // The histogram: one bar per instruction class, counts as the guest executed them.
    const hist = plotlyFigure(cellById(run.cells, "histogram"));
    const bar = hist.data[0];
    expect(bar.type).toBe("bar");
    expect([...bar.x].sort()).toEqual(["innocuous", "privileged", "sensitive"]);
    for (const y of bar.y) expect(typeof y === "number" && y > 0, `bar height ${y}`).toBe(true);
  });
});
