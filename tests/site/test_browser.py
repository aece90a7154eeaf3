"""The built site in Debian's chromium: every page loads offline and clean, every chart draws,
every browser control changes what it controls."""

from __future__ import annotations

import pytest
from conftest import toc_files

pytestmark = pytest.mark.browser

PAGES = [f + ".html" for f in toc_files()] + ["search.html", "genindex.html"]


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_offline_without_errors(open_page, path):
    page = open_page(path)
    log = page.antbook_log
    assert log.outside_requests == [], f"{path} asked for {log.outside_requests}"
    assert log.console_errors == [], f"{path} logged {log.console_errors}"
    assert log.failed_responses == [], f"{path} got {log.failed_responses}"


@pytest.mark.parametrize("path", [f + ".html" for f in toc_files()])
def test_every_chart_draws(open_page, path):
    page = open_page(path)
    sizes = page.eval_on_selector_all(
        ".antbook-chart",
        """els => els.map(el => {
             const g = el.querySelector('svg, canvas');
             if (!g) return [0, 0, el.textContent];
             const r = g.getBoundingClientRect();
             return [r.width, r.height, ''];
           })""")
    for i, (width, height, message) in enumerate(sizes):
        assert width > 0 and height > 0, f"{path}: chart {i} did not draw ({message!r})"


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


@pytest.mark.parametrize("path", [f + ".html" for f in toc_files()])
def test_every_browser_control_changes_its_chart(open_page, path):
    page = open_page(path)
    for control in _controls(page).element_handles():
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
