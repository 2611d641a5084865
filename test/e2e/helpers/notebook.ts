/*
 * Headless notebook execution for the e2e tests: runs run_notebook.py (nbclient, from .venv) on a
 * notebook and matches the executed cells against expectations written in the test. Outputs follow
 * the nbformat 4 schema: stream {name, text}, display_data / execute_result {data, metadata},
 * error {ename, evalue, traceback}.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import { ARTIFACTS, REPO, runVenvPython } from "./env";

export interface NbOutput {
  output_type: "stream" | "display_data" | "execute_result" | "error" | "update_display_data";
  name?: string;
  text?: string;
  data?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  execution_count?: number | null;
  ename?: string;
  evalue?: string;
  traceback?: string[];
}

export interface NbCell {
  id: string;
  cell_type: "code" | "markdown" | "raw";
  source: string;
  execution_count: number | null;
  outputs: NbOutput[];
  tags: string[];
}

export interface NbRun {
  ok: boolean;
  error: string;
  seconds: number;
  cells: NbCell[];
}

type Match = string | RegExp | ((v: unknown) => boolean);

export type ExpectedOutput =
  | { type: "stream"; name: "stdout" | "stderr"; text: Match }
  | { type: "display_data" | "execute_result"; data: Record<string, Match> }
  | { type: "error"; ename: Match; evalue: Match };

/** Executes `notebook` with nbclient; the executed copy is kept in test-artifacts/ for inspection. */
export async function runNotebook(notebook: string, kernel = "vtlab"): Promise<NbRun> {
  const out = join(mkdtempSync(join(tmpdir(), "vtlab-nb-")), "run.json");
  const saved = join(ARTIFACTS, `executed-${notebook.split("/").pop()}`);
  const run = await runVenvPython(
    [join(REPO, "test", "e2e", "run_notebook.py"), notebook, "--json", out, "--kernel", kernel, "--save", saved],
    {},
  );
  try {
    return JSON.parse(readFileSync(out, "utf8")) as NbRun;
  } catch {
    throw new Error(`run_notebook.py wrote no result (exit ${run.code}):\n${run.stderr.slice(-4000)}`);
  }
}

function matches(m: Match, v: unknown): boolean {
  if (typeof m === "function") return m(v);
  const s = Array.isArray(v) ? v.join("") : typeof v === "string" ? v : JSON.stringify(v);
  return typeof m === "string" ? s === m : m.test(s);
}

function describeOutput(o: NbOutput): string {
  const short = (x: unknown) => JSON.stringify(x)?.slice(0, 300);
  if (o.output_type === "stream") return `stream ${o.name} ${short(o.text)}`;
  if (o.output_type === "error") return `error ${o.ename}: ${short(o.evalue)}`;
  return `${o.output_type} ${short(Object.fromEntries(Object.entries(o.data ?? {}).map(([k, v]) => [k, String(v).slice(0, 120)])))}`;
}

/** Asserts the cell's outputs are exactly `expected`, in order, with readable failure messages. */
export function expectOutputs(label: string, cell: NbCell, expected: ExpectedOutput[]): void {
  const got = cell.outputs.map(describeOutput);
  expect(cell.outputs.length, `${label}: outputs were\n${got.join("\n")}`).toBe(expected.length);
  expected.forEach((e, i) => {
    const o = cell.outputs[i];
    const where = `${label} output ${i} (${describeOutput(o)})`;
    expect(o.output_type, where).toBe(e.type);
    if (e.type === "stream") {
      expect(o.name, where).toBe(e.name);
      expect(matches(e.text, o.text), `${where}: text`).toBe(true);
    } else if (e.type === "error") {
      expect(matches(e.ename, o.ename), `${where}: ename`).toBe(true);
      expect(matches(e.evalue, o.evalue), `${where}: evalue`).toBe(true);
      expect(Array.isArray(o.traceback), `${where}: traceback`).toBe(true);
    } else {
      for (const [mime, m] of Object.entries(e.data)) {
        expect(o.data, `${where}: has ${mime}`).toHaveProperty([mime]);
        expect(matches(m, o.data![mime]), `${where}: ${mime} = ${JSON.stringify(o.data![mime])?.slice(0, 400)}`).toBe(true);
      }
    }
  });
}

/** Asserts code cells ran in order: execution_count 1, 2, 3, ... and markdown cells have none. */
export function expectExecutionCounts(run: NbRun): void {
  let n = 0;
  for (const c of run.cells) {
    if (c.cell_type !== "code") continue;
    n++;
    expect(c.execution_count, `execution_count of cell ${n}: ${c.source.slice(0, 60)}`).toBe(n);
    for (const o of c.outputs)
      if (o.output_type === "execute_result") expect(o.execution_count, `execute_result count of cell ${n}`).toBe(n);
  }
}
