"""The site's sliders show their values in the units the text uses (2 %, not 0.02)."""

from __future__ import annotations

import re

import pytest
from conftest import set_range, toc_files

pytestmark = pytest.mark.browser

READOUTS_JS = """() => Array.from(document.querySelectorAll(
    '.antbook-chart .vega-bind input[type=range]')).map(input => {
  const shown = Array.from(input.parentNode.querySelectorAll('.vega-bind-value'))
    .filter(el => el.offsetParent !== null).map(el => el.textContent);
  return {name: input.name, value: input.value, shown: shown,
          valuetext: input.getAttribute('aria-valuetext')};
})"""


@pytest.mark.parametrize("path", [f + ".html" for f in toc_files()])
def test_every_slider_shows_its_value_in_the_readers_units(open_page, path):
    page = open_page(path)
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('.antbook-chart .vega-bind "
        "input[type=range]')).every(i => i.hasAttribute('aria-valuetext'))", timeout=15000)
    for slider in page.evaluate(READOUTS_JS):
        # one readout shows, it is the reader's text (also given to screen readers), and a share
        # is never shown as a bare fraction such as 0.02
        assert len(slider["shown"]) == 1, slider
        assert slider["shown"][0] == slider["valuetext"], slider
        assert not re.fullmatch(r"0\.\d+", slider["shown"][0]), slider


def test_a_share_reads_in_per_cent_and_follows_the_slider(open_page):
    page = open_page("chapters/00-introduction.html")
    selector = ".antbook-chart .vega-bind input[type=range][name=own_share]"
    readout = page.locator(selector).locator("xpath=..").locator(".antbook-readout")
    set_range(page, selector, 0.5)
    assert readout.inner_text() == "50 %"
    set_range(page, selector, 0.02)
    assert readout.inner_text() == "2 %"
    assert page.locator(selector).get_attribute("aria-valuetext") == "2 %"
