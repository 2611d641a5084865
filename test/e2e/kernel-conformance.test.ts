/*
 * The Jupyter project's own kernel conformance suite (jupyter_kernel_test, from .venv) against the
 * vtlab kernel, over the real wire protocol (jupyter_client, ZMQ, HMAC) with every message checked
 * against the messaging-spec 5.x schemas. kernel_conformance.py fills every sample (so no test skips
 * for lack of one), runs the required tests and reports each test and subtest; this file asserts that
 * all required tests ran, none was skipped, none failed, and lists what ran.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO, requireVtlabKernelspec, runVenvPython } from "./helpers/env";

interface Outcome {
  id: string;
  status: "pass" | "fail" | "error" | "skip";
  detail: string;
}

describe("jupyter_kernel_test against the vtlab kernel", () => {
  it("runs every standard test with samples, none skipped, all pass", async () => {
    requireVtlabKernelspec();
    const out = join(mkdtempSync(join(tmpdir(), "vtlab-conf-")), "outcome.json");
    const run = await runVenvPython([join(REPO, "test", "e2e", "kernel_conformance.py"), "--json", out], {
      JUPYTER_PLATFORM_DIRS: "1",
    });
    let report: { required: string[]; records: Outcome[]; seconds: number; jupyter_kernel_test: string };
    try {
      report = JSON.parse(readFileSync(out, "utf8"));
    } catch {
      throw new Error(`kernel_conformance.py wrote no report (exit ${run.code}):\n${run.stderr.slice(-4000)}`);
    }
    const lines = report.records.map((r) => `${r.status.padEnd(5)} ${r.id}`);
    console.log(
      `jupyter_kernel_test ${report.jupyter_kernel_test}: ${report.records.length} results in ${report.seconds} s\n` +
        lines.join("\n"),
    );

    const skipped = report.records.filter((r) => r.status === "skip");
    expect(skipped.map((r) => `${r.id}: ${r.detail}`), "skipped tests").toEqual([]);
    const bad = report.records.filter((r) => r.status === "fail" || r.status === "error");
    expect(bad.map((r) => `${r.status} ${r.id}\n${r.detail}`).join("\n"), "failed tests").toBe("");
    // Every required test produced a top-level pass (subtests alone do not count).
    const passedTop = new Set(report.records.filter((r) => r.status === "pass" && !r.id.includes(" ")).map((r) => r.id));
    expect(report.required.filter((t) => !passedTop.has(t)), "required tests that did not pass").toEqual([]);
    // The history subtests all ran (tail, tail output=True, range, search normal/unique/n).
    const historySubtests = report.records.filter((r) => r.id.startsWith("test_history ")).map((r) => r.id);
    for (const sub of ["tail", "range", "search", "normal", "unique", "subsearch='n'"])
      expect(historySubtests.some((id) => id.includes(sub)), `history subtest ${sub} ran`).toBe(true);
    for (const status of ["complete", "incomplete", "invalid"])
      expect(report.records.some((r) => r.id === `test_is_complete (status='${status}')` && r.status === "pass")).toBe(true);
    expect(run.code, run.stderr.slice(-2000)).toBe(0);
  });
});
