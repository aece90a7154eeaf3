"""Chapter 2 in the browser: the network explorer's selection and menu, the dependency explorer's
menus, the labels as drawn, the contagion sliders.

* Clicking a node in the ecosystem network rings exactly its neighbours by the relation chosen in
  the menu and highlights its row in the ranking table.
* No two node labels overlap as the browser draws them (their bounding boxes).
* Choosing a node, a period and a reach in the dependency explorer marks exactly the nodes the
  model (antbook.models.ecosystem.dependents) finds.
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
LABELS = "g.concat_0_layer_4_marks text, g.concat_0_layer_5_marks text"
# DependencyExplorer.browser_chart
DEP_SERVICE = "g.ch2_dep_service_marks path"
DEP_MONEY = "g.ch2_dep_money_marks path"
DEP_LABELS = "g.layer_7_marks text, g.layer_8_marks text"


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


def ringed(chart) -> set[str]:
    return {label.split("neighbour: ")[1].split(";")[0] for label in labels(chart, RINGS)}


def check_selection_highlights_neighbours(page) -> None:
    chart = chart_of(page, "select[name=ch2_edge_type]")
    assert chart.count() == 1
    assert labels(chart, RINGS) == [] and labels(chart, ROW_HIGHLIGHT) == []

    menu = page.locator("select[name=ch2_edge_type]")
    assert menu.input_value() == "ownership"
    click_node(page, chart, "MYbank")
    assert ringed(chart) == {"Ant Group"}
    assert len(labels(chart, ROW_HIGHLIGHT)) == 1
    for relation, expected in (("funding", {"Merchants"}), ("licence", {"CBIRC (to 2023)"}),
                               ("supervision", {"NFRA (from 2023)"})):
        menu.select_option(relation)
        settle(page)
        assert ringed(chart) == expected, relation

    menu.select_option("ownership")
    settle(page)
    click_node(page, chart, "Ant Group")
    group = ringed(chart)
    assert "MYbank" in group and "Alibaba" in group and "Merchants" not in group


def boxes(chart, selector: str) -> list[dict]:
    return chart.locator("svg").first.evaluate(
        f"svg => Array.from(svg.querySelectorAll('{selector}')).map(t => {{"
        "const r = t.getBoundingClientRect();"
        "return {text: t.textContent, x0: r.left, x1: r.right, y0: r.top, y1: r.bottom}; })")


def overlaps(found: list[dict]) -> list[tuple[str, str]]:
    return [(a["text"], b["text"]) for i, a in enumerate(found) for b in found[i + 1:]
            if a["x0"] < b["x1"] and b["x0"] < a["x1"] and a["y0"] < b["y1"] and b["y0"] < a["y1"]]


def check_labels_do_not_overlap(page) -> None:
    for control, selector in (("select[name=ch2_edge_type]", LABELS),
                              ("select[name=ch2_dep_node]", DEP_LABELS)):
        chart = chart_of(page, control)
        found = boxes(chart, selector)
        assert len(found) == 26, f"{len(found)} labels drawn in the chart of {control}"
        assert all(b["x1"] > b["x0"] for b in found)
        assert overlaps(found) == []


def marked(chart, selector: str) -> set[str]:
    return {label.split("node: ")[1].split(";")[0] for label in labels(chart, selector)}


def check_dependency_menus(page) -> None:
    chart = chart_of(page, "select[name=ch2_dep_node]")
    assert chart.count() == 1
    page.locator("select[name=ch2_dep_node]").select_option("alipay")
    page.locator("select[name=ch2_dep_period]").select_option("then")
    settle(page)
    assert marked(chart, DEP_SERVICE) == {"Consumers", "Merchants", "Partner banks"}
    assert marked(chart, DEP_MONEY) == {"Ant Group"}
    page.locator("select[name=ch2_dep_period]").select_option("now")
    settle(page)
    assert marked(chart, DEP_SERVICE) == {"Consumers", "Merchants", "Qiantang Credit",
                                          "Partner banks"}
    page.locator("input[name=ch2_dep_reach][value='1']").check()
    settle(page)
    assert marked(chart, DEP_SERVICE) == {"Consumers", "Merchants", "Qiantang Credit"}
    page.locator("select[name=ch2_dep_node]").select_option("samr")
    settle(page)
    assert marked(chart, DEP_SERVICE) == set()  # supervision carries no dependence
    assert any(t.startswith("Lose a service: 0") for t in svg_texts(chart))


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


def test_labels_do_not_overlap_as_drawn(open_page):
    check_labels_do_not_overlap(open_page(PAGE))


def test_dependency_menus_mark_what_the_model_finds(open_page):
    check_dependency_menus(open_page(PAGE))
