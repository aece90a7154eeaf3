"""Chapter 2's figures: the network explorer and the systemic scorer
(antbook.figures.financial_attributes)."""

from __future__ import annotations

import json

import pytest

from antbook.data import load_table
from antbook.figures.financial_attributes import (
    NetworkExplorer,
    load_ecosystem_graph,
    scorer_explorable,
)
from antbook.models.systemic import category_weights, wide_indicators


@pytest.fixture(scope="module")
def graph():
    return load_ecosystem_graph()


def test_explorer_forms(graph):
    explorer = NetworkExplorer(graph, "A finding", "A description")
    browser = explorer.browser_chart().to_dict()
    names = {p["name"] for p in browser["params"]}
    assert {"ch2_pick", "ch2_edge_type", "ch2_layer"} <= names
    assert browser["title"]["text"] == "A finding" and browser["description"]
    assert len(json.dumps(browser)) < 80_000  # the page budget
    printed = explorer.print_chart().to_dict()  # validates against the Vega-Lite schema
    explorer.static_chart().to_dict()
    assert len(printed["vconcat"]) == 3  # five layer panels, two a row
    static = explorer.static_chart("mybank", "funding", "users").to_dict()
    assert "datum.focus == 'mybank'" in json.dumps(static)
    with pytest.raises(ValueError):
        explorer.static_chart(edge_type="gossip")
    with pytest.raises(KeyError):
        explorer.static_chart(focus="nobody")


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
    assert heavy.drop(columns=["w_size", "w_sub"]).sum(axis=1)[platform] > \
        default.drop(columns=["w_size", "w_sub"]).sum(axis=1)[platform]
    assert len(figure.grid()) == 36 * 5
