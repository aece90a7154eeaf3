"""Figures of chapter 5 (supervision): four interactives, each in the book's three reading modes.

* :func:`rules_figure`: the rules of 2020-2022 switched on and off over the introduction's
  capital-light balance sheet (:mod:`antbook.models.rules`); checkboxes on the site and in a live
  notebook, four settings in print.
* :func:`perimeter_figure`: the regulatory perimeter, activity by year
  (:mod:`antbook.models.perimeter`); a year slider on the site and in a live notebook, the whole
  matrix with the rules of 2020 and of 2024 in print.
* :func:`network_figure`: chapter 2's network reduced to its licence, supervision and data edges,
  in 2020 or after 2023 (:func:`antbook.models.perimeter.regulator_graph`, drawn by
  :func:`antbook.figures.network.network_chart`); a toggle, both periods side by side in print.
* :func:`timeline_figure`: the rectification on chapter 1's timeline
  (:func:`antbook.figures.timeline.timeline_chart`) with a menu that picks one gap; one panel a
  gap in print.

Every browser form filters data computed in Python by altair params; every live form re-runs the
Python code on each change; every control changes what is drawn.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence

import altair as alt
import pandas as pd

from ..charts import GREY, PALETTE, chart_bundle
from ..data import load_table
from ..explorable import ChoiceFigure
from ..models.perimeter import (
    ACTIVITIES,
    ACTIVITY_LABELS,
    PERIODS,
    YEARS,
    check_perimeter,
    regulator_graph,
    staggered_positions,
)
from ..models.rules import RULES, rule_settings, rules_lending
from ..models.timeline import with_date_labels
from .fit import CHAR_EM, GROUP_WIDTH, caption, line_height_for, side_of
from .network import network_chart
from .timeline import timeline_chart

__all__ = ["GAPS", "RULE_LABELS", "network_figure", "perimeter_figure", "rules_figure",
           "rules_floors", "rules_table", "timeline_events", "timeline_figure"]

RULE_LABELS = {"co_lending": "Co-lending: fund 30 % of each loan",
               "leverage_cap": "Leverage cap on micro-lenders",
               "fhc": "Financial holding company capital"}
"""How each switch is labelled (the model's keyword is the key)."""

GAPS = ("financial", "competition", "data", "ownership")
"""The essay's three gaps and the fourth the book adds (``rectification_gaps.gap``)."""

COVERAGE_COLORS = {"yes": PALETTE[2], "partly": PALETTE[4], "no": PALETTE[5]}


def _live_widget(controls: dict, draw: Callable[..., alt.TopLevelMixin]):
    """ipywidgets ``controls`` in a row over an Output that ``draw(**values)`` refills."""
    import ipywidgets as widgets

    out = widgets.Output()

    def redraw(_change=None):
        chart = draw(**{name: c.value for name, c in controls.items()})
        # set the Output's state directly (as antbook.explorable does): nothing leaks into the
        # cell's own outputs when the notebook runs without a widget front end
        out.outputs = ({"output_type": "display_data", "data": chart_bundle(chart.to_dict()),
                        "metadata": {}},)

    for control in controls.values():
        control.observe(redraw, names="value")
    redraw()
    return widgets.VBox([widgets.HBox(list(controls.values())), out])


# -- 1. the rules on a balance sheet ---------------------------------------------------------------

def rules_table(balance: float, own_share: float, fee_rate: float, spread: float,
                capital_ratio: float, **rule_parameters: float) -> pd.DataFrame:
    """The model at every combination of the switches, with the capital of the no-rule case as
    ``capital_available`` (so ``loans_arrangeable`` is what 2020's capital supports)."""
    base = rules_lending(balance, own_share, fee_rate, spread, capital_ratio, **rule_parameters)
    rows = []
    for setting in rule_settings():
        r = rules_lending(balance, own_share, fee_rate, spread, capital_ratio, **setting,
                          capital_available=base["capital_required"], **rule_parameters)
        on = [RULE_LABELS[k] for k, v in setting.items() if v]
        rows.append({**{k: int(v) for k, v in setting.items()},
                     "rules": "; ".join(on) if on else "no rule",
                     **{k: round(v, 6) for k, v in r.items()},
                     "base_capital": round(base["capital_required"], 6)})
    return pd.DataFrame(rows)


def rules_floors(table: pd.DataFrame, capital_ratio: float, leverage_multiple: float,
                 fhc_capital_ratio: float) -> pd.DataFrame:
    """For every setting of :func:`rules_table`, the capital-ratio floors in force (the
    platform's own ratio and those of the rules switched on) and which of them binds."""
    rows = []
    for row in table.itertuples(index=False):
        floors = [("own choice", capital_ratio, True),
                  ("leverage cap", 1.0 / leverage_multiple, bool(row.leverage_cap)),
                  ("holding company", fhc_capital_ratio, bool(row.fhc))]
        for name, ratio, active in floors:
            if not active:
                continue
            binds = abs(ratio - row.capital_ratio) < 1e-6  # the table rounds to 6 places
            rows.append({**{k: getattr(row, k) for k in RULES}, "floor": name,
                         "ratio": round(ratio, 6),
                         "text": f"{name} {ratio:.1%}" + (" (binds)" if binds else "")})
    return pd.DataFrame(rows)


def _rules_view(table: pd.DataFrame, test: str, width: int = 420,
                floors: pd.DataFrame | None = None):
    """Three bars (funding, capital, loans the 2020 capital supports) and a line of text, for the
    rows that pass the Vega expression ``test``."""
    balance = float(table["own_funded"].iloc[0] + table["partner_funded"].iloc[0])
    funding = table.melt(id_vars=list(RULES), value_vars=["own_funded", "partner_funded"],
                         var_name="part", value_name="amount")
    funding["part"] = funding["part"].map({"own_funded": "own funds",
                                           "partner_funded": "partners' funds"})
    bar = {"height": 46, "width": width}
    funds = alt.Chart(funding).transform_filter(test).mark_bar().encode(
        x=alt.X("amount:Q", title="Loans arranged (RMB billion)", stack="zero",
                scale=alt.Scale(domain=[0, balance]),
                axis=alt.Axis(tickCount=6, labelOverlap=True)),
        color=alt.Color("part:N", title=None, sort=["own funds", "partners' funds"],
                        scale=alt.Scale(domain=["own funds", "partners' funds"],
                                        range=[PALETTE[5], PALETTE[1]])),
        order=alt.Order("part:N"),
        tooltip=["part:N", alt.Tooltip("amount:Q", format=",.0f", title="RMB bn")],
    ).properties(title="Who funds the loans", **bar)
    top = float(table["capital_required"].max()) * 1.05
    capital = alt.Chart(table).transform_filter(test)
    capital_bar = capital.mark_bar(color=PALETTE[0]).encode(
        x=alt.X("capital_required:Q", title="Capital required (RMB billion)",
                scale=alt.Scale(domain=[0, top]), axis=alt.Axis(tickCount=6, labelOverlap=True)),
        tooltip=[alt.Tooltip("capital_required:Q", format=",.1f", title="capital, RMB bn"),
                 alt.Tooltip("capital_ratio:Q", format=".1%", title="capital ratio"),
                 alt.Tooltip("own_share:Q", format=".0%", title="own share")])
    # the amount goes above the bar (as in the last panel), not beyond its end: with every
    # rule on, the bar nearly fills the plot and a label at its end ran off the chart
    capital_text = capital.mark_text(align="left", baseline="bottom", fontWeight="bold",
                                     lineHeight=line_height_for(12)).encode(
        x=alt.datum(0), **caption([["format(datum.capital_required, ',.1f') + ' bn, ' + "
                                    "format(datum.capital_required / datum.base_capital, ',.1f')"
                                    " + ' times 2020'"]], y=-2))
    base_rule = alt.Chart(table.head(1)).mark_rule(strokeDash=[4, 3], color="#444444").encode(
        x="base_capital:Q")
    capital_chart = alt.layer(capital_bar, base_rule, capital_text).properties(
        title=alt.Title("Capital it must hold (dashed: with no rule)", dy=-8), **bar)
    panels = [funds, capital_chart]
    if floors is not None:
        top_ratio = float(floors["ratio"].max()) * 1.25
        floor_base = alt.Chart(floors).transform_filter(test)
        floor_x = alt.X("ratio:Q", title="Capital per yuan of own loans",
                        axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, top_ratio]))
        ticks = floor_base.mark_tick(thickness=3, size=30).encode(
            x=floor_x, color=alt.Color("floor:N", legend=None, scale=alt.Scale(
                domain=["own choice", "leverage cap", "holding company"],
                range=[GREY, PALETTE[3], PALETTE[0]])),
            tooltip=["floor:N", alt.Tooltip("ratio:Q", format=".1%")])
        # beside its tick, on the side where it fits (a floor near the top of the scale
        # is labelled to its left)
        labels = floor_base.mark_text(angle=0, fontSize=10, baseline="middle",
                                      **side_of(f"datum.ratio / {top_ratio!r}", "datum.text",
                                                font_size=10)).encode(
            x="ratio:Q", y=alt.Y("floor:N", axis=None,
                                 sort=["own choice", "leverage cap", "holding company"]),
            text="text:N")
        panels.append(alt.layer(ticks.encode(y=alt.Y(
            "floor:N", axis=None, sort=["own choice", "leverage cap", "holding company"])),
            labels).properties(title="Each rule sets a floor; the highest binds",
                               width=width, height=60))
    loans = alt.Chart(table).transform_filter(test)
    loans_bar = loans.mark_bar(color=PALETTE[2]).encode(
        x=alt.X("loans_arrangeable:Q", title="Loans 2020's capital supports (RMB billion)",
                scale=alt.Scale(domain=[0, balance * 1.05]),
                axis=alt.Axis(tickCount=6, labelOverlap=True)),
        tooltip=[alt.Tooltip("loans_arrangeable:Q", format=",.0f", title="RMB bn")])
    amount = "format(datum.loans_arrangeable, ',.0f') + ' bn; income ' + " \
             "format(datum.return_on_capital, '.0%') + ' of capital'"
    loans_text = loans.mark_text(align="left", dx=4, baseline="bottom", fontWeight="bold",
                                 lineHeight=line_height_for(12)).encode(
        x=alt.datum(0), **caption([[f"{amount} + ' a year (before costs)'"],
                                   [amount, "'a year (before costs)'"]], y=-2))
    loans_chart = alt.layer(loans_bar, loans_text).properties(
        title=alt.Title("What the same capital can arrange", dy=-8), **bar)
    return alt.vconcat(*panels, loans_chart, spacing=28).resolve_scale(color="independent")


