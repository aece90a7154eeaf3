"""Figures of chapter 3 (big-data credit): model comparison, approval thresholds, a downturn.

Each interactive has the book's three reading modes:

* :func:`model_comparison_figure` is a choice among models and feature sets (not a slider), so it
  is built here by hand, as ``docs/writing-a-chapter.md`` describes: altair ``binding_select``
  params for the site, ipywidgets that *refit* the model on the chosen features for a live
  notebook, and small multiples for print, all in one output
  (:class:`antbook.explorable.ChoiceFigure`).
* :func:`threshold_explorable` and :func:`downturn_explorable` are slider explorables
  (:class:`antbook.explorable.FastExplorable`) whose ``compute`` is a NumPy lookup on precomputed
  scores, fast enough for a live slider.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from ..charts import GREY, PALETTE, text_shade
from ..explorable import ChoiceFigure, Explorable, FastExplorable, Slider, where
from ..models.borrowers import PLATFORM_FEATURES, TRADITIONAL_FEATURES, downturn_probability
from ..models.credit_models import (
    MODELS,
    ModelComparison,
    auc,
    auc_by_history,
    fit_model,
    predict_risk,
    roc_points,
)
from ..models.thresholds import METRICS, ThresholdTable, downturn_profit_curve, segments_at

__all__ = [
    "calibration_chart",
    "downturn_explorable",
    "model_comparison_figure",
    "comparison_findings",
    "pct",
    "threshold_explorable",
    "threshold_findings",
]

FEATURE_COLOURS = {"Traditional": GREY, "Traditional + platform": PALETTE[0]}
SEGMENT_COLOURS = {"All applicants": "#444444", "Thick file": PALETTE[0], "Thin file": PALETTE[1],
                   "Group A": PALETTE[2], "Group B": PALETTE[3]}
HISTORY_ORDER = ["under 1 year (thin file)", "1 to 3 years", "3 to 6 years", "6 years or more"]

_LIVE_NOTE = ('<p class="antbook-live-note"><em>These menus choose among results the book\'s '
              "Python models computed in advance. To refit the models on features you pick, open "
              "this page as a notebook: download it with the button at the top of the page and "
              "open it in JupyterLab or Colab, or run <code>make lab</code> in a copy of the "
              "book.</em></p>")


# -- 1. Model comparison ------------------------------------------------------------------------

def _roc_layer(roc: pd.DataFrame, opacity, width: int = 250, height: int = 260):
    diagonal = alt.Chart(pd.DataFrame({"x": [0.0, 1.0], "y": [0.0, 1.0]})).mark_line(
        strokeDash=[3, 3], color=GREY).encode(x="x:Q", y="y:Q")
    lines = alt.Chart(roc).mark_line(strokeWidth=2.5).encode(
        x=alt.X("false_positive_rate:Q", title=["False-positive rate", "(good borrowers flagged)"],
                axis=alt.Axis(format="%")),
        y=alt.Y("true_positive_rate:Q", title="True-positive rate (defaulters caught)",
                axis=alt.Axis(format="%")),
        color=alt.Color("features:N", title="Features",
                        scale=alt.Scale(domain=list(FEATURE_COLOURS),
                                        range=list(FEATURE_COLOURS.values()))),
        strokeDash=alt.StrokeDash("model:N", title="Model",
                                  scale=alt.Scale(domain=list(MODELS.values()),
                                                  range=[[1, 0], [6, 3]])),
        opacity=opacity,
        detail="key:N",
        tooltip=["features:N", "model:N", alt.Tooltip("auc:Q", format=".3f", title="AUC")])
    return alt.layer(diagonal, lines).properties(width=width, height=height)


def _history_bars(history: pd.DataFrame, width: int = 170, height: int = 260):
    return alt.Chart(history).mark_bar(clip=True).encode(
        y=alt.Y("history:N", sort=HISTORY_ORDER, title=None),
        yOffset=alt.YOffset("features:N", sort=list(FEATURE_COLOURS)),
        x=alt.X("auc:Q", title="Test AUC", scale=alt.Scale(domain=[0.5, 0.9])),
        color=alt.Color("features:N", scale=alt.Scale(domain=list(FEATURE_COLOURS),
                                                      range=list(FEATURE_COLOURS.values())),
                        legend=None),
        tooltip=["history:N", "features:N", "model:N", alt.Tooltip("auc:Q", format=".3f"),
                 "borrowers:Q"],
    ).properties(width=width, height=height)


_TITLE = "Platform data lifts AUC most for borrowers with little or no credit history"
_DESCRIPTION = ("Left: ROC curves on held-out synthetic borrowers for a logistic regression and a "
                "gradient-boosted model, each trained on traditional features alone and on "
                "traditional plus platform features; the curves with platform data lie above the "
                "others. Right: test AUC by length of credit history; the gap between the two "
                "feature sets is widest for thin-file borrowers and narrows as history lengthens.")


def _frames(comparison: ModelComparison):
    aucs = comparison.auc_table()
    roc = comparison.roc().merge(aucs, on=["features", "model"])
    roc["key"] = roc["features"] + " / " + roc["model"]
    for col in ("false_positive_rate", "true_positive_rate", "auc"):
        roc[col] = roc[col].round(4)
    history = comparison.history_table()
    history["auc"] = history["auc"].round(4)
    return roc, history


def model_comparison_figure(comparison: ModelComparison, train: pd.DataFrame,
                            seed: int = 0) -> ChoiceFigure:
    """The model-comparison interactive in its three forms.

    ``train`` is the training set the comparison used: the live form refits on it (only on it)
    when a reader picks other features.
    """
    roc, history = _frames(comparison)

    def browser():
        model = alt.param(name="ch3_model", value="Gradient boosting",
                          bind=alt.binding_select(options=list(MODELS.values()), name="Model "))
        feats = alt.param(name="ch3_features", value="Traditional + platform",
                          bind=alt.binding_select(options=list(FEATURE_COLOURS),
                                                  name="Features "))
        chosen = "datum.model == ch3_model && datum.features == ch3_features"
        left = _roc_layer(roc, alt.condition(chosen, alt.value(1.0), alt.value(0.2)))
        label = alt.Chart(roc).transform_filter(chosen).transform_aggregate(
            auc="mean(auc)").transform_calculate(
            text="'Chosen model: AUC ' + format(datum.auc, '.3f')").mark_text(
            align="right", fontWeight="bold", color="#222222", dx=-4, dy=-18).encode(
            # the bottom-right corner of the plot, whatever width the page gives it
            x=alt.value("width"), y=alt.value("height"), text="text:N")
        right = _history_bars(history).transform_filter(
            "datum.model == ch3_model").encode(
            opacity=alt.condition("datum.features == ch3_features", alt.value(1.0),
                                  alt.value(0.45))).properties(
            title=alt.Title("AUC by credit history (chosen model)", fontSize=12))
        return alt.hconcat(alt.layer(left, label).properties(
            title=alt.Title("ROC curves (chosen one in full colour)", fontSize=12)), right
        ).add_params(model, feats).properties(title=_TITLE, description=_DESCRIPTION)

    def printed():
        left = _roc_layer(roc, alt.value(1.0), width=240, height=220).properties(
            title="ROC curves, all four models")
        panels = [left]
        for name in MODELS.values():
            panels.append(_history_bars(history[history["model"] == name], width=200,
                                        height=220).properties(title=f"AUC by history: {name}"))
        return alt.hconcat(*panels).properties(
            title=alt.Title(_TITLE, subtitle="Printed for every model and feature set"),
            description=_DESCRIPTION)

    def widget():
        return _comparison_widget(comparison, train, seed)

    return ChoiceFigure(browser, printed, widget,
                        "Interactive figure: " + _TITLE + " (controls: model, features)",
                        note=_LIVE_NOTE)


def _comparison_widget(comparison: ModelComparison, train: pd.DataFrame, seed: int):
    """Live form: pick a model and which platform features to add; the model is refitted."""
    import ipywidgets as widgets

    test = comparison.test
    model_menu = widgets.Dropdown(options=[(v, k) for k, v in MODELS.items()], value="boosted",
                                  description="Model", style={"description_width": "initial"})
    extra = widgets.SelectMultiple(options=PLATFORM_FEATURES, value=tuple(PLATFORM_FEATURES),
                                   description="Platform features added",
                                   style={"description_width": "initial"},
                                   layout=widgets.Layout(width="520px", height="95px"))
    out = widgets.Output()

    def redraw(_change=None):
        model = model_menu.value
        label = "Traditional + " + (", ".join(extra.value) if extra.value else "nothing")
        baseline = comparison.risk[("Traditional", model)]
        if not extra.value:
            chosen = baseline
        elif set(extra.value) == set(PLATFORM_FEATURES):  # already fitted: no need to refit
            chosen = comparison.risk[("Traditional + platform", model)]
        else:
            chosen = predict_risk(fit_model(train, TRADITIONAL_FEATURES + list(extra.value),
                                            model, seed), test)
        frames, bars = [], []
        for name, risk in (("Traditional", baseline), ("Your choice", chosen)):
            curve = roc_points(test["defaulted"], risk)
            curve["features"] = name
            curve["auc"] = auc(test["defaulted"], risk)
            frames.append(curve)
            table = auc_by_history(test, risk)
            table["features"] = name
            bars.append(table)
        roc = pd.concat(frames)
        colours = alt.Scale(domain=["Traditional", "Your choice"],
                            range=[GREY, PALETTE[0]])
        left = alt.Chart(roc).mark_line(strokeWidth=2.5).encode(
            x=alt.X("false_positive_rate:Q", title="False-positive rate",
                    axis=alt.Axis(format="%")),
            y=alt.Y("true_positive_rate:Q", title="True-positive rate", axis=alt.Axis(format="%")),
            color=alt.Color("features:N", scale=colours, title=None),
            tooltip=["features:N", alt.Tooltip("auc:Q", format=".3f")]).properties(
            width=280, height=260)
        right = alt.Chart(pd.concat(bars)).mark_bar(clip=True).encode(
            y=alt.Y("history:N", sort=HISTORY_ORDER, title="Credit history"),
            yOffset="features:N",
            x=alt.X("auc:Q", title="Test AUC", scale=alt.Scale(domain=[0.5, 0.9])),
            color=alt.Color("features:N", scale=colours, legend=None)).properties(
            width=280, height=260)
        chart = alt.hconcat(left, right).properties(
            title=alt.Title(f"{MODELS[model]}: traditional against {label}",
                            subtitle=f"Test AUC {auc(test['defaulted'], baseline):.3f} against "
                                     f"{auc(test['defaulted'], chosen):.3f}"),
            description="ROC curves and AUC by credit history for the traditional model and the "
                        "model refitted on the features you chose.")
        out.outputs = ()
        out.append_display_data(chart)

    model_menu.observe(redraw, names="value")
    extra.observe(redraw, names="value")
    redraw()
    return widgets.VBox([model_menu, extra, out])


def calibration_chart(comparison: ModelComparison) -> alt.Chart:
    """Predicted against observed default rates in ten bins, one panel per model."""
    data = comparison.calibration()
    data["predicted"] = data["predicted"].round(4)
    data["observed"] = data["observed"].round(4)
    top = float(max(data["predicted"].max(), data["observed"].max()))
    diagonal = alt.Chart(pd.DataFrame({"x": [0.0, top], "y": [0.0, top]})).mark_line(
        strokeDash=[3, 3], color=GREY).encode(x="x:Q", y="y:Q")
    points = alt.Chart(data).mark_line(point=True).encode(
        x=alt.X("predicted:Q", title="Predicted default rate", axis=alt.Axis(format="%")),
        y=alt.Y("observed:Q", title="Observed default rate", axis=alt.Axis(format="%")),
        color=alt.Color("features:N", title="Features",
                        scale=alt.Scale(domain=list(FEATURE_COLOURS),
                                        range=list(FEATURE_COLOURS.values()))),
        tooltip=["features:N", alt.Tooltip("predicted:Q", format=".1%"),
                 alt.Tooltip("observed:Q", format=".1%"), "borrowers:Q"])
    panels = [alt.layer(diagonal, points.transform_filter(alt.datum.model == name)).properties(
        title=name, width=250, height=230) for name in MODELS.values()]
    return alt.hconcat(*panels).properties(
        title=alt.Title("All four models are close to calibrated: predicted rates match outcomes",
                        subtitle="Ten equal-sized bins of held-out borrowers, by predicted risk"),
        description=("Calibration plots for the logistic regression and the gradient-boosted "
                     "model, with and without platform features: each point is a tenth of the "
                     "test borrowers, placed at its average predicted default rate and its "
                     "observed default rate. Points lie near the dashed diagonal."))


# -- 2. Approval thresholds ---

THRESHOLD_SLIDER = Slider("threshold", "Approve if predicted default risk is at most", 0.01, 0.30,
                          0.01, 0.10, ".0%")


def threshold_explorable(tables: dict[str, ThresholdTable]) -> Explorable:
    """A threshold slider moving approval rate, defaults, loss and profit, by segment."""
    keys = list(METRICS)
    labels = {"approval_rate": "Approval rate (%)",
              "default_rate_approved": "Default rate among the approved (%)",
              "expected_loss": "Expected loss per 100 applicants",
              "profit": "Profit per 100 applicants"}

    def compute(threshold: float) -> pd.DataFrame:
        rows = []
        for name, table in tables.items():
            values = table.at([threshold])
            for key in keys:
                # Rates in percent, so that one facet grid with plain numbers shows all four.
                value = float(values[key][0]) * (100 if "rate" in key else 1)
                rows.append((name, labels[key], round(value, 3)))
        return pd.DataFrame(rows, columns=["segment", "metric", "value"])

    def compute_sweep(thresholds: np.ndarray) -> pd.DataFrame:
        # The same rows as ``compute`` at each threshold, from one lookup per segment.
        at = {name: table.at(thresholds) for name, table in tables.items()}
        rows = [(name, labels[key],
                 round(float(at[name][key][i]) * (100 if "rate" in key else 1), 3), float(t))
                for i, t in enumerate(thresholds) for name in tables for key in keys]
        return pd.DataFrame(rows, columns=["segment", "metric", "value", "threshold"])

    def view(data: pd.DataFrame, params: dict):
        # One layered chart faceted by metric: a small chart tree that altair builds quickly
        # (a grid of separately built panels took seconds).
        base = alt.Chart()
        colour = alt.Color("segment:N", title="Applicants",
                           scale=alt.Scale(domain=list(SEGMENT_COLOURS),
                                           range=list(SEGMENT_COLOURS.values())))
        x = alt.X("threshold:Q", title="Cut-off on predicted risk", axis=alt.Axis(format=".0%"))
        line = base.mark_line(strokeWidth=2).encode(x, alt.Y("value:Q", title=None), colour)
        at = where(base, params)
        dot = at.mark_circle(size=70).encode(
            x, alt.Y("value:Q"), colour,
            tooltip=["segment:N", "metric:N", alt.Tooltip("value:Q", format=".1f")])
        everyone = at.transform_filter(alt.datum.segment == "All applicants")
        rule = everyone.mark_rule(color=GREY, strokeDash=[3, 3]).encode(x)
        text = everyone.transform_calculate(
            t="'All applicants: ' + format(datum.value, '.1f')").mark_text(
            align="left", fontWeight="bold").encode(x=alt.value(4), y=alt.value(8), text="t:N")
        return alt.layer(line, rule, dot, text, data=data).properties(
            width=215, height=150).facet(
            facet=alt.Facet("metric:N", title=None, sort=[labels[k] for k in keys],
                            header=alt.Header(labelFontWeight="bold", labelFontSize=12)),
            columns=2).resolve_scale(y="independent")

    return FastExplorable(
        title="A stricter cut-off buys fewer defaults with fewer loans, and hits group B hardest",
        description=("Four small line charts of what an approval cut-off on predicted default "
                     "risk does, from 1 to 30 percent, for all applicants, thick-file and "
                     "thin-file borrowers and illustrative groups A and B: approval rate, default "
                     "rate among the approved, expected loss and profit per 100 applicants. Dots "
                     "mark the chosen cut-off. Group B is approved less often than group A at "
                     "every cut-off although both groups are equally creditworthy by "
                     "construction."),
        controls=[THRESHOLD_SLIDER], compute=compute, view=view, sweep="threshold",
        sweep_compute=compute_sweep,
        print_settings=[{"threshold": 0.05}, {"threshold": 0.10}, {"threshold": 0.20}],
        columns=1, print_width=240)


# -- 3. A downturn ------------------------------------------------------------------------------

def downturn_explorable(risk: np.ndarray, default_probability: np.ndarray,
                        debt_to_income: np.ndarray) -> Explorable:
    """A shock slider: true default rates rise, the model's scores do not; the profit curve over
    cut-offs sinks and its best point moves left, so the lender lends less in a downturn."""
    thresholds = np.round(np.arange(1, 31) / 100, 2)

    def curve_at(shock: float, scenario: str) -> pd.DataFrame:
        p = downturn_probability(default_probability, debt_to_income, shock)
        curve = downturn_profit_curve(risk, p, thresholds)
        best = curve.loc[curve["profit"].idxmax()]
        curve["best_threshold"] = best["threshold"]
        curve["best_approval"] = best["approval_rate"]
        curve["scenario"] = scenario
        return curve.drop(columns="default_rate_approved").round(4)

    calm = curve_at(0.0, "Before the downturn")
    headroom = round(float(calm["profit"].max()) * 1.3, 1)

    def compute(shock: float) -> pd.DataFrame:
        return pd.concat([calm, curve_at(shock, "In the downturn")], ignore_index=True)

    def view(data: pd.DataFrame, params: dict):
        base = where(alt.Chart(data), params)
        x = alt.X("threshold:Q", title="Cut-off on predicted risk", axis=alt.Axis(format=".0%"))
        colour = alt.Color("scenario:N", title=None,
                           scale=alt.Scale(domain=["Before the downturn", "In the downturn"],
                                           range=[GREY, PALETTE[5]]))
        line = base.mark_line(strokeWidth=2.5).encode(
            x, alt.Y("profit:Q", title="Expected profit per 100 applicants",
                     # headroom above the calm curve (the highest) for the two-line label
                     scale=alt.Scale(domainMax=headroom)), colour,
            tooltip=["scenario:N", alt.Tooltip("threshold:Q", format=".0%"),
                     alt.Tooltip("profit:Q", format=".1f"),
                     alt.Tooltip("approval_rate:Q", format=".0%", title="approved")])
        best = base.transform_filter("abs(datum.threshold - datum.best_threshold) < 1e-6")
        dot = best.mark_circle(size=130).encode(x, alt.Y("profit:Q"), colour)
        zero = alt.Chart(pd.DataFrame({"y": [0.0]})).mark_rule(color="#666666").encode(y="y:Q")
        text = best.transform_filter(alt.datum.scenario == "In the downturn").transform_calculate(
            t="'Best cut-off at this severity ' + format(datum.best_threshold, '.0%') + "
              "'|approves ' + format(datum.best_approval, '.0%') + ' of applicants'").mark_text(
            # two short lines: one long line ran past a phone's narrower plot
            align="left", baseline="top", fontWeight="bold", color=text_shade(PALETTE[5]),
            lineBreak="|").encode(
            x=alt.value(8), y=alt.value(4), text="t:N")
        return alt.layer(zero, line, dot, text).properties(width=500, height=280)

    return FastExplorable(
        title="In a downturn the best cut-off tightens: the lender cuts credit when it is scarce",
        description=("Line chart of expected profit per 100 applicants against the approval "
                     "cut-off, before a downturn (grey) and at the chosen downturn severity "
                     "(red). The model's scores do not change, but true default rates rise; the "
                     "profit curve sinks and its best point, marked, moves to a lower cut-off "
                     "that approves fewer applicants."),
        controls=[Slider("shock", "Downturn severity", 0.0, 1.0, 0.1, 0.0, ".1f")],
        compute=compute, view=view,
        print_settings=[{"shock": 0.0}, {"shock": 0.5}, {"shock": 1.0}])


# -- 4. What the reader should have seen, in words, from the results ---------------------------

def pct(x: float, digits: int = 0) -> str:
    """A share as the book writes it: ``pct(0.756)`` is ``'76 %'``."""
    return f"{100 * x:.{digits}f} %"


def comparison_findings(comparison: ModelComparison) -> str:
    """The model comparison's result in words, with the numbers of this run."""
    aucs = comparison.auc_table()
    history = comparison.history_table()
    gap = (history.pivot_table(index=["model", "history"], columns="features", values="auc")
           .assign(gain=lambda t: t["Traditional + platform"] - t["Traditional"]).reset_index())
    boosted = gap[gap["model"] == "Gradient boosting"].set_index("history")
    a = aucs.set_index(["features", "model"])["auc"]
    return (
        "**What you should have seen.** With the gradient-boosted model, platform data raise the "
        f"AUC by {boosted.loc['under 1 year (thin file)', 'gain']:.2f} for thin-file borrowers, "
        f"by {boosted.loc['1 to 3 years', 'gain']:.2f} for those with one to three years of "
        f"history and by only {boosted.loc['6 years or more', 'gain']:.2f} for those with six "
        "years or more. For a long record the bureau score already says most of what the "
        "platform knows. The two model families are close: the logistic regression scores "
        f"{a[('Traditional + platform', 'Logistic regression')]:.3f} with platform data and the "
        f"boosted model {a[('Traditional + platform', 'Gradient boosting')]:.3f}. In this "
        "synthetic world the gain comes from the data, not from the algorithm. That is a property "
        "of our design, not a finding: real data may hold patterns that only a flexible model "
        "finds.")


