"""The regulatory perimeter around Ant's activities, 2017-2024 (``data/perimeter.csv``).

Each row says, for one activity in one year, which rule applied, which regulator applied it and
whether the activity was covered: ``yes`` (a rule made for it), ``partly`` (some rule applied but
left a gap: a draft, a transition, an unlicensed part) or ``no``. :func:`check_perimeter` refuses
a table that does not give every activity exactly one row a year; :func:`coverage_matrix` is the
then/now matrix; :func:`coverage_by_year` scores a year (yes = 1, partly = 0.5, no = 0);
:func:`changes` lists the years in which an activity's coverage or regulator changed.

>>> import pandas as pd
>>> frame = pd.DataFrame({"activity": ["payments", "payments"], "year": [2017, 2018],
...                       "covered": ["partly", "yes"], "regulator": ["PBOC", "PBOC"]})
>>> check_perimeter(frame, years=(2017, 2018), activities=("payments",))
>>> coverage_by_year(frame, activities=("payments",))["score"].tolist()
[0.5, 1.0]
"""

from __future__ import annotations

from collections.abc import Sequence

import networkx as nx
import pandas as pd

from .ecosystem import build_graph, layer_positions

__all__ = ["ACTIVITIES", "ACTIVITY_LABELS", "COVERAGE", "PERIODS", "REGULATOR_EDGE_TYPES",
           "YEARS", "PerimeterError", "changes", "check_perimeter", "coverage_by_year",
           "coverage_matrix", "network_changes", "regulator_graph", "staggered_positions"]

ACTIVITIES = ("payments", "consumer_credit", "co_lending", "fund_sales",
              "insurance_distribution", "credit_scoring", "personal_data", "group")
"""Ant's activities, in the order the chapter lists them; ``group`` is the group as a whole."""

ACTIVITY_LABELS = {"payments": "Payments", "consumer_credit": "Consumer credit",
                   "co_lending": "Co-lending", "fund_sales": "Fund sales",
                   "insurance_distribution": "Insurance distribution",
                   "credit_scoring": "Credit scoring", "personal_data": "Personal data",
                   "group": "The group as a whole"}

COVERAGE = {"no": 0.0, "partly": 0.5, "yes": 1.0}
"""How the score counts each answer."""

YEARS = tuple(range(2017, 2025))


class PerimeterError(ValueError):
    """The perimeter table is not one row per activity and year; names the row at fault."""


def check_perimeter(frame: pd.DataFrame, years: Sequence[int] = YEARS,
                    activities: Sequence[str] = ACTIVITIES) -> None:
    """Refuse a table with an unknown activity, year or coverage, a repeated (activity, year),
    or a missing one; the message names the row (line in the file, header = 1) or the gap."""
    for column in ("activity", "year", "covered"):
        if column not in frame.columns:
            raise PerimeterError(f"perimeter.csv: column {column!r} is missing")
    seen: set[tuple[str, int]] = set()
    for line, row in enumerate(frame.itertuples(index=False), start=2):
        if row.activity not in activities:
            raise PerimeterError(f"perimeter.csv, line {line}, column 'activity': unknown "
                                 f"activity {row.activity!r}")
        if int(row.year) not in years:
            raise PerimeterError(f"perimeter.csv, line {line}, column 'year': {row.year} is "
                                 f"outside {years[0]}-{years[-1]}")
        if row.covered not in COVERAGE:
            raise PerimeterError(f"perimeter.csv, line {line}, column 'covered': "
                                 f"{row.covered!r} is not one of {list(COVERAGE)}")
        key = (row.activity, int(row.year))
        if key in seen:
            raise PerimeterError(f"perimeter.csv, line {line}: a second row for {key}")
        seen.add(key)
    missing = [(a, y) for a in activities for y in years if (a, y) not in seen]
    if missing:
        raise PerimeterError(f"perimeter.csv: no row for {missing[:3]}"
                             f"{' and more' if len(missing) > 3 else ''}")


def coverage_matrix(frame: pd.DataFrame, activities: Sequence[str] = ACTIVITIES
                    ) -> pd.DataFrame:
    """Activities (rows, in chapter order) by years (columns): the ``covered`` answer."""
    matrix = frame.pivot(index="activity", columns="year", values="covered")
    return matrix.reindex(list(activities))