def _static_test(setting: dict[str, bool]) -> str:
    return " && ".join(f"datum.{k} == {int(bool(setting.get(k, False)))}" for k in RULES)


def rules_figure(balance: float, own_share: float, fee_rate: float, spread: float,
                 capital_ratio: float, co_lending_min: float = 0.30,
                 leverage_multiple: float = 6.0, fhc_capital_ratio: float = 0.12
                 ) -> ChoiceFigure:
    """The introduction's balance sheet with each rule a checkbox (see the module doc)."""
    table = rules_table(balance, own_share, fee_rate, spread, capital_ratio,
                        co_lending_min=co_lending_min, leverage_multiple=leverage_multiple,
                        fhc_capital_ratio=fhc_capital_ratio)
    floors = rules_floors(table, capital_ratio, leverage_multiple, fhc_capital_ratio)
    title = "Each rule raises the capital a yuan of arranged credit needs"
    description = ("Three horizontal bars for a lending platform arranging 2.1 trillion yuan of "
                   "credit: how much it funds itself and how much partners fund; the capital "
                   "it must hold, against a dashed line for the case with no rule; the capital "
                   "ratio each rule in force requires, with the highest marked as binding; and the "
                   "loans that 2020's capital could support under the rules chosen. "
                   "Checkboxes switch the co-lending minimum, the micro-lender leverage cap and "
                   "holding-company capital on and off.")

    def browser():
        params = [alt.param(name=f"ch5_{rule}", value=False,
                            bind=alt.binding_checkbox(name=RULE_LABELS[rule] + " "))
                  for rule in RULES]
        test = " && ".join(f"datum.{rule} == (ch5_{rule} ? 1 : 0)" for rule in RULES)
        return _rules_view(table, test, floors=floors).add_params(*params).properties(
            title=alt.Title(title, subtitle="Tick a rule to put it in force"),
            description=description)

    def static(**setting: bool):
        return _rules_view(table, _static_test(setting), floors=floors).properties(
            title=title, description=description)

    def printed():
        settings = [{}, {"co_lending": True}, {"co_lending": True, "leverage_cap": True},
                    dict.fromkeys(RULES, True)]
        rows = []
        for setting in settings:
            names = [RULE_LABELS[k] for k in RULES if setting.get(k)]
            rows.append(_rules_view(table, _static_test(setting), width=300,
                                    floors=floors).properties(
                title="Rules in force: " + ("; ".join(names) if names else "none")))
        return alt.vconcat(*rows, spacing=40).properties(
            title=alt.Title(title, subtitle="Printed with no rule, then adding one rule at "
                                            "a time"), description=description)

    def widget():
        import ipywidgets as widgets

        boxes = {rule: widgets.Checkbox(value=False, description=RULE_LABELS[rule],
                                        indent=False) for rule in RULES}
        return _live_widget(boxes, lambda **on: static(**on))

    figure = ChoiceFigure(browser=browser, printed=printed, widget=widget,
                          summary=f"Interactive figure: {title} (controls: "
                                  f"{', '.join(RULE_LABELS.values())})")
    figure.static = static  # the live form's drawing, for tests
    figure.table = table
    figure.floors = floors
    return figure


