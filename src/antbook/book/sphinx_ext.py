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
* Each page loads one stylesheet, not twelve: the theme's and the extensions' style sheets are
  joined, in the page's order, into ``_static/antbook-site-<hash>.css`` (:func:`bundle_css`); on a
  slow phone network each extra render-blocking request costs a round trip before the first paint.
  Sphinx-thebe's scripts and style go (the book has no launch buttons, and its config pointed at a
  CDN), and the search index loads only on the search page (search-as-you-type is off, so the
  theme's search pop-up only submits to that page).
* The theme's script sets its tab stops without laying out each folded code cell
  (:func:`batch_tab_stops`), and table cells lose the lone paragraph docutils wraps their text in
  (:data:`LONE_CELL_PARAGRAPH`): both were main-thread time a phone spends before the page
  answers.
* In print, cells that the site folds away (``hide-input``, ``hide-cell``) print their outputs but
  not their code (:class:`DropFoldedCodeInPrint`).
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
from pathlib import Path

from docutils import nodes
from sphinx.errors import ExtensionError
from sphinx.transforms.post_transforms import SphinxPostTransform

RUNTIME_PATH = "_static/vega/vega-runtime.js"
CHARTS_DIR = "_static/charts"
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


def spec_script(chart_id: str, spec: dict) -> str:
    """The file holding one chart's spec: a classic script (it loads from file:// too) that hands
    the spec to the page's loader."""
    data = json.dumps(spec, sort_keys=True, separators=(",", ":")).replace("</", "<\\/")
    return f'window.antbookChartSpec("{chart_id}", {data});\n'


def lazy_charts(body: str, pagename: str = "") -> tuple[str, dict[str, str]]:
    """Rewrite every chart of a page body for lazy drawing.

    Returns the body and the spec files to write under ``_static/charts/`` (name: text). Each
    chart's spec leaves the page (most of a chart page's bytes) for a file of its own, named by
    its content, fetched only when the chart is about to be drawn.
    """
    files: dict[str, str] = {}

    def one(match: re.Match) -> str:
        try:
            spec = chart_spec(match.group("js"))
        except ValueError as err:
            raise ExtensionError(f"{pagename}: chart {len(files) + 1}: cannot read its spec "
                                 f"({err}); was it made by antbook.charts.chart_html?") from err
        label = _LABEL.search(match.group("attrs"))
        if label is None:
            raise ExtensionError(f"{pagename}: chart {len(files) + 1} has no aria-label")
        canonical = json.dumps(spec, sort_keys=True, separators=(",", ":"))
        chart_id = hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:20]
        files[f"{chart_id}.js"] = spec_script(chart_id, spec)
        return (f'<div class="antbook-chart"{match.group("attrs")} data-antbook-chart '
                f'data-antbook-spec="{chart_id}">{_fallback(spec, label.group("label"))}</div>')

    return _CHART.sub(one, body), files


def _loader_tag(runtime_url: str, charts_url: str) -> str:
    code = LOADER.read_text(encoding="utf-8")
    return (f'<script data-runtime="{html.escape(runtime_url, quote=True)}" '
            f'data-charts="{html.escape(charts_url, quote=True)}">{code}</script>')


def _charts_on_demand(app, pagename, templatename, context, doctree):
    body = context.get("body")
    if not body or "antbook-chart" not in body:
        return
    body, files = lazy_charts(body, pagename)
    if files:
        folder = Path(app.outdir) / CHARTS_DIR
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            target = folder / name
            if not target.exists() or target.read_text(encoding="utf-8") != text:
                target.write_text(text, encoding="utf-8")
        context["body"] = body + _loader_tag(context["pathto"](RUNTIME_PATH, 1),
                                             context["pathto"](CHARTS_DIR, 1))


DESCRIPTION_CHARS = 155


