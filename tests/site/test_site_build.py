"""The strict HTML build: no warnings, every chapter page present, no frozen widgets."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT, expected_contents, toc_files

pytestmark = pytest.mark.build


def test_strict_build_succeeds_with_no_warnings(html_build):
    assert html_build.returncode == 0, html_build.log[-3000:]
    warnings = [line for line in html_build.log.splitlines()
                if "WARNING" in line or "ERROR" in line]
    assert warnings == []
    assert "build succeeded" in html_build.log


@pytest.mark.parametrize("doc", toc_files())
def test_every_toc_page_is_built(html_build, doc):
    assert (html_build.output / f"{doc}.html").is_file()


def test_vega_runtime_is_served_once_by_the_site(html_build):
    runtimes = list((html_build.output / "_static").rglob("vega-runtime.js"))
    assert len(runtimes) == 1
    text = runtimes[0].read_text(encoding="utf-8")
    assert text.lstrip().startswith("/*") and "window.vegaEmbed" in text


@pytest.mark.parametrize("doc", toc_files())
def test_no_page_carries_widget_state_or_placeholders(html_build, doc):
    html = (html_build.output / f"{doc}.html").read_text(encoding="utf-8")
    assert "application/vnd.jupyter.widget-state+json" not in html
    assert "application/vnd.jupyter.widget-view+json" not in html
    assert "require.min.js" not in html  # myst-nb adds it only for pages with widget state
    for placeholder in ("alt.Chart(", "VBox(", "<VegaLite", "Output()"):
        assert placeholder not in html, f"{doc} shows {placeholder!r}"


def test_every_chart_on_the_site_has_a_title_and_description(html_build):
    labelled = 0
    for page in html_build.output.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for label in re.findall(r'class="antbook-chart" role="figure" aria-label="([^"]*)"', html):
            labelled += 1
            assert len(label) > 40, f"{page.relative_to(ROOT)}: thin chart label {label!r}"
    expected = sum(expected_contents(doc).charts for doc in toc_files())
    assert labelled == expected, f"{labelled} labelled charts on the site, {expected} expected"


@pytest.mark.parametrize("doc", toc_files())
def test_each_page_carries_the_charts_of_its_notebook(html_build, doc):
    html = (html_build.output / f"{doc}.html").read_text(encoding="utf-8")
    # the chart divs themselves (the page's inline loader names the class in a comment too)
    charts = re.findall(r'<div class="antbook-chart" role="figure"', html)
    assert len(charts) == expected_contents(doc).charts


@pytest.mark.parametrize("doc", toc_files() + ["search", "genindex"])
def test_each_page_loads_one_style_sheet_and_what_it_uses(html_build, doc):
    """One render-blocking style sheet (the joined bundle, which exists), no sphinx-thebe, and
    the search index only where the search runs."""
    html = (html_build.output / f"{doc}.html").read_text(encoding="utf-8")
    head = html[:html.index("</head>")]
    sheets = re.findall(r'<link[^>]*rel="stylesheet"[^>]*href="([^"]*)"', head)
    assert len(sheets) == 1 and "antbook-site-" in sheets[0], sheets
    assert (html_build.output / doc).parent.joinpath(sheets[0]).resolve().is_file()
    assert "thebe" not in html.lower()
    assert ("searchindex.js" in html) == (doc == "search")