# -- 2. the perimeter over time --------------------------------------------------------------------

def _perimeter_data(perimeter: pd.DataFrame) -> pd.DataFrame:
    check_perimeter(perimeter)
    data = perimeter[["activity", "year", "rule", "regulator", "covered"]].copy()
    data["year"] = data["year"].astype(int)
    data["label"] = data["activity"].map(ACTIVITY_LABELS)
    return data


# The rules panel sets each activity as a block of lines (name, the rule wrapped to the width,
# the regulator) under the heat map's plot. Where that plot is narrow (a phone) the blocks
# start further left, under the heat map's row labels, to take the chart's whole width.
_LABEL_ROOM = 120
"""Pixels of the heat map's row labels the rules text takes on a narrow chart."""
_NARROW = 300
"""Plot width (px) under which the rules text moves left under the row labels."""
_WRAPS = (110, 90, 75, 62, 52, 44, 36, 30)
"""Characters a line of the rules text, for each width it may be set at, widest first."""
_RULE_FONT, _RULE_LINE, _HEAD_LINE, _REG_LINE, _BLOCK_GAP = 10, 12.5, 14, 12, 7


def _wrap(text: str, chars: int) -> list[str]:
    return textwrap.wrap(text, chars, break_long_words=False, break_on_hyphens=False) or [""]


