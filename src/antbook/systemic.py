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

__all__ = ["WeightError", "category_weights", "indicator_scores", "wide_indicators"]

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
        raise ValueError("indicator values must be non-negative")
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


def scorer_explorable(indicators: pd.DataFrame, default_weights: Mapping[str, float]):
    """Chapter 2's systemic-importance scorer: the reader sets two category weights.

    ``indicators`` is the table ``systemic_indicators``; ``default_weights`` are the BCBS
    category weights (from :func:`category_weights`), used as the sliders' starting point.
    """
    import altair as alt

    from .explorable import Explorable, Slider, where

    wide = wide_indicators(indicators)
    order = list(wide.index)

    def compute(w_size: float, w_sub: float) -> pd.DataFrame:
        # One row per institution (the browser folds the categories into rows): a small grid.
        scores = indicator_scores(wide, two_weight_split(w_size, w_sub)).drop(columns="score")
        return scores.rename(columns=SHORT_NAMES).round(0).reset_index(names="institution")

    def view(data: pd.DataFrame, params: dict):
        names = list(SHORT_NAMES.values())
        base = where(alt.Chart(data), params).transform_fold(
            names, as_=["category", "points"]).transform_calculate(
            stack=f"indexof({names!r}, datum.category)")
        y = alt.Y("institution:N", sort=order, title=None)
        bars = base.mark_bar().encode(
            x=alt.X("sum(points):Q", title="Score (basis points)",
                    scale=alt.Scale(domain=[0, 6000])),
            y=y,
            color=alt.Color("category:N", title="Category",
                            sort=list(SHORT_NAMES.values()),
                            legend=alt.Legend(orient="bottom", columns=3)),
            order=alt.Order("stack:Q"),
            tooltip=["institution:N", "category:N",
                     alt.Tooltip("points:Q", format=",.0f", title="points")])
        totals = base.transform_aggregate(total="sum(points)", groupby=["institution"]).mark_text(
            align="left", dx=4, fontWeight="bold").encode(
            x="total:Q", y=y, text=alt.Text("total:Q", format=",.0f"))
        return alt.layer(bars, totals).properties(width=500, height=200)

    return Explorable(
        title="Weight payments heavily and the platform rivals a large bank",
        description=("Stacked horizontal bars of the indicator-based systemic-importance score, "
                     "in basis points, of five illustrative institutions, split by the five BCBS "
                     "categories. Sliders set the weights of size and of substitutability; the "
                     "other three categories share the rest equally. All indicator values are "
                     "illustrative."),
        controls=[Slider("w_size", "Weight on size", 0.0, 0.5, 0.1,
                         round(default_weights["Size"], 1), ".0%"),
                  Slider("w_sub", "Weight on substitutability", 0.0, 0.5, 0.1,
                         round(default_weights["Substitutability"], 1), ".0%")],
        compute=compute, view=view,
        print_settings=[{"w_size": 0.2, "w_sub": 0.2}, {"w_size": 0.5, "w_sub": 0.1},
                        {"w_size": 0.1, "w_sub": 0.5}],
    )