def threshold_findings(tables: dict[str, ThresholdTable], test: pd.DataFrame) -> str:
    """The threshold explorer's result in words: 10 % against 5 %, and group A against B."""
    at10 = segments_at(tables, 0.10).pivot(index="segment", columns="metric", values="value")
    at5 = segments_at(tables, 0.05).pivot(index="segment", columns="metric", values="value")
    true_rate = test.groupby("group")["defaulted"].mean()
    everyone5, everyone10 = at5.loc["All applicants"], at10.loc["All applicants"]
    return (
        "**What you should have seen.** Tightening the cut-off from 10 % to 5 % cuts the approval "
        f"rate from {pct(everyone10['Approval rate'])} to {pct(everyone5['Approval rate'])} and "
        "the default rate among the approved from "
        f"{pct(everyone10['Default rate among the approved'], 1)} to "
        f"{pct(everyone5['Default rate among the approved'], 1)}, but profit per 100 applicants "
        f"falls from {everyone10['Profit per 100 applicants']:.1f} to "
        f"{everyone5['Profit per 100 applicants']:.1f}: the lender turns away many borrowers who "
        "would have repaid. Profit is flat over a wide band of cut-offs around the break-even "
        "point and falls off on either side. And at every cut-off group B is approved less often "
        f"than group A (at 10 %: {pct(at10.loc['Group B', 'Approval rate'])} against "
        f"{pct(at10.loc['Group A', 'Approval rate'])}), although in the test data the two groups "
        f"default at about the same rate ({pct(true_rate['B'], 1)} and "
        f"{pct(true_rate['A'], 1)}).")
