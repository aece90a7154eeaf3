"""Tests of chapter 4's interactives (antbook.figures.closed_loop): every control changes what
the reader sees, and each form builds a valid chart."""

import json

import pandas as pd
import pytest

from antbook.charts import use_book_style
from antbook.data import load_table
from antbook.explorable import VEGALITE_MIMETYPE
from antbook.figures.closed_loop import (
    data_loop_explorable,
    loop_figure,
    loop_frames,
    pricing_explorable,
    pricing_rows,
    tipping_explorable,
    tipping_paths,
)
from antbook.models.data_loop import AccuracyCurve
from antbook.models.ecosystem import build_graph
from antbook.models.loop_graph import add_links
from antbook.models.pricing import linear_demand_values

VALUES = linear_demand_values(120, 10.0)
CURVE = AccuracyCurve.from_table(pd.DataFrame({
    "features": ["bank"] * 3 + ["platform"] * 3, "sample_size": [100, 1000, 10000] * 2,
    "auc": [0.70, 0.74, 0.76, 0.78, 0.83, 0.85]}))


@pytest.fixture(autouse=True)
def style():
    use_book_style()


@pytest.fixture(scope="module")
def graph():
    edges = add_links(load_table("network_edges"), load_table("ch4_loop_links"))
    return build_graph(load_table("network_nodes"), edges)


def explorables():
    return {"tipping": tipping_explorable(),
            "data loop": data_loop_explorable(CURVE, 0.01, 0.08),
            "pricing": pricing_explorable(VALUES, 2.0)}


@pytest.mark.parametrize("name", ["tipping", "data loop", "pricing"])
def test_every_slider_changes_the_data_the_chart_draws(name):
    fig = explorables()[name]
    defaults = fig.defaults()
    base = fig.data_at(**defaults).drop(columns=[c.name for c in fig.controls])
    for control in fig.controls:
        other = control.stop if defaults[control.name] != control.stop else control.start
        moved = fig.data_at(**{**defaults, control.name: other}).drop(
            columns=[c.name for c in fig.controls])
        assert not base.equals(moved), f"{name}: control {control.name!r} changes nothing"


@pytest.mark.parametrize("name", ["tipping", "data loop", "pricing"])
def test_three_forms_build_and_the_browser_form_binds_every_control(name):
    fig = explorables()[name]
    bundle = fig.mimebundle(include_widget=False)
    html = bundle["text/html"]
    for control in fig.controls:
        assert f'"name": "{control.name}"' in html or f'"name":"{control.name}"' in html
    printed = bundle[VEGALITE_MIMETYPE]
    assert "Printed at a few settings" in json.dumps(printed)
    assert "params" not in json.dumps(printed) or '"bind"' not in json.dumps(printed)


def test_tipping_strong_effects_tip_and_subsidy_overturns():
    weak = tipping_paths(1.0, 0.0, 0.0)
    strong = tipping_paths(5.0, 0.0, 0.0)
    helped = tipping_paths(5.0, 0.0, 1.5)

    def end(frame, platform):
        return float(frame[(frame["period"] == 40) & (frame["platform"] == platform)]["reach"]
                     .iloc[0])

    assert abs(end(weak, "A") - end(weak, "B")) < 0.05
    assert end(strong, "B") > 0.95
    assert end(helped, "A") > 0.95
    # a switching cost makes a middling subsidy fail where it worked without one
    assert end(tipping_paths(5.0, 0.0, 0.75), "A") > 0.9
    assert end(tipping_paths(5.0, 2.0, 0.75), "A") < 0.1


def test_pricing_rows_add_up_and_a_binding_rival_raises_consumer_surplus():
    free = pricing_rows(VALUES, 2.0, 1.0, 10.0).set_index(["regime", "part"])["surplus"]
    capped = pricing_rows(VALUES, 2.0, 1.0, 5.0).set_index(["regime", "part"])["surplus"]
    assert free[("personal", "consumer")] == 0.0
    assert capped[("personal", "consumer")] > 0.5
    for frame in (free, capped):
        totals = frame.groupby(level="regime").sum()
        assert totals["uniform"] == pytest.approx(totals["personal"], abs=1e-3)


def test_loop_frames_mark_loops_in_each_period(graph):
    nodes, edges = loop_frames(graph)
    assert set(nodes["view"]) == set(edges["view"]) == {"before", "after"}
    looped = edges[edges["kind"] == "on a loop through Alipay"]
    before = set(looped[looped["view"] == "before"]["to"])
    after = set(looped[looped["view"] == "after"]["to"])
    assert "Huabei lender" in before and "Huabei lender" not in after
    assert "Qiantang Credit" in after and "Qiantang Credit" not in before


def test_loop_figure_has_a_period_control_and_both_periods_in_print(graph):
    fig = loop_figure(graph, "Title", "Description")
    bundle = fig.mimebundle(include_widget=False)
    assert "ch4_period" in bundle["text/html"] and "binding" not in bundle["text/plain"]
    printed = json.dumps(bundle[VEGALITE_MIMETYPE])
    assert "Before the 2021 rectification: 6 loops" in printed
    assert "After it: 5 loops" in printed


def test_loop_widget_redraws_when_the_period_changes(graph):
    widget = loop_figure(graph, "Title", "Description").widget()
    toggle, out = widget.children
    first = json.dumps(out.outputs, sort_keys=True)
    toggle.value = "after"
    assert json.dumps(out.outputs, sort_keys=True) != first
    assert "After it" in json.dumps(out.outputs)


def test_loop_frames_do_not_depend_on_set_order():
    # string hashing (and so set order) changes between processes; the drawing must not
    import subprocess
    import sys

    script = ("from antbook.data import load_table\n"
              "from antbook.models.ecosystem import build_graph\n"
              "from antbook.models.loop_graph import add_links\n"
              "from antbook.figures.closed_loop import loop_frames\n"
              "e = add_links(load_table('network_edges'), load_table('ch4_loop_links'))\n"
              "n, e = loop_frames(build_graph(load_table('network_nodes'), e))\n"
              "print(n.to_csv(), e.to_csv())\n")
    runs = {subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                           env={"PYTHONHASHSEED": seed, "PATH": ""}, check=True).stdout
            for seed in ("1", "2")}
    assert len(runs) == 1
