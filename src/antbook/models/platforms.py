"""Two platforms, two sides: adoption with cross-side network effects, switching and multi-homing.

Consumers and merchants each choose, period after period, among four states: no platform, only
platform A, only platform B, or both (multi-homing). What a consumer gets from a platform is a
stand-alone value plus ``consumer_effect`` times the share of merchants she can reach there; what
a merchant gets is the same with the roles swapped (the cross-side network effect of Rochet and
Tirole 2003 and Armstrong 2006). Being on both platforms reaches everyone on either, but costs
``multihoming_cost`` on top. Leaving one platform for another costs ``switching_cost`` per
platform joined (Klemperer 1987): a consumer already on A pays it to move to B or to add B, a
newcomer does not. ``subsidy`` is paid by platform A to the consumers who use it (a side chosen
to be "got on board" first).

Choices are logit: a user picks state ``k`` with probability proportional to
``exp((u_k - cost of moving to k) / dispersion)``, where ``dispersion`` is how much tastes
differ (the larger it is, the less network effects decide). Each period a share ``revision`` of
each side reconsiders, given the other side's reach in the previous period.

Around an even split the two sides amplify each other's lead with a gain of at most
``g = sqrt(consumer_effect * merchant_effect) / (2 * dispersion)`` (the largest slope of logit
choice, 1 / (2 * dispersion), times the network effect). While the actual gain stays below 1 the
even split is stable and a lead dies out (coexistence); above 1 a lead grows until one platform
takes nearly everyone (tipping). Users who stay out or multi-home lower the actual gain, so
tipping needs ``g`` somewhat above 1.
With gain ``g`` the linearised dynamics have eigenvalues ``1 - revision +/- revision * g``: if
``1 - revision - revision * g < -1`` a period can overshoot the last by more than it corrects and
the path explodes into oscillation between the platforms. :class:`PlatformMarket` refuses such
parameters (a conservative test, as ``g`` bounds the gain) rather than return a path that means
nothing.

All parameters are illustrative, in units of utility; nothing here is estimated from data.

Examples
--------
>>> strong = PlatformMarket(consumer_effect=5.0, merchant_effect=5.0)
>>> path = simulate(strong, periods=60, lead=0.02)
>>> round(float(path.iloc[-1]["consumers_reach_a"]), 2) > 0.9
True
>>> weak = PlatformMarket(consumer_effect=0.5, merchant_effect=0.5)
>>> abs(float(simulate(weak, periods=60, lead=0.02).iloc[-1]["consumers_lead"])) < 0.01
True
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

__all__ = ["STATES", "PlatformMarket", "final_state", "simulate", "tipping_gain"]

STATES = ("none", "A", "B", "both")
"""The four states a user can be in, in the order of every share vector."""

# Which platforms each state holds, as 0/1 for (A, B).
_HOLDS = np.array([[0, 0], [1, 0], [0, 1], [1, 1]])
# How many platforms a user in state j must join to reach state k: joined[j, k].
_JOINED = np.maximum(_HOLDS[None, :, :] - _HOLDS[:, None, :], 0).sum(axis=2)


def _check_number(name: str, value, low: float | None = None, high: float | None = None,
                  low_open: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise ValueError(f"{name} must be a number, got {value!r}")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}")
    if low is not None and (value < low or (low_open and value == low)):
        bound = "greater than" if low_open else "at least"
        raise ValueError(f"{name} must be {bound} {low}, got {value}")
    if high is not None and value > high:
        raise ValueError(f"{name} must be at most {high}, got {value}")
    return value


@dataclass(frozen=True)
class PlatformMarket:
    """Parameters of the two-platform market (see the module doc; all illustrative).

    Raises
    ------
    ValueError
        If a parameter is not a finite number in its range, or if the network effects are so
        strong, for the dispersion of tastes and the revision speed, that the dynamics explode
        (see :func:`tipping_gain`).
    """

    consumer_effect: float = 2.0
    """Value to a consumer of reaching all merchants rather than none."""
    merchant_effect: float = 2.0
    """Value to a merchant of reaching all consumers rather than none."""
    standalone: float = 0.5
    """Value of a platform to a user before anyone else joins (same for A and B, both sides)."""
    switching_cost: float = 0.0
    """Cost, per platform joined, for a user who already uses a platform."""
    subsidy: float = 0.0
    """Payment from platform A to each consumer on it (0 = none)."""
    multihoming_cost: float = 3.0
    """Extra cost of being on both platforms, for either side."""
    dispersion: float = 1.0
    """Spread of tastes (the logit scale): how much choices depend on things the model omits."""
    revision: float = 0.3
    """Share of each side that reconsiders its choice each period."""

    def __post_init__(self):
        for name in ("consumer_effect", "merchant_effect", "switching_cost", "multihoming_cost"):
            _check_number(name, getattr(self, name), low=0.0)
        _check_number("standalone", self.standalone)
        _check_number("subsidy", self.subsidy)
        _check_number("dispersion", self.dispersion, low=0.0, low_open=True)
        _check_number("revision", self.revision, low=0.0, high=1.0, low_open=True)
        gain = tipping_gain(self)
        flip = 1.0 - self.revision - self.revision * gain
        if flip < -1.0:
            limit = (2.0 - self.revision) / self.revision
            raise ValueError(
                f"network effects too strong for these dynamics: consumer_effect="
                f"{self.consumer_effect}, merchant_effect={self.merchant_effect} with "
                f"dispersion={self.dispersion} give a gain of {gain:.2f}, and with "
                f"revision={self.revision} the linearised path overshoots by a factor "
                f"{abs(flip):.2f} a period and explodes into oscillation; keep the gain "
                f"sqrt(consumer_effect * merchant_effect) / (2 * dispersion) at most {limit:.2f}, "
                "or lower revision")


def tipping_gain(market: PlatformMarket) -> float:
    """How strongly the two sides amplify a small lead near an even split (above 1: tipping)."""
    return math.sqrt(market.consumer_effect * market.merchant_effect) / (2.0 * market.dispersion)


def _values(effect: float, other_reach: np.ndarray, standalone: float, multihoming: float,
            subsidy_a: float) -> np.ndarray:
    """Utility of each state for a user whose other side reaches A, B and either with
    ``other_reach = (reach_a, reach_b, reach_any)``."""
    reach_a, reach_b, reach_any = other_reach
    return np.array([
        0.0,
        standalone + effect * reach_a + subsidy_a,
        standalone + effect * reach_b,
        standalone + effect * reach_any + subsidy_a - multihoming,
    ])


def _reach(shares: np.ndarray) -> np.ndarray:
    """(share on A, share on B, share on either) of one side, from its four state shares."""
    return np.array([shares[1] + shares[3], shares[2] + shares[3], 1.0 - shares[0]])


def _choose(values: np.ndarray, shares: np.ndarray, switching: float, dispersion: float
            ) -> np.ndarray:
    """New state shares of the users who reconsider, from the current state shares."""
    # A user in state j moving to k pays the switching cost for each platform joined, unless j is
    # "none" (a newcomer has nothing to switch from).
    cost = switching * _JOINED.astype(float)
    cost[0, :] = 0.0
    utility = (values[None, :] - cost) / dispersion
    utility -= utility.max(axis=1, keepdims=True)        # no overflow, same probabilities
    weights = np.exp(utility)
    choice = weights / weights.sum(axis=1, keepdims=True)  # row j: where users in j go
    return shares @ choice


def _step(market: PlatformMarket, consumers: np.ndarray, merchants: np.ndarray
          ) -> tuple[np.ndarray, np.ndarray]:
    m = market
    c_values = _values(m.consumer_effect, _reach(merchants), m.standalone, m.multihoming_cost,
                       m.subsidy)
    m_values = _values(m.merchant_effect, _reach(consumers), m.standalone, m.multihoming_cost,
                       0.0)
    new_c = _choose(c_values, consumers, m.switching_cost, m.dispersion)
    new_m = _choose(m_values, merchants, m.switching_cost, m.dispersion)
    r = m.revision
    return (1 - r) * consumers + r * new_c, (1 - r) * merchants + r * new_m


def _start(lead: float, adopted: float) -> np.ndarray:
    return np.array([1.0 - adopted, adopted * (0.5 + lead / 2), adopted * (0.5 - lead / 2), 0.0])


def simulate(market: PlatformMarket, periods: int = 40, lead: float = 0.02,
             adopted: float = 0.2, merchant_lead: float | None = None) -> pd.DataFrame:
    """Adoption over ``periods`` periods, both sides starting with ``adopted`` of users on a
    platform, split between A and B with A ahead by ``lead`` (a share of the adopters);
    ``merchant_lead``, if given, is the merchants' own starting lead (otherwise ``lead``).

    Returns
    -------
    DataFrame
        One row per period (0 = the start): for each side (``consumers_``, ``merchants_``) the
        shares in each state (``none``, ``a_only``, ``b_only``, ``both``), the reach of A and of B
        (``reach_a`` = on A alone or on both), and ``lead`` = reach of A minus reach of B.

    Raises
    ------
    ValueError
        If ``periods`` is not a positive integer, ``adopted`` is not in (0, 1] or a lead is not
        in [-1, 1].
    """
    if isinstance(periods, bool) or not isinstance(periods, int | np.integer) or periods < 1:
        raise ValueError(f"periods must be a positive integer, got {periods!r}")
    lead = _check_number("lead", lead, low=-1.0, high=1.0)
    adopted = _check_number("adopted", adopted, low=0.0, high=1.0, low_open=True)
    merchant_lead = lead if merchant_lead is None else _check_number(
        "merchant_lead", merchant_lead, low=-1.0, high=1.0)
    consumers = _start(lead, adopted)
    merchants = _start(merchant_lead, adopted)
    rows = []
    for t in range(periods + 1):
        row = {"period": t}
        for side, shares in (("consumers", consumers), ("merchants", merchants)):
            reach = _reach(shares)
            row.update({f"{side}_none": shares[0], f"{side}_a_only": shares[1],
                        f"{side}_b_only": shares[2], f"{side}_both": shares[3],
                        f"{side}_reach_a": reach[0], f"{side}_reach_b": reach[1],
                        f"{side}_lead": reach[0] - reach[1]})
        rows.append(row)
        if t < periods:
            consumers, merchants = _step(market, consumers, merchants)
    return pd.DataFrame(rows)


def final_state(market: PlatformMarket, periods: int = 40, lead: float = 0.02,
                adopted: float = 0.2) -> dict[str, float]:
    """The last period of :func:`simulate`, with the market's parameters, as one flat dict."""
    last = simulate(market, periods, lead, adopted).iloc[-1].to_dict()
    return {**asdict(market), **{k: float(v) for k, v in last.items()}}