def _rules_blocks(data: pd.DataFrame) -> pd.DataFrame:
    """One row per year and activity: the rule's lines and the block's y offsets (px), one of
    each for every width in :data:`_WRAPS`."""
    order = {ACTIVITY_LABELS[a]: i for i, a in enumerate(ACTIVITIES)}
    rows = []
    for _year, group in data.groupby("year", sort=True):
        group = group.sort_values("label", key=lambda c: c.map(order))
        tops = [0.0] * len(_WRAPS)
        for row in group.itertuples(index=False):
            lines = [_wrap(row.rule, chars) for chars in _WRAPS]
            heads = list(tops)
            tops = [top + _HEAD_LINE + _RULE_LINE * len(ls) + _REG_LINE + _BLOCK_GAP
                    for top, ls in zip(tops, lines, strict=True)]
            rows.append({"year": int(row.year), "label": row.label, "lines": lines,
                         "regulator": f"regulator: {row.regulator}",
                         "y_head": heads,
                         "y_rule": [h + _HEAD_LINE for h in heads],
                         "y_reg": [h + _HEAD_LINE + _RULE_LINE * len(ls)
                                   for h, ls in zip(heads, lines, strict=True)]})
    return pd.DataFrame(rows)


def _shift() -> str:
    """Vega expression: how far left of the plot the rules text starts (px)."""
    return f"({GROUP_WIDTH} < {_NARROW} ? {_LABEL_ROOM} : 0)"