def page_description(doctree) -> str:
    """A page's summary for search engines: its first paragraph of prose, cut at a word."""
    from docutils import nodes

    for para in doctree.findall(nodes.paragraph):
        # prose of the page itself, not of a sidebar, caption, table or code output
        if any(isinstance(a, (nodes.Admonition, nodes.sidebar, nodes.table, nodes.caption,
                              nodes.footnote, nodes.citation))
               for a in _ancestors(para)):
            continue
        text = " ".join(para.astext().split())
        if len(text) < 40:
            continue
        if len(text) > DESCRIPTION_CHARS:
            text = text[:DESCRIPTION_CHARS].rsplit(" ", 1)[0].rstrip(",;:") + "\u2026"
        return text
    return ""


def _ancestors(node):
    node = node.parent
    while node is not None:
        yield node
        node = node.parent


def _meta_description(app, pagename, templatename, context, doctree):
    metatags = context.get("metatags", "")
    if 'name="description"' in metatags:
        return
    text = page_description(doctree) if doctree is not None else ""
    # pages with no prose of their own (search, index): their title and the book's
    text = text or f"{context.get('title', pagename)}: {app.config.project}"
    context["metatags"] = (metatags + f'\n<meta name="description" '
                           f'content="{html.escape(text, quote=True)}" />')


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


# -- what the theme loads that the book does not need ------------------------------------------

FONTAWESOME_JS = re.compile(
    r'<script defer src="[^"]*_static/scripts/fontawesome\.js[^"]*"></script>\n?')
# Sphinx's search, loaded by the theme in <head> of every page for its search pop-up: deferred,
# it no longer delays the first paint (they run in order, after parsing, before the pop-up
# can be opened).
SEARCH_SCRIPTS = re.compile(
    r'<script src="(?P<src>[^"]*(?:_static/searchtools\.js|_static/language_data\.js|'
    r'searchindex\.js))"></script>')
# Scripts the page's inline scripts never call (they only read settings those set, or act on
# DOMContentLoaded, which waits for deferred scripts): deferred, in their order, so that they
# no longer hold up the first paint. documentation_options.js stays: inline scripts use it.
DEFERRABLE = re.compile(
    r'<script src="(?P<src>[^"]*_static/(?:doctools|sphinx_highlight|clipboard\.min|copybutton|'
    r'scripts/sphinx-book-theme|togglebutton)\.js(?:\?v=[0-9a-f]+)?)"></script>')
# sphinx-thebe (jupyter-book loads it even with no launch buttons): its config, script and style
THEBE = re.compile(
    r'[ \t]*<script>const THEBE_JS_URL = [^<]*</script>\n?'
    r'|[ \t]*<script async="async" src="[^"]*_static/sphinx-thebe\.js[^"]*"></script>\n?'
    r'|[ \t]*<link rel="stylesheet" type="text/css" href="[^"]*_static/sphinx-thebe\.css[^"]*" />'
    r'\n?'
    r'|[ \t]*<script type="text/x-thebe-config">.*?</script>\n?', re.S)
# Sphinx's search scripts, needed only by the search page (the pop-up submits to it)
SEARCH_ONLY = re.compile(
    r'[ \t]*<script defer src="[^"]*(?:_static/searchtools\.js|_static/language_data\.js|'
    r'searchindex\.js)"></script>\n?')
# sphinx-design's tab script acts on DOMContentLoaded: deferred, it no longer blocks the paint
DESIGN_TABS = re.compile(r'<script (data-sd-tabs-storage-prefix="[^"]*") (src="[^"]*_static/'
                         r'design-tabs\.js[^"]*")></script>')
# the theme's search field shows "Search Ctrl+K" but is labelled "Search"
SEARCH_FIELD_LABEL = re.compile(
    r'(<button class="btn search-button-field[^>]*?) aria-label="Search"')
# MathJax (sphinx-mathjax-offline's copy, about 260 KB compressed, then a long typesetting task)
# is fetched when the first formula nears the screen, not with the page.
MATHJAX_SCRIPT = re.compile(
    r'<script (?:defer="defer"|async="async") src="(?P<src>[^"]*mathjax/tex-[a-z-]+\.js)">'
    r"</script>")
