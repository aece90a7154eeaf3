"""Charts pass WCAG 2.1 AA contrast in light and dark mode, measured in the browser on the drawn
SVG, which axe-core does not look inside: marks that carry meaning stand 3:1 against the chart's
background (1.4.11: filled bars, areas and symbols at full opacity, and every legend symbol), and
every text the chart writes stands 4.5:1 (1.4.3: titles, axes, legends, direct labels). Marks
drawn paler on purpose (the "How sure" opacity) are left out; their legend explains them."""

from __future__ import annotations

import pytest
from conftest import contrast_ratio, toc_files, wait_for_charts

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


# Every text at full opacity: its fill, its size and the svg's background
TEXTS = """() => {
  const out = [];
  document.querySelectorAll('.antbook-chart svg').forEach((svg, i) => {
    const bg = getComputedStyle(svg).backgroundColor;
    const label = (svg.closest('.antbook-chart').getAttribute('aria-label') || '').slice(0, 50);
    svg.querySelectorAll('text').forEach(t => {
      const s = getComputedStyle(t);
      let opacity = Number(s.opacity) * Number(s.fillOpacity);
      for (let n = t.parentElement; n && n !== svg; n = n.parentElement) {
        opacity *= Number(getComputedStyle(n).opacity);
      }
      if (!t.textContent.trim() || opacity < 0.99) { return; }
      out.push({chart: i, label, bg, fill: s.fill, text: t.textContent.slice(0, 40)});
    });
  });
  return out;
}"""


def low_contrast_texts(page) -> list[str]:
    found = set()
    for t in page.evaluate(TEXTS):
        if t["fill"].startswith("rgb") and contrast_ratio(t["fill"], t["bg"]) < 4.5:
            found.add(f"chart {t['chart']} ({t['label']!r}): text {t['text']!r} {t['fill']} on "
                      f"{t['bg']} = {contrast_ratio(t['fill'], t['bg']):.2f}:1")
    return sorted(found)


def low_contrast_marks(page) -> list[str]:
    found = set()
    for m in page.evaluate(FILLS):
        if m["fill"].startswith("rgb") and contrast_ratio(m["fill"], m["bg"]) < 3.0:
            what = "legend symbol" if m["legend"] else "mark"
            found.add(f"chart {m['chart']} ({m['label']!r}): {what} {m['fill']} on {m['bg']} "
                      f"= {contrast_ratio(m['fill'], m['bg']):.2f}:1")
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


@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("path", CHART_PAGES)
def test_marks_legends_and_texts_stand_out(open_page, path, mode):
    page = open_page(path, mode)
    assert page.evaluate(FILLS), f"{path}: no filled mark found (the selector is stale)"
    assert low_contrast_marks(page) == []
    assert page.evaluate(TEXTS), f"{path}: no chart text found (the selector is stale)"
    assert low_contrast_texts(page) == []


def test_the_check_catches_a_mark_the_page_hides(open_page):
    """A bar recoloured as dark as the page is reported (and so would a pale one on white)."""
    page = open_page("chapters/00-introduction.html", "dark")
    page.evaluate("""() => document.querySelector('.antbook-chart svg .mark-rect path')
        .setAttribute('style', 'fill: rgb(30, 30, 30); opacity: 1; fill-opacity: 1')""")
    assert any("rgb(30, 30, 30)" in line for line in low_contrast_marks(page))


def test_the_check_catches_a_label_too_pale_to_read(open_page):
    """A text in the palette's orange (3.35:1: enough for a bar, not for text) is reported."""
    page = open_page("chapters/00-introduction.html", "light")
    page.evaluate("""() => document.querySelector('.antbook-chart svg text')
        .setAttribute('style', 'fill: rgb(192, 127, 0)')""")
    assert any("rgb(192, 127, 0)" in line for line in low_contrast_texts(page))
