"""Charts on a phone (390 x 844): every chart and control fits the screen, or, for a drawing that
cannot shrink, scrolls sideways inside a visible, keyboard-focusable box; charts follow the dark
mode and are re-drawn, keeping their controls' values, when the reader toggles it."""

from __future__ import annotations

import pytest
from conftest import contrast_ratio, luminance, toc_files, wait_for_charts

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
# The only charts that may scroll sideways on a phone: chapter 2's two labelled networks, which
# cannot shrink without their labels colliding (by the start of their titles).
LARGE_DRAWINGS = {("chapters/02-financial-attributes.html", "Ant Group is the hub"),
                  ("chapters/02-financial-attributes.html", "Cut off Alipay and its users")}
CHART_PAGES = [f + ".html" for f in toc_files() if f.startswith("chapters/0")]

# Per chart: its box, its drawing's box, whether it scrolls, and each control's box.
MEASURE = """() => Array.from(document.querySelectorAll('.antbook-chart')).map((el, i) => {
    const box = el.getBoundingClientRect();
    const svg = el.querySelector('svg');
    const drawn = svg ? svg.getBoundingClientRect() : null;
    const style = getComputedStyle(el);
    return {
        i, label: (el.getAttribute('aria-label') || '').slice(0, 60),
        state: el.getAttribute('data-antbook-state'),
        left: box.left, right: box.right, width: el.clientWidth,
        drawnWidth: drawn ? drawn.width : 0,
        scrolls: el.scrollWidth > el.clientWidth + 1,
        scrollable: ['auto', 'scroll'].includes(style.overflowX),
        focusable: el.tabIndex >= 0,
        controls: Array.from(el.querySelectorAll('.vega-bindings input, .vega-bindings select'))
            .filter(c => c.type !== 'hidden').map(c => {
                const r = c.getBoundingClientRect();
                return {name: c.name || c.id, left: r.left, right: r.right};
            }),
    };
})"""


def _opener(browser, site_url, viewport: dict, phone: bool):
    contexts = []

    def _open(path: str, mode: str = "light"):
        if phone:
            context = browser.new_context(viewport=viewport, device_scale_factor=2,
                                          is_mobile=True, has_touch=True)
        else:
            context = browser.new_context(viewport=viewport)
        context.add_init_script(
            f"localStorage.setItem('mode', '{mode}'); localStorage.setItem('theme', '{mode}');")
        contexts.append(context)
        page = context.new_page()
        page.goto(site_url + path, wait_until="load")
        wait_for_charts(page)
        return page

    return _open, contexts


@pytest.fixture
def phone_page(browser, site_url):
    _open, contexts = _opener(browser, site_url, PHONE, phone=True)
    yield _open
    for context in contexts:
        context.close()


@pytest.fixture
def desktop_page(browser, site_url):
    _open, contexts = _opener(browser, site_url, DESKTOP, phone=False)
    yield _open
    for context in contexts:
        context.close()


@pytest.mark.parametrize("path", CHART_PAGES)
def test_no_chart_or_control_is_cut_off_on_a_phone(phone_page, path):
    page = phone_page(path)
    charts = page.evaluate(MEASURE)
    assert charts, f"{path} has no chart"
    viewport = PHONE["width"]
    for c in charts:
        where = f"{path} chart {c['i']} ({c['label']!r})"
        assert c["drawnWidth"] > 0 and c["state"] == "drawn", f"{where} did not draw"
        assert c["left"] >= -0.5 and c["right"] <= viewport + 0.5, \
            f"{where}: its box [{c['left']:.0f}, {c['right']:.0f}] leaves the screen"
        if c["scrolls"]:
            # a deliberate sideways scroll: inside the chart's own box, reachable by keyboard
            assert c["scrollable"] and c["focusable"], f"{where} overflows without a scroll box"
        else:
            assert c["drawnWidth"] <= c["width"] + 1, \
                f"{where}: drawn {c['drawnWidth']:.0f} px wide in {c['width']} px"
        for control in c["controls"]:
            assert control["left"] >= -0.5 and control["right"] <= viewport + 0.5, \
                f"{where}: control {control['name']!r} is cut off at the screen's edge"


