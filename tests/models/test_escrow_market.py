"""Tests of the market with and without escrow (antbook.models.escrow_market)."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from antbook.models.escrow_market import (
    draw_matches,
    escrow_equilibrium,
    lemons_equilibrium,
    market,
    outcomes,
    unravelling,
)

DRAWS = draw_matches(400, seed=7)
shares = st.floats(0.0, 1.0)
fees = st.floats(0.0, 40.0)
costs = st.floats(0.0, 100.0)
beliefs = st.floats(0.0, 3.0)


def by_regime(frame):
    return frame.set_index("regime")


@settings(max_examples=200, deadline=None)
@given(fees, costs, beliefs)
def test_no_cheats_escrow_costs_exactly_the_fee(fee, dispute_cost, belief):
    r = by_regime(outcomes(DRAWS, 0.0, fee, dispute_cost, belief))
    no, yes = r.loc["no escrow"], r.loc["escrow"]
    assert yes["volume"] == no["volume"]
    assert yes["buyers"] == pytest.approx(no["buyers"])
    assert no["sellers"] - yes["sellers"] == pytest.approx(fee * yes["volume"])
    assert yes["fees"] == pytest.approx(fee * yes["volume"])
    assert yes["total"] == pytest.approx(no["total"])


@settings(max_examples=200, deadline=None)
@given(shares, beliefs)
def test_free_escrow_never_lowers_trade(share, belief):
    r = by_regime(outcomes(DRAWS, share, 0.0, 0.0, belief))
    assert r.loc["escrow", "volume"] >= r.loc["no escrow", "volume"]
    assert r.loc["escrow", "fraud"] == 0.0


@settings(max_examples=50, deadline=None)
@given(shares, fees, costs, beliefs, st.integers(0, 2**32 - 1))
def test_same_seed_same_result(share, fee, cost, belief, seed):
    a = market(share, fee, cost, belief, matches=300, seed=seed)
    b = market(share, fee, cost, belief, matches=300, seed=seed)
    pd.testing.assert_frame_equal(a, b)


def test_different_seeds_differ():
    a = market(0.2, 2.0, 10.0, matches=300, seed=1)
    b = market(0.2, 2.0, 10.0, matches=300, seed=2)
    assert not a.equals(b)


def test_market_without_escrow_unravels():
    # Values run up to 1.6 times the price, so an informed buyer stops paying in advance once
    # the share of cheats passes 1 - 1/1.6 = 0.375.
    assert by_regime(market(0.4, 2.0, 10.0)).loc["no escrow", "volume"] == 0.0
    assert by_regime(market(0.35, 2.0, 10.0)).loc["no escrow", "volume"] > 0.0
    assert by_regime(market(0.4, 2.0, 10.0)).loc["escrow", "volume"] > 0.3


@settings(max_examples=100, deadline=None)
@given(shares, fees, costs, beliefs)
def test_accounts_add_up(share, fee, cost, belief):
    r = outcomes(DRAWS, share, fee, cost, belief)
    assert np.allclose(r["total"], r["buyers"] + r["sellers"] + r["fees"])
    assert ((r["volume"] >= 0) & (r["volume"] <= 1 - 0)).all()
    assert (r["fraud"] >= 0).all() and (r["disputes"] >= 0).all()


def test_fraud_loss_is_price_times_cheated_buyers():
    draws = pd.DataFrame({"value": [150.0, 150.0, 150.0, 150.0], "u": [0.1, 0.3, 0.6, 0.9]})
    r = by_regime(outcomes(draws, 0.5, 0.0, 0.0, 0.0))  # buyers think nobody cheats
    assert r.loc["no escrow", "fraud"] == pytest.approx(100.0 * 2 / 4)
    assert r.loc["no escrow", "volume"] == 0.5
    assert r.loc["escrow", "fraud"] == 0.0


@pytest.mark.parametrize("kwargs, match", [
    ({"cheat_share": 1.5}, "cheat_share must lie"),
    ({"cheat_share": float("nan")}, "cheat_share must be a number"),
    ({"fee": 50.0}, "fee must lie"),
    ({"dispute_cost": -1.0}, "dispute_cost must lie"),
    ({"belief": -0.1}, "belief must lie"),
])
def test_bad_input_raises(kwargs, match):
    args = {"cheat_share": 0.1, "fee": 1.0, "dispute_cost": 1.0, "belief": 1.0, **kwargs}
    with pytest.raises(ValueError, match=match):
        market(**args)


def test_bad_matches_raises():
    with pytest.raises(ValueError, match="matches must be"):
        draw_matches(0)


# -- the market with a clearing price (unravelling, incidence) ---------------------------------
cheats = st.floats(0.0, 0.9)
small_fees = st.floats(0.0, 30.0)


@settings(max_examples=60, deadline=None)
@given(cheats)
def test_spiral_only_goes_down(share):
    path = unravelling(share, rounds=15)
    assert (path["price"].diff().dropna() <= 1e-9).all()
    assert (path["honest_staying"].diff().dropna() <= 1e-9).all()
    assert (path["quality"] <= path["belief"] + 1e-9).all()


def test_without_cheats_there_is_no_spiral():
    path = unravelling(0.0, rounds=3)
    assert path["price"].nunique() == 1
    assert path.loc[0, "price"] == pytest.approx(85.0)   # (150 - p) / 100 = (p - 20) / 100


def test_a_few_cheats_drive_good_sellers_out_and_a_few_more_collapse_the_market():
    some = lemons_equilibrium(0.2)
    assert 0 < some["price"] < unravelling(0.2, rounds=0).loc[0, "price"]
    assert some["honest_staying"] < lemons_equilibrium(0.0)["honest_staying"]
    assert some["collapsed"] == 0.0 and some["volume"] > 0
    assert lemons_equilibrium(0.3)["collapsed"] == 1.0
    assert lemons_equilibrium(0.3)["volume"] == 0.0


@settings(max_examples=60, deadline=None)
@given(cheats)
def test_equilibrium_is_a_fixed_point(share):
    eq = lemons_equilibrium(share)
    if eq["collapsed"] == 0.0:
        again = unravelling(share, rounds=0)  # round 0 from the true quality
        assert eq["quality"] <= again.loc[0, "belief"] + 1e-9
        assert eq["total"] == pytest.approx(eq["buyers"] + eq["sellers"])
        assert eq["fraud"] == pytest.approx(share * eq["price"])


@settings(max_examples=100, deadline=None)
@given(cheats, small_fees)
def test_fee_burden_is_shared_and_adds_up(share, fee):
    r = escrow_equilibrium(share, fee)
    free = escrow_equilibrium(share, 0.0)
    assert r["price"] - r["seller_price"] == pytest.approx(fee)
    assert r["volume"] <= free["volume"] + 1e-9
    if fee > 0 and r["volume"] > 0:
        # strictly between 0 and 1 unless every honest seller already sells (supply cannot
        # rise any more, so sellers bear the whole fee)
        assert 0.0 <= r["buyer_share"] < 1.0
        assert r["buyer_share"] + r["seller_share"] == pytest.approx(1.0)
        assert r["price"] >= free["price"] - 1e-9 and r["seller_price"] <= free["price"] + 1e-9
    assert r["total"] == pytest.approx(r["buyers"] + r["sellers"] + r["fees"])


@settings(max_examples=60, deadline=None)
@given(st.floats(0.0, 0.65), st.floats(1.0, 20.0))
def test_buyers_share_is_supply_slope_over_both_slopes(share, fee):
    # interior solution with even spreads (some honest sellers still out): share = b / (a + b)
    a = 1 / (150 - 50)
    b = (1 - share) / (120 - 20)
    assert escrow_equilibrium(share, fee)["buyer_share"] == pytest.approx(b / (a + b), abs=1e-6)


def test_book_example_even_split_without_cheats():
    r = escrow_equilibrium(0.0, 10.0)
    assert r["price"] == pytest.approx(90.0) and r["seller_price"] == pytest.approx(80.0)
    assert r["volume"] == pytest.approx(0.6)


def test_escrow_beats_no_escrow_when_cheats_are_many():
    for share in (0.1, 0.2, 0.3):
        assert escrow_equilibrium(share, 5.0)["total"] > lemons_equilibrium(share)["total"]


@pytest.mark.parametrize("call, match", [
    (lambda: unravelling(1.5), "cheat_share must lie"),
    (lambda: unravelling(0.2, rounds=-1), "rounds must be"),
    (lambda: lemons_equilibrium(0.2, value_low=200.0), "value_high"),
    (lambda: escrow_equilibrium(0.2, -1.0), "fee must lie"),
    (lambda: escrow_equilibrium(0.2, 5.0, cost_low=130.0), "cost_high"),
])
def test_bad_input_to_the_clearing_market_raises(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_when_every_honest_seller_already_sells_sellers_bear_the_whole_fee():
    r = escrow_equilibrium(0.75, 5.0)
    assert r["buyer_share"] == pytest.approx(0.0, abs=1e-9)
    assert r["volume"] == pytest.approx(0.25)
