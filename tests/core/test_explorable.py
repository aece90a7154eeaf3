"""The three-mode interactive pattern."""

from __future__ import annotations

import altair as alt
import pandas as pd
import pytest

from antbook.charts import VEGALITE_MIMETYPE
from antbook.explorable import Explorable, Slider, where


def _square(a: float, b: float) -> pd.DataFrame:
    return pd.DataFrame({"y": [a * a + b]})


def _view(data, params):
    return where(alt.Chart(data), params).mark_bar().encode(y="y:Q")


def _fig(**kw):
    return Explorable(title="Squares", description="A bar of a squared plus b.",
                      controls=[Slider("a", "a", 0, 1, 0.25, 0.5), Slider("b", "b", 0, 2, 1, 0)],
                      compute=_square, view=_view, **kw)


def test_grid_runs_the_model_at_every_point():
    grid = _fig().grid()
    assert len(grid) == 5 * 3
    assert set(grid["a"]) == {0, 0.25, 0.5, 0.75, 1.0}
    row = grid[(grid["a"] == 0.75) & (grid["b"] == 2)]
    assert row["y"].item() == pytest.approx(0.75**2 + 2)


def test_sweep_computes_the_whole_range_at_one_setting():
    fig = _fig(sweep="a")
    data = fig.data_at(b=1)
    assert list(data["a"]) == [0, 0.25, 0.5, 0.75, 1.0] and set(data["b"]) == {1}
    assert len(fig.grid()) == 15


def test_browser_chart_binds_every_control_to_a_slider():
    spec = _fig().browser_chart().to_dict()
    binds = {p["name"]: p["bind"] for p in spec["params"]}
    assert binds["a"]["input"] == "range" and binds["a"]["step"] == 0.25
    assert binds["b"]["max"] == 2
    assert spec["description"] and spec["title"] == "Squares"


def test_live_chart_reruns_the_model_at_the_setting():
    spec = _fig().live_chart(a=1.0, b=2).to_dict()
    values = next(iter(spec["datasets"].values()))
    assert values == [{"y": 3.0, "a": 1.0, "b": 2}]
    assert all("bind" not in p for p in spec["params"])


def test_print_chart_has_one_panel_per_setting_fixed_by_constants():
    fig = _fig(print_settings=[{"a": 0}, {"a": 0.5}, {"a": 1}, {"b": 2}])
    spec = fig.print_chart().to_dict()
    panels = [p for row in spec["vconcat"] for p in row["hconcat"]]
    assert len(panels) == 4
    assert "params" not in spec  # print needs no signals: nothing in it moves
    filters = [t["filter"] for t in panels[1]["transform"]]
    assert filters == ["abs(datum['a'] - 0.5) < 1e-6", "abs(datum['b'] - 0.0) < 1e-6"]
    assert [p["title"] for p in panels] == ["a = 0.00", "a = 0.50", "a = 1.00", "b = 2.00"]


def test_print_chart_of_a_row_of_panels_prints_one_setting_per_row():
    def two_panels(data, params):
        bar = where(alt.Chart(data), params).mark_bar().encode(y="y:Q")
        return alt.hconcat(bar, bar)

    fig = _fig(print_settings=[{"a": 0}, {"a": 1}])
    fig.view = two_panels
    spec = fig.print_chart().to_dict()
    assert [len(row["hconcat"]) for row in spec["vconcat"]] == [2, 2]


def test_mimebundle_has_all_three_forms():
    bundle = _fig().mimebundle(include_widget=True)
    assert {"text/html", VEGALITE_MIMETYPE, "text/plain",
            "application/vnd.jupyter.widget-view+json"} <= set(bundle)
    assert "binding" not in bundle["text/plain"]


def test_widget_slider_reruns_the_model(book_style):
    fig = _fig()
    box = fig.widget()
    slider_a, _slider_b, out = box.children
    assert len(out.outputs) == 1
    slider_a.value = 1.0
    assert len(out.outputs) == 1
    spec = out.outputs[0]["data"][VEGALITE_MIMETYPE]
    assert next(iter(spec["datasets"].values()))[0]["y"] == pytest.approx(1.0)


@pytest.mark.parametrize("kwargs, message", [
    (dict(name="a b", label="x", start=0, stop=1, step=0.1, default=0), "identifier"),
    (dict(name="a", label="x", start=1, stop=0, step=0.1, default=0), "start < stop"),
    (dict(name="a", label="x", start=0, stop=1, step=0.1, default=2), "outside"),
    (dict(name="a", label="x", start=0, stop=1, step=0.25, default=0.3), "not on the grid"),
])
def test_bad_slider_is_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Slider(**kwargs)


def test_bad_explorable_is_refused():
    with pytest.raises(ValueError, match="unknown controls"):
        _fig(print_settings=[{"c": 1}])
    with pytest.raises(ValueError, match="sweep"):
        _fig(sweep="c")


def test_snap_keeps_browser_and_python_on_the_same_grid():
    s = Slider("x", "x", 0.02, 1.0, 0.02, 0.02)
    assert s.values()[14] == 0.3 and s.snap(0.3000000001) == 0.3
    assert len(s.values()) == 50
