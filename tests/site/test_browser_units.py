"""The site's sliders show their values in the units the text uses (2 %, not 0.02)."""

from __future__ import annotations

import re

import pytest
from conftest import set_range, toc_files

pytestmark = pytest.mark.browser

READOUTS_JS = """() => Array.from(document.querySelectorAll(
    '.antbook-chart .vega-bind input[type=range]')).map(input => {
  const shown = Array.from(input.parentNode.querySelectorAll('span:not(.vega-bind-name)'))
    .filter(el => el.offsetParent !== null).map(el => el.textContent);
  return {name: input.name, value: input.value, shown: shown,
          valuetext: input.getAttribute('aria-valuetext')};
})"""


PAGES_WITH_SHARE_SLIDERS = {f"chapters/{name}.html" for name in (
    "00-introduction", "01-past-lives", "02-financial-attributes", "03-science-and-technology",
    "04-closed-loop")}


@pytest.mark.parametrize("path", [f + ".html" for f in toc_files()])
def test_every_slider_shows_its_value_in_the_readers_units(open_page, path):
    page = open_page(path)
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('.antbook-chart .vega-bind "
        "input[type=range]')).every(i => i.hasAttribute('aria-valuetext'))", timeout=15000)
    sliders = page.evaluate(READOUTS_JS)
    for slider in sliders:
        # one readout shows, and it is the reader's text (also given to screen readers)
        assert len(slider["shown"]) == 1, slider
        assert slider["shown"][0] == slider["valuetext"], slider
    shares = [s for s in sliders if s["shown"][0].endswith(" %")]
    assert all(re.fullmatch(r"\d+(\.\d+)? %", s["shown"][0]) for s in shares), shares
    if path in PAGES_WITH_SHARE_SLIDERS:
        # these chapters' sliders set shares, and they read in per cent (the Sliders' own
        # formats are unit-tested in tests/core/test_slider_units.py)
        assert shares, f"{path}: no slider reads in per cent: {sliders}"
    else:
        # chapter 5's only slider is a year: it reads as the year, not as 2,020
        assert all(re.fullmatch(r"\d{4}", s["shown"][0]) for s in sliders), sliders


def test_a_share_reads_in_per_cent_and_follows_the_slider(open_page):
    page = open_page("chapters/00-introduction.html")
    selector = ".antbook-chart .vega-bind input[type=range][name=own_share]"
    readout = page.locator(selector).locator("xpath=..").locator(".antbook-readout")
    set_range(page, selector, 0.5)
    assert readout.inner_text() == "50 %"
    set_range(page, selector, 0.02)
    assert readout.inner_text() == "2 %"
    assert page.locator(selector).get_attribute("aria-valuetext") == "2 %"
