"""An escrow purchase as a state machine over a ledger of three balances.

A buyer and a seller who do not trust each other trade through an intermediary (the escrow
service). The buyer pays the intermediary, which holds the money while the seller ships; the
money goes to the seller only once the buyer confirms receipt, or once a time limit passes with
no complaint; a dispute can end in a refund. Chapter 1 uses this to show what Taobao's payment
service did from 2003.

The purchase moves through these states::

    created --pay--> paid --ship / ship_fake--> shipped --confirm--> confirmed --release--> released
                      |                          |   \\--wait (past the time limit)--/
                      +--------dispute-----------+--> disputed --refund--> refunded
                                                            \\--reject_dispute--> confirmed

The ledger holds the buyer's, the seller's and the escrow account's balances. Money only moves
between them, so their sum never changes: it is what the buyer brought. Every step either
returns a new :class:`Purchase` or raises :class:`EscrowError` with a message that says why the
step is refused; a :class:`Purchase` is immutable, so a refused step cannot change anything.

Examples
--------
>>> p = start(price=100.0)
>>> p = step(p, "pay"); p.state, p.ledger.escrow
('paid', 100.0)
>>> p = step(step(step(p, "ship"), "confirm"), "release")
>>> p.state, p.ledger.seller, p.ledger.escrow
('released', 100.0, 0.0)
>>> try:
...     step(p, "refund")
... except EscrowError as refusal:
...     print(refusal)
refund refused: the purchase is over (released); nothing is held any more
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace

import pandas as pd

__all__ = [
    "ACTIONS",
    "ACTORS",
    "SCENARIOS",
    "STATES",
    "EscrowError",
    "Ledger",
    "Purchase",
    "Session",
    "run",
    "scenario_table",
    "start",
    "step",
]

STATES = ("created", "paid", "shipped", "confirmed", "released", "disputed", "refunded")
"""Every state a purchase can be in; ``released`` and ``refunded`` are final."""

FINAL_STATES = ("released", "refunded")

ACTORS = {
    "pay": "buyer",
    "confirm": "buyer",
    "dispute": "buyer",
    "ship": "honest seller",
    "ship_fake": "cheating seller",
    "wait": "clock",
    "release": "escrow service",
    "refund": "escrow service",
    "reject_dispute": "escrow service",
}
"""Who takes each step."""

ACTIONS = tuple(ACTORS)

DESCRIPTIONS = {
    "pay": "Buyer pays; the escrow service holds the money",
    "confirm": "Buyer confirms the goods arrived as described",
    "dispute": "Buyer complains: goods missing or not as described",
    "ship": "Seller ships the goods as described",
    "ship_fake": "Seller ships something not as described",
    "wait": "Days pass",
    "release": "Escrow service pays the seller",
    "refund": "Escrow service returns the money to the buyer",
    "reject_dispute": "Escrow service rejects the complaint",
}
"""One line per step, for tables and the live simulator."""


class EscrowError(ValueError):
    """A step the escrow rules do not allow in the purchase's current state."""


@dataclass(frozen=True)
class Ledger:
    """Balances of the buyer, the seller and the escrow account (in yuan)."""

    buyer: float
    seller: float
    escrow: float

    @property
    def total(self) -> float:
        return self.buyer + self.seller + self.escrow


@dataclass(frozen=True)
class Purchase:
    """One purchase: its state, its ledger and what the rules need to remember.

    Attributes
    ----------
    price : float
        What the buyer pays (> 0).
    time_limit : int
        Days after shipping after which an unconfirmed, undisputed purchase counts as confirmed.
    state : str
        One of :data:`STATES`.
    ledger : Ledger
        The three balances.
    days_since_shipped : int
        Days counted since the seller shipped (0 before shipping).
    goods : str
        ``"none"``, ``"as described"`` or ``"fake"``: what the seller sent.
    confirmed_by : str or None
        ``"buyer"``, ``"time limit"`` or ``"escrow service"`` once the purchase is confirmed.
    """

    price: float
    time_limit: int
    state: str
    ledger: Ledger
    days_since_shipped: int = 0
    goods: str = "none"
    confirmed_by: str | None = None


