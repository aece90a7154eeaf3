"""``make bench``: the book's speed and size figures, printed against their goals.

Prints seconds to execute each notebook next to the floor (a fresh kernel running only the setup
imports), seconds for the HTML build, bytes of each page and of the shared JavaScript, seconds
for the PDF build, and the models' own timings where a chapter provides them. Then, for each
page served as a static host serves it (gzip, :mod:`antbook.book.serve`): the bytes a first visit
transfers (compressed, every asset, every chart drawn) and a repeat visit transfers, and, when
Lighthouse is installed (``make bench`` installs ``lighthouse@12.8.2`` under ``.bench/``), its
mobile scores and timings (the median of three runs). Nothing here fails: these are budgets to
report against, not tests.
``python -m antbook.book.bench --pages`` prints only the page figures (for a built site).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import numpy as np

from .build import execute_notebook, toc_documents

ROOT = Path(__file__).resolve().parents[3]
GOALS = {"execute_all": 60.0, "html": 30.0, "page_kb": 400.0, "pdf": 300.0}
SETUP = """import altair as alt
import pandas as pd
from antbook.charts import use_book_style
from antbook.data import load_table
use_book_style()"""


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

def _median_live_update(fig, control: str, values: list[float], repeats: int) -> float:
    """Median seconds of one live update of ``fig`` as ``control`` cycles through ``values``."""
    times = []
    for i in range(repeats):
        start = time.perf_counter()
        fig.live_bundle(**{control: values[i % len(values)]})
        times.append(time.perf_counter() - start)
    return float(np.median(times))


def threshold_update_seconds(n: int = 9_000, repeats: int = 50, seed: int = 0) -> float:
    """Median seconds for one live threshold change in the chapter's explorer.

    Times what a slider move runs in a live notebook: the explorer's ``compute`` over its whole
    sweep of thresholds (every segment, every metric, from precomputed scores) and the chart HTML
    and spec made from it (the spec's template is built once, before the timing), for ``n`` test
    borrowers (the chapter holds out 9,000). ``make bench`` reports it; the budget is 0.05 s.
    """
    from ..figures.science_technology import threshold_explorable
    from ..models.borrowers import generate_borrowers
    from ..models.thresholds import segment_tables

    frame = generate_borrowers(n, seed=seed)
    rng = np.random.default_rng(seed)
    # Any scores will do for timing: a noisy copy of the true probabilities.
    risk = np.clip(frame["default_probability"].to_numpy() * rng.uniform(0.5, 1.5, n), 0, 1)
    fig = threshold_explorable(segment_tables(frame, risk))
    fig.live_bundle(threshold=0.10)  # the chart spec is built once, when the widget first draws
    return _median_live_update(fig, "threshold", [0.05, 0.12, 0.20], repeats)


def contagion_update_seconds(repeats: int = 20) -> float:
    """Seconds for one live update of the contagion model (for ``make bench``)."""
    from ..data import load_table
    from ..models.contagion import contagion_losses

    nodes, exposures = load_table("contagion_nodes"), load_table("contagion_exposures")
    start = time.perf_counter()
    for k in range(repeats):
        contagion_losses(nodes, exposures, 0.05 + 0.01 * (k % 10), 0.02 + 0.01 * (k % 20))
    return (time.perf_counter() - start) / repeats


# Seconds for one live update of each chapter's heaviest interactive, with its budget.
def closed_loop_update_seconds(repeats: int = 15) -> float:
    """Median seconds for one live slider move in chapter 4's slowest interactive (tipping:
    40 periods of the two-platform model, then the chart HTML and spec). Budget 0.05 s."""
    from ..figures.closed_loop import tipping_explorable

    fig = tipping_explorable()
    fig.live_bundle()  # the chart spec is built once, when the widget first draws
    return _median_live_update(fig, "effect", [2.0, 5.0, 6.0], repeats)


MODEL_TIMINGS = [(threshold_update_seconds, 0.050), (contagion_update_seconds, 0.050),
                 (closed_loop_update_seconds, 0.050)]


LIGHTHOUSE = ROOT / ".bench" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
PAGE_GOALS = {"performance": 95, "accessibility": 95, "best-practices": 95, "seo": 95}
CATEGORIES = list(PAGE_GOALS)


def transfer_bytes(browser, url: str) -> tuple[int, int]:
    """Bytes on the wire (compressed, headers included) for a first visit to ``url`` with every
    chart drawn, and for a second visit in the same browser profile (its cache warm)."""
    context = browser.new_context(viewport={"width": 412, "height": 823})
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    total = [0]
    cdp.on("Network.loadingFinished", lambda e: total.__setitem__(0, total[0]
                                                               + int(e["encodedDataLength"])))
    visits = []
    for _ in range(2):
        total[0] = 0
        page.goto(url, wait_until="load")
        page.evaluate("() => window.antbookCharts ? window.antbookCharts.drawAll() : null")
        page.wait_for_load_state("networkidle")
        visits.append(total[0])
    context.close()
    return visits[0], visits[1]


LIGHTHOUSE_RUNS = 3
"""Lighthouse runs per page. One run's blocking time swings by 100-250 ms on this machine (a
page scored 92 once, 99 the next time); Lighthouse's own advice is to report the median run."""


