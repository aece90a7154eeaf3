"""Tests of the timeline table and chart (antbook.models.timeline)."""

import pandas as pd
import pytest

from antbook.data import load_table
from antbook.models.timeline import KINDS, date_label, select, with_date_labels


def load_timeline():
    return with_date_labels(load_table("timeline"))


def test_table_loads_sorted_from_2003_with_sources():
    t = load_timeline()
    assert t["date"].is_monotonic_increasing
    assert t["date"].min() == pd.Timestamp("2003-05-01")
    assert t["date"].max() >= pd.Timestamp("2024-01-01")
    assert set(t["kind"]) <= set(KINDS)
    assert {"product", "licence", "ownership", "regulation"} <= set(t["kind"])
    assert t["source_url"].str.startswith("http").all()


def test_kinds_match_the_schema_enum():
    import json

    from antbook.data import data_dir
    package = json.loads((data_dir() / "datapackage.json").read_text(encoding="utf-8"))
    resource = next(r for r in package["resources"] if r["name"] == "timeline")
    field = next(f for f in resource["schema"]["fields"] if f["name"] == "kind")
    assert tuple(field["constraints"]["enum"]) == KINDS


def test_disputed_month_is_flagged():
    t = load_table("timeline").set_index("event_id")
    assert t.loc["alipay_separate", "status"] == "unverified"
    assert "February 2004" in t.loc["alipay_separate", "detail"]


@pytest.mark.parametrize("precision, expected", [("day", "15 Oct 2003"), ("month", "Oct 2003"),
                                                 ("year", "2003")])
def test_date_label(precision, expected):
    assert date_label(pd.Timestamp("2003-10-15"), precision) == expected


def test_date_label_rejects_unknown_precision():
    with pytest.raises(ValueError, match="precision"):
        date_label(pd.Timestamp("2003-10-15"), "week")


def test_select_filters_and_refuses_nonsense():
    t = load_timeline()
    early = select(t, kinds=["product"], end="2004-12-31")
    assert list(early["event_id"]) == ["taobao_launch", "taobao_escrow"]
    with pytest.raises(ValueError, match="unknown kinds"):
        select(t, kinds=["gossip"])
    with pytest.raises(ValueError, match="no events"):
        select(t, start="2030-01-01")


def _events():
    return pd.DataFrame({
        "event_id": ["c", "a", "b", "d"],
        "kind": ["licence", "product", "product", "listing"],
        "date": pd.to_datetime(["2011-05-26", "2004-12-08", "2004-12-08", "2020-11-03"]),
        "date_precision": ["day", "month", "year", "day"]})


def test_with_date_labels_sorts_by_date_then_id_and_labels_each():
    out = with_date_labels(_events())
    assert list(out["event_id"]) == ["a", "b", "c", "d"]
    assert list(out["date_label"]) == ["Dec 2004", "2004", "26 May 2011", "3 Nov 2020"]
    assert list(out.index) == [0, 1, 2, 3]


def test_with_date_labels_leaves_the_callers_frame_alone():
    events = _events()
    with_date_labels(events)
    assert "date_label" not in events.columns and list(events["event_id"]) == ["c", "a", "b", "d"]


def test_select_bounds_are_inclusive_and_combine():
    t = with_date_labels(_events())
    assert list(select(t, start="2004-12-08")["event_id"]) == ["a", "b", "c", "d"]
    assert list(select(t, start="2004-12-09")["event_id"]) == ["c", "d"]
    assert list(select(t, end="2011-05-26")["event_id"]) == ["a", "b", "c"]
    assert list(select(t, end="2011-05-25")["event_id"]) == ["a", "b"]
    assert list(select(t, kinds=["product", "listing"], start="2004-12-09")["event_id"]) == ["d"]
    assert list(select(t)["event_id"]) == ["a", "b", "c", "d"]
    assert list(select(t, kinds=["licence"]).index) == [0]


def test_select_messages_name_the_kinds():
    t = with_date_labels(_events())
    with pytest.raises(ValueError) as error:
        select(t, kinds=["gossip", "product", "blog"])
    assert str(error.value) == f"unknown kinds ['blog', 'gossip']; the kinds are {list(KINDS)}"
    with pytest.raises(ValueError, match="^no events match: widen the kinds or the dates$"):
        select(t, kinds=["regulation"])


def test_date_label_message_lists_the_precisions():
    with pytest.raises(ValueError) as error:
        date_label(pd.Timestamp("2003-10-15"), "week")
    assert str(error.value) == "precision must be one of ['day', 'month', 'year'], got 'week'"


def test_select_keeps_the_columns():
    t = with_date_labels(_events())
    assert list(select(t, kinds=["licence"]).columns) == list(t.columns)
    assert list(select(t, start="2005-01-01").columns) == list(t.columns)
