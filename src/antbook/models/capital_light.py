"""Capital-light lending: why a platform that funds few of the loans it arranges earns so much on
so little capital, and what a minimum funding share does to that.

The platform arranges a credit balance ``balance``. It funds the share ``own_share`` itself and
partners (banks, trusts, securitisation buyers) fund the rest.

* On partner-funded loans it earns a technology service fee, ``fee_rate`` of the balance a year.
* On its own loans it earns the net spread ``spread`` (interest less funding cost and credit
  losses) and must hold capital ``capital_ratio`` against them.

:func:`platform_lending` (kept for the chapters that build on it) divides that *income* by the
capital held. Income is revenue, not profit: it ignores operating costs (staff, technology,
marketing, taxes), so ``return_on_capital`` is better read as revenue per yuan of capital.

:func:`platform_economics` measures what an owner earns. Costs are a share ``cost_share`` of
revenue (the book uses Ant Group's 2019 group-wide share: 1 - net profit / revenue), and the
equity the platform needs follows from leverage caps rather than from a chosen capital ratio:
with non-standard borrowing capped at ``non_standard_cap`` times net assets and bonds and
asset-backed securities at ``bond_cap`` times (the CBIRC notice on micro-lenders of
16 September 2020 set 1 and 4), own loans can be at most ``1 + non_standard_cap + bond_cap``
times equity. Return on equity is profit divided by that equity.

Everything is in the unit of ``balance`` (the book uses RMB billion) and per year.

Examples
--------
>>> r = platform_lending(balance=100.0, own_share=0.5, fee_rate=0.02, spread=0.03,
...                      capital_ratio=0.1)
>>> r["capital_required"], r["income"]
(5.0, 2.5)
>>> e = platform_economics(balance=100.0, own_share=0.5, fee_rate=0.02, spread=0.03,
...                        cost_share=0.8, non_standard_cap=1.0, bond_cap=4.0)
>>> round(e["equity_required"], 4), round(e["profit"], 4), round(e["return_on_equity"], 4)
(8.3333, 0.5, 0.06)
"""

from __future__ import annotations

import math

from ._validate import check_range

__all__ = ["max_loans_to_equity", "platform_economics", "platform_lending"]


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
    check_range("balance", balance, 0.0, math.inf, low_open=True)
    check_range("own_share", own_share, 0.0, 1.0, low_open=True)
    check_range("fee_rate", fee_rate, 0.0, 1.0)
    check_range("spread", spread, -1.0, 1.0)
    check_range("capital_ratio", capital_ratio, 0.0, 1.0, low_open=True)
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


def max_loans_to_equity(non_standard_cap: float = 1.0, bond_cap: float = 4.0) -> float:
    """Most own-funded loans per yuan of equity when borrowing is capped in multiples of it.

    Equity funds loans one-for-one; non-standard borrowing (bank and shareholder loans) adds at
    most ``non_standard_cap`` and bonds and asset-backed securities at most ``bond_cap`` times
    equity. The CBIRC's caps of September 2020 (1 and 4) give 6.

    >>> max_loans_to_equity(1.0, 4.0)
    6.0
    """
    check_range("non_standard_cap", non_standard_cap, 0.0, 100.0)
    check_range("bond_cap", bond_cap, 0.0, 100.0)
    return 1.0 + non_standard_cap + bond_cap


def platform_economics(balance: float, own_share: float, fee_rate: float, spread: float,
                       cost_share: float = 0.85, non_standard_cap: float = 1.0,
                       bond_cap: float = 4.0) -> dict[str, float]:
    """Revenue, costs, profit and equity of a lending platform under leverage caps.

    Parameters
    ----------
    balance, own_share, fee_rate, spread : float
        As in :func:`platform_lending`.
    cost_share : float
        Operating costs and taxes as a share of revenue, in [0, 1]. The default, 0.85, is Ant
        Group's 2019 group-wide share (1 - 18.07 / 120.6), applied to lending: an assumption.
        Costs scale with revenue, so when revenue is zero or negative (a negative spread on a
        large own share) there are no costs to subtract and the loss is the revenue itself.
    non_standard_cap, bond_cap : float
        Borrowing caps in multiples of equity (defaults: the CBIRC notice of 16 September 2020).

    Returns
    -------
    dict
        ``own_funded``, ``partner_funded``, ``max_leverage`` (own loans per yuan of equity),
        ``equity_required`` (own loans / max_leverage), ``revenue`` (fees plus net spread, the
        same as :func:`platform_lending`'s ``income``), ``costs``, ``profit``,
        ``revenue_per_equity`` and ``return_on_equity`` (profit / equity, a fraction).
    """
    check_range("cost_share", cost_share, 0.0, 1.0)
    leverage = max_loans_to_equity(non_standard_cap, bond_cap)
    base = platform_lending(balance, own_share, fee_rate, spread, 1.0 / leverage)
    revenue = base["income"]
    costs = cost_share * revenue if revenue > 0 else 0.0
    profit = revenue - costs
    equity = base["capital_required"]
    return {
        "own_funded": base["own_funded"],
        "partner_funded": base["partner_funded"],
        "max_leverage": leverage,
        "equity_required": equity,
        "revenue": revenue,
        "costs": costs,
        "profit": profit,
        "revenue_per_equity": revenue / equity,
        "return_on_equity": profit / equity,
    }
