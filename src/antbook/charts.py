"""The book's chart theme and the renderer that makes every chart work in all three reading modes.

Two pieces:

* :func:`use_book_style` enables the book's altair theme (a palette safe for colour-blind
  readers, one font, consistent sizes) and the ``antbook`` renderer. Every chapter calls it once
  in its hidden setup cell.
* :func:`render_mimebundle` is that renderer (registered through the entry point group
  ``altair.vegalite.v6.renderer``). For each chart it returns

  - ``text/html``: a ``<div>`` and an inline script that draws the chart with ``vegaEmbed``.
    On the book's site the Vega runtime is served by the site itself (see
    :func:`antbook.book.build.write_vega_runtime`), so no request leaves the site; in live
    Jupyter or Colab, where that runtime is absent, the script loads it from a CDN instead.
    The HTML holds no random ids, so nbval can compare it across runs.
  - ``application/vnd.vegalite.v6+json``: the spec itself, from which the PDF build renders a
    static image (:mod:`antbook.book.mystnb_plugin`).

  That is what the stored notebooks hold (the site and the PDF are built from them) and what Colab
  draws. A live JupyterLab (or Jupyter Notebook 7, or VS Code) gets the spec as
  ``application/vnd.vegalite.v5+json`` instead, which their own built-in Vega-Lite renderer draws
  with no internet (:func:`front_end`, :func:`chart_bundle`): no JupyterLab release renders
  Vega-Lite 6, and the HTML form would fetch the runtime from a CDN.

Every chart must carry a ``title`` and a ``description`` (read by screen readers): the renderer
refuses one that lacks either, so an undescribed chart cannot reach the book.
"""

from __future__ import annotations

import html
import json
import os
import sys
from typing import Any

import altair as alt

__all__ = [
    "GREY",
    "PALETTE",
    "contrast_ratio",
    "relative_luminance",
    "text_shade",
    "tint",
    "STATUS_OPACITY",
    "status_opacity_scale",
    "VEGALITE_MIMETYPE",
    "FRONT_END_VARIABLE",
    "LAB_MIMETYPE",
    "ChartSpecError",
    "chart_bundle",
    "chart_html",
    "front_end",
    "render_mimebundle",
    "use_book_style",
]

VEGALITE_MIMETYPE = "application/vnd.vegalite.v6+json"
LAB_MIMETYPE = "application/vnd.vegalite.v5+json"
"""The Vega-Lite mimetype that JupyterLab 4 (and VS Code) draw with their own bundled renderer."""
LAB_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
FRONT_END_VARIABLE = "ANTBOOK_FRONT_END"
"""Environment variable that names the front end outright (``book``, ``lab`` or ``colab``)."""
FRONT_ENDS = ("book", "lab", "colab")

# Okabe & Ito (2008), "Color Universal Design": distinguishable with the common forms of
# colour-vision deficiency. Black is left out: it is the text colour. Orange, sky blue and grey
# are darkened, and yellow dropped, so that every mark stands 3:1 against the white page
# (WCAG 2.1, 1.4.11); the chart loader swaps in lighter twins on a dark page.
PALETTE = [
    "#0072B2",  # blue
    "#C07F00",  # orange (Okabe-Ito #E69F00, darkened)
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#3B91C4",  # sky blue (Okabe-Ito #56B4E9, darkened)
    "#D55E00",  # vermillion
    "#888888",  # grey
]
GREY = PALETTE[-1]
"""The colour of "other", "the rest" and reference lines: quiet, yet 3:1 on the page."""


