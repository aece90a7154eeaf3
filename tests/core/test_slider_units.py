"""Sliders show values in the units the text uses (2 %, not 0.02) in every reading mode."""

from __future__ import annotations

import altair as alt
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from antbook.explorable import Explorable, Slider, where


def test_a_share_reads_as_per_cent_with_the_books_space():
    share = Slider("own_share", "Own funding share", 0.02, 1.0, 0.02, 0.2, ".0%")
    assert share.text(0.02) == "2 %"
    assert share.text(0.2) == "20 %"
    assert Slider("fee", "Escrow fee", 0.0, 10.0, 2.5, 2.5, ".1f", unit="yuan").text(2.5) == \
        "2.5 yuan"


@given(st.sampled_from([1, 2, 4, 5, 10, 20, 25, 50, 100]))
def test_every_grid_point_has_its_readout(steps):
    slider = Slider("s", "S", 0.0, 1.0, 1.0 / steps, 0.0, ".0%")
    pairs = slider.readouts()
    assert [v for v, _ in pairs] == slider.values()
    assert all(text.endswith(" %") and text[:-2].isdigit() for _, text in pairs)


def test_a_format_that_is_not_a_number_format_is_refused():
    with pytest.raises(ValueError, match="'s'.*format"):
        Slider("s", "S", 0.0, 1.0, 0.5, 0.5, "%Y")


def _explorable():
    return Explorable(
        title="Shares", description="A line that scales with the share.",
        controls=[Slider("share", "Share", 0.0, 0.5, 0.25, 0.25, ".0%")],
        compute=lambda share: pd.DataFrame({"x": [1, 2], "y": [share, 2 * share]}),
        view=lambda data, params: where(
            alt.Chart(data).mark_line().encode(x="x:Q", y="y:Q"), params),
        print_settings=[{"share": 0.0}, {"share": 0.5}])


def test_the_site_form_carries_the_readouts_and_print_titles_use_them():
    bundle = _explorable().mimebundle(include_widget=False)
    html = bundle["text/html"]
    assert '"share":[[0.0,"0 %"],[0.25,"25 %"],[0.5,"50 %"]]' in html
    assert "aria-valuetext" in html
    titles = [p["title"] for p in bundle["application/vnd.vegalite.v6+json"]["hconcat"]]
    assert titles == ["Share = 0 %", "Share = 50 %"]


def test_the_live_readout_uses_the_format():
    box = _explorable().widget()
    slider = box.children[0]
    assert slider.readout_format == ".0%"
