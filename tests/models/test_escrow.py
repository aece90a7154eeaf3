"""Tests of the escrow state machine (antbook.models.escrow)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from antbook.models.escrow import (
    ACTIONS,
    SCENARIOS,
    EscrowError,
    Session,
    run,
    scenario_table,
    start,
    step,
)

steps = st.lists(st.tuples(st.sampled_from(ACTIONS), st.integers(1, 15)), max_size=25)
prices = st.floats(0.01, 1e6, allow_nan=False, allow_infinity=False)


def play(price, seq, funds=None):
    """Play a sequence; yield (before, action, after or None, error or None)."""
    p = start(price, buyer_funds=funds)
    for action, days in seq:
        try:
            after = step(p, action, days)
        except EscrowError as exc:
            yield p, action, days, None, exc
        else:
            yield p, action, days, after, None
            p = after


@settings(max_examples=300, deadline=None)
@given(prices, st.floats(0, 1e6), steps)
def test_money_is_conserved(price, extra, seq):
    funds = price + extra
    for _before, _action, _days, after, _err in play(price, seq, funds):
        if after is not None:
            assert after.ledger.total == pytest.approx(funds, rel=1e-12)
            assert min(after.ledger.buyer, after.ledger.seller, after.ledger.escrow) >= -1e-9


@settings(max_examples=300, deadline=None)
@given(prices, steps)
def test_no_release_without_confirmation_or_time_limit(price, seq):
    for before, action, _days, after, _err in play(price, seq):
        if action == "release" and after is not None:
            assert before.state == "confirmed"
            assert before.confirmed_by in {"buyer", "time limit", "escrow service"}
            if before.confirmed_by == "time limit":
                assert before.days_since_shipped >= before.time_limit
            assert after.ledger.seller - before.ledger.seller == pytest.approx(price)


@settings(max_examples=300, deadline=None)
@given(prices, steps)
def test_refund_returns_exactly_what_was_paid_and_only_once(price, seq):
    refunds = 0
    for before, action, _days, after, _err in play(price, seq):
        if action == "refund" and after is not None:
            refunds += 1
            assert after.ledger.buyer - before.ledger.buyer == price
            assert after.ledger.buyer == price  # back to what the buyer brought
            assert after.ledger.escrow == 0 and after.ledger.seller == 0
    assert refunds <= 1


@settings(max_examples=300, deadline=None)
@given(prices, steps)
def test_refused_steps_leave_everything_unchanged(price, seq):
    game = Session(price=price)
    for action, days in seq:
        before = game.purchase
        message = game.play(action, days)
        if not game.log[-1]["accepted"]:
            assert game.purchase == before
            assert message.startswith(f"{action} refused: ")


@settings(max_examples=200, deadline=None)
@given(prices, steps)
def test_final_states_accept_nothing(price, seq):
    for _before, _action, _days, after, _err in play(price, seq):
        if after is not None and after.state in ("released", "refunded"):
            for action in ACTIONS:
                with pytest.raises(EscrowError):
                    step(after, action)


def test_known_path_and_balances():
    frame = run(SCENARIOS["Honest seller, buyer confirms"])
    assert list(frame["state"]) == ["created", "paid", "shipped", "confirmed", "released"]
    assert list(frame["escrow"]) == [0, 100, 100, 100, 0]
    assert list(frame["seller"]) == [0, 0, 0, 0, 100]


def test_invalid_steps_named_in_the_issue():
    with pytest.raises(EscrowError, match="release refused: nothing is held"):
        step(start(50.0), "release")
    p = step(step(step(start(50.0), "pay"), "dispute"), "refund")
    with pytest.raises(EscrowError, match="already been refunded"):
        step(p, "refund")
    paid = step(start(50.0), "pay")
    with pytest.raises(EscrowError, match="released only after the buyer confirms"):
        step(step(paid, "ship"), "release")


def test_time_limit_confirms_only_when_reached():
    p = step(step(start(10.0, time_limit=10), "pay"), "ship")
    p = step(p, "wait", days=9)
    assert p.state == "shipped"
    p = step(p, "wait", days=1)
    assert (p.state, p.confirmed_by) == ("confirmed", "time limit")


def test_cannot_reject_a_complaint_about_goods_never_sent():
    p = step(step(start(10.0), "pay"), "dispute")
    with pytest.raises(EscrowError, match="nothing was shipped"):
        step(p, "reject_dispute")


@pytest.mark.parametrize("kwargs, match", [
    ({"price": 0}, "price must be a positive"),
    ({"price": float("nan")}, "price must be a positive"),
    ({"price": 10.0, "buyer_funds": 5.0}, "at least the price"),
    ({"price": 10.0, "time_limit": 0}, "time_limit"),
])
def test_bad_start_raises(kwargs, match):
    with pytest.raises(ValueError, match=match):
        start(**kwargs)


def test_unknown_step_and_bad_days():
    with pytest.raises(ValueError, match="unknown step 'steal'"):
        step(start(1.0), "steal")
    with pytest.raises(ValueError, match="days must be"):
        step(start(1.0), "wait", days=0)


def test_every_scenario_conserves_money_and_ends_final():
    table = scenario_table()
    assert set(table["scenario"]) == set(SCENARIOS)
    assert ((table["buyer"] + table["seller"] + table["escrow"]) == 100).all()
    last = table.groupby("scenario").tail(1)
    assert set(last["state"]) <= {"released", "refunded"}
    refused = table[~table["accepted"]]
    assert len(refused) == 3 and refused["message"].str.contains("refused").all()
