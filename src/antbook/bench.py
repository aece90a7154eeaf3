"""``make bench``: the book's speed and size figures, printed against their goals.

Prints seconds to execute each notebook next to the floor (a fresh kernel running only the setup
imports), seconds for the HTML build, bytes of each page and of the shared JavaScript, seconds
for the PDF build, and the models' own timings where a chapter provides them. Nothing here fails:
these are budgets to report against, not tests.
"""

from __future__ import annotations

import importlib
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from .build import execute_notebook, toc_documents

ROOT = Path(__file__).resolve().parents[2]
GOALS = {"execute_all": 60.0, "html": 30.0, "page_kb": 400.0, "pdf": 300.0}
SETUP = """import altair as alt
import pandas as pd
from antbook.charts import use_book_style
from antbook.data import load_table
use_book_style()"""
# Chapter modules may offer a zero-argument function returning seconds for one live update.
MODEL_TIMINGS = [("antbook.thresholds", "threshold_update_seconds", 0.050),
                 ("antbook.contagion", "contagion_update_seconds", 0.050)]


def _timed_execute(path: Path) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / path.name
        shutil.copy(path, copy)
        return execute_notebook(copy)


def _floor() -> float:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "floor.ipynb"
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(SETUP)])
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                     "language": "python"}
        nbformat.write(nb, path)
        start = time.perf_counter()
        execute_notebook(path)
        return time.perf_counter() - start


def _build(args: list[str]) -> tuple[float, int]:
    start = time.perf_counter()
    run = subprocess.run([str(Path(sys.executable).with_name("jupyter-book")), "build", ".",
                          "-n", "-W", "--keep-going", *args], cwd=ROOT, capture_output=True)
    return time.perf_counter() - start, run.returncode


def main() -> int:
    docs = toc_documents(ROOT / "_toc.yml")
    notebooks = [ROOT / f"{d}.ipynb" for d in docs if (ROOT / f"{d}.ipynb").exists()]
    print("== Notebook execution (fresh kernel, seconds)")
    _floor()  # the first run pays for cold imports; the floor is a warm kernel start
    floor = _floor()
    print(f"   {'floor: kernel start + setup imports':48s} {floor:6.1f}")
    total = 0.0
    for nb in notebooks:
        seconds = _timed_execute(nb)
        total += seconds
        name = str(nb.relative_to(ROOT))
        print(f"   {name:48s} {seconds:6.1f}   (above floor {seconds - floor:5.1f})")
    print(f"   {'whole book':48s} {total:6.1f}   goal <= {GOALS['execute_all']:.0f}")

    print("== HTML build (from scratch)")
    shutil.rmtree(ROOT / "_build" / "html", ignore_errors=True)
    shutil.rmtree(ROOT / "_build" / ".doctrees", ignore_errors=True)
    seconds, code = _build([])
    print(f"   {'jupyter-book build (html)':48s} {seconds:6.1f}   goal <= {GOALS['html']:.0f}"
          f"{'' if code == 0 else '   BUILD FAILED'}")

    print("== Page sizes (HTML with its inline chart data, KB)")
    site = ROOT / "_build" / "html"
    for doc in docs:
        page = site / f"{doc}.html"
        if page.exists():
            kb = page.stat().st_size / 1024
            flag = "" if kb <= GOALS["page_kb"] else "   OVER BUDGET"
            print(f"   {doc + '.html':48s} {kb:6.0f}   goal <= {GOALS['page_kb']:.0f}{flag}")
    runtime = site / "_static" / "vega" / "vega-runtime.js"
    if runtime.exists():
        kb = runtime.stat().st_size / 1024
        print(f"   {'shared: _static/vega/vega-runtime.js':48s} {kb:6.0f}"
              "   (loaded once, cached across pages)")

    print("== Models")
    for module, function, goal in MODEL_TIMINGS:
        try:
            fn = getattr(importlib.import_module(module), function)
        except (ImportError, AttributeError):
            continue
        print(f"   {module}.{function}() {fn() * 1000:8.1f} ms   goal <= {goal * 1000:.0f} ms")

    print("== PDF build (from scratch, xelatex)")
    shutil.rmtree(ROOT / "_build" / "latex", ignore_errors=True)
    seconds, code = _build(["--builder", "pdflatex"])
    print(f"   {'jupyter-book build (pdflatex)':48s} {seconds:6.1f}   goal <= {GOALS['pdf']:.0f}"
          f"{'' if code == 0 else '   BUILD FAILED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
