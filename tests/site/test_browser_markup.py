"""What the reader sees is what the authors wrote: every formula typeset by the site's own MathJax,
and no markup left unrendered (TeX delimiters, MyST roles and directives) on any page."""

from __future__ import annotations

import re

import pytest
from conftest import toc_files

pytestmark = pytest.mark.browser

PAGES = [f + ".html" for f in toc_files()]

# Markup that only shows in a page's text when it failed to render.
RAW_MARKUP = {
    "TeX inline delimiter": r"\\\(|\\\)",
    "TeX display delimiter": r"\$\$|\\\[|\\\]",
    "TeX command": r"\\(?:frac|text|cdot|times|le|ge|leq|geq|sum|mathrm|mathbf|left|right|"
                   r"alpha|beta|gamma|delta|quad|approx|ne|in)\b",
    "MyST role": r"\{[a-z][a-z0-9_:-]*\}`",
    "MyST role name": r"\{(?:term|cite|cite:[a-z]+|ref|numref|doc|eq|math|glue|download|"
                      r"abbr|sub|sup)\}",
    "MyST directive fence": r"^\s*(?::::*|```+)\s*\{?[a-z]",
    "colon fence": r":::",
    "MyST target": r"^\s*\([a-z0-9_-]+\)=\s*$",
}

# Text nodes under these are code or drawings, where such characters are legitimate.
SKIP = "pre, code, script, style, svg, mjx-container, .cell_input, .antbook-chart, .vega-bindings"

WAIT_TRIES = 600  # of 50 ms: a generous wait for MathJax to start, not a timed assertion

TEXT_JS = """skip => {
  const root = document.querySelector('main') || document.body;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const lines = [];
  let node;
  while ((node = walker.nextNode())) {
    const parent = node.parentElement;
    if (!parent || parent.closest(skip)) continue;
    if (node.textContent.trim()) lines.push(node.textContent);
  }
  return lines.join('\\n');
}"""

TYPESET_JS = """async (tries) => {
  const maths = Array.from(document.querySelectorAll('.math'));
  if (maths.length === 0) return {count: 0, loaded: !!window.MathJax, bad: []};
  // The site loads MathJax when a formula nears the screen: bring one there, as a reader
  // scrolling the page would. Then wait (generously) until MathJax has started and typeset.
  const visible = maths.find(m => m.offsetParent !== null);
  if (visible && !(window.MathJax && MathJax.startup)) visible.scrollIntoView();
  for (let i = 0; i < tries && !(window.MathJax && MathJax.startup && MathJax.startup.promise); i++)
    await new Promise(r => setTimeout(r, 50));
  if (!(window.MathJax && MathJax.startup && MathJax.startup.promise))
    return {count: maths.length, loaded: false, bad: maths.map(m => m.textContent)};
  await MathJax.startup.promise;
  const bad = maths.filter(m => {
    const out = m.querySelector('mjx-container');
    return !out || out.querySelector('mjx-merror') || out.getBoundingClientRect().width === 0
           && m.offsetParent !== null;
  }).map(m => m.textContent.slice(0, 80));
  const scripts = Array.from(document.scripts).map(s => s.src).filter(s => /mathjax/i.test(s));
  return {count: maths.length, loaded: true, bad: bad, scripts: scripts,
          sources: Array.from(MathJax.startup.document.math).map(item => item.math)};
}"""


# Two words in a row inside a formula: prose between two dollar signs (prices, say) that the
# Markdown took for math. Words in \\text{...} are meant.
PROSE_IN_MATH = re.compile(r"(?<![\\a-zA-Z])[a-zA-Z]{3,}\s+[a-zA-Z]{3,}")


def prose_in_math(tex: str) -> bool:
    return bool(PROSE_IN_MATH.search(re.sub(r"\\(?:text|mathrm|textrm|mbox)\{[^}]*\}", "", tex)))


def raw_markup(text: str) -> dict[str, list[str]]:
    """Each kind of unrendered markup found in ``text``, with the lines it is on."""
    found = {}
    for what, pattern in RAW_MARKUP.items():
        hits = [line.strip()[:120] for line in text.splitlines()
                if re.search(pattern, line, re.MULTILINE)]
        if hits:
            found[what] = hits
    return found


def page_text(page) -> str:
    """The text a reader of the page gets, without code, charts and typeset formulas."""
    return page.evaluate(TEXT_JS, SKIP)


@pytest.mark.parametrize("path", PAGES)
def test_every_formula_is_typeset_by_the_sites_own_mathjax(open_page, site_url, path):
    page = open_page(path)
    result = page.evaluate(TYPESET_JS, WAIT_TRIES)
    if result["count"] == 0:
        return
    assert result["loaded"], f"{path}: {result['count']} formulas but MathJax never loaded"
    assert result["bad"] == [], f"{path}: formulas not typeset: {result['bad'][:5]}"
    assert result["scripts"] and all(s.startswith(site_url) for s in result["scripts"]), \
        result["scripts"]
    assert page.antbook_log.outside_requests == []
    prose = [tex for tex in result["sources"] if prose_in_math(tex)]
    assert prose == [], f"{path}: text set as a formula (a stray dollar sign?): {prose}"


@pytest.mark.parametrize("path", PAGES)
def test_no_unrendered_markup_in_the_text(open_page, path):
    page = open_page(path)
    # typeset first: MathJax replaces the delimiters it renders
    page.evaluate(TYPESET_JS, WAIT_TRIES)
    found = raw_markup(page_text(page))
    assert found == {}, f"{path} shows markup that did not render: {found}"


def test_the_markup_check_finds_what_did_not_render(browser):
    """The two checks above must be able to fail: a page with raw TeX and MyST markup."""
    page = browser.new_page()
    try:
        page.set_content("""<main><p>Cost <span class="math notranslate">\\(c \\le 1\\)</span>
            and a {term}`escrow` with a {cite}`x2020`.</p><p>:::{note}</p>
            <pre>$$ code may say this $$</pre><div class="cell_input">{term}`x`</div></main>""")
        found = raw_markup(page_text(page))
        assert set(found) >= {"TeX inline delimiter", "TeX command", "MyST role",
                              "MyST role name", "colon fence", "MyST directive fence"}
        assert not any("code may say" in line for hits in found.values() for line in hits)
        assert prose_in_math("1 and returned ") and not prose_in_math(r"(1-b)\,v \ge 100")
        assert not prose_in_math(r"p^* = \text{break even rate}")
        result = page.evaluate(TYPESET_JS, 2)
        assert result["count"] == 1 and not result["loaded"]
    finally:
        page.close()
