"""What a page fetches as it loads: nothing the book does not use (no fontawesome.js, no icon
webfont), and the chart runtime, chart specs and MathJax only once they are needed."""

from __future__ import annotations

import pytest
from conftest import toc_files

pytestmark = pytest.mark.browser

PAGES = [f + ".html" for f in toc_files()] + ["search.html", "genindex.html"]
NEVER = ("fontawesome.js", "/webfonts/")
ON_DEMAND = ("vega-runtime.js", "/_static/charts/", "/mathjax/")


def _fetches(browser, url: str, draw_all: bool = False) -> list[str]:
    context = browser.new_context(viewport={"width": 412, "height": 823})
    page = context.new_page()
    urls: list[str] = []
    page.on("request", lambda r: urls.append(r.url))
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    if draw_all:
        page.evaluate("() => window.antbookCharts.drawAll()")
        page.wait_for_load_state("networkidle")
    context.close()
    return urls


@pytest.mark.parametrize("path", PAGES)
def test_a_page_fetches_no_icon_font_and_nothing_below_the_screen(browser, site_url, path):
    urls = _fetches(browser, site_url + path)
    assert [u for u in urls if any(n in u for n in NEVER)] == []
    # the first screen of every page is prose: charts and formulas further down wait
    assert [u for u in urls if any(n in u for n in ON_DEMAND)] == []


def test_drawing_the_charts_fetches_the_runtime_once_and_each_spec(browser, site_url):
    urls = _fetches(browser, site_url + "chapters/01-past-lives.html", draw_all=True)
    assert sum("vega-runtime.js" in u for u in urls) == 1
    specs = [u for u in urls if "/_static/charts/" in u]
    assert len(specs) == len(set(specs)) >= 2
