"""Charts for each front end: stored notebooks keep HTML and the v6 spec; live JupyterLab gets the
Vega-Lite 5 mimetype its own renderer draws with no internet."""

from __future__ import annotations

import altair as alt
import pandas as pd
import pytest

from antbook.charts import (
    FRONT_END_VARIABLE,
    LAB_MIMETYPE,
    VEGALITE_MIMETYPE,
    ChartSpecError,
    chart_bundle,
    front_end,
)


def _spec(**props):
    return alt.Chart(pd.DataFrame({"x": [1, 2], "y": [3, 4]})).mark_line().encode(
        x="x:Q", y="y:Q").properties(**props).to_dict()


@pytest.fixture
def clean_env(monkeypatch):
    for name in (FRONT_END_VARIABLE, "JPY_SESSION_NAME"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_stored_notebooks_get_html_and_the_v6_spec(clean_env):
    assert front_end() == "book"
    bundle = chart_bundle(_spec(title="Up", description="A line going up."))
    assert set(bundle) == {"text/html", VEGALITE_MIMETYPE}


def test_a_jupyter_server_kernel_gets_the_v5_spec_and_no_html(clean_env):
    clean_env.setenv("JPY_SESSION_NAME", "/tmp/chapter.ipynb")
    assert front_end() == "lab"
    spec = _spec(title=alt.Title("Up", subtitle="s"), description="A line going up.")
    bundle = chart_bundle(spec)
    assert set(bundle) == {LAB_MIMETYPE, "text/plain"}
    assert bundle[LAB_MIMETYPE]["$schema"].endswith("/v5.json")
    assert {k: v for k, v in bundle[LAB_MIMETYPE].items() if k != "$schema"} == \
        {k: v for k, v in spec.items() if k != "$schema"}
    assert bundle["text/plain"] == "Chart: Up"


def test_lab_charts_still_need_a_description(clean_env):
    clean_env.setenv(FRONT_END_VARIABLE, "lab")
    with pytest.raises(ChartSpecError, match="description"):
        chart_bundle(_spec(title="Up"))


def test_colab_and_an_explicit_choice_win(clean_env):
    clean_env.setenv("JPY_SESSION_NAME", "/tmp/chapter.ipynb")
    clean_env.setenv(FRONT_END_VARIABLE, "book")
    assert front_end() == "book"
    clean_env.setenv(FRONT_END_VARIABLE, "colab")
    assert set(chart_bundle(_spec(title="Up", description="d"))) == {"text/html",
                                                                     VEGALITE_MIMETYPE}
    clean_env.setenv(FRONT_END_VARIABLE, "jupyterlab")
    with pytest.raises(ValueError, match=FRONT_END_VARIABLE):
        front_end()


def test_the_explorable_live_form_follows_the_front_end(clean_env):
    from antbook.explorable import Explorable, Slider, where

    explorable = Explorable(
        title="t", description="d", controls=[Slider("a", "A", 0.0, 1.0, 0.5, 0.5, ".0%")],
        compute=lambda a: pd.DataFrame({"x": [1, 2], "y": [a, 2 * a]}),
        view=lambda data, params: where(alt.Chart(data).mark_line().encode(x="x:Q", y="y:Q"),
                                        params))
    assert VEGALITE_MIMETYPE in explorable.live_bundle(a=1.0)
    clean_env.setenv("JPY_SESSION_NAME", "/tmp/chapter.ipynb")
    assert set(explorable.live_bundle(a=1.0)) == {LAB_MIMETYPE, "text/plain"}


def _stored_specs():
    import json
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    for notebook in sorted((root / "chapters").rglob("*.ipynb")):
        for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
            for output in cell.get("outputs", []):
                spec = output.get("data", {}).get(VEGALITE_MIMETYPE)
                if spec:
                    yield notebook.stem, spec


def test_the_books_charts_compile_with_vega_lite_5():
    """JupyterLab draws with its bundled Vega-Lite 5.6: a v6-only feature would fail there.
    (vl-convert's oldest Vega-Lite, 5.8, stands in; tests/site/test_live_lab.py draws them.)"""
    import vl_convert as vlc

    from antbook.charts import lab_spec

    specs = list(_stored_specs())
    assert specs
    for name, spec in specs:
        vega = vlc.vegalite_to_vega(lab_spec(spec), vl_version="5.8")
        assert vega.get("marks") or vega.get("signals"), name


def test_figure_modules_display_live_charts_through_chart_bundle():
    """A live chart built as HTML by hand would fetch Vega from a CDN in JupyterLab: figure
    modules hand their live charts to antbook.charts.chart_bundle (or display the chart)."""
    import re
    from pathlib import Path

    import antbook.figures

    offenders = [f"{path.name}:{n}" for path in sorted(Path(antbook.figures.__file__).parent.glob(
        "*.py")) for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if re.search(r"\bchart_html\(", line)]
    assert offenders == [], f"use chart_bundle(spec) instead of chart_html: {offenders}"
