"""Chapter 5's figures: three forms each, and every control changes what is drawn.

The browser forms are checked by rendering their Vega-Lite spec (vl-convert) with a control's
param set to each value it can take: the drawing must change. The live forms are checked the same
way through the function the widget redraws with.
"""

from __future__ import annotations

import copy

import pandas as pd
import pytest
import vl_convert as vlc

from antbook.charts import VEGALITE_MIMETYPE, use_book_style
from antbook.data import load_table
from antbook.figures.supervision import (
    GAPS,
    RULE_LABELS,
    network_figure,
    perimeter_figure,
    rules_figure,
    timeline_events,
    timeline_figure,
)
from antbook.models.rules import RULES

FACTS = load_table("facts").set_index("fact_id")["value"]


@pytest.fixture(autouse=True)
def style():
    # per test, not at import: enabled at import it leaked into every later module of the run
    use_book_style()


@pytest.fixture(scope="module")
def rules():
    return rules_figure(FACTS["credit_balance"] * 1000, FACTS["own_balance_share"] / 100,
                        FACTS["credittech_fee_rate"] / 100, FACTS["own_loan_spread"] / 100,
                        FACTS["own_loan_capital_ratio"] / 100)


@pytest.fixture(scope="module")
def perimeter():
    return perimeter_figure(load_table("perimeter"))


@pytest.fixture(scope="module")
def network():
    return network_figure(load_table("network_nodes"), load_table("network_edges"))


@pytest.fixture(scope="module")
def events():
    return timeline_events()


@pytest.fixture(scope="module")
def timeline(events):
    return timeline_figure(events)


def svg(spec: dict) -> str:
    return vlc.vegalite_to_svg(spec)


def with_param(spec: dict, name: str, value) -> dict:
    spec = copy.deepcopy(spec)
    found = [p for p in spec.get("params", []) if p["name"] == name]
    assert len(found) == 1, f"no top-level param {name!r}"
    found[0]["value"] = value
    return spec


def params(spec: dict) -> dict[str, dict]:
    return {p["name"]: p for p in spec.get("params", [])}


@pytest.mark.parametrize("name", ["rules", "perimeter", "network", "timeline"])
def test_three_forms_in_one_output(name, request):
    figure = request.getfixturevalue(name)
    bundle = figure.mimebundle(include_widget=False)
    assert bundle["text/plain"].startswith("Interactive figure:")
    assert "<div" in bundle["text/html"]
    printed = bundle[VEGALITE_MIMETYPE]
    assert printed.get("description") and printed.get("title")
    assert "application/vnd.jupyter.widget-view+json" not in bundle


# -- the rules on a balance sheet ----------------------------------------------------------------

def test_rules_table_has_every_combination_and_the_identities(rules):
    table = rules.table
    assert len(table) == 8
    assert (table["own_funded"] + table["partner_funded"]).round(6).eq(2100.0).all()
    none = table[(table[list(RULES)] == 0).all(axis=1)].iloc[0]
    assert none["loans_arrangeable"] == pytest.approx(2100.0)
    assert (table["capital_required"] >= none["capital_required"] - 1e-9).all()


def test_every_checkbox_changes_the_browser_chart(rules):
    spec = rules.browser().to_dict()
    bound = params(spec)
    assert {f"ch5_{r}" for r in RULES} <= set(bound)
    assert all(bound[f"ch5_{r}"]["bind"]["input"] == "checkbox" for r in RULES)
    start = svg(spec)
    for rule in RULES:
        assert svg(with_param(spec, f"ch5_{rule}", True)) != start, rule


def test_the_leverage_cap_moves_the_chart_even_with_co_lending_on(rules):
    spec = with_param(rules.browser().to_dict(), "ch5_co_lending", True)
    assert svg(with_param(spec, "ch5_leverage_cap", True)) != svg(spec)


def test_a_floor_that_does_not_bind_is_still_drawn(rules):
    spec = with_param(rules.browser().to_dict(), "ch5_leverage_cap", True)
    assert svg(with_param(spec, "ch5_fhc", True)) != svg(spec)
    floors = rules.floors
    binding = floors[floors["text"].str.endswith("(binds)")]
    assert len(binding) == 8  # exactly one binding floor in each of the 8 settings
    both = binding[(binding["leverage_cap"] == 1) & (binding["fhc"] == 1)]
    assert set(both["floor"]) == {"leverage cap"}


def test_every_rule_changes_the_live_chart(rules):
    start = svg(rules.static().to_dict())
    for rule in RULES:
        assert svg(rules.static(**{rule: True}).to_dict()) != start, rule


def test_the_live_widget_redraws_from_the_model(rules):
    widget = rules.widget()
    boxes = widget.children[0].children
    assert [b.description for b in boxes] == list(RULE_LABELS.values())
    before = widget.children[1].outputs[0]["data"][VEGALITE_MIMETYPE]
    boxes[0].value = True
    after = widget.children[1].outputs[0]["data"][VEGALITE_MIMETYPE]
    assert after != before