def relative_luminance(hex_colour: str) -> float:
    """WCAG 2.1 relative luminance of a ``#rrggbb`` colour: 0 (black) to 1 (white)."""
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2.1 contrast ratio of two ``#rrggbb`` colours: 1 (the same) to 21 (black on white)."""
    high, low = sorted([relative_luminance(a), relative_luminance(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def tint(colour: str, opacity: float) -> str:
    """The ``#rrggbb`` a ``colour`` drawn at ``opacity`` shows on the white page."""
    channels = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(255 - (255 - c) * opacity):02X}" for c in channels)


def text_shade(colour: str, background: str = "#FFFFFF", ratio: float = 4.5) -> str:
    """``colour`` darkened just enough (same hue) for text on ``background`` to reach ``ratio``.

    A palette colour is bright enough for a line or a bar (3:1) but not always for a label in
    it (4.5:1 for text under 18.7 px): a direct label takes this shade of its line's colour.
    """
    channels = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    scale = 1.0
    while True:
        shade = "#" + "".join(f"{round(c * scale):02X}" for c in channels)
        if contrast_ratio(shade, background) >= ratio or scale <= 0:
            return shade
        scale = max(0.0, scale - 0.02)


STATUS_OPACITY = {"verified": 1.0, "derived": 0.75, "estimate": 0.6, "illustrative": 0.5,
                  "unverified": 0.35}
"""How strongly a mark is drawn, by the status of the row behind it: the less certain, the paler."""


def status_opacity_scale(statuses: list[str] | None = None) -> alt.Scale:
    """The opacity scale of a ``status`` field: each status drawn at its STATUS_OPACITY.

    Typed ``ordinal`` on purpose: Vega-Lite's default for a discrete field on opacity is a
    ``point`` scale, which reads the list of opacities as a [first, second] extent, so that every
    status but the first came out at 0.75-0.94 instead of 0.35-0.75.
    """
    statuses = list(STATUS_OPACITY) if statuses is None else list(statuses)
    return alt.Scale(type="ordinal", domain=statuses,
                     range=[STATUS_OPACITY[s] for s in statuses])


FONT = "Source Sans Pro, Helvetica, Arial, sans-serif"
WIDTH = 560
HEIGHT = 300

# Versions for the CDN fallback in live notebooks; the site serves vl-convert's bundle instead.
_CDN = {
    "vega": "https://cdn.jsdelivr.net/npm/vega@6",
    "vega-lite": "https://cdn.jsdelivr.net/npm/vega-lite@6",
    "vega-embed": "https://cdn.jsdelivr.net/npm/vega-embed@7",
}


class ChartSpecError(ValueError):
    """A chart was shown without what every chart in the book must have."""


def _theme() -> dict[str, Any]:
    return {
        "config": {
            "view": {"continuousWidth": WIDTH, "continuousHeight": HEIGHT, "stroke": None},
            "font": FONT,
            "range": {"category": PALETTE},
            "title": {"fontSize": 15, "anchor": "start", "subtitleFontSize": 12,
                      "subtitleColor": "#444444"},
            "axis": {"labelFontSize": 12, "titleFontSize": 12, "gridColor": "#e6e6e6"},
            "legend": {"labelFontSize": 12, "titleFontSize": 12, "orient": "bottom"},
            "header": {"labelFontSize": 12, "titleFontSize": 12},
            "text": {"fontSize": 12},
            # Vega-Lite draws points, ticks and bars that overlap at 0.7 opacity unless told: a
            # palette colour then falls under 3:1 on the page. Marks are drawn solid; a chart
            # that fades some on purpose (the "How sure" opacity, an unselected year) says so.
            **{mark: {"opacity": 1} for mark in ("point", "circle", "square", "tick", "bar")},
        }
    }


@alt.theme.register("antbook", enable=False)
def _antbook_theme() -> alt.theme.ThemeConfig:
    return alt.theme.ThemeConfig(_theme())


def use_book_style() -> None:
    """Enable the book's theme and renderer (call once per notebook, in the hidden setup cell)."""
    alt.theme.enable("antbook")
    alt.renderers.enable("antbook")


def _check_spec(spec: dict) -> None:
    title = spec.get("title")
    text = title.get("text") if isinstance(title, dict) else title
    if not text:
        raise ChartSpecError("every chart needs a title that says what it shows: "
                             "chart.properties(title=...)")
    if not spec.get("description"):
        raise ChartSpecError(f"chart {text!r} has no description for screen readers: "
                             "chart.properties(description=...)")


def _script(spec_json: str) -> str:
    cdn = json.dumps(_CDN)
    return f"""(function () {{
  var el = document.currentScript.previousElementSibling;
  var spec = {spec_json};
  function draw() {{
    window.vegaEmbed(el, spec, {{actions: false, renderer: "svg"}}).catch(function (err) {{
      el.textContent = "This chart could not be drawn: " + err;
      console.error(err);
    }});
  }}
  function fromCdn() {{
    var urls = {cdn};
    var names = ["vega", "vega-lite", "vega-embed"];
    function next(i) {{
      if (i === names.length) {{ draw(); return; }}
      var s = document.createElement("script");
      s.src = urls[names[i]];
      s.onload = function () {{ next(i + 1); }};
      s.onerror = function () {{
        el.textContent = "Could not load the chart library from " + s.src;
      }};
      document.head.appendChild(s);
    }}
    if (typeof window.define === "function" && window.define.amd) {{
      window.require.config({{paths: {{"vega": urls["vega"] + "?noext", "vega-lite":
        urls["vega-lite"] + "?noext", "vega-embed": urls["vega-embed"] + "?noext"}}}});
      window.require(["vega-embed"], function (embed) {{ window.vegaEmbed = embed; draw(); }});
    }} else {{ next(0); }}
  }}
  if (window.vegaEmbed) {{ draw(); }}
  else if (document.readyState === "loading") {{
    document.addEventListener("DOMContentLoaded", function () {{
      if (window.vegaEmbed) {{ draw(); }} else {{ fromCdn(); }}
    }});
  }} else {{ fromCdn(); }}
}})();"""


def chart_html(spec: dict) -> str:
    """Deterministic HTML that draws ``spec``: a labelled div and the script that fills it."""
    _check_spec(spec)
    # sort_keys: the same chart always gives the same bytes; '</' is escaped so that a string
    # in the data cannot close the script element.
    spec_json = json.dumps(spec, sort_keys=True, separators=(",", ":")).replace("</", "<\\/")
    title = spec["title"]["text"] if isinstance(spec["title"], dict) else spec["title"]
    if isinstance(title, list):
        title = " ".join(title)
    label = html.escape(f"{title}. {spec['description']}", quote=True)
    return (f'<div class="antbook-chart" role="figure" aria-label="{label}"></div>'
            f"<script>{_script(spec_json)}</script>")


def front_end() -> str:
    """The front end this kernel draws charts for.

    ``"colab"`` in Colab; ``"lab"`` in a kernel that a Jupyter server started for a notebook
    (JupyterLab, Notebook 7: the server sets ``JPY_SESSION_NAME``) or that VS Code runs (it
    defines ``__vsc_ipynb_file__``); else ``"book"``: the stored notebooks, executed by
    ``make execute`` and compared by nbval. :data:`FRONT_END_VARIABLE` overrides the guess.
    """
    chosen = os.environ.get(FRONT_END_VARIABLE, "").strip()
    if chosen:
        if chosen not in FRONT_ENDS:
            raise ValueError(f"{FRONT_END_VARIABLE}={chosen!r}: expected one of {FRONT_ENDS}")
        return chosen
    if "google.colab" in sys.modules:
        return "colab"
    if os.environ.get("JPY_SESSION_NAME"):
        return "lab"
    shell = sys.modules["IPython"].get_ipython() if "IPython" in sys.modules else None
    if shell is not None and "__vsc_ipynb_file__" in getattr(shell, "user_ns", {}):
        return "lab"
    return "book"


def lab_spec(spec: dict) -> dict:
    """``spec`` for JupyterLab's built-in Vega-Lite 5 (the book's charts use no v6-only feature;
    the live JupyterLab test draws every one)."""
    return {**spec, "$schema": LAB_SCHEMA}


def chart_bundle(spec: dict) -> dict[str, Any]:
    """What a chart displays as, for the front end this kernel serves (:func:`front_end`).

    In live JupyterLab: the v5 spec, drawn by JupyterLab itself with no internet, and a line of
    text. Elsewhere: the deterministic HTML (site, Colab) and the v6 spec (PDF).
    """
    if front_end() == "lab":
        _check_spec(spec)
        title = spec["title"]["text"] if isinstance(spec["title"], dict) else spec["title"]
        if isinstance(title, list):
            title = " ".join(title)
        return {LAB_MIMETYPE: lab_spec(spec), "text/plain": f"Chart: {title}"}
    return {"text/html": chart_html(spec), VEGALITE_MIMETYPE: spec}


def render_mimebundle(spec: dict, **metadata) -> dict[str, Any]:
    """Altair renderer: the chart as deterministic HTML plus its Vega-Lite spec (for the PDF), or
    in live JupyterLab as the spec its own renderer draws (:func:`chart_bundle`)."""
    return chart_bundle(spec)
