"""Tests of chapter 1's interactive forms (antbook.figures.past_lives)."""

import altair as alt
import pandas as pd
import pytest

from antbook.charts import use_book_style
from antbook.explorable import Explorable, Slider
from antbook.figures.past_lives import (
    scenario_chart,
    simulator_widget,
    state_diagram,
    unravelling_view,
)
from antbook.models.escrow import SCENARIOS, STATES
from antbook.models.escrow_market import unravelling


@pytest.fixture(autouse=True)
def style():
    use_book_style()


def _buttons(widget):
    found = {}
    for row in widget.children:
        for child in getattr(row, "children", [row]):
            if child.__class__.__name__ == "Button":
                found[child.description] = child
    return found


def test_widget_plays_and_shows_refusals():
    widget = simulator_widget(price=100.0)
    buttons = _buttons(widget)
    status = widget.children[-1]
    buttons["Release to seller"].click()
    assert "release refused: nothing is held" in status.value
    assert "State: <b>created</b>" in status.value
    for name in ["Pay", "Ship a fake", "Complain", "Refund buyer"]:
        buttons[name].click()
    assert "State: <b>refunded</b>" in status.value and "Buyer 100" in status.value
    buttons["Refund buyer"].click()
    assert "already been refunded" in status.value
    buttons["Start again"].click()
    assert "State: <b>created</b>" in status.value and "refused" not in status.value


def test_scenario_chart_offers_every_scenario():
    spec = scenario_chart().to_dict()
    params = spec["params"]
    assert params[0]["bind"]["options"] == list(SCENARIOS)
    assert spec["title"] and spec["description"]


def test_state_diagram_draws_every_state():
    spec = state_diagram().to_dict()
    names = set()
    for dataset in spec["datasets"].values():
        names |= {row.get("state") for row in dataset}
    assert set(STATES) <= names


def test_panel_explorable_print_form_has_one_row_per_setting():
    def compute(round, lemon_share):
        last = unravelling(lemon_share, rounds=int(round)).iloc[-1]
        return pd.DataFrame([last[["price", "honest_staying", "quality"]].to_dict()])

    fig = Explorable(title="t", description="d",
                          controls=[Slider("round", "Round", 0, 12, 6, 12),
                                    Slider("lemon_share", "Share", 0.0, 0.4, 0.2, 0.2)],
                          compute=compute, view=unravelling_view, sweep="round",
                          print_settings=[{"lemon_share": 0.0}, {"lemon_share": 0.4}])
    spec = fig.print_chart().to_dict()
    assert len(spec["vconcat"]) == 2
    assert isinstance(fig.browser_chart(), alt.HConcatChart)


def test_unravelling_explorable_moves_with_both_controls():
    from antbook.figures.past_lives import unravelling_explorable

    fig = unravelling_explorable()
    grid = fig.grid()
    settled = grid[grid["round"] == 12].set_index("lemon_share")["price"]
    assert settled.loc[0.0] == pytest.approx(85.0)
    assert settled.loc[0.4] == 0.0 and settled.loc[0.1] > settled.loc[0.25] > 0
    by_round = grid[grid["lemon_share"] == 0.25].set_index("round")["price"]
    assert by_round.loc[0] > by_round.loc[12]
    spec = fig.browser_chart().to_dict()
    assert {p["name"] for p in spec["params"]} == {"round", "lemon_share"}
    assert len(fig.print_chart().to_dict()["vconcat"]) == 3


def test_incidence_explorable_shares_the_fee():
    from antbook.figures.past_lives import incidence_explorable

    fig = incidence_explorable()
    grid = fig.grid()
    row = grid[(grid["fee"] == 10.0) & (grid["cheat_share"] == 0.0)
               & (grid["value_spread"] == 100.0)].iloc[0]
    assert row["buyer_price"] - row["seller_price"] == pytest.approx(10.0)
    assert row["buyer_share"] == pytest.approx(0.5)
    for name in ("cheat_share", "value_spread"):
        at_ten = grid[grid["fee"] == 10.0]
        assert at_ten.groupby(name)["buyer_share"].mean().nunique() > 1, name
    spec = fig.browser_chart().to_dict()
    assert {p["name"] for p in spec["params"]} == {"fee", "cheat_share", "value_spread"}



def _legend_cuts(node, found=None) -> list[tuple[str, int]]:
    """Legend labels wider than their legend's labelLimit (Vega's default 160 px), at about
    6.5 px a character of the 12 px label font in the browser's sans; vl-convert's own fonts are
    narrower, so an SVG render does not show the cut."""
    found = [] if found is None else found
    if isinstance(node, dict):
        legend, domain = node.get("legend"), node.get("scale", {}).get("domain")
        if isinstance(legend, dict) and isinstance(domain, list):
            limit = legend.get("labelLimit", 160)
            found += [(label, limit) for label in domain
                      if isinstance(label, str) and 6.5 * len(label) > limit]
        for value in node.values():
            _legend_cuts(value, found)
    elif isinstance(node, list):
        for value in node:
            _legend_cuts(value, found)
    return found


def test_unravelling_legend_prints_its_labels_in_full():
    """The site read "Honest sellers still offeri…": the label is wider than 160 px."""
    from antbook.figures.past_lives import unravelling_explorable

    spec = unravelling_explorable().browser_chart().to_dict()
    assert _legend_cuts({"legend": {}, "scale": {"domain": ["x" * 30]}}) == [("x" * 30, 160)]
    assert _legend_cuts(spec) == []
