"""A small Sphinx extension for the book's HTML build: what each page loads, and when.

* jupyter-book 1.0.4 registers sphinx-thebe's configuration script twice; the second copy
  re-declares ``const THEBE_JS_URL`` and the browser logs an error on every page. Repeated
  scripts are dropped from each page, keeping the first (the list is changed in place, so that
  handlers running later, MathJax's among them, still add to the list the page uses).
* Charts load only where a chart is, and never block the first paint. A notebook stores each
  chart as the HTML of :func:`antbook.charts.chart_html` (a div and an inline script that draws it
  at once, which live Jupyter and Colab need). On the site each such chart becomes a div holding
  a text fallback (its title and description) followed by its spec as inert JSON, and one small
  inline loader (``chart_loader.js``) at the end of the page fetches the Vega runtime ``async``
  and draws each chart as it nears the screen. The runtime (vl-convert's bundle) is written into
  the built site only, at ``_static/vega/vega-runtime.js``; jupyter-book would otherwise add every
  script under ``_static/`` to every page.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from sphinx.errors import ExtensionError

RUNTIME_PATH = "_static/vega/vega-runtime.js"
LOADER = Path(__file__).with_name("chart_loader.js")

# What antbook.charts.chart_html emits: <div class="antbook-chart" ...></div><script>...</script>
_CHART = re.compile(
    r'<div class="antbook-chart"(?P<attrs>[^>]*)></div><script>(?P<js>.*?)</script>', re.S)
_SPEC_START = re.compile(r"\bvar spec = ")
_LABEL = re.compile(r'aria-label="(?P<label>[^"]*)"')


def _dedupe_scripts(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, kept = set(), []
    for script in scripts:
        # the two copies differ only in filename: None in one, "" in the other
        key = (getattr(script, "filename", script) or "",
               tuple(sorted(getattr(script, "attributes", {}).items())))
        if key not in seen:
            seen.add(key)
            kept.append(script)
    scripts[:] = kept


def chart_spec(script: str) -> dict:
    """The Vega-Lite spec inside the inline script of :func:`antbook.charts.chart_html`."""
    match = _SPEC_START.search(script)
    if match is None:
        raise ValueError("no 'var spec = ' in the chart's script")
    spec, _ = json.JSONDecoder().raw_decode(script, match.end())
    return spec


def _fallback(spec: dict, label: str) -> str:
    """The text a chart shows until it is drawn: its title and description."""
    title = spec.get("title")
    title = title.get("text") if isinstance(title, dict) else title
    title = " ".join(title) if isinstance(title, list) else title
    description = spec.get("description")
    if not title or not description:
        return f'<p class="antbook-chart-fallback">{label}</p>'
    title = str(title).rstrip()
    stop = "" if title.endswith((".", "?", "!", ":")) else "."
    return (f'<p class="antbook-chart-fallback"><strong>{html.escape(title)}{stop}</strong> '
            f"{html.escape(str(description))}</p>")


def lazy_charts(body: str, pagename: str = "") -> tuple[str, int]:
    """Rewrite every chart of a page body for lazy drawing; return the body and the count."""
    count = 0

    def one(match: re.Match) -> str:
        nonlocal count
        try:
            spec = chart_spec(match.group("js"))
        except ValueError as err:
            raise ExtensionError(f"{pagename}: chart {count + 1}: cannot read its spec ({err}); "
                                 "was it made by antbook.charts.chart_html?") from err
        label = _LABEL.search(match.group("attrs"))
        if label is None:
            raise ExtensionError(f"{pagename}: chart {count + 1} has no aria-label")
        count += 1
        data = json.dumps(spec, sort_keys=True, separators=(",", ":")).replace("</", "<\\/")
        return (f'<div class="antbook-chart"{match.group("attrs")} data-antbook-chart>'
                f"{_fallback(spec, label.group('label'))}</div>"
                f'<script type="application/json" class="antbook-chart-spec">{data}</script>')

    return _CHART.sub(one, body), count


def _loader_tag(runtime_url: str) -> str:
    code = LOADER.read_text(encoding="utf-8")
    return (f'<script data-runtime="{html.escape(runtime_url, quote=True)}">'
            f"{code}</script>")


def _charts_on_demand(app, pagename, templatename, context, doctree):
    body = context.get("body")
    if not body or "antbook-chart" not in body:
        return
    body, count = lazy_charts(body, pagename)
    if count:
        runtime = context["pathto"](RUNTIME_PATH, 1)
        context["body"] = body + _loader_tag(runtime)


def _drop_runtime_from_every_page(app, config):
    # jupyter-book lists every *.js under _static/ in html_js_files (a runtime left there by
    # an older `make` would otherwise load, render-blocking, on every page)
    config.html_js_files = [js for js in config.html_js_files
                            if "vega-runtime.js" not in (js[0] if isinstance(js, tuple) else js)]


def _write_runtime(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    from .build import write_vega_runtime

    write_vega_runtime(Path(app.outdir) / Path(RUNTIME_PATH).parent)


def setup(app):
    app.connect("config-inited", _drop_runtime_from_every_page, priority=900)
    # priority 100: before the handlers that may end the event by returning a template name
    app.connect("html-page-context", _dedupe_scripts, priority=100)
    app.connect("html-page-context", _charts_on_demand, priority=100)
    app.connect("build-finished", _write_runtime)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "2"}
