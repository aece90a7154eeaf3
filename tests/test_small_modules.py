"""Tables, the capital-light model, the network helpers, the revenue gaps, build plumbing."""

from __future__ import annotations

import math

import nbformat
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from antbook.build import WIDGET_VIEW, clean_outputs
from antbook.capital_light import platform_lending
from antbook.data import load_table
from antbook.network import GraphTableError, graph_from_tables, layered_positions
from antbook.revenue import UNATTRIBUTED, with_unattributed
from antbook.tables import table_bundle

# -- tables ------------------------------------------------------------------------------------


def test_table_bundle_is_markdown_and_plain_text():
    frame = pd.DataFrame({"name": ["a|b", "c"], "value": [1.5, 20.25]})
    bundle = table_bundle(frame, formats={"value": "{:.1f}"}, caption="Cap")
    lines = bundle["text/markdown"].splitlines()
    assert lines[0] == "**Cap**"
    assert lines[2] == "| name | value |" and lines[3] == "| --- | ---: |"
    assert lines[4] == "| a\\|b | 1.5 |"
    assert "20.2" in bundle["text/plain"]


def test_table_bundle_refuses_unknown_format_column():
    with pytest.raises(KeyError, match="nope"):
        table_bundle(pd.DataFrame({"a": [1]}), formats={"nope": "{}"})


# -- capital-light model -----------------------------------------------------------------------

shares = st.floats(min_value=0.01, max_value=1.0)
ratios = st.floats(min_value=0.01, max_value=1.0)


@given(shares, ratios, st.floats(0, 0.2), st.floats(-0.2, 0.2))
def test_funding_adds_up_and_capital_is_proportional(share, ratio, fee, spread):
    r = platform_lending(1000.0, share, fee, spread, ratio)
    assert r["own_funded"] + r["partner_funded"] == pytest.approx(1000.0)
    assert r["capital_required"] == pytest.approx(1000.0 * share * ratio)
    assert r["return_on_capital"] == pytest.approx(r["income"] / r["capital_required"])


@given(st.floats(0.01, 0.5), ratios)
def test_capital_scales_with_own_share(share, ratio):
    low = platform_lending(2100.0, share, 0.03, 0.03, ratio)["capital_required"]
    high = platform_lending(2100.0, 2 * share, 0.03, 0.03, ratio)["capital_required"]
    assert high == pytest.approx(2 * low)


def test_book_example_fifteen_times_the_capital():
    at_2 = platform_lending(2100, 0.02, 0.0274, 0.03, 0.10)
    at_30 = platform_lending(2100, 0.30, 0.0274, 0.03, 0.10)
    assert at_30["capital_required"] / at_2["capital_required"] == pytest.approx(15)
    assert at_2["capital_required"] == pytest.approx(4.2)


@pytest.mark.parametrize("kwargs, name", [
    ({"own_share": 0.0}, "own_share"), ({"own_share": 1.5}, "own_share"),
    ({"balance": -1.0}, "balance"), ({"capital_ratio": 0.0}, "capital_ratio"),
    ({"fee_rate": math.nan}, "fee_rate"), ({"spread": 2.0}, "spread"),
])
def test_bad_model_input_is_refused(kwargs, name):
    args = dict(balance=100.0, own_share=0.5, fee_rate=0.02, spread=0.03, capital_ratio=0.1)
    args.update(kwargs)
    with pytest.raises(ValueError, match=name):
        platform_lending(**args)


# -- network helpers ---------------------------------------------------------------------------

NODES = pd.DataFrame({"id": ["a", "b", "c"], "label": ["A", "B", "C"], "level": [0, 1, 1]})
EDGES = pd.DataFrame({"src": ["a", "a"], "dst": ["b", "c"], "relation": ["x", "y"]})


def test_graph_has_exactly_the_rows_of_the_tables():
    g = graph_from_tables(NODES, EDGES, node_id="id", source="src", target="dst")
    assert sorted(g.nodes) == ["a", "b", "c"]
    assert sorted((u, v, d["relation"]) for u, v, d in g.edges(data=True)) == [
        ("a", "b", "x"), ("a", "c", "y")]


def test_edge_to_missing_node_names_table_line_and_column():
    edges = pd.concat([EDGES, pd.DataFrame({"src": ["a"], "dst": ["z"], "relation": ["q"]})])
    with pytest.raises(GraphTableError, match=r"links.csv, line 4, column 'dst': no node 'z'"):
        graph_from_tables(NODES, edges, node_id="id", source="src", target="dst",
                          edges_name="links.csv")


def test_duplicate_node_is_refused():
    with pytest.raises(GraphTableError, match="nodes, line 5, column 'id': node 'a' appears twice"):
        graph_from_tables(pd.concat([NODES, NODES.iloc[[0]]]), EDGES, node_id="id",
                          source="src", target="dst")


def test_layout_is_layered_and_deterministic():
    g = graph_from_tables(NODES, EDGES, node_id="id", source="src", target="dst")
    pos = layered_positions(g)
    assert pos == layered_positions(g)
    assert pos["a"] == (0.0, 0.0) and pos["b"] == (-0.5, -1.0) and pos["c"] == (0.5, -1.0)


def test_intro_ecosystem_graph_matches_its_tables():
    layers, links = load_table("ecosystem_layers"), load_table("ecosystem_links")
    g = graph_from_tables(layers, links, node_id="layer_id", source="source_layer",
                          target="target_layer")
    assert g.number_of_nodes() == len(layers) and g.number_of_edges() == len(links)


# -- revenue gaps --------------------------------------------------------------------------------


def test_unattributed_revenue_closes_each_period_to_its_total():
    revenue = load_table("revenue_by_segment")
    parts = with_unattributed(revenue)
    totals = revenue[revenue["segment"] == "Total"].set_index("period")["revenue_rmb_bn"]
    sums = parts.groupby("period")["revenue_rmb_bn"].sum()
    for period, total in totals.items():
        assert sums[period] == pytest.approx(total, abs=0.01)
    assert (parts.loc[parts["segment"] == UNATTRIBUTED, "period"] == "2018").any()


def test_segments_above_total_are_an_error():
    revenue = pd.DataFrame({"period": ["2019", "2019"], "segment": ["Total", "CreditTech"],
                            "revenue_rmb_bn": [10.0, 12.0], "status": ["verified"] * 2})
    with pytest.raises(ValueError, match="more than the total"):
        with_unattributed(revenue)


# -- build plumbing ------------------------------------------------------------------------------


def test_clean_outputs_drops_widget_views_and_state():
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x")
    cell.outputs = [nbformat.v4.new_output("display_data", data={
        "text/plain": "fig", WIDGET_VIEW: {"model_id": "abc123", "version_major": 2}})]
    cell.metadata["execution"] = {"iopub.execute_input": "2026-01-01T00:00:00"}
    nb.cells = [cell]
    nb.metadata["widgets"] = {"state": {}}
    clean = clean_outputs(nb)
    assert "widgets" not in clean.metadata
    assert clean.cells[0].outputs[0]["data"] == {"text/plain": "fig"}
    assert "execution" not in clean.cells[0].metadata
