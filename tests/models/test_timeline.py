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