MATHJAX_ON_DEMAND = """<script>(function () {
  var src = "%s", done = false;
  function load() {
    if (done) { return; }
    done = true;
    var s = document.createElement("script");
    s.src = src; s.async = true;
    document.head.appendChild(s);
  }
  window.antbookLoadMath = load;
  window.addEventListener("beforeprint", load);
  document.addEventListener("DOMContentLoaded", function () {
    var math = document.querySelectorAll(".math");
    if (!math.length) { return; }
    if (!("IntersectionObserver" in window)) { load(); return; }
    var seen = new IntersectionObserver(function (entries) {
      if (entries.some(function (e) { return e.isIntersecting; })) { seen.disconnect(); load(); }
    }, {rootMargin: "600px 0px"});
    math.forEach(function (m) { seen.observe(m); });
  });
})();</script>"""
# A table cell holding one paragraph and nothing else (docutils wraps every cell's text in <p>;
# the theme zeroes the margins of a cell's first and last child, so the cell looks the same
# without it): the cell holds the text. On chapter 2, 650 of the page's 4,000 elements, each one
# styled and laid out as the page loads.
LONE_CELL_PARAGRAPH = re.compile(
    r"<(?P<cell>td|th)(?P<attrs>[^>]*)><p>(?P<text>(?:(?!<p[ >]|</p>|</t[dh]>).)*)</p></(?P=cell)>",
    re.S)
ICON_CLASS = re.compile(r'\bfa-([a-z0-9-]+)')
ICON_MODIFIERS = {"solid", "regular", "brands", "lg", "sm", "xs", "fw", "2x", "spin"}
ICONS_CSS = "antbook-icons.css"


def _fontawesome_icons(names: set[str]) -> dict[str, tuple[int, int, str]]:
    """Width, height and SVG path of each named icon of the theme's Font Awesome (solid set)."""
    import pydata_sphinx_theme

    js = (Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static"
          / "scripts" / "fontawesome.js").read_text(encoding="utf-8")
    # the solid pack is the object defined after the regular pack is registered
    start, end = js.find('("far",'), js.find('("fas",')
    solid = js[start:end] if 0 <= start < end else js
    icons = {}
    for name in names:
        key = re.escape(name)
        m = re.search(rf'(?:"{key}"|\b{key}):\[(\d+),(\d+),\[[^\]]*\],"[0-9a-f]+","([^"]+)"\]',
                      solid)
        if m:
            icons[name] = (int(m.group(1)), int(m.group(2)), m.group(3))
    return icons


def _fontawesome_by_codepoint() -> dict[str, tuple[int, int, str]]:
    """Width, height and SVG path of every solid Font Awesome icon, by its codepoint (f0c9)."""
    import pydata_sphinx_theme

    js = (Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static"
          / "scripts" / "fontawesome.js").read_text(encoding="utf-8")
    start, end = js.find('("far",'), js.find('("fas",')
    solid = js[start:end] if 0 <= start < end else js
    found = {}
    for m in re.finditer(r':\[(\d+),(\d+),\[[^\]]*\],"([0-9a-f]+)","([^"]+)"\]', solid):
        found.setdefault(m.group(3), (int(m.group(1)), int(m.group(2)), m.group(4)))
    return found


def _mask(icon: tuple[int, int, str]) -> str:
    from urllib.parse import quote

    w, h, path = icon
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}">'
           f'<path d="{path}"/></svg>')
    return f'url("data:image/svg+xml,{quote(svg)}")'


_CSS_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
# an icon is a private-use character, written as itself or escaped ("\f35d")
_GLYPH = r'"(?:\\(?P<code>f[0-9a-f]{3,4})|(?P<char>[\ue000-\uf8ff]))"'
_CSS_ICON_VAR = re.compile(
    r"--(?P<name>[a-z0-9-]+):\s*(?:" + _GLYPH + r"|var\(--(?P<alias>[a-z0-9-]+)\))")
_CSS_CONTENT = re.compile(r"content:\s*(?:var\(--(?P<var>[a-z0-9-]+)\)|" + _GLYPH + ")")


def _codepoint(m: re.Match) -> str | None:
    if m.group("code"):
        return m.group("code")
    if m.group("char"):
        return f"{ord(m.group('char')):x}"
    return None


