"""Argument checks the models share: a number, and a number in a range, refused by name.

One piece so that every model words a refusal the same way, for example
``fee_rate must lie in [0.0, 1.0], got 2.0`` or ``balance must lie in (0.0, inf], got 0.0``.

>>> check_range("share", 0.5, 0.0, 1.0)
0.5
>>> check_range("share", True, 0.0, 1.0)
Traceback (most recent call last):
...
ValueError: share must be a number, got True
"""

from __future__ import annotations

import math

__all__ = ["check_number", "check_range"]


def check_number(name: str, value: float) -> float:
    """``value`` as a float; refuse (naming ``name``) a bool, a non-number or NaN."""
    if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
        raise ValueError(f"{name} must be a number, got {value!r}")
    return float(value)


def check_range(name: str, value: float, low: float, high: float = math.inf, *,
                low_open: bool = False) -> float:
    """``value`` as a float if it is a number in ``[low, high]`` (``(low, high]`` when
    ``low_open``); otherwise a ValueError naming ``name``, the range and the value."""
    number = check_number(name, value)
    if (number <= low if low_open else number < low) or number > high:
        bracket = "(" if low_open else "["
        raise ValueError(f"{name} must lie in {bracket}{low}, {high}], got {value}")
    return number