def start(price: float, buyer_funds: float | None = None, time_limit: int = 10) -> Purchase:
    """A new purchase in state ``created``: the buyer holds ``buyer_funds`` (default: the price).

    Raises
    ------
    ValueError
        If the price is not a positive finite number, the buyer cannot afford it, or the time
        limit is not a positive whole number of days.
    """
    if not isinstance(price, int | float) or not math.isfinite(price) or price <= 0:
        raise ValueError(f"price must be a positive number, got {price!r}")
    funds = float(price) if buyer_funds is None else buyer_funds
    if not isinstance(funds, int | float) or not math.isfinite(funds) or funds < price:
        raise ValueError(f"buyer_funds must be at least the price {price}, got {buyer_funds!r}")
    if not isinstance(time_limit, int) or time_limit < 1:
        raise ValueError(f"time_limit must be a whole number of days >= 1, got {time_limit!r}")
    return Purchase(price=float(price), time_limit=time_limit, state="created",
                    ledger=Ledger(buyer=float(funds), seller=0.0, escrow=0.0))


def _refuse(action: str, why: str) -> EscrowError:
    return EscrowError(f"{action} refused: {why}")


def step(purchase: Purchase, action: str, days: int = 10) -> Purchase:
    """Take one step; return the new purchase or raise :class:`EscrowError`.

    Parameters
    ----------
    purchase : Purchase
        The purchase before the step (never modified).
    action : str
        One of :data:`ACTIONS`.
    days : int
        For ``wait`` only: how many days pass (>= 1).

    Raises
    ------
    EscrowError
        If the rules do not allow ``action`` in the current state; the message says why.
    ValueError
        If ``action`` is not a known step or ``days`` is not a positive whole number.
    """
    if action not in ACTORS:
        raise ValueError(f"unknown step {action!r}; the steps are {', '.join(ACTIONS)}")
    p, s, led = purchase, purchase.state, purchase.ledger
    if s in FINAL_STATES:
        if action == "refund" and s == "refunded":
            raise _refuse(action, "the buyer has already been refunded; a purchase is refunded "
                                  "at most once")
        raise _refuse(action, f"the purchase is over ({s}); nothing is held any more")

    if action == "pay":
        if s != "created":
            raise _refuse(action, "the buyer has already paid")
        return replace(p, state="paid", ledger=replace(led, buyer=led.buyer - p.price,
                                                       escrow=led.escrow + p.price))
    if action in ("ship", "ship_fake"):
        if s == "created":
            raise _refuse(action, "the buyer has not paid yet; the seller ships only once the "
                                  "escrow service holds the money")
        if s != "paid" and p.goods == "none":
            raise _refuse(action, f"the purchase is {s}; the seller ships only a paid purchase "
                                  "that nobody disputes")
        if s != "paid":
            raise _refuse(action, f"the goods have already been shipped (state: {s})")
        goods = "as described" if action == "ship" else "fake"
        return replace(p, state="shipped", goods=goods, days_since_shipped=0)
    if action == "wait":
        if not isinstance(days, int) or days < 1:
            raise ValueError(f"days must be a whole number >= 1, got {days!r}")
        if s != "shipped":
            return p  # time passes; only a shipped purchase has a clock running
        waited = p.days_since_shipped + days
        if waited >= p.time_limit:
            return replace(p, days_since_shipped=waited, state="confirmed",
                           confirmed_by="time limit")
        return replace(p, days_since_shipped=waited)
    if action == "confirm":
        if s in ("created", "paid"):
            raise _refuse(action, "nothing has been shipped, so there is no receipt to confirm")
        if s != "shipped":
            raise _refuse(action, f"the purchase is {s}, not waiting for confirmation")
        return replace(p, state="confirmed", confirmed_by="buyer")
    if action == "dispute":
        if s == "created":
            raise _refuse(action, "the buyer has not paid, so there is nothing to dispute")
        if s not in ("paid", "shipped"):
            raise _refuse(action, f"the purchase is already {s}; a complaint must come before "
                                  "confirmation")
        return replace(p, state="disputed")
    if action == "release":
        if s == "created":
            raise _refuse(action, "nothing is held: the buyer has not paid")
        if s != "confirmed":
            raise _refuse(action, f"the purchase is {s}; money is released only after the buyer "
                                  "confirms or the time limit passes")
        return replace(p, state="released", ledger=replace(led, seller=led.seller + p.price,
                                                           escrow=led.escrow - p.price))
    if action == "refund":
        if s != "disputed":
            raise _refuse(action, f"the purchase is {s}; a refund follows only an open dispute")
        return replace(p, state="refunded", ledger=replace(led, buyer=led.buyer + p.price,
                                                           escrow=led.escrow - p.price))
    # reject_dispute
    if s != "disputed":
        raise _refuse(action, f"the purchase is {s}; there is no open dispute to reject")
    if p.goods == "none":
        raise _refuse(action, "nothing was shipped, so the complaint stands")
    return replace(p, state="confirmed", confirmed_by="escrow service")


