"""The built site in Debian's chromium: every page loads offline and clean, every chart draws,
every browser control changes what it controls.

How many charts and controls a page must have is read from its notebook's stored outputs
(:func:`conftest.expected_contents`), so a chart or a control the site loses fails the test
instead of being skipped by a loop over whatever is there.
"""

from __future__ import annotations

import pytest
from conftest import CHART_SIZES, expected_contents, toc_files

pytestmark = pytest.mark.browser

PAGES = [f + ".html" for f in toc_files()] + ["search.html", "genindex.html"]


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_offline_without_errors(open_page, path):
    page = open_page(path)
    log = page.antbook_log
    assert log.outside_requests == [], f"{path} asked for {log.outside_requests}"
    assert log.console_errors == [], f"{path} logged {log.console_errors}"
    assert log.failed_responses == [], f"{path} got {log.failed_responses}"


def test_the_expected_counts_are_read_from_the_notebooks():
    """Every chapter has charts, and at least one with a control: the counting finds them."""
    chapters = [f for f in toc_files() if f.startswith("chapters/0")]
    assert chapters
    for document in chapters:
        assert expected_contents(document).charts >= 1, document
    assert sum(sum(expected_contents(d).controls.values()) for d in chapters) >= len(chapters)


@pytest.mark.parametrize("document", toc_files())
def test_every_chart_of_the_page_draws(open_page, document):
    path = document + ".html"
    page = open_page(path)
    sizes = page.evaluate(CHART_SIZES)
    expected = expected_contents(document).charts
    assert len(sizes) == expected, f"{path}: {len(sizes)} charts on the page, {expected} expected"
    for i, (width, height, message) in enumerate(sizes):
        assert width > 0 and height > 0, f"{path}: chart {i} did not draw ({message!r})"


CONTROL_SELECTORS = {"range": "input[type=range]", "select": "select",
                     "radio": "input[type=radio]", "checkbox": "input[type=checkbox]"}


@pytest.mark.parametrize("document", toc_files())
def test_every_control_of_the_page_is_found(open_page, document):
    path = document + ".html"
    page = open_page(path)
    bindings = page.locator(".antbook-chart .vega-bindings")
    found = {kind: bindings.locator(selector).count()
             for kind, selector in CONTROL_SELECTORS.items()}
    assert found == expected_contents(document).controls, path


def _chart_svg(control) -> str:
    """The drawing of the chart a control belongs to (vega-embed puts bindings inside it)."""
    return control.evaluate("el => el.closest('.antbook-chart').querySelector('svg').outerHTML")


def _changed_drawing(page, control, before: str, timeout_ms: int = 3000) -> str:
    """The chart's drawing once it differs from ``before`` (vega re-renders asynchronously),
    or as it stands when ``timeout_ms`` has passed."""
    waited = 0
    after = _chart_svg(control)
    while after == before and waited < timeout_ms:
        page.wait_for_timeout(100)
        waited += 100
        after = _chart_svg(control)
    return after


def _move(control) -> None:
    """Move a range slider to another value, or pick another option of a select/radio."""
    kind = control.evaluate("el => el.tagName.toLowerCase() + ':' + (el.type || '')")
    if kind == "input:range":
        control.evaluate("""el => {
            const lo = Number(el.min), hi = Number(el.max);
            el.value = String(Number(el.value) === hi ? lo : hi);
            el.dispatchEvent(new Event('input', {bubbles: true}));
            el.dispatchEvent(new Event('change', {bubbles: true}));
        }""")
    elif kind.startswith("select"):
        control.evaluate("""el => {
            el.selectedIndex = (el.selectedIndex + 1) % el.options.length;
            el.dispatchEvent(new Event('change', {bubbles: true}));
        }""")
    elif kind == "input:radio":
        control.check()
    else:
        control.click()


def _controls(page):
    """Every reader-facing control of every chart on the page (radio: the unchecked ones)."""
    return page.locator(".antbook-chart .vega-bindings").locator(
        "input[type=range], select, input[type=radio]:not(:checked), input[type=checkbox]")


@pytest.mark.parametrize("document", toc_files())
def test_every_browser_control_changes_its_chart(open_page, document):
    path = document + ".html"
    page = open_page(path)
    controls = _controls(page).element_handles()
    counts = expected_contents(document).controls
    # radio groups: every option but the checked one is tried
    radios = page.locator(".antbook-chart .vega-bindings input[type=radio]:checked").count()
    assert len(controls) == sum(counts.values()) - radios, path
    for control in controls:
        before = _chart_svg(control)
        _move(control)
        after = _changed_drawing(page, control, before)
        name = control.evaluate("el => el.name || el.id || el.outerHTML.slice(0, 80)")
        assert after != before, f"{path}: moving control {name!r} changed nothing"


def test_introduction_slider_moves_its_chart(open_page):
    """The introduction's interactive is the book's model: its slider must exist and work."""
    page = open_page("chapters/00-introduction.html")
    sliders = page.locator(".antbook-chart .vega-bindings input[type=range]")
    assert sliders.count() >= 1
    slider = sliders.first.element_handle()
    before = _chart_svg(slider)
    _move(slider)
    assert _changed_drawing(page, slider, before) != before
