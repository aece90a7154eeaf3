"""A market of strangers, with and without escrow.

``matches`` buyers each meet one seller. A share ``cheat_share`` of the sellers are cheats: they
take the money and send nothing of value. Buyers cannot tell a cheat from an honest seller; they
believe the share of cheats is ``belief`` times the true share (1 = they know it, below 1 they
are too trusting, above 1 too suspicious).

Each buyer values the good at ``value``, drawn once per match (seeded) between the price and
``max_value_ratio`` times the price. An honest seller's cost is ``seller_cost``.

* **Without escrow** the buyer pays first. Believing that a share ``b`` of sellers cheat, a buyer
  buys only if ``(1 - b) * value >= price``. Paying a cheat loses the whole price (a fraud loss).
* **With escrow** the buyer pays the escrow service, which pays the seller only after receipt is
  confirmed. A cheated buyer complains and is refunded, but a dispute costs the buyer
  ``dispute_cost`` (time, evidence, postage). The buyer buys if
  ``(1 - b) * (value - price) >= b * dispute_cost``. The escrow service charges the seller
  ``fee`` on each completed sale; cheats get nothing.

Outcomes are per match, in yuan (welfare) or as a share of matches (trade volume). Cheats'
takings are not counted as welfare: they are a transfer obtained by fraud. Every parameter is an
illustrative choice for teaching, not an estimate.

Examples
--------
>>> r = market(cheat_share=0.0, fee=2.0, dispute_cost=5.0).set_index("regime")
>>> bool(r.loc["no escrow", "volume"] == r.loc["escrow", "volume"])
True
>>> round(float(r.loc["no escrow", "sellers"] - r.loc["escrow", "sellers"]), 6)  # the fee, per sale
2.0
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._validate import check_range

__all__ = ["REGIMES", "draw_matches", "escrow_equilibrium", "lemons_equilibrium", "market",
           "outcomes", "unravelling"]

REGIMES = ("no escrow", "escrow")

PRICE = 100.0
SELLER_COST = 60.0
MAX_VALUE_RATIO = 1.6
MATCHES = 2000
SEED = 2003


def draw_matches(matches: int = MATCHES, seed: int = SEED, price: float = PRICE,
                 max_value_ratio: float = MAX_VALUE_RATIO) -> pd.DataFrame:
    """The random part of the market: each buyer's value and a uniform draw per seller.

    A seller is a cheat when its draw ``u`` is below the share of cheats, so raising the share
    turns more of the same sellers into cheats (the comparison across shares is like for like).
    """
    if not isinstance(matches, int) or matches < 1:
        raise ValueError(f"matches must be a whole number >= 1, got {matches!r}")
    check_range("price", price, 0.0)
    check_range("max_value_ratio", max_value_ratio, 1.0)
    rng = np.random.default_rng(seed)
    value = price * (1.0 + (max_value_ratio - 1.0) * rng.random(matches))
    return pd.DataFrame({"value": value, "u": rng.random(matches)})


def outcomes(draws: pd.DataFrame, cheat_share: float, fee: float, dispute_cost: float,
             belief: float, price: float = PRICE, seller_cost: float = SELLER_COST
             ) -> pd.DataFrame:
    """Both regimes for given draws: one row per regime (see :func:`market` for the columns)."""
    check_range("cheat_share", cheat_share, 0.0, 1.0)
    check_range("fee", fee, 0.0, price - seller_cost)
    check_range("dispute_cost", dispute_cost, 0.0)
    check_range("belief", belief, 0.0)
    check_range("seller_cost", seller_cost, 0.0, price)
    value = draws["value"].to_numpy()
    cheat = draws["u"].to_numpy() < cheat_share
    honest = ~cheat
    n = len(value)
    b = min(belief * cheat_share, 1.0)

    rows = []
    for regime in REGIMES:
        if regime == "no escrow":
            buys = (1.0 - b) * value >= price
            buyers = np.where(honest, value - price, -price)
            fees = 0.0
            fraud = price * np.sum(buys & cheat)
            disputes = 0.0
            seller_margin = price - seller_cost
        else:
            buys = (1.0 - b) * (value - price) >= b * dispute_cost
            buyers = np.where(honest, value - price, -dispute_cost)
            fees = fee * np.sum(buys & honest)
            fraud = 0.0
            disputes = dispute_cost * np.sum(buys & cheat)
            seller_margin = price - seller_cost - fee
        trades = np.sum(buys & honest)
        buyer_welfare = np.sum(np.where(buys, buyers, 0.0))
        seller_welfare = seller_margin * trades
        rows.append({
            "regime": regime,
            "volume": trades / n,
            "buyers": buyer_welfare / n,
            "sellers": seller_welfare / n,
            "fees": fees / n,
            "fraud": fraud / n,
            "disputes": disputes / n,
            "total": (buyer_welfare + seller_welfare + fees) / n,
        })
    return pd.DataFrame(rows)


def market(cheat_share: float, fee: float, dispute_cost: float, belief: float = 1.0,
           matches: int = MATCHES, seed: int = SEED, price: float = PRICE,
           seller_cost: float = SELLER_COST, max_value_ratio: float = MAX_VALUE_RATIO
           ) -> pd.DataFrame:
    """Simulate the market with and without escrow.

    Parameters
    ----------
    cheat_share : float
        Share of sellers who cheat, in [0, 1].
    fee : float
        Escrow fee per completed sale, paid by the seller, in [0, price - seller_cost].
    dispute_cost : float
        What a dispute costs a cheated buyer under escrow (>= 0).
    belief : float
        Buyers' believed share of cheats divided by the true share (>= 0).
    matches, seed : int
        Number of buyer-seller matches and the random seed (same seed, same result).
    price, seller_cost, max_value_ratio : float
        The price, an honest seller's cost, and the top of buyers' values relative to the price.

    Returns
    -------
    DataFrame
        One row per regime (``"no escrow"``, ``"escrow"``) with, per match: ``volume`` (share of
        matches ending in a completed honest sale), ``buyers`` and ``sellers`` (honest sellers')
        welfare, ``fees`` (the escrow service's income), ``fraud`` (money lost to cheats),
        ``disputes`` (buyers' dispute costs) and ``total`` (buyers + honest sellers + fees).
    """
    draws = draw_matches(matches, seed, price, max_value_ratio)
    return outcomes(draws, cheat_share, fee, dispute_cost, belief, price, seller_cost)


# -- a market with a price that clears: unravelling and the incidence of the fee --------------
#
# The market above fixes the price at 100 and gives every honest seller the same cost, so no
# honest seller ever leaves and a fee below the margin cannot change trade. The functions below
# let the price clear and give honest sellers different costs (Akerlof's mechanism):
#
# * Buyers (mass 1) value a genuine good evenly between ``value_low`` and ``value_high``.
# * Sellers (mass 1): a share ``cheat_share`` are cheats, who would ship nothing and so offer at
#   any price; the rest are honest, with costs spread evenly between ``cost_low`` and
#   ``cost_high``. An honest seller offers when the price it receives covers its cost.
# * Without escrow a buyer cannot tell offers apart. Believing that a share ``q`` of offers is
#   genuine, a buyer pays ``p`` only if ``q * value >= p``. The price clears when the buyers who
#   want to buy equal the offers (honest and cheating). Offers are then genuine with
#   probability ``H(p) / (H(p) + cheat_share)``: if that is below the belief, buyers learn it,
#   bid less next round, more honest sellers leave, and so on (:func:`unravelling`). The market
#   settles where belief and the true share agree (:func:`lemons_equilibrium`), or collapses.
# * With escrow cheats are never paid, so they do not bother to offer (a cheat's takings are
#   zero); every offer is genuine. The escrow service charges ``fee`` per completed sale to the
#   seller. The price clears where demand at ``p`` equals honest supply at ``p - fee``: part of
#   the fee is passed on to buyers through a higher price, part is borne by sellers through a
#   lower net price (:func:`escrow_equilibrium`). With even spreads the buyers' part is
#   ``b / (a + b)``, where ``a = 1 / (value_high - value_low)`` is how fast demand falls and
#   ``b = (1 - cheat_share) / (cost_high - cost_low)`` how fast supply rises with the price.
#
# Welfare is in yuan per buyer (the market has one buyer per seller). Every parameter is an
# illustrative choice, not an estimate.

VALUE_LOW, VALUE_HIGH = 50.0, 150.0
COST_LOW, COST_HIGH = 20.0, 120.0


def _spread_params(value_low: float, value_high: float, cost_low: float, cost_high: float
                   ) -> None:
    for name, value in [("value_low", value_low), ("value_high", value_high),
                        ("cost_low", cost_low), ("cost_high", cost_high)]:
        check_range(name, value, 0.0)
    if not value_high > value_low:
        raise ValueError(f"value_high ({value_high}) must exceed value_low ({value_low})")
    if not cost_high > cost_low:
        raise ValueError(f"cost_high ({cost_high}) must exceed cost_low ({cost_low})")


def _share_above(x: float, low: float, high: float) -> float:
    """Share of an even spread on [low, high] at or above ``x``."""
    return min(1.0, max(0.0, (high - x) / (high - low)))


def _share_below(x: float, low: float, high: float) -> float:
    return 1.0 - _share_above(x, low, high)


def _mean_excess(x: float, low: float, high: float) -> float:
    """E[max(v - x, 0)] for v spread evenly on [low, high]."""
    if x <= low:
        return (low + high) / 2 - x
    if x >= high:
        return 0.0
    return (high - x) ** 2 / (2 * (high - low))


def _mean_shortfall(x: float, low: float, high: float) -> float:
    """E[max(x - c, 0)] for c spread evenly on [low, high]."""
    if x <= low:
        return 0.0
    if x >= high:
        return x - (low + high) / 2
    return (x - low) ** 2 / (2 * (high - low))


def _clear(excess, low: float, high: float) -> float:
    """The price at which ``excess(p)`` (demand less supply, non-increasing) changes sign."""
    for _ in range(200):
        mid = (low + high) / 2
        if excess(mid) > 0:
            low = mid
        else:
            high = mid
    return (low + high) / 2


def _no_escrow_round(belief: float, cheat_share: float, vl: float, vh: float, cl: float,
                     ch: float) -> dict[str, float]:
    """One round without escrow: buyers believe a share ``belief`` of offers is genuine."""
    honest = 1.0 - cheat_share
    if belief <= 0.0:
        price = 0.0
        demand = 0.0
    else:
        def excess(p):
            return (_share_above(p / belief, vl, vh)
                    - honest * _share_below(p, cl, ch) - cheat_share)
        price = _clear(excess, 0.0, vh)
        demand = _share_above(price / belief, vl, vh)
    staying = _share_below(price, cl, ch) if price > 0 else 0.0
    genuine = honest * staying
    offers = genuine + cheat_share
    quality = genuine / offers if offers > 0 else 0.0
    return {"belief": belief, "price": price, "honest_staying": staying, "quality": quality,
            "buyers_buying": demand, "volume": genuine if demand > 0 else 0.0}


def unravelling(cheat_share: float, rounds: int = 12, value_low: float = VALUE_LOW,
                value_high: float = VALUE_HIGH, cost_low: float = COST_LOW,
                cost_high: float = COST_HIGH) -> pd.DataFrame:
    """The adverse-selection spiral without escrow, round by round.

    In round 0 buyers believe the share of genuine offers is ``1 - cheat_share`` (as if every
    honest seller offered). Each round the price clears given the belief; the honest sellers
    whose costs exceed it leave; buyers then believe the share of genuine offers they saw.

    Returns one row per round: ``round``, ``belief``, ``price``, ``honest_staying`` (share of
    honest sellers who offer), ``quality`` (share of offers that are genuine), ``buyers_buying``
    and ``volume`` (genuine sales per buyer).

    >>> path = unravelling(0.2, rounds=3)
    >>> bool(path["price"].is_monotonic_decreasing)
    True
    """
    check_range("cheat_share", cheat_share, 0.0, 1.0)
    if isinstance(rounds, bool) or not isinstance(rounds, int) or rounds < 0:
        raise ValueError(f"rounds must be a whole number >= 0, got {rounds!r}")
    _spread_params(value_low, value_high, cost_low, cost_high)
    belief = 1.0 - cheat_share
    rows = []
    for t in range(rounds + 1):
        row = _no_escrow_round(belief, cheat_share, value_low, value_high, cost_low, cost_high)
        rows.append({"round": t, **row})
        belief = row["quality"]
    return pd.DataFrame(rows)


def lemons_equilibrium(cheat_share: float, value_low: float = VALUE_LOW,
                       value_high: float = VALUE_HIGH, cost_low: float = COST_LOW,
                       cost_high: float = COST_HIGH, tol: float = 1e-10,
                       max_rounds: int = 10_000) -> dict[str, float]:
    """Where the spiral without escrow settles: belief equals the true share of genuine offers.

    Returns ``price``, ``quality``, ``honest_staying``, ``volume``, ``buyers`` (buyers' surplus),
    ``sellers`` (honest sellers' surplus), ``fraud`` (paid to cheats), ``total`` (buyers +
    honest sellers; cheats' takings are a transfer, not welfare), ``rounds`` (to converge) and
    ``collapsed`` (1.0 when no genuine trade is left, else 0.0).
    """
    check_range("cheat_share", cheat_share, 0.0, 1.0)
    _spread_params(value_low, value_high, cost_low, cost_high)
    belief = 1.0 - cheat_share
    t = 0
    while True:
        t += 1
        row = _no_escrow_round(belief, cheat_share, value_low, value_high, cost_low, cost_high)
        if abs(row["quality"] - belief) < tol or t >= max_rounds:
            break
        belief = row["quality"]
    price, quality = row["price"], row["quality"]
    honest = 1.0 - cheat_share
    if row["volume"] <= 1e-9 or quality <= 0:
        return {"price": 0.0, "quality": 0.0, "honest_staying": 0.0, "volume": 0.0,
                "buyers": 0.0, "sellers": 0.0, "fraud": 0.0, "total": 0.0, "rounds": float(t),
                "collapsed": 1.0}
    threshold = price / quality
    gross = quality * (_mean_excess(threshold, value_low, value_high)
                       + threshold * _share_above(threshold, value_low, value_high))
    buyers = gross - price * _share_above(threshold, value_low, value_high)
    sellers = honest * _mean_shortfall(price, cost_low, cost_high)
    fraud = cheat_share * price
    return {"price": price, "quality": quality, "honest_staying": row["honest_staying"],
            "volume": row["volume"], "buyers": buyers, "sellers": sellers, "fraud": fraud,
            "total": buyers + sellers, "rounds": float(t), "collapsed": 0.0}


def escrow_equilibrium(cheat_share: float, fee: float, value_low: float = VALUE_LOW,
                       value_high: float = VALUE_HIGH, cost_low: float = COST_LOW,
                       cost_high: float = COST_HIGH) -> dict[str, float]:
    """The market with escrow: cheats stay out, the price clears, the seller pays ``fee``.

    Returns ``price`` (what buyers pay), ``seller_price`` (what sellers keep, price - fee),
    ``volume``, ``buyers``, ``sellers``, ``fees`` (the escrow service's income), ``total``
    (buyers + sellers + fees), and ``buyer_share`` / ``seller_share`` of the fee: how much of it
    the price rise passes to buyers and how much the fall in the net price leaves with sellers,
    compared with the same market at no fee (each 0 when the fee is 0, they add up to 1).

    >>> r = escrow_equilibrium(0.0, 10.0)
    >>> round(r["price"], 6), round(r["seller_price"], 6), round(r["buyer_share"], 6)
    (90.0, 80.0, 0.5)
    """
    check_range("cheat_share", cheat_share, 0.0, 1.0)
    _spread_params(value_low, value_high, cost_low, cost_high)
    check_range("fee", fee, 0.0, value_high)
    honest = 1.0 - cheat_share

    def solve(f: float) -> tuple[float, float]:
        def excess(p):
            return _share_above(p, value_low, value_high) - honest * _share_below(
                p - f, cost_low, cost_high)
        p = _clear(excess, 0.0, value_high + f + cost_high)
        return p, honest * _share_below(p - f, cost_low, cost_high)

    price, volume = solve(fee)
    price0, _ = solve(0.0)
    if volume <= 1e-12:
        price = min(price, value_high)
    buyers = _mean_excess(price, value_low, value_high) if volume > 0 else 0.0
    sellers = honest * _mean_shortfall(price - fee, cost_low, cost_high)
    fees = fee * volume
    buyer_share = (price - price0) / fee if fee > 0 else 0.0
    return {"price": price, "seller_price": price - fee, "volume": volume, "buyers": buyers,
            "sellers": sellers, "fees": fees, "total": buyers + sellers + fees,
            "buyer_share": buyer_share, "seller_share": 1.0 - buyer_share if fee > 0 else 0.0}