class Session:
    """A purchase a reader plays step by step: refused steps keep the purchase as it was.

    Examples
    --------
    >>> game = Session(price=100.0)
    >>> game.play("release")
    'release refused: nothing is held: the buyer has not paid'
    >>> game.purchase.state
    'created'
    """

    def __init__(self, price: float = 100.0, time_limit: int = 10):
        self.price, self.time_limit = price, time_limit
        self.reset()

    def reset(self) -> None:
        self.purchase = start(self.price, time_limit=self.time_limit)
        self.log: list[dict] = []

    def play(self, action: str, days: int = 10) -> str:
        """Try ``action``; return the message the reader sees (what happened, or why not)."""
        before = self.purchase
        try:
            self.purchase = step(before, action, days)
        except EscrowError as exc:
            message, accepted = str(exc), False
        else:
            message, accepted = DESCRIPTIONS[action] + f" (now {self.purchase.state})", True
        self.log.append({"action": action, "accepted": accepted, "message": message,
                         "state": self.purchase.state})
        return message


def run(actions: Iterable[str], price: float = 100.0, time_limit: int = 10,
        days: int = 10) -> pd.DataFrame:
    """Play ``actions`` in order; one row per step, refused steps included.

    Returns
    -------
    DataFrame
        Columns ``step`` (0 is the start), ``action``, ``actor``, ``accepted``, ``message``,
        ``state``, ``buyer``, ``seller``, ``escrow``: the state and balances after each step.
    """
    p = start(price, time_limit=time_limit)
    rows = [{"step": 0, "action": "start", "actor": "", "accepted": True,
             "message": "Purchase created", "state": p.state, **vars(p.ledger)}]
    for i, action in enumerate(actions, start=1):
        try:
            p = step(p, action, days)
            accepted, message = True, DESCRIPTIONS[action]
        except EscrowError as exc:
            accepted, message = False, str(exc)
        rows.append({"step": i, "action": action, "actor": ACTORS[action], "accepted": accepted,
                     "message": message, "state": p.state, **vars(p.ledger)})
    return pd.DataFrame(rows)


SCENARIOS = {
    "Honest seller, buyer confirms": ["pay", "ship", "confirm", "release"],
    "Honest seller, buyer never confirms": ["pay", "ship", "wait", "release"],
    "Cheating seller ships nothing": ["pay", "wait", "dispute", "refund"],
    "Cheating seller ships a fake": ["pay", "ship_fake", "dispute", "refund"],
    "Buyer complains without cause": ["pay", "ship", "dispute", "reject_dispute", "release"],
    "Steps out of order are refused": ["release", "pay", "ship", "release", "dispute",
                                       "refund", "refund"],
}
"""Named paths through the state machine, for the browser and print forms of the simulator."""


def scenario_table(scenarios: dict[str, list[str]] | None = None, price: float = 100.0,
                   time_limit: int = 10) -> pd.DataFrame:
    """:func:`run` for every scenario, stacked, with a ``scenario`` column."""
    scenarios = SCENARIOS if scenarios is None else scenarios
    frames = [run(actions, price, time_limit).assign(scenario=name)
              for name, actions in scenarios.items()]
    return pd.concat(frames, ignore_index=True)
