"""FastExplorable (spec built once, data swapped on each move) and ChoiceFigure, on toy models."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd
import pytest

from antbook.charts import VEGALITE_MIMETYPE
from antbook.explorable import (
    LIVE_NOTE,
    WIDGET_VIEW,
    ChoiceFigure,
    Explorable,
    FastExplorable,
    Slider,
    three_forms_bundle,
    where,
)


def _line(a: float, b: float) -> pd.DataFrame:
    return pd.DataFrame({"a": [a], "y": [a * 10 + b]})


def _sweep(values: np.ndarray, b: float) -> pd.DataFrame:
    return pd.DataFrame({"a": values, "y": values * 10 + b})


def _view(data, params):
    return where(alt.Chart(data), params).mark_point().encode(x="a:Q", y="y:Q")


def _fast(**kw):
    return FastExplorable(title="Lines", description="y is ten a plus b, for every a.",
                          controls=[Slider("a", "a", 0, 1, 0.5, 0.5), Slider("b", "b", 0, 2, 1, 0)],
                          compute=_line, view=_view, **kw)


def test_sweep_compute_gives_what_compute_gives_point_by_point():
    fast, slow = _fast(sweep="a", sweep_compute=_sweep), _fast(sweep="a")
    a = fast.data_at(b=2).sort_index(axis=1)
    b = slow.data_at(b=2).sort_index(axis=1)
    pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True),
                                  check_dtype=False)
    assert a["a"].tolist() == [0.0, 0.5, 1.0] and set(a["b"]) == {2}


def test_without_a_sweep_compute_the_plain_model_runs():
    assert _fast(sweep="a").data_at(b=1)["y"].tolist() == [1.0, 6.0, 11.0]
    assert _fast().data_at(a=0.5, b=1)["y"].tolist() == [6.0]


def test_live_spec_swaps_the_data_and_the_control_values():
    fig = _fast()
    first = fig.live_spec(a=0.0, b=0)
    second = fig.live_spec(a=1.0, b=2)
    rows = second["datasets"][fig._data_name]
    assert rows == [{"a": 1.0, "y": 12.0, "b": 2}]
    assert first["datasets"][fig._data_name] == [{"a": 0.0, "y": 0.0, "b": 0}]
    values = {p["name"]: p.get("value") for p in second.get("params", []) if "name" in p}
    assert values.get("a", 1.0) == 1.0 and values.get("b", 2) == 2
    assert fig._template is not None and fig.live_spec(a=0.4)["datasets"][fig._data_name][0][
        "a"] == 0.5  # snapped to the grid


def test_live_bundle_is_the_books_html_and_the_spec():
    bundle = _fast().live_bundle(a=0.5, b=1)
    assert set(bundle) == {"text/html", VEGALITE_MIMETYPE}
    assert bundle["text/html"].startswith('<div class="antbook-chart"')


def test_live_spec_refuses_a_chart_without_the_models_data():
    def other_view(data, params):
        return where(alt.Chart(pd.DataFrame({"q": [1, 2, 3]})), params).mark_point().encode(
            x="q:Q")

    fig = FastExplorable(title="t", description="a chart that draws other data",
                         controls=[Slider("a", "a", 0, 1, 0.5, 0.5)],
                         compute=lambda a: pd.DataFrame({"y": [a]}), view=other_view)
    with pytest.raises(ValueError, match="cannot find the model's data in the chart spec"):
        fig.live_spec(a=0.5)


def test_explorable_refuses_duplicate_and_unknown_controls():
    controls = [Slider("a", "a", 0, 1, 0.5, 0.5), Slider("a", "again", 0, 1, 0.5, 0.5)]
    with pytest.raises(ValueError, match=r"^duplicate control names in \['a', 'a'\]$"):
        Explorable(title="t", description="d", controls=controls, compute=_line, view=_view)
    with pytest.raises(ValueError, match=r"^sweep 'c' is not one of the controls \['a', 'b'\]$"):
        _fast(sweep="c")
    with pytest.raises(ValueError, match="print setting .* names unknown controls"):
        _fast(print_settings=[{"z": 1}])


def test_three_forms_bundle_with_and_without_a_widget():
    spec = _view(pd.DataFrame({"a": [0], "y": [1]}), []).properties(
        title="t", description="a one-point chart").to_dict()
    bundle = three_forms_bundle("summary", spec, spec)
    assert set(bundle) == {"text/plain", "text/html", VEGALITE_MIMETYPE}
    assert bundle["text/html"].endswith(LIVE_NOTE) and bundle["text/plain"] == "summary"
    assert three_forms_bundle("s", spec, spec, note="<p>n</p>")["text/html"].endswith("<p>n</p>")

    class Widget:
        def _repr_mimebundle_(self):
            return {WIDGET_VIEW: {"model_id": "x"}}

    assert three_forms_bundle("s", spec, spec, widget=Widget())[WIDGET_VIEW] == {"model_id": "x"}


def test_choice_figure_bundles_its_three_forms():
    def chart():
        return alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x:Q").properties(
            title="Choice", description="a chart with one point")

    made = []

    class Widget:
        def _repr_mimebundle_(self):
            made.append(1)
            return {WIDGET_VIEW: {"model_id": "w"}}

    fig = ChoiceFigure(chart, chart, Widget, summary="Interactive figure: Choice")
    bundle = fig.mimebundle()
    assert bundle["text/plain"] == "Interactive figure: Choice" and WIDGET_VIEW in bundle
    assert WIDGET_VIEW not in fig.mimebundle(include_widget=False) and made == [1]
    assert ChoiceFigure(chart, chart, Widget, "s", note="<i>n</i>").mimebundle(
        include_widget=False)["text/html"].endswith("<i>n</i>")
