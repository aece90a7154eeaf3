"""The chart renderer and theme."""

from __future__ import annotations

import re

import altair as alt
import pandas as pd
import pytest

from antbook.charts import (
    PALETTE,
    VEGALITE_MIMETYPE,
    ChartSpecError,
    chart_html,
    render_mimebundle,
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
