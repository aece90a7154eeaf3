"""The regulatory perimeter around Ant's activities, 2017-2024 (``data/perimeter.csv``).

Each row says, for one activity in one year, which rule applied, which regulator applied it and
whether the activity was covered: ``yes`` (a rule made for it), ``partly`` (some rule applied but
left a gap: a draft, a transition, an unlicensed part) or ``no``. :func:`check_perimeter` refuses
a table that does not give every activity exactly one row a year; :func:`coverage_matrix` is the
then/now matrix; :func:`coverage_by_year` scores a year (yes = 1, partly = 0.5, no = 0);
:func:`changes` lists the years in which an activity's coverage or regulator changed.

>>> import pandas as pd
>>> frame = pd.DataFrame({"activity": ["payments", "payments"], "year": [2017, 2018],
...                       "covered": ["partly", "yes"], "regulator": ["PBOC", "PBOC"]})
>>> check_perimeter(frame, years=(2017, 2018), activities=("payments",))
>>> coverage_by_year(frame, activities=("payments",))["score"].tolist()
[0.5, 1.0]
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

__all__ = ["ACTIVITIES", "ACTIVITY_LABELS", "COVERAGE", "YEARS", "PerimeterError", "changes",
           "check_perimeter", "coverage_by_year", "coverage_matrix"]

ACTIVITIES = ("payments", "consumer_credit", "co_lending", "fund_sales",
              "insurance_distribution", "credit_scoring", "personal_data", "group")
"""Ant's activities, in the order the chapter lists them; ``group`` is the group as a whole."""

ACTIVITY_LABELS = {"payments": "Payments", "consumer_credit": "Consumer credit",
                   "co_lending": "Co-lending", "fund_sales": "Fund sales",
                   "insurance_distribution": "Insurance distribution",
                   "credit_scoring": "Credit scoring", "personal_data": "Personal data",
                   "group": "The group as a whole"}

COVERAGE = {"no": 0.0, "partly": 0.5, "yes": 1.0}
"""How the score counts each answer."""

YEARS = tuple(range(2017, 2025))


class PerimeterError(ValueError):
    """The perimeter table is not one row per activity and year; names the row at fault."""


def check_perimeter(frame: pd.DataFrame, years: Sequence[int] = YEARS,
                    activities: Sequence[str] = ACTIVITIES) -> None:
    """Refuse a table with an unknown activity, year or coverage, a repeated (activity, year),
    or a missing one; the message names the row (line in the file, header = 1) or the gap."""
    for column in ("activity", "year", "covered"):
        if column not in frame.columns:
            raise PerimeterError(f"perimeter.csv: column {column!r} is missing")
    seen: set[tuple[str, int]] = set()
    for line, row in enumerate(frame.itertuples(index=False), start=2):
        if row.activity not in activities:
            raise PerimeterError(f"perimeter.csv, line {line}, column 'activity': unknown "
                                 f"activity {row.activity!r}")
        if int(row.year) not in years:
            raise PerimeterError(f"perimeter.csv, line {line}, column 'year': {row.year} is "
                                 f"outside {years[0]}-{years[-1]}")
        if row.covered not in COVERAGE:
            raise PerimeterError(f"perimeter.csv, line {line}, column 'covered': "
                                 f"{row.covered!r} is not one of {list(COVERAGE)}")
        key = (row.activity, int(row.year))
        if key in seen:
            raise PerimeterError(f"perimeter.csv, line {line}: a second row for {key}")
        seen.add(key)
    missing = [(a, y) for a in activities for y in years if (a, y) not in seen]
    if missing:
        raise PerimeterError(f"perimeter.csv: no row for {missing[:3]}"
                             f"{' and more' if len(missing) > 3 else ''}")


def coverage_matrix(frame: pd.DataFrame, activities: Sequence[str] = ACTIVITIES
                    ) -> pd.DataFrame:
    """Activities (rows, in chapter order) by years (columns): the ``covered`` answer."""
    matrix = frame.pivot(index="activity", columns="year", values="covered")
    return matrix.reindex(list(activities))


def coverage_by_year(frame: pd.DataFrame, activities: Sequence[str] = ACTIVITIES
                     ) -> pd.DataFrame:
    """Per year: the number of activities fully covered, partly, not at all, and the score
    (mean of yes = 1, partly = 0.5, no = 0) over ``activities``."""
    frame = frame[frame["activity"].isin(list(activities))]
    rows = []
    for year, group in frame.groupby("year", sort=True):
        counts = group["covered"].value_counts()
        rows.append({"year": int(year), "yes": int(counts.get("yes", 0)),
                     "partly": int(counts.get("partly", 0)), "no": int(counts.get("no", 0)),
                     "score": float(group["covered"].map(COVERAGE).mean())})
    return pd.DataFrame(rows)


def changes(frame: pd.DataFrame) -> pd.DataFrame:
    """The (activity, year) rows whose coverage or regulator differ from the year before."""
    frame = frame.sort_values(["activity", "year"]).reset_index(drop=True)
    previous = frame.groupby("activity")[["covered", "regulator"]].shift()
    moved = previous["covered"].notna() & ((frame["covered"] != previous["covered"])
                                           | (frame["regulator"] != previous["regulator"]))
    out = frame.loc[moved, ["activity", "year", "covered", "regulator"]].copy()
    out["covered_before"] = previous.loc[moved, "covered"]
    out["regulator_before"] = previous.loc[moved, "regulator"]
    return out.reset_index(drop=True)