def pseudo_icons_css(stylesheets: list[str]) -> str:
    """CSS drawing, as masks, the icons the theme's stylesheets put in ::before/::after with
    the Font Awesome webfont (admonition titles, external links, breadcrumbs, menus), so that
    no page needs that 150 KB font. Font Awesome's own ``.fa-*`` classes are left to
    :func:`icons_css`."""
    icons = _fontawesome_by_codepoint()
    sheets = [_CSS_COMMENT.sub("", css) for css in stylesheets]
    variables: dict[str, str] = {}
    aliases: dict[str, str] = {}
    for css in sheets:
        for m in _CSS_ICON_VAR.finditer(css):
            code = _codepoint(m)
            if code in icons:
                variables[m.group("name")] = code
            elif m.group("alias"):
                aliases[m.group("name")] = m.group("alias")
    for name, target in aliases.items():
        if target in variables and name not in variables:
            variables[name] = variables[target]
    lines = [":root {"] + [f"  --antbook-mask-{name}: {_mask(icons[code])};"
                           for name, code in sorted(variables.items())] + ["}"]
    seen = set()
    for css in sheets:
        for selector, body in _CSS_RULE.findall(css):
            selector = " ".join(selector.split())
            if (":before" not in selector and ":after" not in selector) or ".fa-" in selector:
                continue
            m = _CSS_CONTENT.search(body)
            if m is None:
                continue
            if m.group("var"):
                if m.group("var") not in variables:
                    continue
                mask = f"var(--antbook-mask-{m.group('var')})"
            elif _codepoint(m) in icons:
                mask = _mask(icons[_codepoint(m)])
            else:
                continue
            if (selector, mask) in seen:
                continue
            seen.add((selector, mask))
            lines.append(f'{selector} {{ content: "" !important; font-family: inherit !important; '
                         "display: inline-block; "
                         "width: 1em; height: 1em; vertical-align: -0.125em; "
                         "background-color: currentColor; "
                         f"-webkit-mask: {mask} no-repeat center / contain; "
                         f"mask: {mask} no-repeat center / contain; }}")
    return "\n".join(lines) + "\n"


def icons_css(names: set[str]) -> str:
    """CSS drawing each Font Awesome icon class as a mask of its SVG path (no font, no script)."""
    from urllib.parse import quote

    lines = ["/* Icons from Font Awesome Free 6 (CC BY 4.0, https://fontawesome.com/license/free),",
             "   drawn as CSS masks so that pages load neither fontawesome.js nor a webfont. */",
             "/* the elements keep the page's font: one with the icon font would fetch it */",
             '.fa-solid, .fa-regular, .fa-brands, .fas, .far, .fab, i[class*="fa-"] {',
             "  font-family: inherit !important; }",
             (".fa-solid::before, .fa-regular::before, .fa-brands::before, .fas::before, "
              '.far::before, .fab::before, i[class*="fa-"]::before {'),
             '  content: "" !important; font-family: inherit !important; display: inline-block;',
             "  width: var(--antbook-icon-width, 1em); height: 1em; vertical-align: -0.125em;",
             "  background-color: currentColor;",
             "  -webkit-mask: var(--antbook-icon) no-repeat center / contain;",
             "  mask: var(--antbook-icon) no-repeat center / contain; }"]
    for name, (w, h, path) in sorted(_fontawesome_icons(names).items()):
        svg = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}">'
               f'<path d="{path}"/></svg>')
        lines.append(f'.fa-{name} {{ --antbook-icon: url("data:image/svg+xml,{quote(svg)}"); '
                     f"--antbook-icon-width: {w / h:.4g}em; }}")
    return "\n".join(lines) + "\n"


