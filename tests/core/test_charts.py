"""The chart renderer and theme."""

from __future__ import annotations

import re
from pathlib import Path

import altair as alt
import pandas as pd
import pytest
import vl_convert as vlc

import antbook.book
from antbook.charts import (
    PALETTE,
    STATUS_OPACITY,
    VEGALITE_MIMETYPE,
    ChartSpecError,
    chart_html,
    contrast_ratio,
    render_mimebundle,
    status_opacity_scale,
    text_shade,
    tint,
    use_book_style,
)


def _chart(**props):
    return alt.Chart(pd.DataFrame({"x": [1, 2], "y": [3, 4]})).mark_line().encode(
        x="x:Q", y="y:Q").properties(**props)


def test_bundle_has_html_and_spec():
    spec = _chart(title="Up", description="A line going up.").to_dict()
    bundle = render_mimebundle(spec)
    assert set(bundle) == {"text/html", VEGALITE_MIMETYPE}
    assert bundle[VEGALITE_MIMETYPE] == spec


def test_html_is_deterministic_and_has_no_random_ids():
    spec = _chart(title="Up", description="A line going up.").to_dict()
    first = chart_html(spec)
    # built again from scratch: dataset names are content hashes, so nothing differs
    second = chart_html(_chart(title="Up", description="A line going up.").to_dict())
    assert first == second
    assert not re.search(r"altair-viz-|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}", first)
    assert 'aria-label="Up. A line going up."' in first


@pytest.mark.parametrize("props, missing", [({"description": "d"}, "title"),
                                            ({"title": "t"}, "description")])
def test_chart_without_title_or_description_is_refused(props, missing):
    with pytest.raises(ChartSpecError, match=missing):
        render_mimebundle(_chart(**props).to_dict())


def test_title_object_with_subtitle_is_accepted():
    spec = _chart(title=alt.Title("Main", subtitle="sub"), description="d").to_dict()
    assert "Main. d" in chart_html(spec)


def test_script_cannot_be_closed_by_data():
    data = pd.DataFrame({"x": [1], "y": [2], "t": ["</script><script>alert(1)"]})
    spec = alt.Chart(data).mark_text().encode(x="x:Q", y="y:Q", text="t:N").properties(
        title="t", description="d").to_dict()
    html = chart_html(spec)
    assert html.count("</script>") == 1


def test_html_draws_with_site_runtime_first_and_cdn_only_as_fallback():
    html = chart_html(_chart(title="t", description="d").to_dict())
    assert html.index("if (window.vegaEmbed) { draw(); }") < html.rindex("fromCdn();")
    assert "DOMContentLoaded" in html


def test_theme_and_renderer_are_enabled():
    assert (alt.theme.active, alt.renderers.active) == ("default", "default")
    use_book_style()
    assert (alt.theme.active, alt.renderers.active) == ("antbook", "antbook")
    config = _chart(title="t", description="d").to_dict()["config"]
    assert config["range"]["category"] == PALETTE


def test_altair_state_is_back_to_default_after_a_test_that_styled_it():
    # runs after the test above (file order): the autouse fixture in conftest restored it
    assert (alt.theme.active, alt.renderers.active) == ("default", "default")


def test_every_palette_colour_stands_out_on_the_white_page():
    """WCAG 2.1 1.4.11: a mark that carries meaning needs 3:1 against its background."""
    low = {c: round(contrast_ratio(c, "#FFFFFF"), 2) for c in PALETTE
           if contrast_ratio(c, "#FFFFFF") < 3.0}
    assert low == {}


def test_the_loader_has_a_dark_twin_for_every_palette_colour():
    """chart_loader.js swaps each palette colour for a lighter one of the same hue on a dark
    page; a palette colour it does not know falls to a generic rule that may change its hue."""
    script = (Path(antbook.book.__file__).parent / "chart_loader.js").read_text()
    block = re.search(r"var PALETTE_DARK = \{(.*?)\};", script, re.S).group(1)
    twins = dict(re.findall(r'"(#[0-9a-f]{6})": "(#[0-9a-f]{6})"', block))
    assert set(twins) == {c.lower() for c in PALETTE}
    assert all(contrast_ratio(dark, "#121212") >= 4.5 for dark in twins.values())


def test_contrast_ratio_spans_one_to_twenty_one():
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("#FFFFFF", "#000000") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#777777") == pytest.approx(1.0)
    assert contrast_ratio("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)  # WebAIM's figure


@pytest.mark.parametrize("colour", PALETTE)
def test_a_text_shade_is_readable_and_keeps_the_hue(colour):
    shade = text_shade(colour)
    assert contrast_ratio(shade, "#FFFFFF") >= 4.5
    rgb = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    dark = [int(shade[i:i + 2], 16) for i in (1, 3, 5)]
    assert all(d <= c for d, c in zip(dark, rgb, strict=True))   # darker, never lighter
    big = max(range(3), key=rgb.__getitem__)
    assert all(abs(d / dark[big] - c / rgb[big]) < 0.02 for d, c in zip(dark, rgb, strict=True))


def test_a_colour_already_readable_is_its_own_text_shade():
    assert text_shade("#0072B2") == "#0072B2"
    assert contrast_ratio(text_shade("#FFFF00"), "#FFFFFF") >= 4.5  # even yellow gets there


def test_a_tint_is_the_colour_at_that_opacity_on_white():
    assert tint("#D55E00", 1.0) == "#D55E00"
    assert tint("#D55E00", 0.0) == "#FFFFFF"
    assert tint("#000000", 0.5) == "#808080"


@pytest.mark.parametrize("statuses", [None, ["estimate", "verified"]])
def test_each_status_is_drawn_at_its_own_opacity(statuses):
    frame = pd.DataFrame({"status": list(STATUS_OPACITY), "n": range(5)})
    chart = alt.Chart(frame).mark_bar().encode(
        x="status:N", y="n:Q",
        opacity=alt.Opacity("status:N", scale=status_opacity_scale(statuses)))
    scale = next(s for s in vlc.vegalite_to_vega(chart.to_dict())["scales"]
                 if s["name"] == "opacity")
    assert scale["type"] == "ordinal"   # a "point" scale would read the list as an extent
    expected = statuses or list(STATUS_OPACITY)
    assert dict(zip(scale["domain"], scale["range"], strict=True)) == {
        s: STATUS_OPACITY[s] for s in expected}


@pytest.mark.parametrize("mark", ["mark_point", "mark_circle", "mark_square", "mark_tick"])
def test_points_are_drawn_solid_in_the_book_style(mark):
    """Vega-Lite's own default, 0.7, would take the palette under 3:1 on the page."""
    use_book_style()
    frame = pd.DataFrame({"x": [1, 2], "y": [3, 4], "c": ["a", "b"]})
    chart = getattr(alt.Chart(frame), mark)(filled=True).encode(x="x:Q", y="y:Q", color="c:N")
    update = vlc.vegalite_to_vega(chart.to_dict())["marks"][0]["encode"]["update"]
    assert update.get("opacity", {"value": 1}) == {"value": 1}
