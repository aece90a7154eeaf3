"""Tests of two-platform adoption with cross-side network effects (antbook.models.platforms)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from antbook.models.platforms import PlatformMarket, final_state, simulate, tipping_gain

STATE_COLUMNS = ("none", "a_only", "b_only", "both")


@settings(max_examples=60, deadline=None)
@given(effect=st.floats(0.0, 6.0), switching=st.floats(0.0, 3.0), subsidy=st.floats(-1.0, 1.0),
       multihoming=st.floats(0.0, 5.0), lead=st.floats(-0.5, 0.5))
def test_shares_stay_a_distribution_on_each_side(effect, switching, subsidy, multihoming, lead):
    market = PlatformMarket(consumer_effect=effect, merchant_effect=effect,
                            switching_cost=switching, subsidy=subsidy,
                            multihoming_cost=multihoming)
    path = simulate(market, periods=25, lead=lead)
    for side in ("consumers", "merchants"):
        shares = path[[f"{side}_{c}" for c in STATE_COLUMNS]].to_numpy()
        assert np.all(shares >= -1e-12) and np.all(shares <= 1 + 1e-12)
        assert np.allclose(shares.sum(axis=1), 1.0)


@settings(max_examples=30, deadline=None)
@given(lead=st.floats(0.01, 0.3), switching=st.floats(0.0, 1.0))
def test_without_network_effects_a_lead_dies_out(lead, switching):
    market = PlatformMarket(consumer_effect=0.0, merchant_effect=0.0, switching_cost=switching)
    last = simulate(market, periods=150, lead=lead).iloc[-1]
    assert abs(last["consumers_lead"]) < 1e-3 and abs(last["merchants_lead"]) < 1e-3


@settings(max_examples=30, deadline=None)
@given(lead=st.floats(0.01, 0.2))
def test_strong_effects_tip_a_small_lead_into_near_monopoly(lead):
    market = PlatformMarket(consumer_effect=6.0, merchant_effect=6.0, multihoming_cost=4.0)
    last = simulate(market, periods=120, lead=lead).iloc[-1]
    assert last["consumers_reach_a"] > 0.9 and last["consumers_reach_b"] < 0.1
    assert last["merchants_reach_a"] > 0.9


def test_weak_effects_keep_both_platforms():
    market = PlatformMarket(consumer_effect=1.0, merchant_effect=1.0, multihoming_cost=4.0)
    last = simulate(market, periods=120, lead=0.1).iloc[-1]
    assert abs(last["consumers_lead"]) < 0.01
    assert last["consumers_reach_b"] > 0.3


def test_symmetric_start_stays_symmetric_even_with_strong_effects():
    market = PlatformMarket(consumer_effect=6.0, merchant_effect=6.0)
    last = simulate(market, periods=80, lead=0.0).iloc[-1]
    assert last["consumers_reach_a"] == pytest.approx(last["consumers_reach_b"])


def test_a_subsidy_lets_the_laggard_overturn_a_lead_and_switching_costs_protect_it():
    common = dict(consumer_effect=5.0, merchant_effect=5.0, multihoming_cost=4.0)

    def last(**kwargs):
        return simulate(PlatformMarket(**common, **kwargs), periods=60, lead=-0.2,
                        adopted=0.8).iloc[-1]

    assert last()["consumers_reach_b"] > 0.9
    assert last(subsidy=1.0)["consumers_reach_a"] > 0.9
    # Users already on B pay to leave it: the same subsidy no longer overturns B's lead ...
    assert last(subsidy=1.0, switching_cost=1.0)["consumers_reach_b"] > 0.9
    # ... a larger one does.
    assert last(subsidy=1.5, switching_cost=1.0)["consumers_reach_a"] > 0.9


def test_cheap_multihoming_undoes_tipping():
    expensive = simulate(PlatformMarket(consumer_effect=5.0, merchant_effect=5.0,
                                        multihoming_cost=4.0), 100, lead=0.05).iloc[-1]
    cheap = simulate(PlatformMarket(consumer_effect=5.0, merchant_effect=5.0,
                                    multihoming_cost=0.0), 100, lead=0.05).iloc[-1]
    assert cheap["consumers_both"] > expensive["consumers_both"]
    assert cheap["consumers_reach_b"] > expensive["consumers_reach_b"] + 0.3


def test_gain_formula_and_final_state():
    market = PlatformMarket(consumer_effect=2.0, merchant_effect=8.0, dispersion=2.0)
    assert tipping_gain(market) == pytest.approx(1.0)
    state = final_state(market, periods=5)
    assert state["period"] == 5 and state["consumer_effect"] == 2.0


@pytest.mark.parametrize("kwargs, words", [
    ({"consumer_effect": -1.0}, "consumer_effect must be at least 0"),
    ({"dispersion": 0.0}, "dispersion must be greater than 0"),
    ({"revision": 1.5}, "revision must be at most 1"),
    ({"switching_cost": float("nan")}, "switching_cost must be finite"),
    ({"subsidy": "a lot"}, "subsidy must be a number"),
    ({"consumer_effect": 6.0, "merchant_effect": 6.0, "revision": 1.0},
     "network effects too strong for these dynamics"),
    ({"consumer_effect": 40.0, "merchant_effect": 40.0}, "explodes into oscillation"),
])
def test_invalid_parameters_are_refused_with_a_clear_message(kwargs, words):
    with pytest.raises(ValueError, match=words):
        PlatformMarket(**kwargs)


def test_the_explosion_bound_is_real_without_the_check():
    # Bypass the check: at revision 1 and a gain far above the bound, sides that start leaning
    # different ways swap platforms every period instead of settling; the refusal prevents this.
    market = object.__new__(PlatformMarket)
    for name, value in dict(consumer_effect=12.0, merchant_effect=12.0, standalone=0.5,
                            switching_cost=0.0, subsidy=0.0, multihoming_cost=4.0,
                            dispersion=1.0, revision=1.0).items():
        object.__setattr__(market, name, value)
    path = simulate(market, periods=30, lead=0.1, merchant_lead=-0.1, adopted=0.6)
    lead = path["consumers_lead"].iloc[-10:].to_numpy()
    assert np.all(np.abs(lead) > 0.9) and np.all(np.sign(lead[1:]) != np.sign(lead[:-1]))
    # An allowed market from the same start settles.
    calm = simulate(PlatformMarket(consumer_effect=5.0, merchant_effect=5.0, multihoming_cost=4.0),
                    periods=60, lead=0.1, merchant_lead=-0.1, adopted=0.6)["consumers_lead"]
    assert abs(calm.iloc[-1] - calm.iloc[-2]) < 1e-4


@pytest.mark.parametrize("kwargs, words", [
    ({"periods": 0}, "periods must be a positive integer"),
    ({"periods": 2.5}, "periods must be a positive integer"),
    ({"lead": 2.0}, "lead must be at most 1"),
    ({"adopted": 0.0}, "adopted must be greater than 0"),
])
def test_invalid_simulation_inputs_are_refused(kwargs, words):
    with pytest.raises(ValueError, match=words):
        simulate(PlatformMarket(), **kwargs)
