"""Chapter 5 in the browser: every control moves its chart, to the values the model gives.

* The rule checkboxes change the capital and the loans the 2020 capital supports, by the amounts
  of the model (RMB 4.2 bn with no rule, 63 bn with co-lending, 105 bn with the leverage cap as
  well; holding-company capital adds its floor, and raises capital only when it is the
  strictest floor).
* The year slider lists the chosen year's rules.
* The period toggle redraws the network with the edges of that period (14 in 2020, 13 after 2023).
* The gap menu shows only that gap's events, as many as data/rectification_gaps.csv assigns it.
"""

from __future__ import annotations

import pytest
from conftest import chart_of, set_range, svg_texts

from antbook.data import load_table
from antbook.models.perimeter import regulator_graph

pytestmark = pytest.mark.browser

PAGE = "chapters/05-supervision.html"


def settle(page) -> None:
    page.wait_for_timeout(300)  # vega re-renders asynchronously


def marks(chart, selector: str) -> list[str]:
    return chart.locator("svg").first.evaluate(
        f"svg => Array.from(svg.querySelectorAll('{selector}'))"
        ".map(p => p.getAttribute('aria-label') || p.getAttribute('d') || '')")


def tick(page, name: str, on: bool) -> None:
    box = page.locator(f"input[type=checkbox][name=ch5_{name}]")
    box.check() if on else box.uncheck()
    settle(page)


def check_rule_checkboxes(page) -> None:
    chart = chart_of(page, "input[type=checkbox][name=ch5_co_lending]")
    assert chart.count() == 1
    assert chart.locator("input[type=checkbox]").count() == 3
    texts = svg_texts(chart)
    assert "4.2 bn, 1.0 times 2020" in texts
    assert any(t.startswith("2,100 bn; income ") for t in texts)

    tick(page, "co_lending", True)
    texts = svg_texts(chart)
    assert "63.0 bn, 15.0 times 2020" in texts
    assert any(t.startswith("140 bn;") for t in texts)

    tick(page, "leverage_cap", True)
    texts = svg_texts(chart)
    assert "105.0 bn, 25.0 times 2020" in texts
    assert any(t.startswith("84 bn;") for t in texts)

    before = chart.locator("svg").first.inner_html()
    tick(page, "fhc", True)   # 12 % is below the cap's 16.7 %: a new floor, the same capital
    texts = svg_texts(chart)
    assert chart.locator("svg").first.inner_html() != before
    assert "holding company 12.0%" in texts and "leverage cap 16.7% (binds)" in texts
    assert "105.0 bn, 25.0 times 2020" in texts

    tick(page, "leverage_cap", False)  # now the holding-company floor is the strictest
    assert "75.6 bn, 18.0 times 2020" in svg_texts(chart)


def check_year_slider(page) -> None:
    chart = chart_of(page, "input[type=range][name=ch5_year]")
    assert chart.count() == 1
    assert "Rules in 2020" in svg_texts(chart)
    set_range(page, "input[type=range][name=ch5_year]", 2017)
    texts = svg_texts(chart)
    assert "Rules in 2017" in texts
    assert "No rule on the platform's own share of a joint loan" in texts
    set_range(page, "input[type=range][name=ch5_year]", 2024)
    texts = svg_texts(chart)
    assert "Rules in 2024" in texts
    assert any(t.startswith("Qiantang Credit licensed") for t in texts)


def check_period_toggle(page) -> None:
    chart = chart_of(page, "input[type=radio][name=ch5_period]")
    assert chart.count() == 1
    lines = "g.mark-line.role-mark path"
    nodes, edges = load_table("network_nodes"), load_table("network_edges")
    then = regulator_graph(nodes, edges, "then").number_of_edges()
    now = regulator_graph(nodes, edges, "now").number_of_edges()
    assert (then, now) == (14, 13)
    drawn = marks(chart, lines)
    assert len(drawn) == then and any("to: Partner banks" in d for d in drawn)
    page.locator("input[type=radio][name=ch5_period][value='after 2023']").check()
    settle(page)
    drawn = marks(chart, lines)
    assert len(drawn) == now and any("from: NFRA" in d for d in drawn)


def check_gap_menu(page) -> None:
    chart = chart_of(page, "select[name=ch5_gap]")
    assert chart.count() == 1
    points = "g.mark-symbol.role-mark path"
    gaps = load_table("rectification_gaps")["gap"].value_counts()
    assert len(marks(chart, points)) == gaps.sum()
    for gap, count in gaps.items():
        page.locator("select[name=ch5_gap]").select_option(gap)
        settle(page)
        assert len(marks(chart, points)) == count, gap
    assert gaps["ownership"] == 2


def test_rule_checkboxes_change_capital_by_the_models_amounts(open_page):
    page = open_page(PAGE)
    check_rule_checkboxes(page)
    assert page.antbook_log.console_errors == []


def test_year_slider_lists_that_years_rules(open_page):
    check_year_slider(open_page(PAGE))


def test_period_toggle_redraws_the_network(open_page):
    check_period_toggle(open_page(PAGE))


def test_gap_menu_shows_that_gaps_events(open_page):
    check_gap_menu(open_page(PAGE))
