"""The timeline chart, shared by several chapters: dated events in one lane per kind.

:func:`timeline_chart` draws the events of ``data/timeline.csv`` (loaded by :func:`load_timeline`,
picked by :func:`antbook.models.timeline.select`) with a drop-down in the browser that shows one
kind or all of them and a tooltip that names each event's source. The chart is plain Vega-Lite,
so the same figure works on the site, in a live notebook and (at its default, every kind) in the
PDF.

>>> from antbook.models.timeline import select
>>> events = select(load_timeline(), kinds=["licence"], end="2012-12-31")
>>> list(events["event_id"])
['payment_licence']
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from ..charts import PALETTE, STATUS_OPACITY, status_opacity_scale
from ..data import load_table
from ..models.timeline import KINDS, with_date_labels

__all__ = ["load_timeline", "timeline_chart"]


def load_timeline() -> pd.DataFrame:
    """The validated timeline table, sorted by date, with a ``date_label`` column."""
    return with_date_labels(load_table("timeline"))


def timeline_chart(frame: pd.DataFrame, title: str, description: str,
                   param_name: str = "timeline_kind", width: int = 560,
                   keep: tuple[str, ...] = ()) -> alt.Chart:
    """Events in one lane per kind; a drop-down picks a kind; tooltips give the source.

    Parameters
    ----------
    frame : DataFrame
        Rows of :func:`load_timeline` (or :func:`antbook.models.timeline.select`).
    title, description : str
        The chart's finding and its text for screen readers.
    param_name : str
        Name of the drop-down's parameter; two timelines on one page need different names.
    width : int
        Width in pixels.
    keep : tuple of str
        Further columns of ``frame`` to carry into the chart's data (for a caller's own filter).

    Returns
    -------
    altair.Chart
        With the parameter ``param_name`` bound to a drop-down of ``"all"`` and the kinds present.
    """
    needed = {"event_id", "date", "date_label", "kind", "event", "status", "source_url",
              "source_note"}
    missing = needed - set(frame.columns)
    if missing:
        raise KeyError(f"timeline frame lacks columns {sorted(missing)}: use load_timeline()")
    kinds = [k for k in KINDS if k in set(frame["kind"])]
    extra = [c for c in keep if c not in needed and c != "detail"]
    data = frame[sorted(needed) + (["detail"] if "detail" in frame else []) + extra].copy()
    data["date"] = data["date"].dt.strftime("%Y-%m-%d")
    choice = alt.param(name=param_name, value="all",
                       bind=alt.binding_select(options=["all", *kinds], name="Show events: "))
    statuses = [s for s in STATUS_OPACITY if s in set(frame["status"])]
    tooltip = [alt.Tooltip("date_label:N", title="Date"), alt.Tooltip("event:N", title="Event"),
               alt.Tooltip("kind:N", title="Kind"), alt.Tooltip("status:N", title="Status"),
               alt.Tooltip("source_note:N", title="Source says"),
               alt.Tooltip("source_url:N", title="Source")]
    colours = {k: PALETTE[i % len(PALETTE)] for i, k in enumerate(KINDS)}
    chart = (
        alt.Chart(data)
        .transform_filter(f"{param_name} == 'all' || datum.kind == {param_name}")
        .mark_point(filled=True, size=140, stroke="#333333", strokeWidth=0.6)
        .encode(
            x=alt.X("date:T", title=None, axis=alt.Axis(format="%Y", labelAngle=0,
                                                        tickCount={"interval": "year", "step": 2})),
            y=alt.Y("kind:N", title=None, sort=kinds, scale=alt.Scale(domain=kinds)),
            color=alt.Color("kind:N", legend=None,
                            scale=alt.Scale(domain=kinds, range=[colours[k] for k in kinds])),
            opacity=alt.Opacity("status:N", title="Status", scale=status_opacity_scale(statuses)),
            href="source_url:N",
            tooltip=tooltip,
        )
        .add_params(choice)
        .properties(width=width, height=max(120, 34 * len(kinds)), title=title,
                    description=description)
    )
    return chart
