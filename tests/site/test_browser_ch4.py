"""Chapter 4 in the browser: every interactive is on the page with its controls, and each control
moves its chart in the direction the chapter says.

The generic browser tests check that every control changes *something*; these check the counts of
charts and controls and what each control changes.
"""

from __future__ import annotations

import re

import pytest
from conftest import chart_of, set_range, svg_texts

pytestmark = pytest.mark.browser

PAGE = "chapters/04-closed-loop.html"
SLIDERS = ("effect", "switching", "subsidy", "sharing", "sensitivity", "precision", "rival")


def percent_after(texts: list[str], prefix: str) -> list[float]:
    return [float(re.search(r"-?\d+(\.\d+)?", t[len(prefix):]).group())
            for t in texts if t.startswith(prefix)]


def slider(name: str) -> str:
    return f"input[type=range][name={name}]"


def test_page_has_its_charts_and_controls(open_page):
    page = open_page(PAGE)
    # the market-share chart and the four interactives
    assert page.locator(".antbook-chart").count() == 5
    bindings = page.locator(".antbook-chart .vega-bindings")
    assert bindings.locator("input[type=range]").count() == len(SLIDERS)
    for name in SLIDERS:
        assert page.locator(slider(name)).count() == 1, name
    assert bindings.locator("input[type=radio]").count() == 2
    # four self-check questions in the section, two mid-chapter
    assert page.locator(".antbook-quiz").count() == 6


def test_strong_network_effects_tip_the_market_and_a_subsidy_overturns_it(open_page):
    page = open_page(PAGE)
    chart = chart_of(page, slider("effect"))
    set_range(page, slider("effect"), 1)
    weak = percent_after(svg_texts(chart), "B (incumbent): ")
    set_range(page, slider("effect"), 5)
    strong = percent_after(svg_texts(chart), "B (incumbent): ")
    assert strong[0] > 90 and weak[0] < 60
    set_range(page, slider("subsidy"), 1.5)
    assert percent_after(svg_texts(chart), "A (challenger): ")[0] > 90
    set_range(page, slider("switching"), 2)
    set_range(page, slider("subsidy"), 0.75)
    assert percent_after(svg_texts(chart), "B (incumbent): ")[0] > 90


def test_data_sharing_closes_the_gap_between_lenders(open_page):
    page = open_page(PAGE)
    chart = chart_of(page, slider("sharing"))
    set_range(page, slider("sharing"), 0)
    closed = (percent_after(svg_texts(chart), "Platform lender ")[0],
              percent_after(svg_texts(chart), "Bank ")[0])
    set_range(page, slider("sharing"), 1)
    shared = (percent_after(svg_texts(chart), "Platform lender ")[0],
              percent_after(svg_texts(chart), "Bank ")[0])
    assert closed[0] > 2 * closed[1]
    assert abs(shared[0] - shared[1]) < 5
    set_range(page, slider("sharing"), 0)
    set_range(page, slider("sensitivity"), 2)
    assert percent_after(svg_texts(chart), "Platform lender ")[0] > closed[0]


def test_precision_and_the_rival_change_who_gains(open_page):
    page = open_page(PAGE)
    chart = chart_of(page, slider("precision"))
    prefix = "Pay less than the uniform price: "
    set_range(page, slider("precision"), 0)
    assert percent_after(svg_texts(chart), prefix) == [0.0]
    set_range(page, slider("precision"), 0.5)
    middling = percent_after(svg_texts(chart), prefix)[0]
    assert middling > 10
    before = svg_texts(chart)
    set_range(page, slider("rival"), 5)
    assert svg_texts(chart) != before


def test_the_period_control_switches_the_loops(open_page):
    page = open_page(PAGE)
    chart = chart_of(page, "input[type=radio]")
    assert any(t.startswith("Before the 2021 rectification: 6 loops") for t in svg_texts(chart))
    chart.locator("input[type=radio]").nth(1).check()
    page.wait_for_timeout(300)
    assert any(t.startswith("After it: 5 loops") for t in svg_texts(chart))


def test_every_self_check_question_answers_each_option(open_page):
    from antbook.selfcheck import load_questions

    page = open_page(PAGE)
    bank = load_questions("ch4")
    assert page.locator("form.antbook-quiz").count() == len(bank.questions)
    for q in bank.questions:
        form = page.locator(f"#antbook-q-{q.id}")
        feedback = form.locator(".antbook-quiz-feedback")
        for k, option in enumerate(q.options):
            form.locator(f"label[for='antbook-q-{q.id}-{k}']").click()
            verdict = "Correct." if option.correct else "Not quite."
            assert feedback.inner_text().startswith(verdict), (q.id, k)