def _wrap_index() -> str:
    """Vega expression: which of :data:`_WRAPS` fits the panel (0 = the widest)."""
    room = f"({GROUP_WIDTH} + {_shift()})"
    px = _RULE_FONT * CHAR_EM["normal"]
    expr = str(len(_WRAPS) - 1)
    for i in range(len(_WRAPS) - 2, -1, -1):
        expr = f"({_WRAPS[i]} * {px:g} <= {room} ? {i} : {expr})"
    return expr


def _perimeter_view(data: pd.DataFrame, year: str, width: int = 420):
    """Heat map (activities by years, the chosen year in full colour) above the chosen year's
    rules and regulators as text; ``year`` is a param name or a number, as a string."""
    order = [ACTIVITY_LABELS[a] for a in ACTIVITIES]
    y = alt.Y("label:N", title=None, sort=order)
    base = alt.Chart(data)
    cells = base.mark_rect(stroke="white", strokeWidth=1).encode(
        # years that would run together (a phone) show every other one
        x=alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0, orient="top",
                                                    labelOverlap="parity")), y=y,
        color=alt.Color("covered:N", title="Covered by a rule", legend=alt.Legend(
            orient="bottom", direction="horizontal"), scale=alt.Scale(domain=list(COVERAGE_COLORS),
                                            range=list(COVERAGE_COLORS.values()))),
        opacity=alt.condition(f"datum.year == {year}", alt.value(1.0), alt.value(0.3)),
        tooltip=["label:N", "year:O", "covered:N", "rule:N", "regulator:N"],
    ).properties(width=width, height=24 * len(ACTIVITIES))
    blocks = _rules_blocks(data)
    chosen = alt.Chart(blocks).transform_filter(f"datum.year == {year}")
    k = _wrap_index()
    limit = {"expr": f"{GROUP_WIDTH} + {_shift()}"}
    x0 = alt.value({"expr": f"-{_shift()}"})
    heads = chosen.mark_text(align="left", baseline="top", fontSize=11, fontWeight="bold",
                             limit=limit).encode(
        x=x0, y=alt.value({"expr": f"datum.y_head[{k}]"}), text="label:N")
    rules = chosen.mark_text(align="left", baseline="top", fontSize=_RULE_FONT,
                             lineHeight=_RULE_LINE, limit=limit).encode(
        x=x0, y=alt.value({"expr": f"datum.y_rule[{k}]"}),
        text=alt.value({"expr": f"datum.lines[{k}]"}))
    regulators = chosen.mark_text(align="left", baseline="top", fontSize=9, color="#555555",
                                  limit=limit).encode(
        x=x0, y=alt.value({"expr": f"datum.y_reg[{k}]"}), text="regulator:N")
    heading = chosen.transform_aggregate(year="max(year)").transform_calculate(
        text="'Rules in ' + datum.year").mark_text(align="left", fontWeight="bold").encode(
        x=x0, y=alt.value(-12), text="text:N")
    # the panel's height is the rules of its year at the widest setting; narrower, the lines
    # run on below it (the drawing's bounds include them)
    tallest = max(max(r.y_reg[0] for r in group.itertuples()) + _REG_LINE
                  for _y, group in blocks.groupby("year"))
    panel = alt.layer(heads, rules, regulators, heading).properties(
        width=width, height=int(tallest))
    return alt.vconcat(cells, panel, spacing=24)


