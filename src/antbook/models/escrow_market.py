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

import math

import numpy as np
import pandas as pd

__all__ = ["REGIMES", "draw_matches", "market", "outcomes"]

REGIMES = ("no escrow", "escrow")

PRICE = 100.0
SELLER_COST = 60.0
MAX_VALUE_RATIO = 1.6
MATCHES = 2000
SEED = 2003


def _check(name: str, value: float, low: float, high: float = math.inf) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
        raise ValueError(f"{name} must be a number, got {value!r}")
    if not low <= value <= high:
        raise ValueError(f"{name} must lie in [{low}, {high}], got {value}")


def draw_matches(matches: int = MATCHES, seed: int = SEED, price: float = PRICE,
                 max_value_ratio: float = MAX_VALUE_RATIO) -> pd.DataFrame:
    """The random part of the market: each buyer's value and a uniform draw per seller.

    A seller is a cheat when its draw ``u`` is below the share of cheats, so raising the share
    turns more of the same sellers into cheats (the comparison across shares is like for like).
    """
    if not isinstance(matches, int) or matches < 1:
        raise ValueError(f"matches must be a whole number >= 1, got {matches!r}")
    _check("price", price, 0.0)
    _check("max_value_ratio", max_value_ratio, 1.0)
    rng = np.random.default_rng(seed)
    value = price * (1.0 + (max_value_ratio - 1.0) * rng.random(matches))
    return pd.DataFrame({"value": value, "u": rng.random(matches)})


def outcomes(draws: pd.DataFrame, cheat_share: float, fee: float, dispute_cost: float,
             belief: float, price: float = PRICE, seller_cost: float = SELLER_COST
             ) -> pd.DataFrame:
    """Both regimes for given draws: one row per regime (see :func:`market` for the columns)."""
    _check("cheat_share", cheat_share, 0.0, 1.0)
    _check("fee", fee, 0.0, price - seller_cost)
    _check("dispute_cost", dispute_cost, 0.0)
    _check("belief", belief, 0.0)
    _check("seller_cost", seller_cost, 0.0, price)
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
