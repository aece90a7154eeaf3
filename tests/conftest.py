"""Shared fixtures: the built site (served on loopback), a browser, the PDF.

The site and the PDF are built once per test session, strictly (``-n -W``), into ``_build/``; the
build tests assert on those builds' logs and the browser and PDF tests read what they produced.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from antbook import charts
from antbook.book.build import toc_documents

ROOT = Path(__file__).resolve().parents[1]
# Another table of contents, to build and test a subset of the book while chapters are written.
TOC = Path(os.environ.get("ANTBOOK_TOC", ROOT / "_toc.yml"))
JUPYTER_BOOK = str(Path(sys.executable).with_name("jupyter-book"))
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync",
                 "--disable-quic"]


def toc_files() -> list[str]:
    """Every document in the table of contents, in reading order (root first)."""
    return toc_documents(TOC)


def toc_notebooks() -> list[Path]:
    return [ROOT / f"{f}.ipynb" for f in toc_files() if (ROOT / f"{f}.ipynb").exists()]


@dataclass
class BuildResult:
    returncode: int
    log: str
    output: Path


def _build(builder: str, output: Path) -> BuildResult:
    (ROOT / "_static" / "vega").mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "antbook.book.build", "vega-runtime", "_static/vega"],
                   cwd=ROOT, check=True)
    # Always from scratch: an incremental build re-reads only changed pages, so it would not
    # report the warnings of the others.
    for stale in (ROOT / "_build" / ".doctrees", ROOT / "_build" / builder.replace("pdf", "")):
        shutil.rmtree(stale, ignore_errors=True)
    command = [JUPYTER_BOOK, "build", ".", "-n", "-W", "--keep-going", "--toc", str(TOC)]
    if builder != "html":
        command += ["--builder", builder]
    run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    return BuildResult(run.returncode, run.stdout + run.stderr, output)


@pytest.fixture(autouse=True)
def _altair_global_state():
    """Give every test altair's theme and renderer back as it found them, pass or fail.

    ``use_book_style()`` enables the book's theme and renderer for the whole process; a test that
    reset them only after its asserts leaked them into every later test when an assert failed.
    """
    import altair as alt

    theme, renderer = alt.theme.active, alt.renderers.active
    yield
    alt.theme.enable(theme)
    alt.renderers.enable(renderer)


@pytest.fixture
def book_style():
    """The book's altair theme and renderer for one test (restored afterwards)."""
    from antbook.charts import use_book_style

    use_book_style()


@pytest.fixture(scope="session")
def html_build() -> BuildResult:
    return _build("html", ROOT / "_build" / "html")


@pytest.fixture(scope="session")
def pdf_build() -> BuildResult:
    return _build("pdflatex", ROOT / "_build" / "latex" / "the-ant-book.pdf")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep the test output readable
        pass


