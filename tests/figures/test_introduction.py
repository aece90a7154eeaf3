"""Tests of the introduction's figures (antbook.figures.introduction)."""

import pytest
import vl_convert as vlc

from antbook.charts import STATUS_OPACITY, use_book_style
from antbook.data import load_table
from antbook.figures.introduction import (
    capital_light_explorable,
    lending_economics_explorable,
    revenue_chart,
)


@pytest.fixture(autouse=True)
def style():
    use_book_style()


def economics():
    return lending_economics_explorable(balance=2100.0, fee_rate=0.0274, spread=0.03,
                                        reported_share=0.02, rule_share=0.30)


def test_economics_data_is_profit_after_costs_over_capped_equity():
    data = economics().data_at(own_share=0.3).set_index("own_share")
    at_2, at_30 = data.loc[0.02], data.loc[0.3]
    assert at_2["equity_required"] == pytest.approx(7.0)
    assert at_30["equity_required"] == pytest.approx(105.0)
    assert at_2["return_on_equity"] > 1.0 and at_30["return_on_equity"] < 0.1


def test_every_slider_changes_the_browser_data():
    fig = economics()
    grid = fig.grid()
    for name in ("cost_share", "bond_cap"):
        assert grid.groupby(name)["return_on_equity"].mean().nunique() > 1, name
    spec = fig.browser_chart().to_dict()
    assert {p["name"] for p in spec["params"]} == {"own_share", "cost_share", "bond_cap"}
    assert spec["description"] and spec["title"]


def test_print_form_has_one_row_per_setting():
    spec = economics().print_chart().to_dict()
    assert len(spec["vconcat"]) == 3


def test_old_capital_interactive_still_builds():
    fig = capital_light_explorable(balance=2100.0, fee_rate=0.0274, spread=0.03,
                                   reported_share=0.02, rule_share=0.30)
    assert fig.data_at(own_share=0.3, capital_ratio=0.1)["capital_required"].max() > 0


def test_revenue_bars_are_drawn_at_the_opacity_of_their_status():
    """Vega-Lite reads an ordinal field's list of opacities as a [first, second] extent (the
    bars then differ by a few per cent); the scale must be a lookup of STATUS_OPACITY."""
    vega = vlc.vegalite_to_vega(revenue_chart(load_table("revenue_by_segment")).to_dict())
    scale = next(s for s in vega["scales"] if s["name"] == "opacity")
    assert scale["type"] == "ordinal"
    assert dict(zip(scale["domain"], scale["range"], strict=True)) == STATUS_OPACITY
