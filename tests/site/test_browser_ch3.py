"""Chapter 3 in the browser: the threshold control moves the metrics, the model menus choose the
model shown, and the downturn slider moves the best cut-off.

The generic browser tests check that every control changes *something*; these check that each
changes the right thing in the right direction.
"""

from __future__ import annotations

import re

import pytest
from conftest import chart_of, set_range, svg_texts

pytestmark = pytest.mark.browser

PAGE = "chapters/03-science-and-technology.html"


def numbers_after(texts: list[str], prefix: str) -> list[float]:
    return [float(re.search(r"-?\d+(\.\d+)?", t[len(prefix):]).group())
            for t in texts if t.startswith(prefix)]


def test_threshold_slider_moves_the_metrics(open_page):
    page = open_page(PAGE)
    slider = "input[type=range][name=threshold]"
    chart = chart_of(page, slider)
    set_range(page, slider, 0.05)
    strict = numbers_after(svg_texts(chart), "All applicants: ")
    set_range(page, slider, 0.20)
    loose = numbers_after(svg_texts(chart), "All applicants: ")
    # Facets in order: approval rate, default rate among the approved, expected loss, profit.
    assert len(strict) == len(loose) == 4
    approval, default_rate, loss = 0, 1, 2
    assert loose[approval] > strict[approval] + 10
    assert loose[default_rate] > strict[default_rate]
    assert loose[loss] > strict[loss]
    assert all(0 <= strict[i] <= 100 for i in (approval, default_rate))


def test_model_menus_choose_the_model_shown(open_page):
    page = open_page(PAGE)
    chart = chart_of(page, "select[name=ch3_model]")

    def chosen_auc() -> float:
        return numbers_after(svg_texts(chart), "Chosen model: AUC ")[0]

    page.locator("select[name=ch3_features]").select_option("Traditional + platform")
    page.wait_for_timeout(250)
    with_platform = chosen_auc()
    page.locator("select[name=ch3_features]").select_option("Traditional")
    page.wait_for_timeout(250)
    traditional = chosen_auc()
    assert with_platform > traditional + 0.03
    page.locator("select[name=ch3_model]").select_option("Logistic regression")
    page.wait_for_timeout(250)
    assert chosen_auc() != traditional


def test_downturn_slider_lowers_the_best_cut_off(open_page):
    page = open_page(PAGE)
    slider = "input[type=range][name=shock]"
    chart = chart_of(page, slider)
    prefix = "Best cut-off at this severity "
    set_range(page, slider, 0.0)
    calm = numbers_after(svg_texts(chart), prefix)
    set_range(page, slider, 1.0)
    severe = numbers_after(svg_texts(chart), prefix)
    assert len(calm) == len(severe) == 1
    assert severe[0] < calm[0]
