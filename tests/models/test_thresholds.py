"""Tests of the approval-threshold metrics (chapter 3)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from antbook.models.thresholds import (
    ThresholdTable,
    check_threshold,
    downturn_profit_curve,
    threshold_metrics,
)

outcomes = st.integers(1, 60).flatmap(lambda n: st.tuples(
    st.lists(st.floats(0, 1), min_size=n, max_size=n),
    st.lists(st.integers(0, 1), min_size=n, max_size=n)))


def test_known_small_case():
    m = threshold_metrics([0.1, 0.2, 0.3, 0.4], [0, 1, 1, 1], threshold=0.25,
                          interest_rate=0.1, loss_given_default=0.5)
    assert (m["approved"], m["rejected"]) == (2, 2)
    assert m["approval_rate"] == 0.5
    assert m["default_rate_approved"] == 0.5
    assert m["expected_loss"] == pytest.approx(100 * (0.1 + 0.2) * 0.5 / 4)
    assert m["profit"] == pytest.approx(100 * (1 * 0.1 - 1 * 0.5) / 4)


@settings(max_examples=80, deadline=None)
@given(data=outcomes, threshold=st.floats(0, 1))
def test_identities_hold_for_any_scores(data, threshold):
    risk, y = data
    m = threshold_metrics(risk, y, threshold)
    assert m["approved"] + m["rejected"] == m["applicants"] == len(risk)
    assert m["approved"] == sum(r <= threshold for r in risk)
    for key in ("approval_rate", "default_rate_approved"):
        assert 0.0 <= m[key] <= 1.0
    assert m["expected_loss"] >= 0
    if m["approved"] == 0:
        assert m["expected_loss"] == 0 and m["profit"] == 0 and m["default_rate_approved"] == 0


@settings(max_examples=40, deadline=None)
@given(data=outcomes, a=st.floats(0, 1), b=st.floats(0, 1))
def test_a_looser_cut_off_approves_at_least_as_many(data, a, b):
    risk, y = data
    low, high = sorted([a, b])
    table = ThresholdTable.build(risk, y)
    out = table.at([low, high])
    assert out["approved"][0] <= out["approved"][1]
    assert out["expected_loss"][0] <= out["expected_loss"][1] + 1e-12


def test_a_cut_off_that_approves_nobody_loses_nothing():
    risk = np.array([0.2, 0.5, 0.9])
    m = threshold_metrics(risk, [1, 1, 1], threshold=0.1)
    assert m["approved"] == 0
    assert m["expected_loss"] == 0 and m["profit"] == 0
    assert threshold_metrics(risk, [1, 1, 1], threshold=0.0)["approved"] == 0


def test_cut_off_one_approves_everyone():
    m = threshold_metrics([0.2, 0.99, 1.0], [0, 1, 1], threshold=1.0)
    assert m["approval_rate"] == 1.0


@pytest.mark.parametrize("bad", [-0.01, 1.01, 5, float("nan"), "0.5", None])
def test_threshold_outside_unit_interval_is_refused(bad):
    with pytest.raises(ValueError, match="threshold"):
        threshold_metrics([0.1], [0], bad)
    with pytest.raises(ValueError, match="threshold"):
        check_threshold(bad)


def test_bad_scores_and_outcomes_are_refused():
    with pytest.raises(ValueError, match="empty"):
        threshold_metrics([], [], 0.5)
    with pytest.raises(ValueError, match="equal length"):
        threshold_metrics([0.1, 0.2], [0], 0.5)
    with pytest.raises(ValueError, match="probabilities"):
        threshold_metrics([1.5], [0], 0.5)
    with pytest.raises(ValueError, match="0 and 1"):
        threshold_metrics([0.5], [2], 0.5)


def test_table_agrees_with_direct_computation():
    rng = np.random.default_rng(0)
    risk, y = rng.random(500), (rng.random(500) < 0.2).astype(int)
    table = ThresholdTable.build(risk, y)
    for t in (0.0, 0.13, 0.5, 0.77, 1.0):
        approved = risk <= t
        out = table.at([t])
        assert out["approved"][0] == approved.sum()
        expected = y[approved].mean() if approved.any() else 0.0
        assert out["default_rate_approved"][0] == pytest.approx(expected)


def test_downturn_curve_profit_falls_when_defaults_rise():
    rng = np.random.default_rng(1)
    risk = rng.random(1000) * 0.3
    calm = downturn_profit_curve(risk, risk, [0.1, 0.2])
    worse = downturn_profit_curve(risk, np.minimum(risk * 2, 1), [0.1, 0.2])
    assert (worse["profit"] < calm["profit"]).all()
    with pytest.raises(ValueError, match="threshold"):
        downturn_profit_curve(risk, risk, [1.5])