def perimeter_figure(perimeter: pd.DataFrame, default_year: int = 2020) -> ChoiceFigure:
    """The perimeter with a year slider (see the module doc)."""
    data = _perimeter_data(perimeter)
    title = "The perimeter closed around Ant's activities between 2020 and 2024"
    description = ("Heat map of eight activities (rows) by year, 2017 to 2024 (columns), "
                   "coloured by whether a rule made for the activity covered it (yes, partly, "
                   "no); the chosen year is in full colour and its rules and regulators are "
                   "listed on the right.")

    def browser():
        year = alt.param(name="ch5_year", value=default_year, bind=alt.binding_range(
            min=YEARS[0], max=YEARS[-1], step=1, name="Year "))
        return _perimeter_view(data, year.name).add_params(year).properties(
            title=alt.Title(title, subtitle="Move the year to read that year's rules"),
            description=description)

    def static(year: int):
        if year not in YEARS:
            raise ValueError(f"year must be one of {YEARS[0]}-{YEARS[-1]}, got {year}")
        return _perimeter_view(data, str(int(year))).properties(title=title,
                                                                description=description)

    def printed():
        rows = [_perimeter_view(data, str(y), width=380).properties(title=f"In {y}")
                for y in (2020, 2024)]
        return alt.vconcat(*rows, spacing=30).properties(
            title=alt.Title(title, subtitle="Then and now: the whole matrix, with the rules of "
                                            "2020 and of 2024"), description=description)

    def widget():
        import ipywidgets as widgets

        slider = widgets.IntSlider(value=default_year, min=YEARS[0], max=YEARS[-1], step=1,
                                   description="Year", continuous_update=False)
        return _live_widget({"year": slider}, static)

    figure = ChoiceFigure(browser=browser, printed=printed, widget=widget,
                          summary=f"Interactive figure: {title} (control: year)",
                          readouts={"ch5_year": [[year, str(year)] for year in YEARS]})
    figure.static = static
    figure.data = data
    return figure


# -- 3. the regulators' network, then and now ------------------------------------------------------

def _network_layers(nodes: pd.DataFrame, edges: pd.DataFrame, period: str, width: int,
                    height: int):
    graph = regulator_graph(nodes, edges, period)
    return network_chart(graph, staggered_positions(graph), color="kind",
                         tooltip_node=["label", "kind"], width=width, height=height)


def network_figure(nodes: pd.DataFrame, edges: pd.DataFrame) -> ChoiceFigure:
    """Chapter 2's network, regulator edges only, in 2020 or after 2023 (see the module doc)."""
    title = "After 2023: one supervisor for the group, a licensed channel for credit data"
    description = ("Network of regulators (bottom row), Ant's platform and entities and the "
                   "partner banks, joined by licence, supervision and data edges. In 2020 the "
                   "CBIRC licenses the bank, insurer and lenders and Alipay passes borrower "
                   "data to banks directly; after 2023 the NFRA supervises them and the group, "
                   "and data go through the licensed Qiantang Credit.")
    options = list(PERIODS.values())

    def browser():
        period = alt.param(name="ch5_period", value=options[0],
                           bind=alt.binding_radio(options=options, name="Network in "))
        layers = []
        for key, shown in PERIODS.items():
            drawn = _network_layers(nodes, edges, key, 640, 330)
            layers += [layer.transform_filter(f"ch5_period == '{shown}'")
                       for layer in drawn.layer]
        return alt.layer(*layers).add_params(period).properties(
            width=640, height=330,
            title=alt.Title(title, subtitle="Switch between 2020 and after 2023"),
            description=description)

    def static(period: str):
        key = {v: k for k, v in PERIODS.items()}.get(period, period)
        if key not in PERIODS:
            raise ValueError(f"period must be one of {options}, got {period!r}")
        return _network_layers(nodes, edges, key, 640, 330).properties(
            title=f"{title} ({PERIODS[key]})", description=description)

    def printed():
        panels = [_network_layers(nodes, edges, key, 330, 260).properties(title=f"In {shown}")
                  for key, shown in PERIODS.items()]
        return alt.hconcat(*panels).properties(
            title=alt.Title(title, subtitle="2020 and after 2023 side by side"),
            description=description)

    def widget():
        import ipywidgets as widgets

        toggle = widgets.ToggleButtons(options=options, value=options[0],
                                       description="Network in")
        return _live_widget({"period": toggle}, static)

    figure = ChoiceFigure(browser=browser, printed=printed, widget=widget,
                          summary=f"Interactive figure: {title} (control: period)")
    figure.static = static
    return figure