def slim_page(text: str, search_page: bool = False) -> str:
    """A built page without fontawesome.js or sphinx-thebe, with MathJax loaded when a formula
    nears the screen, the search scripts deferred (and dropped but on the search page), the
    bibliography's entries as list items, and table cells without a lone paragraph in them."""
    text = FONTAWESOME_JS.sub("", text)
    text = THEBE.sub("", text)
    text = DESIGN_TABS.sub(r"<script defer \1 \2></script>", text)
    text = MATHJAX_SCRIPT.sub(lambda m: MATHJAX_ON_DEMAND % html.escape(m.group("src")), text)
    text = SEARCH_SCRIPTS.sub(lambda m: f'<script defer src="{m.group("src")}"></script>', text)
    if not search_page:
        text = SEARCH_ONLY.sub("", text)
    text = DEFERRABLE.sub(lambda m: f'<script defer src="{m.group("src")}"></script>', text)
    # sphinxcontrib-bibtex: role="list" whose children are doc-biblioentry (deprecated in ARIA
    # 1.3; axe reports aria-required-children); they are the list's items
    # controls whose accessible name would differ from their visible text (axe:
    # label-content-name-mismatch): named by what they show instead
    text = text.replace('<summary aria-label="Toggle hidden content">', "<summary>")
    text = SEARCH_FIELD_LABEL.sub(r"\1", text)
    if 'class="citation-list"' in text:
        text = text.replace('role="doc-biblioentry"', 'role="listitem"')
    text = LONE_CELL_PARAGRAPH.sub(r"<\g<cell>\g<attrs>>\g<text></\g<cell>>", text)
    return text


# -- the theme's tab stops, measured without forcing a layout per hidden code block -------------

THEME_JS = "scripts/pydata-sphinx-theme.js"
# pydata-sphinx-theme 0.17.1 (minified), on load and after every change under #main-content (a
# chart drawn, for one): for every code block and cell output, read whether it overflows and set
# its tabindex. A block inside a closed <details> (a folded cell's code) is not laid out, so
# reading its scrollWidth makes Chrome lay that block out there and then, one forced layout
# each: on chapter 2, ten of them, about 140 ms of blocking time on a throttled phone.
TAB_STOPS = re.compile(
    r'const (?P<fn>\w+)=\(\)=>\{document\.querySelectorAll\((?P<sel>\[[^\]]*\]\.join\(", "\))\)'
    r'\.forEach\(e=>\{e\.tabIndex=e\.scrollWidth>e\.clientWidth\|\|'
    r'e\.scrollHeight>e\.clientHeight\?0:-1\}\)\},(?P<later>\w+)=(?P<debounce>\w+)\((?P=fn),300\);')
# The same tab stops: blocks in a closed <details> are measured when it opens (it cannot be
# scrolled or focused before), every block is read before any is written (one layout).
CLOSED_DETAILS_SKIPPED = '.filter(e=>!e.closest("details:not([open])"))'
TAB_STOPS_BATCHED = (
    'const {fn}=()=>{{const l=Array.from(document.querySelectorAll({sel}))'
    + CLOSED_DETAILS_SKIPPED + ','
    'v=l.map(e=>e.scrollWidth>e.clientWidth||e.scrollHeight>e.clientHeight?0:-1);'
    'l.forEach((e,i)=>{{e.tabIndex=v[i]}})}},{later}={debounce}({fn},300);'
    'document.addEventListener("toggle",{later},!0);')


def batch_tab_stops(js: str) -> str:
    """The theme's script with its tab-stop update measuring only what is laid out (see
    ``TAB_STOPS``); an error if the script no longer holds that code (a new theme version)."""
    matches = list(TAB_STOPS.finditer(js))
    if len(matches) != 1:
        raise ExtensionError(f"{THEME_JS}: expected the theme's tab-stop update once, found "
                             f"{len(matches)} (pydata-sphinx-theme changed: update TAB_STOPS)")
    m = matches[0]
    return js[:m.start()] + TAB_STOPS_BATCHED.format(**m.groupdict()) + js[m.end():]


# -- one stylesheet a page -----------------------------------------------------------------------

STYLESHEET_LINK = re.compile(
    r'[ \t]*<link (?=[^>]*\brel="stylesheet")(?![^>]*\bmedia=)[^>]*?\bhref="(?P<href>[^"]*?)'
    r'(?:\?[^"]*)?"[^>]*/>\n?')
