"""The shared timeline chart (antbook.figures.timeline)."""

import pytest

from antbook.charts import use_book_style
from antbook.data import load_table
from antbook.figures.timeline import load_timeline, timeline_chart


def test_chart_has_dropdown_filter_and_source_tooltips():
    use_book_style()
    t = load_timeline()
    spec = timeline_chart(t, "A title", "A description", param_name="kind_x").to_dict()
    param = spec["params"][0]
    assert param["name"] == "kind_x"
    assert param["bind"]["options"][0] == "all"
    assert set(param["bind"]["options"][1:]) == set(t["kind"])
    assert any("kind_x" in tr.get("filter", "") for tr in spec["transform"])
    fields = {tt["field"] for tt in spec["encoding"]["tooltip"]}
    assert {"source_url", "source_note", "event", "date_label"} <= fields
    assert spec["title"] == "A title" and spec["description"] == "A description"


def test_chart_refuses_a_frame_without_labels():
    with pytest.raises(KeyError, match="load_timeline"):
        timeline_chart(load_table("timeline"), "t", "d")
