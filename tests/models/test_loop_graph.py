"""Tests of the closed loop as a graph (antbook.models.loop_graph)."""

import pandas as pd
import pytest

from antbook.data import load_table
from antbook.models.ecosystem import build_graph
from antbook.models.loop_graph import (
    PERIODS,
    add_links,
    cut_table,
    flow_graph,
    loop_edges,
    loop_table,
)


@pytest.fixture(scope="module")
def graph():
    edges = add_links(load_table("network_edges"), load_table("ch4_loop_links"))
    return build_graph(load_table("network_nodes"), edges)


def test_every_loop_passes_through_the_platform_and_is_a_cycle_of_flows(graph):
    for period in PERIODS:
        flows = flow_graph(graph, period)
        table = loop_table(graph, period)
        assert len(table) > 0
        for nodes in table["nodes"]:
            assert nodes[0] == "alipay"
            for u, v in zip(nodes, nodes[1:] + nodes[:1], strict=True):
                assert flows.has_edge(u, v)


def test_before_the_cut_lenders_closed_the_loop_directly(graph):
    before = loop_table(graph, "before")
    assert {"Huabei lender", "Jiebei lender", "Partner banks"} <= set(before["closed_by"])
    assert (before["via"] == "").all()


def test_after_the_cut_every_credit_loop_runs_through_the_licensed_agency(graph):
    after = loop_table(graph, "after")
    credit = after[after["closed_by"] != "(platform alone)"]
    assert len(credit) > 0 and (credit["via"] == "Qiantang Credit").all()
    assert "Huabei lender" not in set(after["closed_by"])
    # the payment loops themselves are untouched
    payments = after[after["closed_by"] == "(platform alone)"]
    assert len(payments) == len(loop_table(graph, "before").query(
        "closed_by == '(platform alone)'"))


def test_cut_table_names_what_each_removed_flow_carried(graph):
    cuts = cut_table(graph).set_index("edge_id")
    assert cuts.loc["data_alipay_banks", "loops_broken"] == 2
    assert cuts.loc["ch4_alipay_huabei", "loops_broken"] == 1
    assert cuts.loc["fund_trusts_consumers", "loops_broken"] == 0
    assert cuts["loops_broken"].is_monotonic_decreasing
    before_edges = loop_edges(graph, "before")
    for edge_id, row in cuts.iterrows():
        assert (row["loops_broken"] > 0) == (edge_id in before_edges)


def test_chapter_two_edges_are_kept_unchanged(graph):
    edges = load_table("network_edges")
    assert set(edges["edge_id"]) <= {k for _, _, k in graph.edges(keys=True)}
    assert graph.number_of_edges() == len(edges) + len(load_table("ch4_loop_links"))


def test_invalid_inputs_are_refused(graph):
    with pytest.raises(ValueError, match="unknown period 'during'"):
        flow_graph(graph, "during")
    with pytest.raises(ValueError, match="no node 'wechat'"):
        loop_table(graph, "before", platform="wechat")
    edges = load_table("network_edges")
    clash = pd.DataFrame({"edge_id": ["x", edges["edge_id"].iloc[0]]})
    with pytest.raises(ValueError, match="ch4_loop_links.csv, line 3, column 'edge_id'"):
        add_links(edges, clash)