def median_run(runs: list[dict]) -> dict:
    """The run whose performance score is the median of ``runs`` (its own timings with it), and
    the lowest and highest scores seen."""
    ordered = sorted(runs, key=lambda r: r["performance"])
    median = dict(ordered[(len(ordered) - 1) // 2])
    median["perf_range"] = (ordered[0]["performance"], ordered[-1]["performance"])
    return median


def lighthouse_median(url: str, runs: int = LIGHTHOUSE_RUNS) -> dict | None:
    """:func:`lighthouse` run ``runs`` times on ``url``; the median run (see :func:`median_run`)."""
    results = [r for r in (lighthouse(url) for _ in range(runs)) if r is not None]
    return median_run(results) if results else None


def lighthouse(url: str) -> dict | None:
    """Lighthouse's mobile scores (0-100) and FCP/LCP/TBT (ms) for ``url``, or None."""
    if not LIGHTHOUSE.exists():
        return None
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        run = subprocess.run(
            [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
             "--only-categories=" + ",".join(CATEGORIES),
             "--chrome-flags=--headless=new --no-sandbox"],
            env={**os.environ, "CHROME_PATH": CHROMIUM}, capture_output=True, text=True)
        if run.returncode != 0 or not out.exists():
            return None
        report = json.loads(out.read_text(encoding="utf-8"))
    audits = report["audits"]
    result = {c: round((report["categories"][c]["score"] or 0) * 100) for c in CATEGORIES}
    for key, audit in (("FCP", "first-contentful-paint"), ("LCP", "largest-contentful-paint"),
                       ("TBT", "total-blocking-time"), ("CLS", "cumulative-layout-shift")):
        result[key] = audits[audit].get("numericValue")
    result["benchmarkIndex"] = report.get("environment", {}).get("benchmarkIndex")
    return result


def pages_report(docs: list[str]) -> None:
    """Per page: transfer sizes and Lighthouse against the goals (a built site needed)."""
    from playwright.sync_api import sync_playwright

    from .serve import serve

    site = ROOT / "_build" / "html"
    server, base = serve(site)
    paths = [f"{d}.html" for d in docs if (site / f"{d}.html").exists()]
    print("== Pages served with gzip: transfer (KB, compressed) and Lighthouse (mobile, median of "
          f"{LIGHTHOUSE_RUNS} runs; perf range: lowest-highest)")
    if not LIGHTHOUSE.exists():
        print(f"   (no Lighthouse at {LIGHTHOUSE.relative_to(ROOT)}: scores left out)")
    goals = "  ".join(f"{k[:4]}>={v}" for k, v in PAGE_GOALS.items())
    print(f"   {'page':40s} {'first':>6s} {'repeat':>6s}  perf a11y best  seo"
          f"    FCP    LCP   TBT   CLS  range   goals: {goals}")
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            for path in paths:
                first, repeat = transfer_bytes(browser, base + path)
                lh = lighthouse_median(base + path)
                line = f"   {path:40s} {first / 1024:6.0f} {repeat / 1024:6.0f}"
                if lh:
                    misses = [c for c in CATEGORIES if lh[c] < PAGE_GOALS[c]]
                    line += (f"  {lh['performance']:4d} {lh['accessibility']:4d} "
                             f"{lh['best-practices']:4d} {lh['seo']:4d} "
                             f"{lh['FCP'] / 1000:5.1f}s {lh['LCP'] / 1000:5.1f}s "
                             f"{lh['TBT']:4.0f}ms {lh['CLS']:5.3f} "
                             f"{lh['perf_range'][0]:3d}-{lh['perf_range'][1]:<3d}"
                             + (f"   BELOW GOAL: {', '.join(misses)}" if misses else "   ok")
                             + f"   (benchmarkIndex {lh['benchmarkIndex']:.0f})")
                print(line, flush=True)
            browser.close()
    finally:
        server.shutdown()


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    docs = toc_documents(ROOT / "_toc.yml")
    if "--pages" in argv:
        pages_report(docs)
        return 0
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

    print("== Models (one live update)")
    for fn, goal in MODEL_TIMINGS:
        print(f"   {fn.__name__ + '()':48s} {fn() * 1000:6.1f} ms   goal <= {goal * 1000:.0f} ms")

    print("== PDF build (from scratch, xelatex)")
    shutil.rmtree(ROOT / "_build" / "latex", ignore_errors=True)
    seconds, code = _build(["--builder", "pdflatex"])
    print(f"   {'jupyter-book build (pdflatex)':48s} {seconds:6.1f}   goal <= {GOALS['pdf']:.0f}"
          f"{'' if code == 0 else '   BUILD FAILED'}")

    # the PDF build ran last; the HTML site is still the one built above
    pages_report(docs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