CSS_IMPORT = re.compile(r'@import\s+(?:url\(\s*)?["\']?(?P<ref>[^"\')\s;]+)["\']?\s*\)?\s*;')
CSS_URL = re.compile(r'url\(\s*(?:"(?P<dq>[^"]*)"|\'(?P<sq>[^\']*)\'|(?P<bare>[^)\'"\s]*))\s*\)')
CSS_NOISE = re.compile(r'/\*# sourceMappingURL=[^*]*\*/|@charset\s+"[^"]*";')
BUNDLE_PREFIX = "antbook-site-"
# A rule that only styles Font Awesome icon classes (the theme's CSS carries about 1,900, 100 KB):
# the book draws its few icons as masks (antbook-icons.css), so rules for icons no page uses go.
FA_ONLY_RULE = re.compile(
    r"(?:^|(?<=[{};])|(?<=\*/))(?P<selectors>\s*(?:\.fa-[a-z0-9-]+(?:::?(?:before|after))?\s*,?\s*)+)"
    r"\{[^{}]*\}")


def drop_unused_icon_rules(css: str, used: set[str]) -> str:
    """``css`` without the rules that style only Font Awesome classes outside ``used`` (icon
    names and modifiers such as ``fa-solid``)."""
    def keep(m: re.Match) -> str:
        names = set(re.findall(r"\.fa-([a-z0-9-]+)", m.group("selectors")))
        return m.group(0) if names & used else ""
    return FA_ONLY_RULE.sub(keep, css)


def _local(ref: str) -> bool:
    return not re.match(r"(?:[a-z][a-z0-9+.-]*:|/|#)", ref, re.I)


def _inline_css(path: Path, static: Path, seen: set[Path]) -> str:
    """The text of the style sheet at ``path``, its ``@import``s inlined and its ``url()``s
    rewritten to point from ``static`` (where the bundle lives). A sheet is included once."""
    path = path.resolve()
    if path in seen:
        return ""
    seen.add(path)
    if not path.is_file():
        raise ExtensionError(f"style sheet {path} is linked from a page but was not built")
    css = CSS_NOISE.sub("", path.read_text(encoding="utf-8"))

    def imported(m: re.Match) -> str:
        ref = m.group("ref")
        return _inline_css(path.parent / ref, static, seen) if _local(ref) else m.group(0)

    def moved(m: re.Match) -> str:
        ref = m.group("dq") if m.group("dq") is not None else (
            m.group("sq") if m.group("sq") is not None else m.group("bare"))
        if not ref or not _local(ref):
            return m.group(0)
        target = ref.split("?")[0].split("#")[0]
        suffix = ref[len(target):]
        new = Path(os.path.relpath((path.parent / target).resolve(), static.resolve()))
        return f'url("{new.as_posix()}{suffix}")'

    # urls are rewritten in this sheet's own text only: an imported sheet's are its own
    parts, last = [], 0
    for m in CSS_IMPORT.finditer(css):
        parts += [CSS_URL.sub(moved, css[last:m.start()]), imported(m)]
        last = m.end()
    parts.append(CSS_URL.sub(moved, css[last:]))
    return f"/* {path.relative_to(static.resolve()).as_posix()} */\n" + "".join(parts)


def bundle_css(text: str, static: Path, bundles: dict[tuple[str, ...], str],
               icons: set[str] | None = None) -> str:
    """``text`` (a built page) with its local style sheets replaced by one bundle of them, in
    their order. ``bundles`` maps each list of sheets already joined to its file's name; with
    ``icons`` (the Font Awesome names the site uses), rules for other icons are left out."""
    head_end = text.find("</head>")
    links = [m for m in STYLESHEET_LINK.finditer(text, 0, head_end if head_end >= 0 else len(text))
             if "_static/" in m.group("href") and _local(m.group("href"))]
    if len(links) < 2:
        return text
    prefix = links[0].group("href").split("_static/")[0]
    sheets = tuple(m.group("href").split("_static/", 1)[1] for m in links)
    if sheets not in bundles:
        seen: set[Path] = set()
        css = "\n".join(_inline_css(static / s, static, seen) for s in sheets)
        if icons is not None:
            css = drop_unused_icon_rules(css, icons)
        name = f"{BUNDLE_PREFIX}{hashlib.sha256(css.encode()).hexdigest()[:12]}.css"
        (static / name).write_text(css, encoding="utf-8")
        bundles[sheets] = name
    tag = (f'    <link rel="stylesheet" type="text/css" '
           f'href="{prefix}_static/{bundles[sheets]}" />\n')
    out, last = [], 0
    for i, m in enumerate(links):
        out.append(text[last:m.start()])
        if i == 0:
            out.append(tag)
        last = m.end()
    out.append(text[last:])
    return "".join(out)