def coverage_by_year(frame: pd.DataFrame, activities: Sequence[str] = ACTIVITIES
                     ) -> pd.DataFrame:
    """Per year: the number of activities fully covered, partly, not at all, and the score
    (mean of yes = 1, partly = 0.5, no = 0) over ``activities``."""
    frame = frame[frame["activity"].isin(list(activities))]
    rows = []
    for year, group in frame.groupby("year", sort=True):
        counts = group["covered"].value_counts()
        rows.append({"year": int(year), "yes": int(counts.get("yes", 0)),
                     "partly": int(counts.get("partly", 0)), "no": int(counts.get("no", 0)),
                     "score": float(group["covered"].map(COVERAGE).mean())})
    return pd.DataFrame(rows)


def changes(frame: pd.DataFrame) -> pd.DataFrame:
    """The (activity, year) rows whose coverage or regulator differ from the year before."""
    frame = frame.sort_values(["activity", "year"]).reset_index(drop=True)
    previous = frame.groupby("activity")[["covered", "regulator"]].shift()
    moved = previous["covered"].notna() & ((frame["covered"] != previous["covered"])
                                           | (frame["regulator"] != previous["regulator"]))
    out = frame.loc[moved, ["activity", "year", "covered", "regulator"]].copy()
    out["covered_before"] = previous.loc[moved, "covered"]
    out["regulator_before"] = previous.loc[moved, "regulator"]
    return out.reset_index(drop=True)


# -- the regulators' network, then and now (chapter 2's tables) -----------------------------------

REGULATOR_EDGE_TYPES = ("licence", "supervision", "data")
"""The edges that make up the perimeter in the network: who licenses, who supervises, and the
channel by which credit data reach lenders."""

PERIODS = {"then": "2020", "now": "after 2023"}
"""The network's two periods (``period`` column of ``network_edges``: then, now, both)."""


CREDIT_DATA_NODES = ("partner_banks", "qiantang_credit")
"""A data edge belongs to the perimeter when it carries credit data to or from these nodes (the
channel the credit-reporting rules govern), not when users' data reach the app."""


def _perimeter_edges(edges: pd.DataFrame) -> pd.DataFrame:
    regulated = edges["edge_type"].isin(["licence", "supervision"])
    credit_data = (edges["edge_type"] == "data") & (
        edges["source"].isin(CREDIT_DATA_NODES) | edges["target"].isin(CREDIT_DATA_NODES))
    return edges[regulated | credit_data]


def staggered_positions(graph: nx.Graph, crowded: int = 5, offset: float = 0.45
                        ) -> dict[str, tuple[float, float]]:
    """The ecosystem's layered layout with every other node of a crowded row (more than
    ``crowded`` nodes) moved up by ``offset``, so that neighbouring labels do not overlap."""
    positions = layer_positions(graph)
    rows: dict[float, list[str]] = {}
    for node, (_x, y) in positions.items():
        rows.setdefault(y, []).append(node)
    for y, members in rows.items():
        if len(members) > crowded:
            for i, node in enumerate(sorted(members, key=lambda n: positions[n][0])):
                if i % 2:
                    positions[node] = (positions[node][0], y + offset)
    return positions


def regulator_graph(nodes: pd.DataFrame, edges: pd.DataFrame, period: str) -> nx.MultiDiGraph:
    """The licence, supervision and data edges in force in ``period`` ('then' or 'now'), over the
    nodes those edges touch in *either* period, so that both drawings share one layout."""
    if period not in PERIODS:
        raise ValueError(f"period must be one of {list(PERIODS)}, got {period!r}")
    ours = _perimeter_edges(edges)
    touched = set(ours["source"]) | set(ours["target"])
    kept_nodes = nodes[nodes["node_id"].isin(touched)].reset_index(drop=True)
    kept_edges = ours[ours["period"].isin([period, "both"])].reset_index(drop=True)
    return build_graph(kept_nodes, kept_edges)


def network_changes(nodes: pd.DataFrame, edges: pd.DataFrame) -> pd.DataFrame:
    """The perimeter edges that exist only in 2020 ('cut') or only after 2023 ('added'), named by
    their nodes' labels, cut ones first."""
    labels = dict(zip(nodes["node_id"], nodes["label"], strict=True))
    ours = _perimeter_edges(edges)
    rows = []
    for period, change in (("then", "cut"), ("now", "added")):
        for row in ours[ours["period"] == period].itertuples(index=False):
            rows.append({"change": change, "edge_type": row.edge_type,
                         "from": labels[row.source], "to": labels[row.target],
                         "description": row.description})
    return pd.DataFrame(rows)
