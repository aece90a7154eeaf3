"""The regulatory perimeter (antbook.models.perimeter) and its table."""

from __future__ import annotations

import pandas as pd
import pytest

from antbook.data import load_table
from antbook.models.perimeter import (
    ACTIVITIES,
    YEARS,
    PerimeterError,
    changes,
    check_perimeter,
    coverage_by_year,
    coverage_matrix,
)

TABLE = load_table("perimeter")


def test_the_table_has_one_row_per_activity_and_year():
    check_perimeter(TABLE)
    assert len(TABLE) == len(ACTIVITIES) * len(YEARS)


def test_matrix_is_activities_by_years():
    matrix = coverage_matrix(TABLE)
    assert list(matrix.index) == list(ACTIVITIES)
    assert list(matrix.columns) == list(YEARS)
    assert matrix.loc["co_lending", 2017] == "no" and matrix.loc["co_lending", 2024] == "yes"


def test_coverage_rises_from_2017_to_2024():
    scores = coverage_by_year(TABLE).set_index("year")
    assert scores.loc[2024, "score"] > scores.loc[2017, "score"]
    assert (scores[["yes", "partly", "no"]].sum(axis=1) == len(ACTIVITIES)).all()
    # the one fall: in 2018 mutual aid (Xiang Hu Bao) grew outside insurance rules
    assert scores.loc[2018, "score"] < scores.loc[2017, "score"]
    assert scores.loc[2018:, "score"].is_monotonic_increasing


def test_changes_name_the_nfra_handover():
    moved = changes(TABLE)
    handover = moved[(moved["year"] == 2023) & (moved["regulator"] == "NFRA")]
    assert {"consumer_credit", "co_lending", "insurance_distribution", "group"} <= set(
        handover["activity"])
    assert (moved["year"] > 2017).all()


def _frame(rows):
    return pd.DataFrame(rows, columns=["activity", "year", "covered", "regulator"])


def test_unknown_coverage_names_the_line():
    frame = _frame([("payments", 2017, "maybe", "PBOC")])
    with pytest.raises(PerimeterError, match="line 2, column 'covered'"):
        check_perimeter(frame, years=(2017,), activities=("payments",))


def test_repeated_row_is_refused():
    frame = _frame([("payments", 2017, "yes", "PBOC"), ("payments", 2017, "no", "PBOC")])
    with pytest.raises(PerimeterError, match="line 3: a second row"):
        check_perimeter(frame, years=(2017,), activities=("payments",))


def test_missing_year_is_refused():
    frame = _frame([("payments", 2017, "yes", "PBOC")])
    with pytest.raises(PerimeterError, match="no row for \\[\\('payments', 2018\\)\\]"):
        check_perimeter(frame, years=(2017, 2018), activities=("payments",))


def test_year_outside_the_range_is_refused():
    frame = _frame([("payments", 2016, "yes", "PBOC")])
    with pytest.raises(PerimeterError, match="column 'year'"):
        check_perimeter(frame, years=(2017,), activities=("payments",))


def test_unknown_activity_is_refused():
    frame = _frame([("lottery", 2017, "yes", "PBOC")])
    with pytest.raises(PerimeterError, match="unknown activity 'lottery'"):
        check_perimeter(frame, years=(2017,), activities=("payments",))


def test_regulator_graphs_share_nodes_and_differ_in_edges():
    from antbook.models.perimeter import network_changes, regulator_graph, staggered_positions

    nodes, edges = load_table("network_nodes"), load_table("network_edges")
    then, now = regulator_graph(nodes, edges, "then"), regulator_graph(nodes, edges, "now")
    assert set(then.nodes) == set(now.nodes)
    assert "consumers" not in then  # users' data reaching the app is not the perimeter
    assert then.has_edge("cbirc", "mybank") and not now.has_edge("cbirc", "mybank")
    assert now.has_edge("nfra", "ant_group") and then.has_edge("pboc", "ant_group")
    moved = network_changes(nodes, edges)
    assert set(moved["change"]) == {"cut", "added"}
    assert (moved["change"] == "cut").sum() == 9 and (moved["change"] == "added").sum() == 8
    positions = staggered_positions(then)
    assert len(set(positions.values())) == len(positions)
    with pytest.raises(ValueError, match="period must be one of"):
        regulator_graph(nodes, edges, "2019")