# -- 4. the rectification on the timeline ----------------------------------------------------------

def timeline_events(timeline: pd.DataFrame | None = None,
                    gaps: pd.DataFrame | None = None) -> pd.DataFrame:
    """Timeline events that chapter 5 assigns to a gap (``rectification_gaps``), dated and
    labelled, with a ``gap`` column."""
    timeline = with_date_labels(timeline if timeline is not None else load_table("timeline"))
    gaps = gaps if gaps is not None else load_table("rectification_gaps")
    frame = timeline.merge(gaps, on="event_id", how="inner", validate="one_to_one")
    if len(frame) != len(gaps):
        missing = sorted(set(gaps["event_id"]) - set(frame["event_id"]))
        raise KeyError(f"rectification_gaps.csv names events not in timeline.csv: {missing}")
    return frame.sort_values(["date", "event_id"], ignore_index=True)


def timeline_figure(events: pd.DataFrame, gaps: Sequence[str] = GAPS) -> ChoiceFigure:
    """The rectification, filtered by gap (see the module doc)."""
    title = "The rectification moved on all three of the essay's gaps at once, in 2020-2021"
    description = ("Timeline of regulatory and supervisory events from 2017 to 2024, one lane "
                   "per kind of event; a menu shows the events of one gap (financial, "
                   "competition, data, ownership) or all of them.")

    def browser():
        gap = alt.param(name="ch5_gap", value="all", bind=alt.binding_select(
            options=["all", *gaps], name="Gap: "))
        chart = timeline_chart(events, title, description, param_name="ch5_kind",
                               keep=("gap",))
        # One menu, the gap: the shared chart's own kind menu is unbound here (it stays at
        # 'all'), so that no combination of the two menus leaves a control with nothing to do.
        for param in chart.params:
            if param.name == "ch5_kind":
                param.bind = alt.Undefined
        return chart.transform_filter("ch5_gap == 'all' || datum.gap == ch5_gap").add_params(
            gap).properties(title=alt.Title(title, subtitle="Pick a gap"))

    def static(gap: str):
        if gap != "all" and gap not in gaps:
            raise ValueError(f"gap must be 'all' or one of {list(gaps)}, got {gap!r}")
        chosen = events if gap == "all" else events[events["gap"] == gap]
        return timeline_chart(chosen, title, description, param_name="ch5_kind_live")

    def printed():
        panels = [timeline_chart(events[events["gap"] == g], f"Gap: {g}", description,
                                 param_name=f"ch5_kind_{g}", width=480) for g in gaps]
        return alt.vconcat(*panels, spacing=24).properties(
            title=alt.Title(title, subtitle="One panel for each gap"), description=description)

    def widget():
        import ipywidgets as widgets

        menu = widgets.Dropdown(options=["all", *gaps], value="all", description="Gap")
        return _live_widget({"gap": menu}, static)

    figure = ChoiceFigure(browser=browser, printed=printed, widget=widget,
                          summary=f"Interactive figure: {title} (control: gap)")
    figure.static = static
    return figure

