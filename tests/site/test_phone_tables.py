"""Tables of prose on a phone (390 px): the claims appendix's table becomes one card a claim,
each cell at the screen's width under its column's heading, and nothing scrolls sideways."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize("viewport, stacked", [(PHONE, True), ({"width": 1280, "height": 900},
                                                                  False)])
def test_the_claims_table_stacks_on_a_phone_only(browser, site_url, viewport, stacked):
    context = browser.new_context(viewport=viewport, is_mobile=viewport is PHONE)
    try:
        page = context.new_page()
        page.goto(site_url + "chapters/appendix/claims.html", wait_until="load")
        table = page.locator("table.antbook-stacked")
        assert table.count() == 1
        cells = table.evaluate("""t => Array.from(t.querySelectorAll('tbody td')).map(td => ({
            width: td.getBoundingClientRect().width,
            label: getComputedStyle(td, '::before').content}))""")
        assert len(cells) == 4 * table.locator("tbody tr").count()
        wrapper = table.evaluate("t => [t.parentElement.scrollWidth, t.parentElement.clientWidth]")
        if stacked:
            assert wrapper[0] <= wrapper[1] + 1, f"the table scrolls sideways: {wrapper}"
            assert min(c["width"] for c in cells) >= 300, cells[:4]
            assert [c["label"] for c in cells[:4]] == [
                '"Claim"', '"Verdict: 2020 → now"', '"Why (source rows)"', '"Examined in"']
        else:
            assert all(c["label"] in ("none", "normal") for c in cells)
            assert table.locator("thead th").first.is_visible()
    finally:
        context.close()
