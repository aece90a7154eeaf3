"""Tests of chapter 1's interactive forms (antbook.figures.past_lives)."""

import altair as alt
import pytest

from antbook.charts import use_book_style
from antbook.explorable import Explorable, Slider
from antbook.figures.past_lives import (
    market_view,
    scenario_chart,
    simulator_widget,
    state_diagram,
)
from antbook.models.escrow import SCENARIOS, STATES
from antbook.models.escrow_market import market


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
    def compute(cheat_share, fee):
        return market(cheat_share, fee, 10.0, matches=200)[["regime", "volume", "buyers",
                                                             "sellers", "fraud"]]

    fig = Explorable(title="t", description="d",
                          controls=[Slider("cheat_share", "Share", 0.0, 0.5, 0.25, 0.25),
                                    Slider("fee", "Fee", 0.0, 10.0, 5.0, 5.0)],
                          compute=compute, view=market_view, sweep="cheat_share",
                          print_settings=[{"fee": 0.0}, {"fee": 10.0}])
    spec = fig.print_chart().to_dict()
    assert len(spec["vconcat"]) == 2
    assert isinstance(fig.browser_chart(), alt.HConcatChart)
