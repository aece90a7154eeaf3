"""Systemic importance by the Basel Committee's indicator-based method.

The BCBS scores a bank's global systemic importance in five equally weighted categories (size,
interconnectedness, substitutability, complexity, cross-jurisdictional activity), each measured by
one to four indicators. For each indicator a bank's value is divided by the sum over the whole
sample of banks; the shares are weighted and added, and the total is expressed in basis points
(a bank holding every indicator alone would score 10,000).

:func:`indicator_scores` does exactly that for any table of indicator values and any weights, and
refuses weights that do not sum to 1. Because every indicator enters as a share of its sample
total, multiplying all values by one positive factor changes no score (tested).

Examples
--------
>>> import pandas as pd
>>> values = pd.DataFrame({"size": [3.0, 1.0], "payments": [1.0, 3.0]}, index=["bank", "platform"])
>>> indicator_scores(values, {"size": 0.5, "payments": 0.5})["score"].tolist()
[5000.0, 5000.0]
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd

__all__ = ["WeightError", "category_weights", "indicator_scores", "sensitivity",
           "wide_indicators"]

BASIS_POINTS = 10_000.0
TOLERANCE = 1e-6


class WeightError(ValueError):
    """Weights that the method cannot use (negative, missing, or not summing to 1)."""


def _check_weights(weights: Mapping[str, float], indicators: list[str]) -> dict[str, float]:
    weights = dict(weights)
    missing = [k for k in indicators if k not in weights]
    extra = [k for k in weights if k not in indicators]
    if missing or extra:
        raise WeightError(f"weights and indicators differ: no weight for {missing}, "
                          f"weights for unknown indicators {extra}")
    for name, weight in weights.items():
        if not isinstance(weight, int | float) or math.isnan(weight) or weight < 0:
            raise WeightError(f"weight of {name!r} must be a non-negative number, got {weight!r}")
    total = sum(weights.values())
    if abs(total - 1.0) > TOLERANCE:
        raise WeightError(f"weights must sum to 1; these sum to {total:.6g}")
    return weights


def indicator_scores(values: pd.DataFrame, weights: Mapping[str, float]) -> pd.DataFrame:
    """Each institution's score by indicator and in total, in basis points.

    Parameters
    ----------
    values : DataFrame
        One row per institution (the index names it), one column per indicator; non-negative.
    weights : mapping
        Indicator name to weight; non-negative, summing to 1 (within 1e-6).

    Returns
    -------
    DataFrame
        The contribution of each indicator, ``10000 * weight * value / column total``, and a
        ``score`` column (their sum), in the institutions' order.

    Raises
    ------
    WeightError
        If the weights are negative, do not match the columns, or do not sum to 1.
    ValueError
        If a value is negative or missing, or an indicator is zero for every institution.
    """
    indicators = list(values.columns)
    weights = _check_weights(weights, indicators)
    numbers = values.astype("float64")
    if numbers.isna().any().any():
        row, column = next((r, c) for c in indicators for r in numbers.index
                           if pd.isna(numbers.at[r, c]))
        raise ValueError(f"value of {column!r} for {row!r} is missing")
    if (numbers < 0).any().any():
        row, column = next((r, c) for c in indicators for r in numbers.index
                           if numbers.at[r, c] < 0)
        raise ValueError(f"value of {column!r} for {row!r} is {numbers.at[row, column]}: "
                         "indicator values must be non-negative")
    totals = numbers.sum(axis=0)
    empty = [c for c in indicators if totals[c] <= 0]
    if empty:
        raise ValueError(f"indicators {empty} are zero for every institution: no shares exist")
    shares = numbers / totals
    contributions = shares * pd.Series(weights) * BASIS_POINTS
    contributions = contributions[indicators]
    contributions["score"] = contributions.sum(axis=1)
    return contributions


def category_weights(weights: pd.DataFrame, version: str) -> dict[str, float]:
    """The weight of each category in one version of the method (sum of its indicators' weights).

    ``weights`` is the table ``gsib_weights``; the result sums to 1 for a complete version.
    """
    rows = weights[weights["version"] == version]
    if rows.empty:
        raise KeyError(f"no weights for version {version!r}; "
                       f"versions are {sorted(weights['version'].unique())}")
    by_category = rows.groupby("category", sort=False)["weight"].sum()
    return {category: round(float(w), 6) for category, w in by_category.items()}


def wide_indicators(indicators: pd.DataFrame) -> pd.DataFrame:
    """The long table ``systemic_indicators`` as institutions by categories (values)."""
    wide = indicators.pivot(index="institution", columns="category", values="value")
    order = list(dict.fromkeys(indicators["institution"]))
    columns = list(dict.fromkeys(indicators["category"]))
    return wide.loc[order, columns]


SHORT_NAMES = {"Size": "Size", "Interconnectedness": "Interconnectedness",
               "Substitutability": "Substitutability", "Complexity": "Complexity",
               "Cross-jurisdictional activity": "Cross-border"}
"""Category labels short enough for a legend."""


def two_weight_split(w_size: float, w_sub: float) -> dict[str, float]:
    """Category weights with size and substitutability set; the other three share the rest."""
    rest = 1.0 - w_size - w_sub
    if w_size < 0 or w_sub < 0 or rest < -TOLERANCE:
        raise WeightError(f"size weight {w_size} and substitutability weight {w_sub} must be "
                          "non-negative and add up to at most 1")
    rest = max(rest, 0.0)
    return {"Size": w_size, "Interconnectedness": rest / 3, "Substitutability": w_sub,
            "Complexity": rest / 3, "Cross-jurisdictional activity": rest / 3}


def sensitivity(values: pd.DataFrame, weights: Mapping[str, float], institution: str,
                indicator: str, grid) -> pd.DataFrame:
    """How one institution's score and rank move as one of its indicator values varies.

    For each value in ``grid`` the institution's ``indicator`` is set to it (the others keep
    theirs) and every score is recomputed. Returns one row per value: ``value``, ``score``
    (basis points), ``rank`` (1 = highest score), ``share`` (the part of the institution's score
    that comes from ``indicator``).
    """
    if institution not in values.index:
        raise KeyError(f"no institution {institution!r}")
    if indicator not in values.columns:
        raise KeyError(f"no indicator {indicator!r}")
    rows = []
    for value in grid:
        changed = values.astype("float64").copy()
        changed.loc[institution, indicator] = float(value)
        scores = indicator_scores(changed, weights)
        score = float(scores.loc[institution, "score"])
        rank = int((scores["score"] > score).sum()) + 1
        share = float(scores.loc[institution, indicator]) / score if score > 0 else 0.0
        rows.append({"value": float(value), "score": score, "rank": rank, "share": share})
    return pd.DataFrame(rows)
