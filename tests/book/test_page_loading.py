"""What each built page loads (antbook.book.sphinx_ext) and how the site is served
(antbook.book.serve): unit tests that need no build."""

from __future__ import annotations

import gzip
import json
import subprocess
import urllib.request
from pathlib import Path

import altair as alt
import pandas as pd
import pytest
from docutils.core import publish_doctree
from sphinx.errors import ExtensionError

from antbook.book import sphinx_ext
from antbook.book.serve import serve
from antbook.charts import chart_html


def _chart(title="Sales rise", description="Bars of sales by year; sales rise each year."):
    data = pd.DataFrame({"year": ["2019", "2020"], "sales": [1, 2]})
    return alt.Chart(data).mark_bar().encode(x="year", y="sales").properties(
        title=title, description=description).to_dict()


def test_a_chart_becomes_a_fallback_and_inert_spec():
    spec = _chart()
    body, files = sphinx_ext.lazy_charts("<p>before</p>" + chart_html(spec) + "<p>after</p>")
    assert len(files) == 1
    assert "<script" not in body  # nothing runs until the loader draws it
    assert 'class="antbook-chart" role="figure" aria-label="Sales rise. Bars of sales' in body
    assert "<strong>Sales rise.</strong> Bars of sales by year" in body
    (name, text), = files.items()
    chart_id = name.removesuffix(".js")
    assert f'data-antbook-spec="{chart_id}"' in body
    assert json.loads(_spec_of(text, chart_id)) == json.loads(json.dumps(spec))
    assert body.startswith("<p>before</p>") and body.endswith("<p>after</p>")


def _spec_of(script: str, chart_id: str) -> str:
    prefix = f'window.antbookChartSpec("{chart_id}", '
    assert script.startswith(prefix) and script.endswith(");\n")
    return script[len(prefix):-3]


def test_the_same_chart_gets_the_same_file_and_another_chart_another():
    _, a = sphinx_ext.lazy_charts(chart_html(_chart()))
    _, b = sphinx_ext.lazy_charts(chart_html(_chart()))
    _, c = sphinx_ext.lazy_charts(chart_html(_chart(title="Sales fall")))
    assert a == b and a.keys() != c.keys()


def test_a_string_in_the_data_cannot_close_the_spec_script():
    spec = _chart(title="A </script> title")
    _, files = sphinx_ext.lazy_charts(chart_html(spec))
    (name, text), = files.items()
    assert "</script>" not in text
    assert json.loads(_spec_of(text, name.removesuffix(".js")))["title"] == "A </script> title"


def test_a_chart_whose_spec_cannot_be_read_fails_the_build():
    broken = '<div class="antbook-chart" role="figure" aria-label="x"></div><script>draw()</script>'
    with pytest.raises(ExtensionError, match="chart 1: cannot read its spec"):
        sphinx_ext.lazy_charts(broken, "chapters/x")


def test_a_page_without_charts_is_unchanged():
    assert sphinx_ext.lazy_charts("<p>no chart</p>") == ("<p>no chart</p>", {})


def test_the_runtime_is_dropped_from_the_scripts_every_page_loads():
    class Config:
        html_js_files = ["vega/vega-runtime.js", "other.js", ("vega/vega-runtime.js", {})]

    config = Config()
    sphinx_ext._drop_runtime_from_every_page(None, config)
    assert config.html_js_files == ["other.js"]


PAGE = """<head>
<script defer src="../_static/scripts/fontawesome.js?digest=55c2"></script>
<script src="../_static/searchtools.js"></script>
<script src="../searchindex.js"></script>
<script src="../_static/documentation_options.js?v=9eb32ce0"></script>
<script src="../_static/copybutton.js?v=f281be69"></script>
<script defer="defer" src="../_static/mathjax/tex-chtml.js"></script>
<script data-sd-tabs-storage-prefix="sd-" src="../_static/design-tabs.js?v=fc"></script>
<script>const THEBE_JS_URL = "https://unpkg.com/thebe@0.8.2/lib/index.js"; const a = 1</script>
<script async="async" src="../_static/sphinx-thebe.js?v=c100c467"></script>
<link rel="stylesheet" type="text/css" href="../_static/sphinx-thebe.css?v=4fa983c6" />
</head><body>
<script type="text/x-thebe-config">
{ requestKernel: true }
</script>
<button class="btn search-button-field search-button__button" title="Search" aria-label="Search">
<span>Search</span></button>
<summary aria-label="Toggle hidden content"><p>Show code cell source</p></summary>
<div role="list" class="citation-list"><div class="citation" role="doc-biblioentry">A</div></div>
</body>"""