def test_rules_print_has_four_settings(rules):
    printed = rules.printed().to_dict()
    assert len(printed["vconcat"]) == 4


# -- the perimeter -------------------------------------------------------------------------------

def test_the_year_slider_spans_2017_to_2024_and_moves_the_chart(perimeter):
    spec = perimeter.browser().to_dict()
    year = params(spec)["ch5_year"]
    assert (year["bind"]["min"], year["bind"]["max"], year["bind"]["step"]) == (2017, 2024, 1)
    drawings = {svg(with_param(spec, "ch5_year", y)) for y in (2017, 2020, 2024)}
    assert len(drawings) == 3


def test_the_live_perimeter_refuses_a_year_outside_the_table(perimeter):
    assert svg(perimeter.static(2017).to_dict()) != svg(perimeter.static(2024).to_dict())
    with pytest.raises(ValueError, match="year must be one of 2017-2024"):
        perimeter.static(2016)


def test_the_print_form_is_then_and_now(perimeter):
    printed = perimeter.printed().to_dict()
    assert [row["title"] for row in printed["vconcat"]] == ["In 2020", "In 2024"]


# -- the network ---------------------------------------------------------------------------------

def test_the_period_toggle_moves_the_network(network):
    spec = network.browser().to_dict()
    period = params(spec)["ch5_period"]
    assert period["bind"]["input"] == "radio"
    assert period["bind"]["options"] == ["2020", "after 2023"]
    assert svg(with_param(spec, "ch5_period", "after 2023")) != svg(spec)


def test_the_live_network_draws_each_period(network):
    assert svg(network.static("2020").to_dict()) != svg(network.static("after 2023").to_dict())
    with pytest.raises(ValueError, match="period must be one of"):
        network.static("2019")


# -- the timeline --------------------------------------------------------------------------------

def test_timeline_events_carry_a_gap_each(events):
    assert set(events["gap"]) == set(GAPS)
    assert events["date"].is_monotonic_increasing
    assert {"ch5_alibaba_fine", "ant_fine_2023", "ma_control"} <= set(events["event_id"])


def test_an_unknown_event_in_the_gap_table_is_an_error():
    gaps = pd.DataFrame({"event_id": ["ch5_alibaba_fine", "no_such_event"],
                         "gap": ["competition", "data"]})
    with pytest.raises(KeyError, match="no_such_event"):
        timeline_events(gaps=gaps)


def test_every_gap_changes_the_timeline(timeline):
    spec = timeline.browser().to_dict()
    gap = params(spec)["ch5_gap"]
    assert gap["bind"]["options"] == ["all", *GAPS]
    assert [p["name"] for p in spec["params"] if "bind" in p] == ["ch5_gap"]
    start = svg(spec)
    drawings = {svg(with_param(spec, "ch5_gap", g)) for g in GAPS}
    assert start not in drawings and len(drawings) == len(GAPS)


def test_the_live_timeline_filters_in_python(timeline, events):
    chart = timeline.static("ownership").to_dict()
    (rows,) = [v for v in chart["datasets"].values()]
    assert {r["event_id"] for r in rows} == set(events.loc[events["gap"] == "ownership",
                                                           "event_id"])
    with pytest.raises(ValueError, match="gap must be"):
        timeline.static("weather")



def _axis_label_rows(svg_text: str) -> list[list[tuple[float, float, str]]]:
    """Each horizontal axis's labels as (left, right, text) from Vega's SVG, at about 7 px a
    digit and half that a comma (the browser's fallback sans at the 12 px axis font),
    honouring text-anchor."""
    import re

    rows = []
    for group in re.findall(r'<g class="mark-text role-axis-label"[^>]*>(.*?)</g>', svg_text, re.S):
        labels = re.findall(r'<text text-anchor="(\w+)" transform="translate\(([-\d.]+),([-\d.]+)'
                            r'\)"[^>]*>([^<]*)</text>', group)
        by_y: dict[str, list[tuple[float, float, str]]] = {}
        for anchor, x, y, text in labels:
            width, x = 7 * len(text) - 3.5 * text.count(","), float(x)
            left = {"start": x, "end": x - width}.get(anchor, x - width / 2)
            by_y.setdefault(y, []).append((left, left + width, text))
        rows += [sorted(r) for r in by_y.values() if len(r) > 1]
    return rows


def test_no_two_axis_labels_of_the_rules_chart_run_together(rules):
    """The capital axis once read '... 100 110120': the last label is set flush right."""
    rows = _axis_label_rows(svg(rules.browser().to_dict()))
    assert rows, "no horizontal axis labels found in the SVG"
    for row in rows:
        for (_, right, a), (left, _, b) in zip(row, row[1:], strict=False):
            assert left - right >= 4, f"{a!r} and {b!r} run together: {row}"
