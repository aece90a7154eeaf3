"""Tests of the escrow state machine (antbook.models.escrow)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from antbook.models.escrow import (
    ACTIONS,
    SCENARIOS,
    STATES,
    EscrowError,
    Ledger,
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


# --- The whole transition table: every state, every step ------------------------------------
# How to reach each state (a shipped purchase carries goods as described unless said otherwise).
PATHS = {
    "created": [],
    "paid": ["pay"],
    "shipped": ["pay", "ship"],
    "shipped fake": ["pay", "ship_fake"],
    "confirmed": ["pay", "ship", "confirm"],
    "released": ["pay", "ship", "confirm", "release"],
    "disputed unshipped": ["pay", "dispute"],
    "disputed shipped": ["pay", "ship", "dispute"],
    "refunded": ["pay", "dispute", "refund"],
}

# (state, step) -> the state after the step, or the refusal's message (after "<step> refused: ").
SHIPPED = {"pay": "the buyer has already paid",
           "ship": "the goods have already been shipped (state: shipped)",
           "ship_fake": "the goods have already been shipped (state: shipped)",
           "wait": "confirmed", "confirm": "confirmed", "dispute": "disputed",
           "release": "the purchase is shipped; money is released only after the buyer confirms "
                      "or the time limit passes",
           "refund": "the purchase is shipped; a refund follows only an open dispute",
           "reject_dispute": "the purchase is shipped; there is no open dispute to reject"}


def _disputed(reject, shipped=True):
    ship = ("the goods have already been shipped (state: disputed)" if shipped else
            "the purchase is disputed; the seller ships only a paid purchase that nobody "
            "disputes")
    return {"pay": "the buyer has already paid", "ship": ship, "ship_fake": ship,
            "wait": "disputed",
            "confirm": "the purchase is disputed, not waiting for confirmation",
            "dispute": "the purchase is already disputed; a complaint must come before "
                       "confirmation",
            "release": "the purchase is disputed; money is released only after the buyer "
                       "confirms or the time limit passes",
            "refund": "refunded", "reject_dispute": reject}


TABLE = {
    "created": {"pay": "paid",
                "ship": "the buyer has not paid yet; the seller ships only once the escrow "
                        "service holds the money",
                "ship_fake": "the buyer has not paid yet; the seller ships only once the escrow "
                             "service holds the money",
                "wait": "created",
                "confirm": "nothing has been shipped, so there is no receipt to confirm",
                "dispute": "the buyer has not paid, so there is nothing to dispute",
                "release": "nothing is held: the buyer has not paid",
                "refund": "the purchase is created; a refund follows only an open dispute",
                "reject_dispute": "the purchase is created; there is no open dispute to reject"},
    "paid": {"pay": "the buyer has already paid", "ship": "shipped", "ship_fake": "shipped",
             "wait": "paid",
             "confirm": "nothing has been shipped, so there is no receipt to confirm",
             "dispute": "disputed",
             "release": "the purchase is paid; money is released only after the buyer confirms "
                        "or the time limit passes",
             "refund": "the purchase is paid; a refund follows only an open dispute",
             "reject_dispute": "the purchase is paid; there is no open dispute to reject"},
    "shipped": SHIPPED,
    "shipped fake": SHIPPED,
    "confirmed": {"pay": "the buyer has already paid",
                  "ship": "the goods have already been shipped (state: confirmed)",
                  "ship_fake": "the goods have already been shipped (state: confirmed)",
                  "wait": "confirmed",
                  "confirm": "the purchase is confirmed, not waiting for confirmation",
                  "dispute": "the purchase is already confirmed; a complaint must come before "
                             "confirmation",
                  "release": "released",
                  "refund": "the purchase is confirmed; a refund follows only an open dispute",
                  "reject_dispute": "the purchase is confirmed; there is no open dispute to "
                                    "reject"},
    "released": dict.fromkeys(
        ACTIONS, "the purchase is over (released); nothing is held any more"),
    "disputed unshipped": _disputed("nothing was shipped, so the complaint stands",
                                    shipped=False),
    "disputed shipped": _disputed("confirmed"),
    "refunded": {**dict.fromkeys(
        ACTIONS, "the purchase is over (refunded); nothing is held any more"),
        "refund": "the buyer has already been refunded; a purchase is refunded at most once"},
}

# How each accepted step moves the money: (buyer, seller, escrow) change, in prices.
MONEY = {"pay": (-1, 0, 1), "release": (0, 1, -1), "refund": (1, 0, -1)}


def _reach(name, price=40.0, funds=100.0):
    p = start(price, buyer_funds=funds, time_limit=10)
    for action in PATHS[name]:
        p = step(p, action)
    return p


def test_the_table_covers_every_state_and_step():
    assert {_reach(name).state for name in PATHS} == set(STATES)
    assert all(set(row) == set(ACTIONS) for row in TABLE.values())


@pytest.mark.parametrize("name,action", [(n, a) for n in PATHS for a in ACTIONS])
def test_every_step_in_every_state(name, action):
    before = _reach(name)
    expected = TABLE[name][action]
    if expected in STATES:
        after = step(before, action, days=10)
        assert after.state == expected
        change = MONEY.get(action, (0, 0, 0)) if after.state != before.state else (0, 0, 0)
        moved = (after.ledger.buyer - before.ledger.buyer,
                 after.ledger.seller - before.ledger.seller,
                 after.ledger.escrow - before.ledger.escrow)
        assert moved == tuple(40.0 * c for c in change)
        assert (after.price, after.time_limit) == (before.price, before.time_limit)
    else:
        with pytest.raises(EscrowError) as refusal:
            step(before, action, days=10)
        assert str(refusal.value) == f"{action} refused: {expected}"


@pytest.mark.parametrize("action,goods", [("ship", "as described"), ("ship_fake", "fake")])
def test_shipping_records_the_goods_and_starts_the_clock(action, goods):
    p = step(step(_reach("paid"), "wait", days=3), action)
    assert (p.goods, p.days_since_shipped, p.confirmed_by) == (goods, 0, None)
    p = step(p, "wait", days=4)
    assert (p.state, p.days_since_shipped) == ("shipped", 4)
    p = step(p, "wait", days=5)
    assert (p.state, p.days_since_shipped, p.confirmed_by) == ("shipped", 9, None)
    p = step(p, "wait", days=1)
    assert (p.state, p.days_since_shipped, p.confirmed_by) == ("confirmed", 10, "time limit")
    assert p.goods == goods


@pytest.mark.parametrize("name,who", [("confirmed", "buyer"), ("disputed shipped", None)])
def test_who_confirmed(name, who):
    assert _reach(name).confirmed_by == who
    if name == "disputed shipped":
        assert step(_reach(name), "reject_dispute").confirmed_by == "escrow service"


def test_a_long_wait_past_the_limit_confirms_and_counts_every_day():
    p = step(_reach("shipped"), "wait", days=25)
    assert (p.state, p.days_since_shipped, p.confirmed_by) == ("confirmed", 25, "time limit")


def test_start_defaults_and_funds():
    p = start(30)
    assert (p.state, p.time_limit, p.ledger, p.goods, p.days_since_shipped) == (
        "created", 10, Ledger(buyer=30.0, seller=0.0, escrow=0.0), "none", 0)
    assert isinstance(p.price, float) and isinstance(p.ledger.buyer, float)
    assert start(30, buyer_funds=30).ledger.buyer == 30.0  # exactly the price is enough
    assert start(30, buyer_funds=45, time_limit=1).ledger.total == 45


@pytest.mark.parametrize("kwargs, message", [
    ({"price": -1.0}, "price must be a positive number, got -1.0"),
    ({"price": "10"}, "price must be a positive number, got '10'"),
    ({"price": float("inf")}, "price must be a positive number, got inf"),
    ({"price": 10.0, "buyer_funds": 9.99}, "buyer_funds must be at least the price 10.0, got 9.99"),
    ({"price": 10.0, "buyer_funds": float("nan")}, "buyer_funds must be at least the price"),
    ({"price": 10.0, "buyer_funds": "20"}, "buyer_funds must be at least the price 10.0, got '20'"),
    ({"price": 10.0, "time_limit": 2.5}, "time_limit must be a whole number of days >= 1, got 2.5"),
    ({"price": 10.0, "time_limit": -3}, "time_limit must be a whole number of days >= 1, got -3"),
])
def test_bad_start_names_the_argument_and_value(kwargs, message):
    with pytest.raises(ValueError) as error:
        start(**kwargs)
    assert str(error.value).startswith(message)


@pytest.mark.parametrize("days", [0, -2, 1.5, "3"])
def test_wait_refuses_bad_days_in_every_open_state(days):
    for name in PATHS:
        if name in ("released", "refunded"):
            with pytest.raises(EscrowError, match="wait refused: the purchase is over"):
                step(_reach(name), "wait", days=days)
            continue
        with pytest.raises(ValueError, match=f"days must be a whole number >= 1, got {days!r}"):
            step(_reach(name), "wait", days=days)


def test_unknown_step_lists_the_steps():
    with pytest.raises(ValueError) as error:
        step(start(1.0), "steal")
    assert str(error.value) == f"unknown step 'steal'; the steps are {', '.join(ACTIONS)}"


def _accepted_paths(draw, price, length):
    p, path = start(price), []
    for _ in range(length):
        options = []
        for action in ACTIONS:
            try:
                options.append((action, step(p, action, days=4)))
            except EscrowError:
                pass
        if not options:
            break
        action, after = draw(st.sampled_from(options))
        path.append((p, action, after))
        p = after
    return path


@settings(max_examples=150, deadline=None)
@given(prices, st.data())
def test_accepted_paths_keep_the_rules(price, data):
    """Sequences of accepted steps only, so most end released or refunded."""
    path = _accepted_paths(data.draw, price, 12)
    for before, action, after in path:
        assert after.ledger.total == pytest.approx(price, rel=1e-12)
        if action == "release":
            assert before.state == "confirmed" and after.ledger.seller == price
        if action == "refund":
            assert before.state == "disputed" and after.ledger.buyer == price
        if after.state in ("released", "refunded"):
            assert after.ledger.escrow == 0
        if action == "wait" and before.state == "shipped" and after.state == "confirmed":
            assert after.days_since_shipped >= after.time_limit
    assert path[-1][2].state in ("released", "refunded") or len(path) == 12


def test_session_logs_every_try_and_resets():
    game = Session(price=20.0, time_limit=3)
    assert game.play("pay") == "Buyer pays; the escrow service holds the money (now paid)"
    assert game.play("pay") == "pay refused: the buyer has already paid"
    game.play("ship")
    assert game.play("wait", days=2).endswith("(now shipped)")
    assert game.play("wait", days=1).endswith("(now confirmed)")
    assert game.log[1] == {"action": "pay", "accepted": False,
                           "message": "pay refused: the buyer has already paid", "state": "paid"}
    assert [e["accepted"] for e in game.log] == [True, False, True, True, True]
    assert game.purchase.ledger == Ledger(buyer=0.0, seller=0.0, escrow=20.0)
    game.reset()
    assert (game.purchase.state, game.purchase.time_limit, game.log) == ("created", 3, [])
    assert game.purchase.price == 20.0


def test_run_reports_actor_message_and_balances_of_each_step():
    frame = run(["pay", "ship", "wait", "release"], price=30.0, time_limit=5, days=4)
    assert list(frame.columns) == ["step", "action", "actor", "accepted", "message", "state",
                                   "buyer", "seller", "escrow"]
    assert list(frame["step"]) == [0, 1, 2, 3, 4]
    assert list(frame["actor"]) == ["", "buyer", "honest seller", "clock", "escrow service"]
    assert list(frame["state"]) == ["created", "paid", "shipped", "shipped", "shipped"]
    assert frame["message"].iloc[0] == "Purchase created"
    assert frame["message"].iloc[1] == "Buyer pays; the escrow service holds the money"
    assert not frame["accepted"].iloc[4]
    assert frame["message"].iloc[4].startswith("release refused: the purchase is shipped")
    assert list(frame["buyer"]) == [30.0, 0.0, 0.0, 0.0, 0.0]


def test_scenario_table_takes_its_own_scenarios_and_price():
    table = scenario_table({"a": ["pay"], "b": ["refund"]}, price=7.0, time_limit=2)
    assert list(table["scenario"]) == ["a", "a", "b", "b"]
    assert list(table["escrow"]) == [0.0, 7.0, 0.0, 0.0]
    assert list(table["accepted"]) == [True, True, True, False]
    assert list(table.index) == [0, 1, 2, 3]
    last = scenario_table(price=10.0, time_limit=2).groupby("scenario").tail(1)
    assert ((last["buyer"] + last["seller"]) == 10.0).all()


def test_the_default_wait_is_ten_days_and_the_default_limit_ten():
    shipped = step(step(start(5.0, time_limit=11), "pay"), "ship")
    assert (step(shipped, "wait").state, step(shipped, "wait").days_since_shipped) == (
        "shipped", 10)
    game = Session(time_limit=11)
    assert Session().purchase.time_limit == 10 and Session().price == 100.0
    for action in ("pay", "ship", "wait"):
        game.play(action)
    assert (game.purchase.state, game.purchase.days_since_shipped) == ("shipped", 10)
    assert run(["pay", "ship", "wait"])["state"].iloc[-1] == "confirmed"  # 10 days, limit 10


def test_run_and_scenario_table_pass_the_time_limit_on():
    assert run(["pay", "ship", "wait"], time_limit=12, days=11)["state"].iloc[-1] == "shipped"
    assert run(["pay", "ship", "wait"], time_limit=11)["state"].iloc[-1] == "shipped"
    table = scenario_table({"late": ["pay", "ship", "wait"]}, time_limit=12)
    assert table["state"].iloc[-1] == "shipped"
    assert run([])[["step", "action", "actor", "accepted", "state"]].iloc[0].tolist() == [
        0, "start", "", True, "created"]
