"""The timeline of milestones (``data/timeline.csv``): its kinds of event, its dates, selection.

Each row of the table is one dated event with a ``kind`` (product, licence, ownership,
corporate, listing, regulation, supervision), how precise its date is (day, month or year) and
its source. :func:`with_date_labels` writes each date as precisely as its source gives it, and
:func:`select` picks the events a chapter needs. The chart that draws them, shared by several
chapters, is :func:`antbook.figures.timeline.timeline_chart`.

>>> import pandas as pd
>>> events = pd.DataFrame({"event_id": ["b", "a"], "kind": ["licence", "product"],
...                        "date": pd.to_datetime(["2011-05-26", "2003-10-18"]),
...                        "date_precision": ["day", "month"]})
>>> list(with_date_labels(events)["date_label"])
['Oct 2003', '26 May 2011']
>>> list(select(with_date_labels(events), kinds=["licence"])["event_id"])
['b']
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

__all__ = ["KINDS", "date_label", "select", "with_date_labels"]

KINDS = ("product", "licence", "ownership", "corporate", "listing", "regulation", "supervision")
"""The kinds of event, in the order of the chart's lanes (the schema's enum, same order)."""

_FORMATS = {"day": "%-d %b %Y", "month": "%b %Y", "year": "%Y"}


def date_label(date: pd.Timestamp, precision: str) -> str:
    """The date as precisely as the source gives it: '15 Oct 2003', 'Dec 2004' or '2004'."""
    if precision not in _FORMATS:
        raise ValueError(f"precision must be one of {list(_FORMATS)}, got {precision!r}")
    return date.strftime(_FORMATS[precision])


def with_date_labels(frame: pd.DataFrame) -> pd.DataFrame:
    """The events sorted by date (then id), with a ``date_label`` column (:func:`date_label`)."""
    frame = frame.sort_values(["date", "event_id"], ignore_index=True)
    frame["date_label"] = [date_label(d, p) for d, p in
                           zip(frame["date"], frame["date_precision"], strict=True)]
    return frame


def select(frame: pd.DataFrame, kinds: Sequence[str] | None = None, start: str | None = None,
           end: str | None = None) -> pd.DataFrame:
    """Events of the given kinds between ``start`` and ``end`` (ISO dates, both included)."""
    if kinds is not None:
        unknown = set(kinds) - set(KINDS)
        if unknown:
            raise ValueError(f"unknown kinds {sorted(unknown)}; the kinds are {list(KINDS)}")
        frame = frame[frame["kind"].isin(list(kinds))]
    if start is not None:
        frame = frame[frame["date"] >= pd.Timestamp(start)]
    if end is not None:
        frame = frame[frame["date"] <= pd.Timestamp(end)]
    if frame.empty:
        raise ValueError("no events match: widen the kinds or the dates")
    return frame.reset_index(drop=True)
