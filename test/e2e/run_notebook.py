"""Executes a notebook headless with nbclient (as `jupyter execute` / papermill do) and writes what came out.

The notebook's own kernelspec metadata picks the kernel unless --kernel is given. Cells tagged
"raises-exception" may fail; any other failing cell stops the run (nbclient's CellExecutionError),
which this script reports in the JSON instead of a Python traceback on stderr.

Output JSON: {"ok": bool, "error": str, "seconds": float,
              "cells": [{"cell_type", "source", "execution_count", "outputs", "tags"}]}
Usage: .venv/bin/python test/e2e/run_notebook.py NOTEBOOK.ipynb --json OUT.json [--kernel vtlab]
       [--timeout SECONDS] [--save EXECUTED.ipynb]
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("notebook")
    ap.add_argument("--json", required=True)
    ap.add_argument("--kernel", default=None)
    ap.add_argument("--timeout", type=int, default=120, help="per-cell timeout in seconds")
    ap.add_argument("--save", default=None, help="also write the executed notebook here")
    args = ap.parse_args()

    nb = nbformat.read(args.notebook, as_version=4)
    for cell in nb.cells:  # execute from a clean slate even if outputs were stored by mistake
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    kwargs = {"timeout": args.timeout, "startup_timeout": 60,
              "resources": {"metadata": {"path": os.path.dirname(os.path.abspath(args.notebook))}}}
    if args.kernel:
        kwargs["kernel_name"] = args.kernel
    client = NotebookClient(nb, **kwargs)
    started = time.monotonic()
    ok, error = True, ""
    try:
        client.execute()
    except CellExecutionError as e:
        ok, error = False, str(e)
    except Exception as e:  # kernel died, timeout, no such kernel: report, do not crash
        ok, error = False, f"{type(e).__name__}: {e}"
    cells = [{"id": c.get("id"), "cell_type": c.cell_type, "source": c.source, "execution_count": c.get("execution_count"),
              "outputs": c.get("outputs", []), "tags": c.get("metadata", {}).get("tags", [])}
             for c in nb.cells]
    with open(args.json, "w", encoding="utf-8") as f:
        json.dump({"ok": ok, "error": error, "seconds": round(time.monotonic() - started, 2), "cells": cells}, f,
                  indent=1)
    if args.save:
        nbformat.write(nb, args.save)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