def test_only_a_large_drawing_scrolls(phone_page):
    """Charts shrink or stack; sideways scroll is kept for the large network drawings."""
    scrolling, large = [], set()
    for path in CHART_PAGES:
        page = phone_page(path)
        for c in page.evaluate(MEASURE):
            drawing = next(((p, s) for p, s in LARGE_DRAWINGS
                            if p == path and c["label"].startswith(s)), None)
            if drawing:
                large.add(drawing)
                assert c["scrolls"], f"{path} chart {c['i']} ({c['label']!r}) no longer scrolls"
            elif c["scrolls"]:
                scrolling.append(f"{path} chart {c['i']}: {c['label']} "
                                 f"(drawn {c['drawnWidth']:.0f} px in {c['width']} px)")
    assert large == LARGE_DRAWINGS, f"not found: {LARGE_DRAWINGS - large}"
    assert not scrolling, "\n".join(scrolling)


@pytest.mark.parametrize("path", CHART_PAGES)
def test_every_chart_fits_a_desktop_column(desktop_page, path):
    """At 1280 x 900 every chart, the networks included, is drawn within its box."""
    page = desktop_page(path)
    charts = page.evaluate(MEASURE)
    assert charts, f"{path} has no chart"
    for c in charts:
        where = f"{path} chart {c['i']} ({c['label']!r})"
        assert c["drawnWidth"] > 0 and c["state"] == "drawn", f"{where} did not draw"
        assert not c["scrolls"], f"{where} scrolls sideways on a desktop"
        assert c["drawnWidth"] <= c["width"] + 1, \
            f"{where}: drawn {c['drawnWidth']:.0f} px wide in {c['width']} px"


def _chart_colours(page) -> list[dict]:
    return page.evaluate("""() => Array.from(document.querySelectorAll('.antbook-chart svg'))
        .map(svg => {
            const title = svg.querySelector('.role-title-text text, .role-title text');
            return {background: getComputedStyle(svg).backgroundColor,
                    title: title ? getComputedStyle(title).fill : null};
        })""")


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_charts_follow_the_colour_mode_with_readable_titles(phone_page, mode):
    page = phone_page("chapters/01-past-lives.html", mode)
    colours = _chart_colours(page)
    assert colours
    for c in colours:
        assert c["background"] and c["title"], c
        dark_background = luminance(c["background"]) < 0.1
        assert dark_background == (mode == "dark"), c
        assert contrast_ratio(c["background"], c["title"]) >= 4.5, c
    # the chart's controls sit on the page's own background (myst-nb boxes HTML outputs in
    # a light box in dark mode), so their labels read in both modes
    boxes = page.evaluate("""() => Array.from(document.querySelectorAll('.antbook-chart'))
        .map(el => getComputedStyle(el.closest('.text_html') || el).backgroundColor)""")
    assert all(b in ("rgba(0, 0, 0, 0)", "transparent") for b in boxes), boxes


def test_toggling_dark_mode_redraws_charts_and_keeps_control_values(phone_page):
    page = phone_page("chapters/00-introduction.html", "light")
    slider = page.locator(".antbook-chart .vega-bindings input[type=range]").first
    target = slider.evaluate("el => String(Number(el.max))")
    slider.evaluate("""el => { el.value = el.max;
        el.dispatchEvent(new Event('input', {bubbles: true})); }""")
    page.wait_for_timeout(300)
    before = _chart_colours(page)
    page.evaluate("document.documentElement.dataset.theme = 'dark'")
    page.wait_for_function("""() => Array.from(document.querySelectorAll('.antbook-chart'))
        .every(el => el.querySelectorAll('.antbook-chart-view').length === 1
                     && el.getAttribute('data-antbook-state') === 'drawn')
        && Array.from(document.querySelectorAll('.antbook-chart svg'))
        .every(s => getComputedStyle(s).backgroundColor !== 'rgb(255, 255, 255)')""",
        timeout=10000)
    after = _chart_colours(page)
    assert len(after) == len(before)
    assert all(luminance(c["background"]) < 0.1 for c in after), after
    slider = page.locator(".antbook-chart .vega-bindings input[type=range]").first
    assert slider.evaluate("el => String(Number(el.value))") == target
