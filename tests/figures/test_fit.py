"""Charts of chapters 2, 4 and 5 can be drawn at a phone's width (and :mod:`antbook.figures.fit`).

On the site the chart loader narrows a chart by scaling the ``width`` of its views; a chart fits
a phone only if nothing in it keeps a fixed pixel length (a caption, a label at a bar's end, a
text mark's ``limit``). Each chart's browser spec is narrowed here the same way and drawn with
vl-convert: some scale must bring it within a phone's 355 px column without crushing its plots.
Titles are left out (the loader wraps them to the width).
"""

from __future__ import annotations

import copy
import json
import re

import altair as alt
import pandas as pd
import pytest
import vl_convert as vlc

from antbook.charts import use_book_style
from antbook.data import load_table
from antbook.figures.fit import caption, side_of

PHONE = 355
"""The width (px) of a chart's box on a 390 px phone."""


@pytest.fixture(autouse=True)
def style():
    use_book_style()


def _scaled(node, f):
    if isinstance(node, list):
        return [_scaled(v, f) for v in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for k, v in node.items():
        if k in ("width", "continuousWidth", "discreteWidth") and isinstance(v, (int, float)):
            out[k] = max(40, int(v * f))  # as chart_loader.js's scaleWidths
        elif k in ("data", "datasets"):
            out[k] = v
        else:
            out[k] = _scaled(v, f)
    return out


def _phone_legends(node):
    """Legends as the loader sets them on a phone: under the drawing, one entry a line."""
    if isinstance(node, list):
        for v in node:
            _phone_legends(v)
    elif isinstance(node, dict):
        for k, v in node.items():
            if k == "legend" and isinstance(v, dict) and "field" in node:
                if "columns" in v:
                    v["columns"] = 1
                if v.get("orient") in ("left", "right"):
                    v["orient"] = "bottom"
                v["direction"] = "vertical"
            elif k not in ("data", "datasets", "config"):
                _phone_legends(v)


def drawn_width(spec: dict) -> float:
    svg = vlc.vegalite_to_svg(spec)
    return float(re.search(r'<svg[^>]*\swidth="([0-9.]+)"', svg).group(1))


def phone_scale(spec: dict) -> float | None:
    """The largest width scale (to 0.01) at which ``spec`` is drawn within :data:`PHONE` px,
    or None if even a fifth of its width does not fit."""
    spec = copy.deepcopy(spec)
    spec["title"] = "T"
    _phone_legends(spec)
    legend = spec.setdefault("config", {}).setdefault("legend", {})
    legend["direction"] = "vertical"
    legend["layout"] = {"bottom": {"direction": "vertical", "anchor": "start"}}
    lo, hi = 0.2, 1.0
    if drawn_width(_scaled(spec, lo)) > PHONE:
        return None
    while hi - lo > 0.01:
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if drawn_width(_scaled(spec, mid)) <= PHONE else (lo, mid)
    return lo


def _charts():
    from antbook.figures.closed_loop import loop_figure, pricing_explorable
    from antbook.figures.financial_attributes import contagion_explorable, scorer_explorable
    from antbook.figures.supervision import perimeter_figure, rules_figure
    from antbook.models.ecosystem import build_graph
    from antbook.models.loop_graph import add_links
    from antbook.models.pricing import linear_demand_values
    from antbook.models.systemic import category_weights

    p = load_table("facts").set_index("fact_id")["value"]
    edges = add_links(load_table("network_edges"), load_table("ch4_loop_links"))
    return {
        "ch2 scorer": lambda: scorer_explorable(
            load_table("systemic_indicators"),
            category_weights(load_table("gsib_weights"), "2013")).browser_chart(),
        "ch2 contagion": lambda: contagion_explorable(
            load_table("contagion_nodes"), load_table("contagion_exposures"),
            0.02).browser_chart(),
        "ch4 pricing": lambda: pricing_explorable(linear_demand_values(400, top=10.0),
                                                  cost=2.0).browser_chart(),
        "ch4 loops": lambda: loop_figure(build_graph(load_table("network_nodes"), edges),
                                         title="T", description="D").browser(),
        "ch5 rules": lambda: rules_figure(
            p["credit_balance"] * 1000, p["own_balance_share"] / 100,
            p["credittech_fee_rate"] / 100, p["own_loan_spread"] / 100,
            p["own_loan_capital_ratio"] / 100, p["ch2_colending_notice_30pct"] / 100,
            1 + p["ch5_micro_leverage_nonstandard"] + p["ch5_micro_leverage_bonds"],
            p["ch5_fhc_capital_ratio"] / 100).browser(),
        "ch5 perimeter": lambda: perimeter_figure(load_table("perimeter")).browser(),
    }


CHARTS = _charts()


@pytest.mark.parametrize("name", list(CHARTS))
def test_the_chart_fits_a_phone_when_its_views_are_narrowed(name):
    spec = CHARTS[name]().to_dict()
    scale = phone_scale(spec)
    assert scale is not None, f"{name}: no narrowing brings it within {PHONE} px"
    # its plots keep a readable width: they are not squeezed to a sliver to make room for text
    assert scale >= 0.3, f"{name}: fits only at {scale:.2f} of its width"


def test_the_scorers_totals_have_room_beside_the_largest_bar():
    from antbook.figures.financial_attributes import SCORE_AXIS_MAX, scorer_explorable
    from antbook.models.systemic import category_weights

    scorer = scorer_explorable(load_table("systemic_indicators"),
                               category_weights(load_table("gsib_weights"), "2013"))
    grid = scorer.grid()
    totals = grid[["Size", "Interconnectedness", "Substitutability", "Complexity",
                   "Cross-border"]].sum(axis=1)
    assert totals.max() <= 0.77 * SCORE_AXIS_MAX


def _caption_spec(width: int) -> float:
    data = pd.DataFrame({"x": [1.0], "share": [0.25]})
    bars = alt.Chart(data).mark_bar().encode(x="x:Q")
    text = alt.Chart(data).mark_text(align="left", baseline="bottom", fontWeight="bold").encode(
        x=alt.value(0), **caption([["'A rather long caption: ' + format(datum.share, '.0%')"],
                                   ["'A rather long caption:'", "format(datum.share, '.0%')"]]))
    return alt.layer(bars, text).properties(width=width, title="T").to_dict()


def test_a_caption_breaks_into_lines_only_when_the_plot_is_narrow():
    wide = json.dumps(vlc.vegalite_to_vega(_caption_spec(400)))
    assert "A rather long caption" in wide
    assert drawn_width(_caption_spec(400)) < 420       # one line, within the plot
    assert drawn_width(_caption_spec(100)) < 180       # two lines: no long line
    narrow_svg = vlc.vegalite_to_svg(_caption_spec(100))
    assert "A rather long caption:</tspan>" in narrow_svg or \
        "A rather long caption:<" in narrow_svg
    assert "25%" in narrow_svg


def test_a_caption_needs_a_layout():
    with pytest.raises(ValueError, match="at least one layout"):
        caption([])
    with pytest.raises(ValueError, match="at least one layout"):
        caption([[]])


def test_a_label_goes_left_of_a_point_near_the_plots_end():
    props = side_of("datum.share", "datum.text", font_size=10)
    data = pd.DataFrame({"share": [0.1, 0.95], "text": ["a label of some length"] * 2})
    chart = alt.Chart(data).mark_text(baseline="middle", **props).encode(
        x=alt.X("share:Q", scale=alt.Scale(domain=[0, 1])), y="share:N", text="text:N"
    ).properties(width=300, title="T")
    # both labels stay inside the 300 px plot (plus the y axis' labels)
    assert drawn_width(chart.to_dict()) < 300 + 60
