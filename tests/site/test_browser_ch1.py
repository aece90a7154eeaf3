"""Chapter 1 in the browser: each of the chapter's controls changes what it controls.

The generic browser tests check that every control changes *something*; these check that the
scenario drop-down shows the chosen scenario's path, that the timeline drop-down shows only the
chosen kind of event, and that the sliders of the unravelling and fee-incidence interactives
change their charts (the fee label reads the buyers' share of the fee).
"""

from __future__ import annotations

import pytest
from conftest import chart_of, svg_texts

pytestmark = pytest.mark.browser

PAGE = "chapters/01-past-lives.html"


def point_labels(chart) -> list[str]:
    """The accessible labels of the chart's point marks (legend symbols left out)."""
    return chart.locator("svg").first.evaluate(
        "svg => Array.from(svg.querySelectorAll('g.mark-symbol.role-mark path'))"
        ".map(p => p.getAttribute('aria-label') || '')")


def settle(page) -> None:
    page.wait_for_timeout(200)  # vega re-renders asynchronously


def check_scenario_dropdown(page) -> None:
    select = page.locator("select[name=ch1_scenario]")
    chart = chart_of(page, "select[name=ch1_scenario]")
    first = svg_texts(chart)
    assert "4. release" in first and "refunded" not in first

    select.select_option(label="Cheating seller ships a fake")
    settle(page)
    fake = svg_texts(chart)
    assert "2. ship_fake" in fake and "refunded" in fake and "released" not in fake

    select.select_option(label="Steps out of order are refused")
    settle(page)
    wrong = svg_texts(chart)
    assert "1. release" in wrong and "7. refund" in wrong


def check_timeline_dropdown(page) -> None:
    select = page.locator("select[name=ch1_kind]")
    chart = chart_of(page, "select[name=ch1_kind]")
    everything = point_labels(chart)
    assert any("kind: product" in label for label in everything)

    select.select_option("licence")
    settle(page)
    licences = point_labels(chart)
    assert 0 < len(licences) < len(everything)
    assert all("kind: licence" in label for label in licences)
    assert any("Source: http" in label for label in licences)

    select.select_option("all")
    settle(page)
    assert len(point_labels(chart)) == len(everything)


def _move(chart, name: str, value: float) -> str:
    before = chart.locator("svg").first.inner_html()
    chart.locator(f"input[type=range][name={name}]").evaluate(
        """(el, v) => { el.value = String(v);
            el.dispatchEvent(new Event('input', {bubbles: true})); }""", value)
    settle(page=chart.page)
    after = chart.locator("svg").first.inner_html()
    assert after != before, f"moving {name} to {value} changed nothing"
    return after


def check_market_sliders(page) -> None:
    spiral = chart_of(page, "input[type=range][name=lemon_share]")
    assert spiral.locator("input[type=range]").count() == 2
    _move(spiral, "lemon_share", 0.35)   # more cheats: the spiral collapses
    _move(spiral, "round", 3)            # the marker steps back along the path

    fee = chart_of(page, "input[type=range][name=value_spread]")
    assert fee.locator("input[type=range]").count() == 3
    assert any("buyers pay 44%" in t for t in svg_texts(fee))
    _move(fee, "fee", 20)
    _move(fee, "cheat_share", 0.0)
    assert any("buyers pay 50%" in t for t in svg_texts(fee))
    _move(fee, "value_spread", 60)


def test_scenario_dropdown_shows_the_chosen_path(open_page):
    check_scenario_dropdown(open_page(PAGE))


def test_timeline_dropdown_filters_by_kind(open_page):
    check_timeline_dropdown(open_page(PAGE))


def test_market_sliders_change_the_market(open_page):
    check_market_sliders(open_page(PAGE))
