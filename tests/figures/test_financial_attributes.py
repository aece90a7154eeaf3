"""Chapter 2's figures: the network explorer and the systemic scorer
(antbook.figures.financial_attributes)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from antbook.data import load_table
from antbook.figures.financial_attributes import (
    BAND,
    WIDTH,
    DependencyExplorer,
    NetworkExplorer,
    correlation_table,
    load_ecosystem_graph,
    scorer_explorable,
    scorer_sensitivity,
)
from antbook.models.ecosystem import EDGE_TYPES, dependents, label_layout
from antbook.models.systemic import category_weights, wide_indicators


@pytest.fixture(scope="module")
def graph():
    return load_ecosystem_graph()


def test_explorer_forms(graph):
    explorer = NetworkExplorer(graph, "A finding", "A description")
    browser = explorer.browser_chart().to_dict()
    names = {p["name"] for p in browser["params"]}
    assert {"ch2_pick", "ch2_edge_type"} <= names
    menu = next(p for p in browser["params"] if p["name"] == "ch2_edge_type")
    assert menu["bind"]["options"] == list(EDGE_TYPES) and menu["value"] == "ownership"
    assert browser["title"]["text"] == "A finding" and browser["description"]
    assert len(json.dumps(browser)) < 80_000  # the page budget
    printed = explorer.print_chart().to_dict()  # validates against the Vega-Lite schema
    explorer.static_chart().to_dict()
    assert len(printed["vconcat"]) == 3  # six edge-type panels, two a row
    assert [p["title"] for row in printed["vconcat"] for p in row["hconcat"]] == \
        [t.capitalize() for t in EDGE_TYPES]
    static = explorer.static_chart("mybank", "funding").to_dict()
    assert "datum.focus == 'mybank'" in json.dumps(static)
    with pytest.raises(ValueError):
        explorer.static_chart(edge_type="gossip")
    with pytest.raises(KeyError):
        explorer.static_chart(focus="nobody")
    with pytest.raises(ValueError):
        NetworkExplorer(graph, "t", "d", edge_type="gossip")


def test_the_drawing_uses_the_layout_whose_labels_do_not_overlap(graph):
    explorer = NetworkExplorer(graph, "t", "d")
    nodes = pd.DataFrame(explorer._datasets["ch2_network_nodes"]).set_index("focus")
    layout = label_layout(graph, width=WIDTH, band=BAND).set_index("node_id")
    assert (nodes["label_x"] == layout["label_x"]).all()
    assert (nodes["label_y"] == layout["label_y"]).all()
    spec = json.dumps(explorer.browser_chart().to_dict())
    assert '"field": "label_x"' in spec and '"field": "label_y"' in spec


def test_dependency_explorer_carries_the_model_results(graph):
    explorer = DependencyExplorer(graph, "What fails with it", "A description")
    table = explorer.table
    for node in ("alipay", "pboc", "partner_banks"):
        for period in ("then", "now"):
            model = dependents(graph, node, period=period)
            rows = table[(table["failed"] == node) & (table["period"] == period)]
            assert sorted(zip(rows["node_id"], rows["effect"], rows["depth"], strict=True)) == \
                sorted(zip(model["node_id"], model["effect"], model["depth"], strict=True))
    browser = explorer.browser_chart().to_dict()
    names = {p["name"]: p for p in browser["params"]}
    assert {"ch2_dep_node", "ch2_dep_period", "ch2_dep_reach"} <= set(names)
    options = names["ch2_dep_node"]["bind"]["options"]
    assert set(options) == set(graph.nodes) and len(options) == len(graph.nodes)
    assert options[:4] == ["alipay", "ant_group", "partner_banks", "pboc"]  # key nodes first
    # the site's generic test moves each menu to its next option, then the radio: from there the
    # reach must still change the drawing (Ant Group today reaches beyond its direct dependants)
    assert (dependents(graph, options[1], period="now")["depth"] > 1).any()
    assert len(json.dumps(browser)) < 80_000
    printed = explorer.print_chart().to_dict()
    titles = [p["title"] for row in printed["vconcat"] for p in row["hconcat"]]
    assert len(titles) == 4 and titles[0].startswith("If Alipay")
    one = json.dumps(explorer.static_chart("pboc", "now", 1).to_dict())
    assert "datum.failed == 'pboc'" in one and "datum.depth <= 1" in one
    with pytest.raises(KeyError):
        explorer.static_chart("nobody")
    with pytest.raises(ValueError):
        explorer.static_chart("pboc", "soon")
    with pytest.raises(KeyError):
        DependencyExplorer(graph, "t", "d", print_nodes=[("ghost", "then")])


def test_widgets_redraw(graph):
    pytest.importorskip("ipywidgets")
    box = DependencyExplorer(graph, "t", "d").widget()
    node, period, reach = box.children[0].children
    node.value = "pboc"
    period.value = "now"
    reach.value = 1
    assert len(box.children[1].outputs) == 2  # the chart and the model's table
    net = NetworkExplorer(graph, "t", "d").widget()
    net.children[0].children[1].value = "data"
    assert len(net.children[1].outputs) == 1


def test_scorer_on_the_chapter_data():
    indicators = load_table("systemic_indicators")
    wide = wide_indicators(indicators)
    assert wide.shape == (5, 5)
    figure = scorer_explorable(indicators, category_weights(load_table("gsib_weights"), "2013"))
    default = figure.data_at().set_index("institution")
    heavy = figure.data_at(w_size=0.1, w_sub=0.5).set_index("institution")
    platform = "Platform (Ant-like)"
    assert default.loc[platform, "Substitutability"] == default.loc[platform].drop(
        ["w_size", "w_sub"]).max()
    params = ["w_size", "w_sub", "platform_sub"]
    assert heavy.drop(columns=params).sum(axis=1)[platform] > \
        default.drop(columns=params).sum(axis=1)[platform]
    assert len(figure.grid()) == 36 * 6 * 5
    # the platform's substitutability value moves its score: the sensitivity the chapter shows
    low = figure.data_at(platform_sub=20.0).set_index("institution")
    assert low.loc[platform, "Substitutability"] < default.loc[platform, "Substitutability"]
    table = scorer_sensitivity(indicators, category_weights(load_table("gsib_weights"), "2013"))
    assert table["score"].is_monotonic_increasing and table["rank"].is_monotonic_decreasing
    assert table["rank"].iloc[0] > table["rank"].iloc[-1]  # the ranking turns on the guess


def test_correlation_table_falls_with_correlation():
    table = correlation_table(0.04, 0.02, 0.01, correlations=(1.0, 0.5, 0.0), draws=4000)
    joint = table["chance half are hit together"]
    assert joint.is_monotonic_decreasing and joint.iloc[-1] == 0.0
    assert joint.iloc[0] == pytest.approx(table["chance for one lender"].iloc[0])
    simulated = table["simulated, 100 lenders"]
    assert (simulated - joint).abs().max() < 0.02