def test_slim_page_drops_fontawesome_defers_search_and_fixes_names():
    slim = sphinx_ext.slim_page(PAGE, search_page=True)
    assert "fontawesome.js" not in slim
    assert "thebe" not in slim.lower()  # no launch buttons: its config pointed at a CDN
    assert ('<script defer data-sd-tabs-storage-prefix="sd-" '
            'src="../_static/design-tabs.js?v=fc"></script>') in slim
    assert 'src="../_static/mathjax/tex-chtml.js"' not in slim  # loaded on demand instead
    assert 'var src = "../_static/mathjax/tex-chtml.js"' in slim
    assert '<script defer src="../_static/searchtools.js"></script>' in slim
    assert '<script defer src="../searchindex.js"></script>' in slim
    assert '<script defer src="../_static/copybutton.js?v=f281be69"></script>' in slim
    # inline scripts use DOCUMENTATION_OPTIONS as the page is parsed: it stays blocking
    assert '<script src="../_static/documentation_options.js?v=9eb32ce0"></script>' in slim
    assert 'aria-label="Search"' not in slim and 'title="Search"' in slim
    assert "<summary><p>Show code cell source</p></summary>" in slim
    assert 'role="listitem"' in slim and "doc-biblioentry" not in slim


def test_only_the_search_page_loads_the_search_index():
    other = sphinx_ext.slim_page(PAGE)
    assert "searchindex.js" not in other and "searchtools.js" not in other
    assert "documentation_options.js" in other


def test_a_pages_style_sheets_become_one_bundle_in_their_order(tmp_path):
    static = tmp_path / "_static"
    (static / "styles").mkdir(parents=True)
    (static / "basic.css").write_text("p { background: url(file.png); }", encoding="utf-8")
    (static / "styles" / "theme.css").write_text(
        '@charset "UTF-8";\n@import "../basic.css";\n'
        'h1 { background: url("../img/a.svg#x"); }\n'
        '.x { mask: url("data:image/svg+xml,%3Csvg%3E"); }\n'
        "/*# sourceMappingURL=theme.css.map */", encoding="utf-8")
    (static / "late.css").write_text("h1 { color: red; } .fa-bars::before { content: 'b'; }"
                                     " .fa-unused::before { content: 'u'; }", encoding="utf-8")
    page = ('<head>\n<link href="../_static/styles/theme.css?digest=1" rel="stylesheet" />\n'
            '<link rel="stylesheet" type="text/css" href="../_static/late.css?v=2" />\n'
            '<link rel="stylesheet" href="../_static/print.css" media="print" />\n'
            '</head><body><link rel="stylesheet" href="../_static/late.css" /></body>')
    bundles: dict = {}
    out = sphinx_ext.bundle_css(page, static, bundles, icons={"bars"})
    (name,) = bundles.values()
    assert out.count("<link") == 3  # the bundle, the print sheet, the one outside <head>
    assert f'href="../_static/{name}"' in out and "theme.css" not in out
    css = (static / name).read_text(encoding="utf-8")
    # the import inlined where it stood, urls now relative to _static, order kept
    assert css.index("p { background") < css.index("h1 { background") < css.index("color: red")
    assert 'url("file.png")' in css and 'url("img/a.svg#x")' in css
    assert 'url("data:image/svg+xml,%3Csvg%3E")' in css
    assert "sourceMappingURL" not in css and "@charset" not in css and "@import" not in css
    assert ".fa-bars::before" in css and ".fa-unused" not in css
    # a second page with the same sheets reuses the bundle
    assert sphinx_ext.bundle_css(page.replace("../", ""), static, bundles).count(name) == 1
    assert len(bundles) == 1


def test_a_linked_style_sheet_that_is_missing_fails_the_build(tmp_path):
    page = ('<head><link rel="stylesheet" href="_static/a.css" />'
            '<link rel="stylesheet" href="_static/gone.css" /></head>')
    (tmp_path / "a.css").write_text("p {}", encoding="utf-8")
    with pytest.raises(ExtensionError, match="gone.css"):
        sphinx_ext.bundle_css(page, tmp_path, {})


def test_icons_are_drawn_from_the_themes_font_awesome_paths():
    css = sphinx_ext.icons_css({"bars", "moon", "no-such-icon"})
    assert ".fa-bars {" in css and ".fa-moon {" in css
    assert "no-such-icon" not in css
    assert "data:image/svg+xml," in css and "fontawesome.js" in css  # the comment says why


