"""Tests of the data loop (antbook.models.data_loop)."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from antbook.models.borrowers import generate_borrowers
from antbook.models.data_loop import (
    AccuracyCurve,
    LoopSettings,
    accuracy_table,
    run_loop,
    safe_and_pool_default,
)


@pytest.fixture(scope="module")
def table():
    return accuracy_table(sizes=(100, 400, 1600), test_size=2000, seed=5)


@pytest.fixture(scope="module")
def curve(table):
    return AccuracyCurve.from_table(table)


def test_accuracy_table_is_deterministic_and_reachable_accuracy_never_falls(table):
    again = accuracy_table(sizes=(100, 400, 1600), test_size=2000, seed=5)
    pd.testing.assert_frame_equal(table, again)
    for _, part in table.groupby("features"):
        reach = part.sort_values("sample_size")["auc_reachable"].to_numpy()
        assert np.all(np.diff(reach) >= 0)
        assert np.all(reach >= part["auc"].to_numpy() - 1e-12)


def test_platform_features_beat_traditional_ones_at_every_size(table):
    wide = table.pivot(index="sample_size", columns="features", values="auc")
    assert (wide["platform"] > wide["bank"]).all()


@settings(max_examples=100, deadline=None)
@given(a=st.floats(1.0, 1e6), b=st.floats(1.0, 1e6), kind=st.sampled_from(["bank", "platform"]))
def test_accuracy_is_non_decreasing_in_data(curve, a, b, kind):
    low, high = sorted((a, b))
    assert curve(kind, low) <= curve(kind, high) + 1e-12
    assert 0.5 <= curve(kind, low) <= 1.0


def test_a_measured_dip_is_smoothed_by_the_running_maximum():
    dip = pd.DataFrame({"features": ["bank"] * 3 + ["platform"] * 3,
                        "sample_size": [10, 100, 1000] * 2,
                        "auc": [0.7, 0.65, 0.75, 0.8, 0.78, 0.85]})
    curve = AccuracyCurve.from_table(dip)
    assert curve("bank", 100) == pytest.approx(0.7)
    assert curve("platform", 10**9) == pytest.approx(0.85)   # held at the last value


@settings(max_examples=25, deadline=None)
@given(sensitivity=st.floats(0.0, 3.0), sharing=st.floats(0.0, 1.0),
       periods=st.integers(1, 15))
def test_loop_shares_and_data_behave(curve, sensitivity, sharing, periods):
    out = run_loop(curve, 0.01, 0.08, LoopSettings(rate_sensitivity=sensitivity),
                   sharing=sharing, periods=periods)
    assert len(out) == 2 * (periods + 1)
    shares = out.pivot(index="period", columns="lender", values="share")
    assert ((shares >= 0) & (shares <= 1)).all().all()
    assert (shares.sum(axis=1) <= 1 + 1e-12).all()
    for _, part in out.groupby("lender"):
        assert np.all(np.diff(part["data"].to_numpy()) >= 0)        # data only accumulate
        assert np.all(np.diff(part["auc"].to_numpy()) >= -1e-12)    # so accuracy never falls
        assert np.all(np.diff(part["rate"].to_numpy()) <= 1e-12)    # and rates never rise


def test_without_sharing_the_platform_wins_and_sharing_closes_the_gap(curve):
    settings_ = LoopSettings(rate_sensitivity=1.0)
    closed = run_loop(curve, 0.01, 0.08, settings_, sharing=0.0, periods=20)
    shared = run_loop(curve, 0.01, 0.08, settings_, sharing=1.0, periods=20)

    def last(frame, lender, column):
        rows = frame[(frame["lender"] == lender) & (frame["period"] == 20)]
        return float(rows[column].iloc[0])

    assert last(closed, "platform", "rate") < last(closed, "bank", "rate")
    assert last(closed, "platform", "share") > 2 * last(closed, "bank", "share")
    gap_closed = last(closed, "platform", "share") - last(closed, "bank", "share")
    gap_shared = abs(last(shared, "platform", "share") - last(shared, "bank", "share"))
    assert gap_shared < gap_closed / 5
    assert last(shared, "bank", "rate") < last(closed, "bank", "rate")


def test_safe_and_pool_default():
    p_safe, p_pool = safe_and_pool_default(generate_borrowers(2000, seed=1))
    assert 0 < p_safe < p_pool < 1


@pytest.mark.parametrize("call, words", [
    (lambda c: accuracy_table(sizes=()), "sizes is empty"),
    (lambda c: accuracy_table(sizes=(400, 200)), "strictly increasing"),
    (lambda c: accuracy_table(sizes=(50, 200)), "at least 100"),
    (lambda c: c("insurer", 100), "unknown kind of lender 'insurer'"),
    (lambda c: c("bank", 0), "data volume must be positive"),
    (lambda c: run_loop(c, 0.01, 0.08, LoopSettings(), sharing=1.5), r"sharing must lie in"),
    (lambda c: run_loop(c, 0.2, 0.08, LoopSettings()), "p_safe <= p_pool"),
    (lambda c: run_loop(c, 0.01, 0.08, LoopSettings(), periods=0), "positive integer"),
    (lambda c: LoopSettings(funding=-1.0), "funding must be a finite number"),
    (lambda c: LoopSettings(bank_start=0.0), "bank_start must be positive"),
    (lambda c: AccuracyCurve.from_table(pd.DataFrame({"features": ["bank"], "sample_size": [1],
                                                      "auc": [0.7]})), "no rows for 'platform'"),
    (lambda c: AccuracyCurve.from_table(pd.DataFrame({"features": ["bank", "platform"],
                                                      "sample_size": [1, 1],
                                                      "auc": [1.2, 0.7]})), r"lie in \[0, 1\]"),
    (lambda c: AccuracyCurve.from_table(pd.DataFrame({"x": [1]})), "no column 'features'"),
])
def test_invalid_inputs_are_refused_with_a_clear_message(curve, call, words):
    with pytest.raises(ValueError, match=words):
        call(curve)
