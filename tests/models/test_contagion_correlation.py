"""Correlated rather than diversified credit risk (antbook.models.contagion)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from antbook.models.contagion import joint_hit_probability, simulate_joint_hits


def test_limits_by_hand():
    # threshold two standard deviations above the mean: one lender is hit with Phi(-2)
    one = joint_hit_probability(0.04, 0.02, 0.01, 1.0)
    assert one == pytest.approx(0.02275, abs=1e-5)
    # half the correlation: Phi(-2 / sqrt(0.5)) = Phi(-2.83)
    assert joint_hit_probability(0.04, 0.02, 0.01, 0.5) == pytest.approx(0.00234, abs=1e-5)
    assert joint_hit_probability(0.04, 0.02, 0.01, 0.0) == 0.0
    assert joint_hit_probability(0.01, 0.02, 0.01, 0.0) == 1.0
    with pytest.raises(ValueError):
        joint_hit_probability(0.04, 0.02, 0.0, 0.5)
    with pytest.raises(ValueError):
        joint_hit_probability(0.04, 0.02, 0.01, 1.5)


@pytest.mark.parametrize("rho", [0.25, 0.5, 1.0])
def test_simulation_agrees_with_the_formula(rho):
    exact = joint_hit_probability(0.03, 0.02, 0.01, rho)
    simulated = simulate_joint_hits(400, 0.03, 0.02, 0.01, rho, draws=20_000, seed=3)
    assert simulated == pytest.approx(exact, abs=0.01)


def test_simulation_is_deterministic_and_checks_its_input():
    assert simulate_joint_hits(10, 0.03, 0.02, 0.01, 0.5, draws=500, seed=1) == \
        simulate_joint_hits(10, 0.03, 0.02, 0.01, 0.5, draws=500, seed=1)
    with pytest.raises(ValueError):
        simulate_joint_hits(0, 0.03, 0.02, 0.01, 0.5)


@settings(max_examples=100, deadline=None)
@given(st.floats(0.001, 0.2), st.floats(0.0, 0.1), st.floats(0.001, 0.1),
       st.floats(0.01, 1.0), st.floats(0.01, 1.0))
def test_more_correlation_more_joint_hits_above_the_mean(threshold, mean, sd, r1, r2):
    low, high = sorted((r1, r2))
    a, b = (joint_hit_probability(threshold, mean, sd, r) for r in (low, high))
    if threshold > mean:
        assert a <= b + 1e-12
    else:
        assert a >= b - 1e-12
