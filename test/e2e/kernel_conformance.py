"""Runs the Jupyter project's kernel conformance tests (jupyter_kernel_test) against the vtlab kernel.

jupyter_kernel_test.KernelTests drives a kernel over the real wire protocol (jupyter_client: ZMQ, HMAC
signing) and validates every message against its copy of the messaging spec 5.x schemas. Each of its
tests SKIPS when the matching sample below is empty, so this runner:
  - fills every sample (TypeScript code for the vtlab kernel),
  - runs exactly the standard tests vtlab must pass (REQUIRED, below) and nothing else,
  - records every test and subtest with its outcome (pass / fail / error / skip) and writes them as
    JSON, so the caller (test/e2e/kernel-conformance.test.ts) can assert that nothing was skipped.
Left out on purpose: test_recv_iopub_welcome_msg (JEP 65 XPUB welcome messages, messaging spec 5.4),
which vtlab does not implement (its iopub is a PUB socket, spec 5.3).

Usage: .venv/bin/python test/e2e/kernel_conformance.py --json OUT.json [--kernel vtlab]
"""
from __future__ import annotations

import argparse
import json
import sys
import time
import unittest

import jupyter_kernel_test

REQUIRED = [
    "test_kernel_info",
    "test_execute_stdout",
    "test_execute_stderr",
    "test_execute_result",
    "test_display_data",
    "test_clear_output",
    "test_error",
    "test_completion",
    "test_inspect",
    "test_is_complete",
    "test_history",
    "test_pager",
]


class VtlabKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "vtlab"
    language_name = "typescript"
    file_extension = ".ts"

    code_hello_world = 'console.log("hello, world");'
    code_stderr = 'console.error("to stderr");'

    # The last expression of a cell becomes execute_result (text/plain is Node's util.inspect form).
    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": "[10, 20, 30].length", "result": "3"},
        {"code": "const k = 5; k + 1", "result": "6"},
    ]
    # Glob, as in IPython's history search: matches the first execute_result sample.
    code_history_pattern = "6 * 7"
    supported_history_operations = ("tail", "range", "search")

    code_display_data = [
        {"code": 'display(html("<b>bold</b>"));', "mime": "text/html"},
        {"code": 'display(markdown("*markdown*"));', "mime": "text/markdown"},
        {
            "code": 'display({ [Symbol.for("Jupyter.display")]() { return { "image/svg+xml": '
            '"<svg xmlns=\'http://www.w3.org/2000/svg\' width=\'4\' height=\'4\'/>" }; } });',
            "mime": "image/svg+xml",
        },
    ]
    code_clear_output = 'console.log("soon gone"); clearOutput();'

    code_generate_error = 'throw new Error("boom");'

    code_inspect_sample = "Math.max"
    # IPython's help syntax: the reply carries one "page" payload with the type and docs.
    code_page_something = "Math.max?"
    completion_samples = [
        {"text": "Math.LN", "matches": ["LN10", "LN2"]},
        {"text": "Number.isInte", "matches": ["isInteger"]},
        {"text": '"abc".toUpperCa', "matches": ["toUpperCase"]},
        {"text": "const zz_completion_probe = 1; zz_completion_pr", "matches": ["zz_completion_probe"]},
    ]

    complete_code_samples = ["1 + 1", "const s = 'x';", "function f(a: number) { return a; }"]
    incomplete_code_samples = ["function g() {", "const arr = [1, 2,", "if (true) {\n  let y = 1;"]
    invalid_code_samples = ["}", "1 +* 2", "const = 5;"]


class RecordingResult(unittest.TestResult):
    """A TestResult that remembers every test and subtest outcome, with timings."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[dict[str, object]] = []
        self._started: dict[str, float] = {}

    def _add(self, test: unittest.TestCase, status: str, detail: str = "") -> None:
        self.records.append({"id": test.id().split(".")[-1] if not isinstance(test, unittest.case._SubTest) else
                             test.test_case.id().split(".")[-1] + " " + test._subDescription(),
                             "status": status, "detail": detail})

    def startTest(self, test: unittest.TestCase) -> None:
        super().startTest(test)
        self._started[test.id()] = time.monotonic()
        print(f"[conformance] {test.id().split('.')[-1]} ...", file=sys.stderr, flush=True)

    def addSuccess(self, test: unittest.TestCase) -> None:
        super().addSuccess(test)
        self._add(test, "pass")

    def addFailure(self, test, err) -> None:  # type: ignore[no-untyped-def]
        super().addFailure(test, err)
        self._add(test, "fail", self._exc_info_to_string(err, test))

    def addError(self, test, err) -> None:  # type: ignore[no-untyped-def]
        super().addError(test, err)
        self._add(test, "error", self._exc_info_to_string(err, test))

    def addSkip(self, test, reason) -> None:  # type: ignore[no-untyped-def]
        super().addSkip(test, reason)
        self._add(test, "skip", reason)

    def addSubTest(self, test, subtest, err) -> None:  # type: ignore[no-untyped-def]
        super().addSubTest(test, subtest, err)
        if err is None:
            self._add(subtest, "pass")
        else:
            failed = issubclass(err[0], subtest.failureException)
            self._add(subtest, "fail" if failed else "error", self._exc_info_to_string(err, subtest))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--json", required=True, help="where to write the outcome records")
    ap.add_argument("--kernel", default="vtlab", help="kernelspec name to test")
    args = ap.parse_args()
    VtlabKernelTests.kernel_name = args.kernel

    # Guard against a vacuous pass: jupyter_kernel_test treats empty sample lists as "nothing to check".
    for attr in ("complete_code_samples", "incomplete_code_samples", "invalid_code_samples",
                 "completion_samples", "code_execute_result", "code_display_data"):
        if not getattr(VtlabKernelTests, attr):
            raise SystemExit(f"kernel_conformance.py: sample list {attr} is empty")

    suite = unittest.TestSuite(VtlabKernelTests(name) for name in REQUIRED)
    result = RecordingResult()
    started = time.monotonic()
    suite.run(result)
    # A failure in setUpClass (kernel did not start) lands here as an error on the class.
    with open(args.json, "w", encoding="utf-8") as f:
        json.dump({"jupyter_kernel_test": jupyter_kernel_test.__version__, "required": REQUIRED,
                   "seconds": round(time.monotonic() - started, 2), "records": result.records}, f, indent=1)
    return 0 if result.wasSuccessful() and not result.skipped else 1


if __name__ == "__main__":
    sys.exit(main())
