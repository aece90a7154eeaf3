"""Capital-light lending: why a platform that funds few of the loans it arranges earns so much on
so little capital, and what a minimum funding share does to that.

The platform arranges a credit balance ``balance``. It funds the share ``own_share`` itself and
partners (banks, trusts, securitisation buyers) fund the rest.

* On partner-funded loans it earns a technology service fee, ``fee_rate`` of the balance a year.
* On its own loans it earns the net spread ``spread`` (interest less funding cost and credit
  losses) and must hold capital ``capital_ratio`` against them.

Return on capital is income divided by the capital held. Everything is in the unit of
``balance`` (the book uses RMB billion) and per year.

Examples
--------
>>> r = platform_lending(balance=100.0, own_share=0.5, fee_rate=0.02, spread=0.03,
...                      capital_ratio=0.1)
>>> r["capital_required"], r["income"]
(5.0, 2.5)
"""

from __future__ import annotations

import math

__all__ = ["platform_lending"]


def _check(name: str, value: float, low: float, high: float, low_open: bool = False) -> None:
    if not isinstance(value, int | float) or math.isnan(value):
        raise ValueError(f"{name} must be a number, got {value!r}")
    if (value <= low if low_open else value < low) or value > high:
        bracket = "(" if low_open else "["
        raise ValueError(f"{name} must lie in {bracket}{low}, {high}], got {value}")


def platform_lending(balance: float, own_share: float, fee_rate: float, spread: float,
                     capital_ratio: float) -> dict[str, float]:
    """Funding, capital and returns of a lending platform (see the module doc).

    Parameters
    ----------
    balance : float
        Credit balance the platform arranges (> 0).
    own_share : float
        Share of that balance the platform funds itself, in (0, 1].
    fee_rate : float
        Yearly fee on partner-funded balances, in [0, 1].
    spread : float
        Yearly net spread on own-funded balances, in [-1, 1] (it can be negative).
    capital_ratio : float
        Capital held per unit of own-funded loans, in (0, 1].

    Returns
    -------
    dict
        ``own_funded``, ``partner_funded``, ``capital_required``, ``income`` and
        ``return_on_capital`` (income / capital, a fraction).
    """
    _check("balance", balance, 0.0, math.inf, low_open=True)
    _check("own_share", own_share, 0.0, 1.0, low_open=True)
    _check("fee_rate", fee_rate, 0.0, 1.0)
    _check("spread", spread, -1.0, 1.0)
    _check("capital_ratio", capital_ratio, 0.0, 1.0, low_open=True)
    own = balance * own_share
    partner = balance - own
    capital = own * capital_ratio
    income = partner * fee_rate + own * spread
    return {
        "own_funded": own,
        "partner_funded": partner,
        "capital_required": capital,
        "income": income,
        "return_on_capital": income / capital,
    }
