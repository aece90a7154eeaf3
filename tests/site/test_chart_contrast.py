"""Marks that carry meaning stand out from the chart's background (WCAG 2.1 1.4.11, 3:1 for
graphics), counted in the browser on the drawn SVG: filled bars, areas and symbols at full
opacity, and the symbols of every legend. Marks drawn paler on purpose (the "How sure" opacity)
are left out; their legend explains them."""

from __future__ import annotations

import pytest
from conftest import toc_files, wait_for_charts

pytestmark = pytest.mark.browser

CHART_PAGES = [f + ".html" for f in toc_files() if f.startswith("chapters/0")]

# Every filled mark and legend symbol at full opacity: its fill and the svg's background
FILLS = """() => {
  const out = [];
  document.querySelectorAll('.antbook-chart svg').forEach((svg, i) => {
    const bg = getComputedStyle(svg).backgroundColor;
    const label = (svg.closest('.antbook-chart').getAttribute('aria-label') || '').slice(0, 50);
    svg.querySelectorAll('.mark-rect path, .mark-symbol path, .mark-area path, .mark-arc path,'
                        + ' .role-legend-symbol path').forEach(p => {
      const s = getComputedStyle(p);
      let opacity = Number(s.opacity) * Number(s.fillOpacity);
      for (let n = p.parentElement; n && n !== svg; n = n.parentElement) {
        opacity *= Number(getComputedStyle(n).opacity);
      }
      const fill = p.getAttribute('fill') || s.fill;
      if (!fill || fill === 'none' || fill === 'transparent' || opacity < 0.99) { return; }
      const r = p.getBoundingClientRect();
      if (r.width < 2 || r.height < 2) { return; }
      out.push({chart: i, label, bg, fill: s.fill,
                legend: !!p.closest('.role-legend-symbol')});
    });
  });
  return out;
}"""


def _luminance(css_rgb: str) -> float:
    parts = [float(p) / 255 for p in css_rgb[css_rgb.index("(") + 1:-1].split(",")[:3]]
    lin = [p / 12.92 if p <= 0.03928 else ((p + 0.055) / 1.055) ** 2.4 for p in parts]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    x, y = sorted([_luminance(a), _luminance(b)], reverse=True)
    return (x + 0.05) / (y + 0.05)


def low_contrast_marks(page) -> list[str]:
    found = set()
    for m in page.evaluate(FILLS):
        if m["fill"].startswith("rgb") and contrast(m["fill"], m["bg"]) < 3.0:
            what = "legend symbol" if m["legend"] else "mark"
            found.add(f"chart {m['chart']} ({m['label']!r}): {what} {m['fill']} on {m['bg']} "
                      f"= {contrast(m['fill'], m['bg']):.2f}:1")
    return sorted(found)


@pytest.fixture
def open_page(browser, site_url):
    contexts = []

    def _open(path: str, mode: str):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.add_init_script(
            f"localStorage.setItem('mode', '{mode}'); localStorage.setItem('theme', '{mode}');")
        contexts.append(context)
        page = context.new_page()
        page.goto(site_url + path, wait_until="load")
        wait_for_charts(page)
        return page

    yield _open
    for context in contexts:
        context.close()


@pytest.mark.parametrize("path", CHART_PAGES)
def test_marks_and_legend_symbols_stand_out_in_dark_mode(open_page, path):
    page = open_page(path, "dark")
    assert page.evaluate(FILLS), f"{path}: no filled mark found (the selector is stale)"
    assert low_contrast_marks(page) == []


def test_the_check_catches_a_mark_the_page_hides(open_page):
    """A bar recoloured as dark as the page is reported."""
    page = open_page("chapters/00-introduction.html", "dark")
    page.evaluate("""() => document.querySelector('.antbook-chart svg .mark-rect path')
        .setAttribute('style', 'fill: rgb(30, 30, 30); opacity: 1; fill-opacity: 1')""")
    assert any("rgb(30, 30, 30)" in line for line in low_contrast_marks(page))
