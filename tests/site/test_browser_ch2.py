"""Chapter 2 in the browser: the network explorer's selection and menus, the contagion sliders.

* Clicking a node in the ecosystem network rings exactly its neighbours and highlights its row in
  the ranking table; the edge-type menu narrows the rings to neighbours by that type of edge.
* Moving either contagion slider changes the losses drawn (the bars and the total-loss line).
"""

from __future__ import annotations

import pytest
from conftest import chart_of, set_range, svg_texts

pytestmark = pytest.mark.browser

PAGE = "chapters/02-financial-attributes.html"
# Mark names in the compiled Vega spec of the explorer (NetworkExplorer.browser_chart)
NODES = "g.ch2_nodes_0_marks path"
RINGS = "g.concat_0_layer_2_marks path"
ROW_HIGHLIGHT = "g.concat_1_layer_0_marks path"


def settle(page) -> None:
    page.wait_for_timeout(300)  # vega re-renders asynchronously


def labels(chart, selector: str) -> list[str]:
    return chart.locator("svg").first.evaluate(
        f"svg => Array.from(svg.querySelectorAll('{selector}'))"
        ".map(p => p.getAttribute('aria-label') || '')")


def click_node(page, chart, label: str) -> None:
    handles = [h for h in chart.locator(NODES).element_handles()
               if f"node: {label};" in (h.get_attribute("aria-label") or "") + ";"]
    assert len(handles) == 1, f"node {label!r} not found once among the node marks"
    handles[0].click(force=True)
    settle(page)


def check_selection_highlights_neighbours(page) -> None:
    chart = chart_of(page, "select[name=ch2_edge_type]")
    assert chart.count() == 1
    assert labels(chart, RINGS) == [] and labels(chart, ROW_HIGHLIGHT) == []

    click_node(page, chart, "MYbank")
    rings = labels(chart, RINGS)
    neighbours = {label.split("neighbour: ")[1].split(";")[0] for label in rings}
    assert neighbours == {"Ant Group", "CBIRC (to 2023)", "NFRA (from 2023)", "Merchants"}
    assert len(labels(chart, ROW_HIGHLIGHT)) == 1

    page.locator("select[name=ch2_edge_type]").select_option("funding")
    settle(page)
    funding = {label.split("neighbour: ")[1].split(";")[0] for label in labels(chart, RINGS)}
    assert funding == {"Merchants"}

    page.locator("select[name=ch2_edge_type]").select_option("all")
    settle(page)
    click_node(page, chart, "Ant Group")
    group = {label.split("neighbour: ")[1].split(";")[0] for label in labels(chart, RINGS)}
    assert "MYbank" in group and "Alibaba" in group and "Merchants" not in group


def bar_widths(chart) -> list[str]:
    return chart.locator("svg").first.evaluate(
        "svg => Array.from(svg.querySelectorAll('g.mark-rect path')).map(p => p.getAttribute('d'))")


def check_contagion_sliders(page) -> None:
    chart = chart_of(page, "input[type=range][name=own_share]")
    assert chart.count() == 1
    start_text, start_bars = svg_texts(chart), bar_widths(chart)
    assert any(t.startswith("All lenders together") for t in start_text)

    set_range(page, "input[type=range][name=shock]", 0.3)
    shock_text, shock_bars = svg_texts(chart), bar_widths(chart)
    assert shock_bars != start_bars and shock_text != start_text

    set_range(page, "input[type=range][name=own_share]", 0.3)
    own_text, own_bars = svg_texts(chart), bar_widths(chart)
    assert own_bars != shock_bars and own_text != shock_text


def test_selecting_a_node_highlights_its_neighbours(open_page):
    check_selection_highlights_neighbours(open_page(PAGE))


def test_contagion_sliders_change_the_chart(open_page):
    check_contagion_sliders(open_page(PAGE))
