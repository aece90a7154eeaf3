"""The 2020-2022 rules applied to the introduction's capital-light lending model.

:func:`antbook.models.capital_light.platform_lending` describes a platform that arranges a credit
balance, funds a share ``own_share`` of it and holds capital ``capital_ratio`` against what it
funds. Three rules, each a switch, change two of its inputs:

* **co-lending** (CBIRC notice of February 2021, in force 2022; 30 % in the November 2020 draft):
  the platform funds at least ``co_lending_min`` of each joint loan, so its own share becomes
  ``max(own_share, co_lending_min)``;
* **leverage cap** (CBIRC notice on micro-lenders, 16 September 2020): borrowing is capped at
  1x net assets from banks and shareholders and 4x through bonds and asset-backed securities, so
  loans can reach at most ``leverage_multiple`` (1 + 1 + 4 = 6) times equity; the capital ratio
  becomes ``max(capital_ratio, 1 / leverage_multiple)``;
* **financial holding company** (measures in force 1 November 2020): capital is held at group
  level at ``fhc_capital_ratio`` (illustrative: no figure for Ant is public); the capital ratio
  becomes at least that.

Every rule can only raise the share funded or the capital ratio, so capital never falls when a
rule is switched on; with every switch off the result is the introduction's model exactly.
Given the capital the platform has (``capital_available``), :func:`rules_lending` also says how
large a balance that capital can support under the rules (``loans_arrangeable``).

Examples
--------
>>> r = rules_lending(2100.0, 0.02, 0.0274, 0.03, 0.10, co_lending=True)
>>> round(r["own_share"], 2), round(r["capital_required"], 1)
(0.3, 63.0)
>>> r = rules_lending(2100.0, 0.02, 0.0274, 0.03, 0.10, co_lending=True,
...                   capital_available=4.2)
>>> round(r["loans_arrangeable"], 1)
140.0
"""

from __future__ import annotations

from ._validate import check_number
from .capital_light import platform_lending

__all__ = ["RULES", "rule_settings", "rules_lending"]

RULES = ("co_lending", "leverage_cap", "fhc")
"""The switches, in the order the rules came (draft co-lending rule, leverage cap, holding
company), as keyword names of :func:`rules_lending`."""


def _share(name: str, value: float) -> float:
    value = check_number(name, value)
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{name} is a share and must lie in [0, 1], got {value}")
    return value


def _switch(name: str, value: bool) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"{name} is a switch and must be True or False, got {value!r}")
    return value


def rules_lending(balance: float, own_share: float, fee_rate: float, spread: float,
                  capital_ratio: float, *, co_lending: bool = False, leverage_cap: bool = False,
                  fhc: bool = False, co_lending_min: float = 0.30,
                  leverage_multiple: float = 6.0, fhc_capital_ratio: float = 0.12,
                  capital_available: float | None = None) -> dict[str, float]:
    """Funding, capital and returns of the lending platform with the chosen rules in force.

    Parameters
    ----------
    balance, own_share, fee_rate, spread, capital_ratio : float
        As in :func:`antbook.models.capital_light.platform_lending` (the platform's choice before
        any rule).
    co_lending, leverage_cap, fhc : bool
        Which rules are in force (see the module doc).
    co_lending_min : float
        Minimum own share of each joint loan under the co-lending rule, in [0, 1].
    leverage_multiple : float
        Largest ratio of loans to equity the leverage cap allows (> 1).
    fhc_capital_ratio : float
        Capital per unit of own loans held by a financial holding company, in (0, 1].
    capital_available : float, optional
        The platform's capital (> 0); if given, ``loans_arrangeable`` is the balance it supports.

    Returns
    -------
    dict
        The keys of ``platform_lending`` (``own_funded``, ``partner_funded``,
        ``capital_required``, ``income``, ``return_on_capital``) computed at the rules' effective
        ``own_share`` and ``capital_ratio`` (both returned), ``binding`` (how many switched-on
        rules actually raised an input) and, when ``capital_available`` is given,
        ``loans_arrangeable``.

    Raises
    ------
    ValueError
        A share outside [0, 1], a negative or zero capital ratio, a leverage multiple of 1 or
        less, a switch that is not a bool, or an input ``platform_lending`` refuses; the message
        names the argument.
    """
    for name, value in (("co_lending", co_lending), ("leverage_cap", leverage_cap),
                        ("fhc", fhc)):
        _switch(name, value)
    own_share = _share("own_share", own_share)
    capital_ratio = check_number("capital_ratio", capital_ratio)
    if capital_ratio <= 0:
        raise ValueError(f"capital_ratio must be positive (capital per unit of own loans), "
                         f"got {capital_ratio}")
    co_lending_min = _share("co_lending_min", co_lending_min)
    leverage_multiple = check_number("leverage_multiple", leverage_multiple)
    if leverage_multiple <= 1:
        raise ValueError(f"leverage_multiple is loans per unit of equity and must exceed 1, "
                         f"got {leverage_multiple}")
    fhc_capital_ratio = check_number("fhc_capital_ratio", fhc_capital_ratio)
    if not 0 < fhc_capital_ratio <= 1:
        raise ValueError(f"fhc_capital_ratio must lie in (0, 1], got {fhc_capital_ratio}")
    if capital_available is not None:
        capital_available = check_number("capital_available", capital_available)
        if capital_available <= 0:
            raise ValueError(f"capital_available must be positive, got {capital_available}")

    share, ratio, binding = own_share, capital_ratio, 0
    if co_lending and co_lending_min > share:
        share, binding = co_lending_min, binding + 1
    if leverage_cap and 1.0 / leverage_multiple > ratio:
        ratio, binding = 1.0 / leverage_multiple, binding + 1
    if fhc and fhc_capital_ratio > ratio:
        ratio, binding = fhc_capital_ratio, binding + 1

    result = platform_lending(balance, share, fee_rate, spread, ratio)
    result = {**result, "own_share": share, "capital_ratio": ratio, "binding": float(binding)}
    if capital_available is not None:
        result["loans_arrangeable"] = capital_available / (share * ratio)
    return result


def rule_settings() -> list[dict[str, bool]]:
    """Every combination of the switches, all off first, in a fixed order (for a chart's grid)."""
    return [{rule: bool(code >> i & 1) for i, rule in enumerate(RULES)} for code in range(8)]
