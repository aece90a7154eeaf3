"""The theme's tab stops on the built site (pydata-sphinx-theme's update, batched by
antbook.book.sphinx_ext.batch_tab_stops): every code block and output that scrolls can be reached
from the keyboard, and working that out lays out no folded (closed) code cell."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.browser

PAGE = "chapters/02-financial-attributes.html"  # fifteen folded code cells, wide tables
PHONE = {"width": 390, "height": 844}

# Counts reads of an element's scroll size made inside a closed <details>: each one makes Chrome
# lay that folded block out on the spot (a forced layout).
COUNT_FOLDED_READS = """(() => {
  window.antbookFoldedReads = 0;
  for (const prop of ["scrollWidth", "scrollHeight"]) {
    const own = Object.getOwnPropertyDescriptor(Element.prototype, prop);
    Object.defineProperty(Element.prototype, prop, {configurable: true, get() {
      if (this.closest("details:not([open])")) { window.antbookFoldedReads++; }
      return own.get.call(this);
    }});
  }
})();"""

SCROLLABLE = ("pre, .nboutput > .output_area, .cell_output > .output, .jp-RenderedHTMLCommon, "
              ".pst-scrollable-table-container")

# [overflows, tabindex] of each element the theme gives a tab stop, outside closed <details>
TAB_STOPS = """sel => Array.from(document.querySelectorAll(sel))
  .filter(e => !e.closest("details:not([open])"))
  .map(e => [e.scrollWidth > e.clientWidth || e.scrollHeight > e.clientHeight,
             e.getAttribute("tabindex")])"""


@pytest.fixture
def phone_page(browser, site_url):
    context = browser.new_context(viewport=PHONE)
    context.add_init_script(COUNT_FOLDED_READS)
    page = context.new_page()
    page.goto(site_url + PAGE, wait_until="load")
    page.wait_for_timeout(400)  # the theme's update also runs, debounced, after changes
    yield page
    context.close()


def _stops_match(page) -> list:
    return [s for s in page.evaluate(TAB_STOPS, SCROLLABLE) if s[1] != ("0" if s[0] else "-1")]


def test_no_folded_code_is_laid_out_to_set_tab_stops(phone_page):
    assert phone_page.locator("details:not([open]) pre").count() >= 10
    assert phone_page.evaluate("window.antbookFoldedReads") == 0


def test_what_scrolls_is_a_tab_stop_and_what_does_not_is_not(phone_page):
    stops = phone_page.evaluate(TAB_STOPS, SCROLLABLE)
    assert any(overflows for overflows, _ in stops), "nothing scrolls on a phone: a vacuous test"
    assert _stops_match(phone_page) == []


def test_a_folded_cell_opened_gets_its_tab_stops(phone_page):
    phone_page.evaluate("""() => document.querySelectorAll("details.hide")
                             .forEach(d => { d.open = true; })""")
    phone_page.wait_for_function(  # the theme's update is debounced (300 ms)
        f"() => ({TAB_STOPS})({json.dumps(SCROLLABLE)})"
        ".every(([o, t]) => t === (o ? '0' : '-1'))", timeout=5000)
    opened = phone_page.evaluate(TAB_STOPS, "details.hide pre")
    assert any(o for o, _ in opened), "no opened code block scrolls on a phone: a vacuous test"
    assert all(t == ("0" if o else "-1") for o, t in opened)