@pytest.fixture(scope="session")
def site_url(html_build) -> str:
    """Base URL (ending in /) of the built site, served on 127.0.0.1 for this session."""
    if html_build.returncode != 0:
        pytest.fail("the site did not build:\n" + html_build.log[-3000:])
    handler = functools.partial(_QuietHandler, directory=str(html_build.output))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make system-deps` (Debian package chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class PageLog:
    console_errors: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)
    failed_responses: list[str] = field(default_factory=list)


CHART_SIZES = """() => Array.from(document.querySelectorAll('.antbook-chart')).map(el => {
    const g = el.querySelector('svg, canvas');
    if (!g) return [0, 0, el.textContent.slice(0, 200)];
    const r = g.getBoundingClientRect();
    return [r.width, r.height, ''];
})"""
"""Each chart div's drawing as [width, height, text shown instead of a drawing]."""


def wait_for_charts(page, timeout_ms: int = 15000) -> None:
    """Wait until every chart div on the page holds an svg or canvas of non-zero size.

    A chart that shows only text (vega-embed's error message, a "loading" note) is not drawn;
    after ``timeout_ms`` the test fails naming the charts that did not draw and what they show.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    # The site draws each chart as it nears the screen; draw them all now.
    page.evaluate("() => window.antbookCharts && window.antbookCharts.drawAll()")
    try:
        page.wait_for_function(
            f"() => ({CHART_SIZES})().every(([w, h]) => w > 0 && h > 0)", timeout=timeout_ms)
    except PlaywrightTimeout:
        undrawn = [(i, text) for i, (w, h, text) in enumerate(page.evaluate(CHART_SIZES))
                   if not (w > 0 and h > 0)]
        pytest.fail(f"{page.url}: charts not drawn after {timeout_ms} ms (index, text shown): "
                    f"{undrawn}")


@dataclass(frozen=True)
class PageContents:
    """What a page of the site must show, read from its source notebook's outputs."""

    charts: int
    controls: dict[str, int]  # "range", "select", "radio", "checkbox" -> how many inputs


def _hidden_on_site(cell: dict) -> bool:
    tags = set(cell.get("metadata", {}).get("tags", []))
    return bool(tags & {"remove-cell", "remove-output"})


def expected_contents(document: str) -> PageContents:
    """Charts and chart controls the page ``document`` (a toc entry) must draw.

    Counted in the notebook's stored ``text/html`` outputs (what the HTML build shows): one chart
    per ``antbook-chart`` div, and per chart one input for each bound parameter (a radio binding
    one input per option). A page that is not a notebook has none.
    """
    import json
    import re

    notebook = ROOT / f"{document}.ipynb"
    if not notebook.exists():
        return PageContents(0, {"range": 0, "select": 0, "radio": 0, "checkbox": 0})
    charts, controls = 0, {"range": 0, "select": 0, "radio": 0, "checkbox": 0}
    for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] != "code" or _hidden_on_site(cell):
            continue
        for output in cell.get("outputs", []):
            html = "".join(output.get("data", {}).get("text/html", ""))
            charts += html.count('class="antbook-chart"')
            for bind in re.findall(r'"bind":\s*(\{[^{}]*\})', html):
                bind = json.loads(bind)
                kind = bind.get("input")
                if kind in controls:
                    controls[kind] += len(bind.get("options", [])) if kind == "radio" else 1
    return PageContents(charts, controls)


@pytest.fixture
def open_page(browser, site_url):
    """open_page("chapters/x.html") -> a loaded playwright Page with charts drawn.

    The page's ``antbook_log`` attribute records console errors, requests that left 127.0.0.1
    and responses with an error status.
    """
    contexts = []

    def _open(path: str):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        log = PageLog()
        page.on("console", lambda m: log.console_errors.append(m.text) if m.type == "error"
                else None)
        page.on("pageerror", lambda e: log.console_errors.append(str(e)))
        page.on("request", lambda r: None if r.url.startswith(
            (site_url, "data:", "blob:", "about:")) else log.outside_requests.append(r.url))
        page.on("response", lambda r: log.failed_responses.append(f"{r.status} {r.url}")
                if r.status >= 400 else None)
        page.goto(site_url + path, wait_until="load")
        wait_for_charts(page)
        page.antbook_log = log
        return page

    yield _open
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def pdftotext() -> str:
    path = shutil.which("pdftotext")
    if path is None:
        pytest.fail("pdftotext is missing: run `make system-deps` (Debian package poppler-utils)")
    return path


# -- helpers for the chapters' own browser tests ------------------------------------------------


def chart_of(page, selector: str):
    """The chart div that holds the control matching ``selector``."""
    return page.locator(".antbook-chart").filter(has=page.locator(selector))


def svg_texts(chart) -> list[str]:
    """Every text the chart's svg draws (axis labels, marks, titles)."""
    return chart.locator("svg").first.evaluate(
        "svg => Array.from(svg.querySelectorAll('text')).map(t => t.textContent)")


def set_range(page, selector: str, value: float, settle_ms: int = 250) -> None:
    """Move the range input matching ``selector`` to ``value`` as a reader's drag would."""
    page.locator(selector).evaluate(
        """(el, v) => { el.value = String(v);
             el.dispatchEvent(new Event('input', {bubbles: true}));
             el.dispatchEvent(new Event('change', {bubbles: true})); }""", value)
    page.wait_for_timeout(settle_ms)  # vega re-renders asynchronously


def css_hex(colour: str) -> str:
    """``rgb(r, g, b)``, as a browser reports a colour, as ``#rrggbb`` (a hex passes through)."""
    if colour.startswith("#"):
        return colour
    parts = colour[colour.index("(") + 1:-1].split(",")[:3]
    return "#" + "".join(f"{round(float(p)):02X}" for p in parts)


def luminance(colour: str) -> float:
    return charts.relative_luminance(css_hex(colour))


def contrast_ratio(a: str, b: str) -> float:
    return charts.contrast_ratio(css_hex(a), css_hex(b))
