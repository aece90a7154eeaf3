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


def capital_light_explorable(balance: float, fee_rate: float, spread: float,
                             reported_share: float, rule_share: float):
    """The introduction's interactive: slide the platform's own funding share and capital ratio.

    ``reported_share`` (what the prospectus reported) and ``rule_share`` (the 2020 draft rule's
    minimum) are marked on the curve.
    """
    import altair as alt
    import pandas as pd

    from .explorable import Explorable, Slider, where

    def compute(own_share: float, capital_ratio: float) -> pd.DataFrame:
        result = platform_lending(balance, own_share, fee_rate, spread, capital_ratio)
        return pd.DataFrame([{k: round(v, 4) for k, v in result.items()}])

    def view(data: pd.DataFrame, params: dict) -> alt.LayerChart:
        base = alt.Chart(data)
        curve = where(base, params, ["capital_ratio"])
        at = where(base, params)
        x = alt.X("own_share:Q", title="Share of loans the platform funds itself",
                  axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1]))
        marks = pd.DataFrame({"own_share": [reported_share, rule_share],
                              "what": [f"reported ({reported_share:.0%})",
                                       f"2020 draft rule ({rule_share:.0%})"],
                              "label_y": [8, 22]})  # staggered so narrow panels stay legible
        rules = alt.Chart(marks).mark_rule(strokeDash=[4, 3], color="#666666").encode(
            x="own_share:Q", tooltip=["what:N"])
        rule_text = alt.Chart(marks).mark_text(align="left", dx=4, color="#444444").encode(
            x="own_share:Q", y=alt.Y("label_y:Q", scale=None), text="what:N")
        capital = curve.mark_line(color="#0072B2").encode(
            x, alt.Y("capital_required:Q", title="Capital needed (RMB billion)"))
        dot = at.mark_circle(size=120, color="#D55E00").encode(
            x, alt.Y("capital_required:Q"),
            tooltip=[alt.Tooltip("own_share:Q", format=".0%", title="own share"),
                     alt.Tooltip("capital_required:Q", format=",.1f", title="capital, RMB bn"),
                     alt.Tooltip("return_on_capital:Q", format=".0%", title="return on capital")])
        label = at.transform_calculate(
            text="'capital ' + format(datum.capital_required, ',.0f') + ' bn; return ' + "
                 "format(datum.return_on_capital, '.0%') + ' a year'"
        ).mark_text(align="right", fontWeight="bold", color="#D55E00").encode(
            # pinned to the bottom-right corner (x = 100 %), where the rising line leaves room
            x=alt.datum(1.0), y=alt.value(280), text="text:N")
        return alt.layer(rules, rule_text, capital, dot, label).properties(width=520, height=300)

    return Explorable(
        title="Funding more of its own loans makes a platform hold far more capital",
        description=("Line chart of the capital a lending platform must hold against the loans "
                     "it funds itself, as that share rises from 2 to 100 percent of a "
                     "2.1 trillion yuan balance. A marked point shows the chosen share with its "
                     "capital and return on capital; dashed lines mark the 2 percent reported in "
                     "2020 and the 30 percent minimum of the 2020 draft rules."),
        controls=[
            Slider("own_share", "Own funding share", 0.02, 1.0, 0.02, reported_share, ".0%"),
            Slider("capital_ratio", "Capital ratio", 0.06, 0.14, 0.02, 0.10, ".0%"),
        ],
        compute=compute, view=view, sweep="own_share",
        print_settings=[{"own_share": reported_share}, {"own_share": rule_share},
                        {"own_share": 1.0}],
    )
