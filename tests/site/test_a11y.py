"""axe-core on every page of the built site, in light and dark mode, charts drawn: no serious or
critical violation.

axe-core comes from the npm registry, pinned in package.json / package-lock.json and installed by
``make node_modules`` (``npm ci``), which ``make test`` runs first.
"""

from __future__ import annotations

import json

import pytest
from conftest import ROOT, toc_files, wait_for_charts

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PAGES = [f + ".html" for f in toc_files()] + ["search.html", "genindex.html"]
BLOCKING = ("serious", "critical")


def axe_version() -> str:
    return json.loads((AXE.parent / "package.json").read_text(encoding="utf-8"))["version"]


def pinned_axe_version() -> str:
    return json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["devDependencies"][
        "axe-core"]


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `make node_modules` (npm ci)")
    return AXE.read_text(encoding="utf-8")


def open_in_mode(browser, url: str, mode: str, viewport=(1280, 900)):
    """A page at ``url`` in pydata-sphinx-theme's ``mode`` ("light"/"dark"), charts drawn."""
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    context.add_init_script(
        f"localStorage.setItem('mode', '{mode}'); localStorage.setItem('theme', '{mode}');")
    page = context.new_page()
    page.goto(url, wait_until="load")
    wait_for_charts(page)
    assert page.evaluate("document.documentElement.dataset.theme") == mode
    return context, page


def serious_violations(page, axe_source: str) -> list[str]:
    """One line per node of every serious or critical axe-core violation on the page."""
    page.add_script_tag(content=axe_source)
    result = page.evaluate("""async () => {
        // label-content-name-mismatch is off by default (experimental) in axe-core 4.10
        const r = await axe.run(document, {resultTypes: ['violations'],
            rules: {'label-content-name-mismatch': {enabled: true}}});
        return r.violations.map(v => ({id: v.id, impact: v.impact,
            nodes: v.nodes.map(n => n.target.join(' ') + ' :: ' + n.failureSummary)}));
    }""")
    return [f"{v['id']} ({v['impact']}): {node}" for v in result if v["impact"] in BLOCKING
            for node in v["nodes"]]


def test_the_installed_axe_core_is_the_pinned_one(axe_source):
    assert axe_version() == pinned_axe_version()


@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_no_serious_accessibility_violation(browser, site_url, axe_source, path, mode):
    context, page = open_in_mode(browser, site_url + path, mode)
    try:
        found = serious_violations(page, axe_source)
    finally:
        context.close()
    assert found == [], f"{path} ({mode}):\n" + "\n".join(found)


def test_axe_finds_a_planted_violation(browser, site_url, axe_source):
    """The check can fail: an unlabelled button on a real page is reported."""
    context, page = open_in_mode(browser, site_url + "index.html", "light")
    try:
        page.evaluate("""() => { const b = document.createElement('button');
                                 document.querySelector('main').appendChild(b); }""")
        found = serious_violations(page, axe_source)
    finally:
        context.close()
    assert any(line.startswith("button-name") for line in found), found


# A reader's interactions: every fold opened (folded code, solutions), every chart control and
# self-check question answered, so that what only shows after a click is checked too.
INTERACT = """async () => {
  document.querySelectorAll("details").forEach(d => { d.open = true; });
  for (const input of document.querySelectorAll(".vega-bindings input[type=range]")) {
    input.value = input.max;
    input.dispatchEvent(new Event("input", {bubbles: true}));
  }
  for (const select of document.querySelectorAll(".vega-bindings select")) {
    select.selectedIndex = select.options.length - 1;
    select.dispatchEvent(new Event("change", {bubbles: true}));
  }
  const groups = new Map();
  for (const radio of document.querySelectorAll("input[type=radio]")) {
    groups.set(radio.name, radio);  // the last option of each group
  }
  groups.forEach(radio => radio.click());
  document.querySelectorAll(".vega-bindings input[type=checkbox]").forEach(c => c.click());
  await new Promise(resolve => setTimeout(resolve, 600));  // charts redraw, folds get tab stops
  return {opened: document.querySelectorAll("details[open]").length, answered: groups.size};
}"""


@pytest.mark.parametrize("path", [p for p in PAGES if p.startswith("chapters/")])
def test_no_serious_violation_after_a_reader_opens_and_moves_everything(browser, site_url,
                                                                          axe_source, path):
    context, page = open_in_mode(browser, site_url + path, "light", viewport=(390, 844))
    try:
        done = page.evaluate(INTERACT)
        found = serious_violations(page, axe_source)
    finally:
        context.close()
    assert found == [], f"{path} (phone, after interaction {done}):\n" + "\n".join(found)
