"""Pricing with data: who gains and who loses when a seller learns what buyers would pay.

A population of buyers has willingness to pay ``values`` (one number each: for a loan, the
highest interest rate a borrower would accept, in the same units as the price). Serving a buyer
costs the seller ``cost`` (for a loan: funding plus expected loss). The seller sets prices under
one of four regimes:

* ``uniform``: one price for everyone, the one that maximises profit;
* ``group``: one profit-maximising price per observable segment (``groups``);
* ``signal``: a personal price from a noisy signal ``s = v + e`` of each buyer's value, with
  ``e`` normal of variance ``1 / precision``; the seller knows the population and sets, for each
  signal, the price that maximises expected profit given what the signal implies;
* ``perfect``: each buyer pays exactly her value (first-degree discrimination).

A rival's offer ``outside`` (a price at which a competitor serves anyone, at least ``cost``) caps
what the seller can charge: a buyer asked more than ``outside`` buys from the rival if her value
covers it. The seller therefore never asks more than ``outside``.

Every regime reports consumer surplus (CS, what buyers get above what they pay), producer surplus
(PS, the margins of the seller and of the rival), deadweight loss (DWL, the surplus of buyers
whose value exceeds the cost but who buy from no one) and their sum, the total potential surplus
``sum(max(v - cost, 0))``: ``CS + PS + DWL`` equals it in every regime. Perfect discrimination
with no rival leaves consumer surplus at exactly 0 and no deadweight loss: the seller "uses up all
the surplus". With noisy data, or a rival, it does not.

Risk-based pricing is a different thing: a price that follows each borrower's expected *cost*
(default risk). This module holds cost fixed and varies what the seller knows of *values*, the
willingness to pay (rate sensitivity) that the essay describes.

Examples
--------
>>> values = linear_demand_values(200, top=10.0)
>>> result = price_outcome(values, cost=2.0, regime="uniform")
>>> result["price_mean"], monopoly_price_linear(10.0, 2.0)
(6.025, 6.0)
>>> price_outcome(values, cost=2.0, regime="perfect")["consumer_surplus"]
0.0
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

__all__ = ["REGIMES", "compare_regimes", "linear_demand_values", "monopoly_price_linear",
           "precision_for_share", "price_outcome", "prices_for", "segment_groups"]

REGIMES = ("uniform", "group", "signal", "perfect")
"""The pricing regimes, from least to most the seller knows."""


def _as_values(values) -> np.ndarray:
    v = np.asarray(values, dtype=float)
    if v.ndim != 1:
        raise ValueError(f"values must be a one-dimensional array, got shape {v.shape}")
    if v.size == 0:
        raise ValueError("the population is empty: give at least one buyer's value")
    if not np.all(np.isfinite(v)):
        bad = int(np.flatnonzero(~np.isfinite(v))[0])
        raise ValueError(f"values must be finite numbers; buyer {bad} is not")
    if np.any(v < 0):
        raise ValueError(f"values must not be negative; buyer {int(np.flatnonzero(v < 0)[0])} has "
                         f"{v[v < 0][0]}")
    return v


def _check_cost_outside(cost: float, outside: float | None) -> tuple[float, float]:
    if not isinstance(cost, int | float | np.floating) or isinstance(cost, bool) \
            or not math.isfinite(cost) or cost < 0:
        raise ValueError(f"cost must be a finite number of at least 0, got {cost!r}")
    if outside is None:
        return float(cost), math.inf
    if not isinstance(outside, int | float | np.floating) or isinstance(outside, bool) \
            or math.isnan(outside):
        raise ValueError(f"outside (the rival's offer) must be a number or None, got {outside!r}")
    if outside < cost:
        raise ValueError(f"the rival's offer outside={outside} is below cost={cost}: no rival "
                         "sells at a loss for long, and the seller could not serve anyone")
    return float(cost), float(outside)


def linear_demand_values(n: int, top: float = 1.0) -> np.ndarray:
    """``n`` values spread evenly over (0, ``top``): demand is linear, ``Q(p) = n (1 - p/top)``."""
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 1:
        raise ValueError(f"n must be a positive integer, got {n!r}")
    if not isinstance(top, int | float) or not math.isfinite(top) or top <= 0:
        raise ValueError(f"top must be a positive number, got {top!r}")
    return top * (np.arange(n) + 0.5) / n


def monopoly_price_linear(top: float, cost: float) -> float:
    """The profit-maximising uniform price for linear demand ``Q = N (1 - p/top)``, cost below
    ``top``: maximise ``(p - c)(1 - p/top)``, so ``p* = (top + c) / 2``."""
    if not 0 <= cost < top:
        raise ValueError(f"need 0 <= cost < top, got cost={cost}, top={top}")
    return (top + cost) / 2.0


def segment_groups(values, informativeness: float = 0.8, seed: int = 0) -> np.ndarray:
    """An observable segment (0 or 1) correlated with value: buyer ``i`` is put in segment 1
    (say, a richer district) if ``informativeness * rank + (1 - informativeness) * noise`` is
    above its median, with ranks and noise both uniform on (0, 1)."""
    v = _as_values(values)
    if not 0 <= informativeness <= 1:
        raise ValueError(f"informativeness must lie in [0, 1], got {informativeness}")
    rng = np.random.default_rng(seed)
    rank = (np.argsort(np.argsort(v, kind="stable"), kind="stable") + 0.5) / v.size
    score = informativeness * rank + (1 - informativeness) * rng.random(v.size)
    return (score > np.median(score)).astype(int)


def _best_uniform(v: np.ndarray, cost: float, outside: float) -> float:
    """The profit-maximising single price for values ``v`` (candidates: the values themselves,
    and the cap); ties go to the lower price."""
    candidates = np.unique(np.concatenate([v[(v >= cost) & (v <= outside)],
                                           [outside] if math.isfinite(outside) else []]))
    if candidates.size == 0:  # nobody is worth serving: price at cost, sell to no one at a loss
        return cost if not math.isfinite(outside) else min(cost, outside)
    sorted_v = np.sort(v)
    buyers = v.size - np.searchsorted(sorted_v, candidates, side="left")
    profit = (candidates - cost) * buyers
    return float(candidates[int(np.argmax(profit))])


def _signal_prices(v: np.ndarray, cost: float, outside: float, precision: float,
                   noise: np.ndarray) -> np.ndarray:
    """Each buyer's price from her signal, maximising expected profit under the posterior
    (the population's values as the prior, a normal likelihood of the signal)."""
    if precision == 0:
        return np.full(v.size, _best_uniform(v, cost, outside))
    signal = v + noise / math.sqrt(precision)
    order = np.argsort(v, kind="stable")
    sorted_v = v[order]
    # log-likelihood of each signal (rows) for each possible value (columns)
    loglik = -0.5 * precision * (signal[:, None] - sorted_v[None, :]) ** 2
    loglik -= loglik.max(axis=1, keepdims=True)
    weight = np.exp(loglik)
    weight /= weight.sum(axis=1, keepdims=True)
    # P(value >= candidate_j | signal) for candidate prices at each value (from the top down)
    survival = np.cumsum(weight[:, ::-1], axis=1)[:, ::-1]
    candidates = sorted_v.copy()
    allowed = (candidates >= cost) & (candidates <= outside)
    profit = np.where(allowed[None, :], (candidates - cost)[None, :] * survival, -np.inf)
    best = np.argmax(profit, axis=1)
    prices = candidates[best]
    no_candidate = ~allowed.any()
    if math.isfinite(outside):
        # asking exactly the rival's price is also allowed
        cap_survival = (weight * (sorted_v[None, :] >= outside)).sum(axis=1)
        cap_profit = (outside - cost) * cap_survival
        better = cap_profit > profit[np.arange(v.size), best]
        prices = np.where(better | no_candidate, outside, prices)
    elif no_candidate:
        prices = np.full(v.size, cost)
    return prices


def _perfect(v: np.ndarray, cost: float, cap: float) -> np.ndarray:
    """Each buyer worth serving is asked her value (or the rival's price, if lower); the others
    are asked the cost, which they will not pay."""
    return np.where(v >= cost, np.minimum(v, cap), cost)


def precision_for_share(share: float, values) -> float:
    """The signal precision at which the signal explains ``share`` of the variance of the
    population's values (``share = var(v) / (var(v) + 1/precision)``; 0 = uninformative,
    1 = perfect, ``inf``)."""
    v = _as_values(values)
    if isinstance(share, bool) or not isinstance(share, int | float | np.floating) \
            or not 0 <= share <= 1:
        raise ValueError(f"share of variance explained must lie in [0, 1], got {share!r}")
    if share == 1:
        return math.inf
    variance = float(v.var())
    if variance == 0:
        raise ValueError("every buyer has the same value: a signal cannot explain any variance")
    return share / ((1 - share) * variance)


def prices_for(values, cost: float, regime: str, *, outside: float | None = None,
               precision: float = 1.0, groups=None, seed: int = 0) -> np.ndarray:
    """The price the seller asks each buyer under ``regime`` (see the module doc).

    ``precision`` is used by ``signal`` only (0 = an uninformative signal, ``inf`` = perfect);
    ``groups`` by ``group`` only (an integer label per buyer). ``seed`` fixes the signal's
    noise: the same draws, scaled, at every precision, so results move smoothly with it.
    """
    v = _as_values(values)
    cost, cap = _check_cost_outside(cost, outside)
    if regime not in REGIMES:
        raise ValueError(f"unknown regime {regime!r}: choose one of {', '.join(REGIMES)}")
    if regime == "uniform":
        return np.full(v.size, _best_uniform(v, cost, cap))
    if regime == "perfect":
        return _perfect(v, cost, cap)
    if regime == "group":
        if groups is None:
            raise ValueError("the group regime needs groups: one segment label per buyer")
        g = np.asarray(groups)
        if g.shape != v.shape:
            raise ValueError(f"groups has {g.size} labels for {v.size} buyers")
        prices = np.empty(v.size)
        for label in np.unique(g):
            mask = g == label
            prices[mask] = _best_uniform(v[mask], cost, cap)
        return prices
    if isinstance(precision, bool) or not isinstance(precision, int | float | np.floating) \
            or math.isnan(precision):
        raise ValueError(f"precision must be a number, got {precision!r}")
    if precision < 0:
        raise ValueError(f"precision (one over the variance of the signal's noise) must be at "
                         f"least 0, got {precision}")
    if math.isinf(precision):
        return _perfect(v, cost, cap)
    noise = np.random.default_rng(seed).standard_normal(v.size)
    return _signal_prices(v, cost, cap, float(precision), noise)


def price_outcome(values, cost: float, regime: str, *, outside: float | None = None,
                  precision: float = 1.0, groups=None, seed: int = 0) -> dict[str, float]:
    """Surplus and who gains under ``regime``, against the uniform price (same rival).

    Returns
    -------
    dict
        ``consumer_surplus``, ``producer_surplus`` (seller plus rival), ``seller_profit``,
        ``deadweight_loss``, ``total_surplus`` (the potential: ``sum(max(v - cost, 0))``), the
        share of buyers served (by the seller or the rival), ``price_mean`` (mean price the
        seller asks), ``share_paying_less`` (buyers who buy for less than the uniform price) and
        ``share_better_off`` (buyers with more surplus than under the uniform price). Surpluses
        are totals over buyers.
    """
    v = _as_values(values)
    cost, cap = _check_cost_outside(cost, outside)
    asked = prices_for(v, cost, regime, outside=outside, precision=precision, groups=groups,
                       seed=seed)
    uniform = _best_uniform(v, cost, cap)

    def settle(prices):
        buys_here = v >= prices
        buys_rival = ~buys_here & (v >= cap)    # asked more than the rival's offer
        paid = np.where(buys_here, prices, np.where(buys_rival, cap, np.nan))
        cs = np.where(buys_here | buys_rival, v - np.nan_to_num(paid), 0.0)
        return buys_here, buys_rival, paid, cs

    here, rival, paid, cs = settle(asked)
    _, _, paid_u, cs_u = settle(np.full(v.size, uniform))
    seller = float(np.sum(np.where(here, asked - cost, 0.0)))
    rival_margin = float(np.sum(np.where(rival, cap - cost, 0.0))) if math.isfinite(cap) else 0.0
    served = here | rival
    dwl = float(np.sum(np.where(~served & (v > cost), v - cost, 0.0)))
    paying_less = served & (np.nan_to_num(paid, nan=np.inf) < np.nan_to_num(paid_u, nan=np.inf))
    return {
        "consumer_surplus": float(np.sum(cs)),
        "producer_surplus": seller + rival_margin,
        "seller_profit": seller,
        "deadweight_loss": dwl,
        "total_surplus": float(np.sum(np.maximum(v - cost, 0.0))),
        "share_served": float(served.mean()),
        "price_mean": float(asked.mean()),
        "uniform_price": uniform,
        "share_paying_less": float(paying_less.mean()),
        "share_better_off": float((cs > cs_u + 1e-12).mean()),
    }


def compare_regimes(values, cost: float, *, outside: float | None = None, precision: float = 1.0,
                    groups=None, seed: int = 0) -> pd.DataFrame:
    """:func:`price_outcome` for every regime (``group`` only if ``groups`` is given)."""
    rows = []
    for regime in REGIMES:
        if regime == "group" and groups is None:
            continue
        rows.append({"regime": regime, **price_outcome(values, cost, regime, outside=outside,
                                                       precision=precision, groups=groups,
                                                       seed=seed)})
    return pd.DataFrame(rows)