def test_page_description_is_the_first_paragraph_of_prose_cut_at_a_word():
    doctree = publish_doctree("Title\n=====\n\n.. note::\n\n   A note that is long enough to be "
                              "taken for prose by mistake.\n\nShort.\n\n" + "word " * 60)
    text = sphinx_ext.page_description(doctree)
    assert text.startswith("word word") and text.endswith("\u2026")
    assert len(text) <= sphinx_ext.DESCRIPTION_CHARS + 1


def test_the_server_sends_text_gzipped_with_cache_headers(tmp_path):
    (tmp_path / "index.html").write_text("<p>" + "hello " * 500 + "</p>", encoding="utf-8")
    (tmp_path / "a.png").write_bytes(b"\x89PNG" + b"\0" * 100)
    server, base = serve(tmp_path)
    try:
        request = urllib.request.Request(base + "index.html", headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request) as response:
            assert response.headers["Content-Encoding"] == "gzip"
            assert response.headers["Cache-Control"] == "max-age=600"
            body = response.read()
        assert gzip.decompress(body).decode() == "<p>" + "hello " * 500 + "</p>"
        assert len(body) < 200
        with urllib.request.urlopen(base + "index.html") as response:  # no gzip asked
            assert response.headers.get("Content-Encoding") is None
        request = urllib.request.Request(base + "a.png", headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request) as response:  # images are not recompressed
            assert response.headers.get("Content-Encoding") is None
    finally:
        server.shutdown()


def test_theme_pseudo_icons_become_masks_without_the_icon_font():
    theme = ('html{--pst-icon-note:"\\f05a";--pst-icon-alias:var(--pst-icon-note)}'
             '/* c */.admonition>.admonition-title:after{font:var(--fa-font-solid);'
             "content:var(--pst-icon-alias)}"
             '.dropdown:after{content:"\\f107"}.plain:after{content:"x"}'
             '.fa-bars:before{content:"\\f0c9"}')
    css = sphinx_ext.pseudo_icons_css([theme])
    assert "--antbook-mask-pst-icon-note: url(" in css
    assert ".admonition>.admonition-title:after {" in css
    assert "var(--antbook-mask-pst-icon-alias)" in css
    assert ".dropdown:after {" in css
    assert ".plain:after" not in css and ".fa-bars:before" not in css
    assert "font-family: inherit !important" in css


def _theme_script() -> str:
    import pydata_sphinx_theme

    path = (Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme"
            / "static" / sphinx_ext.THEME_JS)
    return path.read_text(encoding="utf-8")


def test_the_theme_tab_stop_update_is_batched_and_still_a_valid_script(tmp_path):
    original = _theme_script()
    batched = sphinx_ext.batch_tab_stops(original)
    assert sphinx_ext.CLOSED_DETAILS_SKIPPED in batched
    assert 'document.addEventListener("toggle",' in batched  # measured when a fold opens
    assert "e.tabIndex=e.scrollWidth" not in batched  # no read after a write in the loop
    # the rest of the theme's script is untouched
    assert len(batched) - len(original) < 300
    script = tmp_path / "theme.js"
    script.write_text(batched, encoding="utf-8")
    check = subprocess.run(["node", "--check", str(script)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr


def test_a_theme_without_the_tab_stop_update_fails_the_build():
    with pytest.raises(ExtensionError, match="tab-stop update once, found 0"):
        sphinx_ext.batch_tab_stops("function I(){}")
    twice = _theme_script() * 2
    with pytest.raises(ExtensionError, match="found 2"):
        sphinx_ext.batch_tab_stops(twice)


def test_a_table_cell_loses_its_lone_paragraph_but_keeps_its_text():
    page = ('<table><tr><th class="head"><p>Licence</p></th><td><p><strong>Payment</strong> '
            'since <a href="#x">2011</a></p></td><td><p></p></td>'
            '<td><p>one</p><p>two</p></td><td><ul><li><p>item</p></li></ul></td></tr></table>')
    slim = sphinx_ext.slim_page(page)
    assert '<th class="head">Licence</th>' in slim
    assert '<td><strong>Payment</strong> since <a href="#x">2011</a></td>' in slim
    assert "<td></td>" in slim
    assert "<td><p>one</p><p>two</p></td>" in slim  # two paragraphs keep theirs
    assert "<li><p>item</p></li>" in slim  # not a cell's own paragraph
    assert sphinx_ext.slim_page(slim) == slim