def _slim_site(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    names: set[str] = set()
    # the pages Sphinx wrote (_static may hold a theme's template, Jinja left in it)
    pages = sorted(p for p in outdir.rglob("*.html")
                   if p.relative_to(outdir).parts[0] not in ("_static", "_sources"))
    for page in pages:
        text = page.read_text(encoding="utf-8")
        names |= set(ICON_CLASS.findall(text)) - ICON_MODIFIERS
        slim = slim_page(text, search_page=page.relative_to(outdir).as_posix() == "search.html")
        if slim != text:
            page.write_text(slim, encoding="utf-8")
    static = outdir / "_static"
    theme_js = static / THEME_JS
    if theme_js.exists():
        text = theme_js.read_text(encoding="utf-8")
        if CLOSED_DETAILS_SKIPPED not in text:  # Sphinx may keep an earlier build's copy
            theme_js.write_text(batch_tab_stops(text), encoding="utf-8")
    for old in static.glob(BUNDLE_PREFIX + "*.css"):
        old.unlink()
    theme_css = [p.read_text(encoding="utf-8") for p in sorted(static.rglob("*.css"))
                 if p.name != ICONS_CSS]
    (static / ICONS_CSS).write_text(icons_css(names) + pseudo_icons_css(theme_css),
                                    encoding="utf-8")
    # after the icons' sheet is written: it is one of the sheets joined. Icons that a script
    # may add at run time are kept too.
    script_icons = {name for js in static.rglob("*.js") if js.name != "fontawesome.js"
                    for name in ICON_CLASS.findall(js.read_text(encoding="utf-8",
                                                                errors="replace"))}
    bundles: dict[tuple[str, ...], str] = {}
    for page in pages:
        text = page.read_text(encoding="utf-8")
        joined = bundle_css(text, static, bundles, icons=names | ICON_MODIFIERS | script_icons)
        if joined != text:
            page.write_text(joined, encoding="utf-8")


# -- print: a cell folded on the site prints its outputs, not its code ------------------------

FOLDED_INPUT = {"input", "input+output", "all"}
"""myst-nb's ``hide_mode`` values of cells whose code the site folds away (tags ``hide-input``,
``hide-cell``)."""


class DropFoldedCodeInPrint(SphinxPostTransform):
    """In the LaTeX build, remove the code of cells that the site folds away.

    On the site such a cell shows its output and a "Show code" toggle; paper has no toggle, so
    the print reader would get plumbing the web reader never sees. The outputs stay.
    """

    default_priority = 199
    formats = ("latex",)

    def run(self, **kwargs):
        for cell in list(self.document.findall(nodes.container)):
            if cell.get("nb_element") != "cell_code" or cell.get("hide_mode") not in FOLDED_INPUT:
                continue
            for child in list(cell.children):
                if child.get("nb_element") == "cell_code_source":
                    cell.remove(child)
            if not cell.children:
                cell.parent.remove(cell)


def setup(app):
    app.add_post_transform(DropFoldedCodeInPrint)
    app.connect("config-inited", _drop_runtime_from_every_page, priority=900)
    # priority 100: before the handlers that may end the event by returning a template name
    app.connect("html-page-context", _dedupe_scripts, priority=100)
    app.connect("html-page-context", _charts_on_demand, priority=100)
    app.connect("html-page-context", _meta_description)
    app.connect("build-finished", _write_runtime)
    # last: pydata-sphinx-theme rewrites pygments.css at build-finished, and the bundle joins it
    app.connect("build-finished", _slim_site, priority=990)
    app.add_css_file(ICONS_CSS)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "2"}
