"""Figures of chapter 1 (past lives): the escrow simulator, the market, the reserves rule.

The escrow simulator's control is a choice, not a slider, so it is assembled here by hand in the
same three forms :class:`antbook.explorable.Explorable` produces:

* browser: :func:`scenario_chart`, an altair drop-down over scenarios precomputed by
  :func:`antbook.models.escrow.scenario_table` (the path and the balances after every step);
* live: :func:`simulator_widget`, buttons with which the reader plays buyer, honest seller,
  cheating seller, the clock and the escrow service; a refused step shows its message;
* print: :func:`state_diagram`, the state machine drawn as a diagram (the chapter adds a worked
  example table).

:func:`show_simulator` displays the three together. The market with a clearing price has two
explorables: :func:`unravelling_explorable` (the adverse-selection spiral without escrow, round by
round) and :func:`incidence_explorable` (who pays the escrow fee), both over
:mod:`antbook.models.escrow_market`; each view is two panels side by side, and the print form
stacks one row of panels per setting. :func:`reserves_chart` draws the central deposit of
customer reserves.
"""

from __future__ import annotations

import html
import json

import altair as alt
import pandas as pd

from ..charts import PALETTE, text_shade
from ..explorable import Explorable, Slider, three_forms_bundle, where
from ..models.escrow import ACTORS, DESCRIPTIONS, SCENARIOS, Session, scenario_table
from ..models.escrow_market import (
    VALUE_HIGH,
    VALUE_LOW,
    escrow_equilibrium,
    lemons_equilibrium,
    unravelling,
)

__all__ = ["incidence_explorable", "reserves_chart", "scenario_chart", "show_simulator",
           "simulator_widget", "state_diagram", "unravelling_explorable"]

ACCOUNTS = ["buyer", "escrow", "seller"]
ACCOUNT_COLOURS = [PALETTE[0], PALETTE[1], PALETTE[2]]
OK, REFUSED = PALETTE[2], PALETTE[5]

SIM_TITLE = "Money reaches the seller only after confirmation; refused steps move nothing"
SIM_DESCRIPTION = ("For the chosen scenario, the top row shows each step and the state it leads "
                   "to (refused steps in red, with the reason in the tooltip); the bars below "
                   "show the buyer's, the escrow account's and the seller's balances after each "
                   "step. The three always add up to the 100 yuan the buyer brought.")


def _scenario_data(price: float = 100.0) -> pd.DataFrame:
    table = scenario_table(price=price)
    table["label"] = [f"{s}. {a}" for s, a in zip(table["step"], table["action"], strict=True)]
    table["outcome"] = ["done" if ok else "refused" for ok in table["accepted"]]
    return table


def scenario_chart(param_name: str = "ch1_scenario", price: float = 100.0) -> alt.VConcatChart:
    """Browser form: a drop-down of scenarios, the path taken, and the balances at each step."""
    table = _scenario_data(price)
    names = list(SCENARIOS)
    choice = alt.param(name=param_name, value=names[0],
                       bind=alt.binding_select(options=names, name="Scenario: "))
    keep = f"datum.scenario == {param_name}"
    x = alt.X("label:N", sort=alt.EncodingSortField("step"), title=None,
              axis=alt.Axis(labelAngle=0, labelLimit=110, orient="top"))
    path_base = alt.Chart(table[["scenario", "step", "label", "state", "actor", "message",
                                 "outcome"]]).transform_filter(keep)
    tooltip = [alt.Tooltip("label:N", title="Step"), alt.Tooltip("actor:N", title="Who"),
               alt.Tooltip("message:N", title="What happened"),
               alt.Tooltip("state:N", title="State after")]
    dots = path_base.mark_point(filled=True, size=260).encode(
        x=x, color=alt.Color("outcome:N", title="Step",
                             scale=alt.Scale(domain=["done", "refused"], range=[OK, REFUSED])),
        shape=alt.Shape("outcome:N", scale=alt.Scale(domain=["done", "refused"],
                                                     range=["circle", "cross"]), legend=None),
        tooltip=tooltip)
    states = path_base.mark_text(dy=22, fontSize=12).encode(x=x, text="state:N", tooltip=tooltip)
    path = (dots + states).properties(height=60, width=540)

    balances = table.melt(id_vars=["scenario", "step", "label"], value_vars=ACCOUNTS,
                          var_name="account", value_name="yuan")
    bars = alt.Chart(balances).transform_filter(keep).mark_bar().encode(
        x=alt.X("label:N", sort=alt.EncodingSortField("step"), title=None,
                axis=alt.Axis(labelAngle=0, labelLimit=110)),
        xOffset=alt.XOffset("account:N", sort=ACCOUNTS),
        y=alt.Y("yuan:Q", title="Balance after the step (yuan)",
                scale=alt.Scale(domain=[0, price])),
        color=alt.Color("account:N", title="Account", sort=ACCOUNTS,
                        scale=alt.Scale(domain=ACCOUNTS, range=ACCOUNT_COLOURS)),
        tooltip=[alt.Tooltip("label:N", title="Step"), alt.Tooltip("account:N", title="Account"),
                 alt.Tooltip("yuan:Q", title="Yuan", format=",.0f")],
    ).properties(height=220, width=540)
    return alt.vconcat(path, bars).add_params(choice).resolve_scale(color="independent") \
        .properties(title=SIM_TITLE, description=SIM_DESCRIPTION)


# Where each state sits in the diagram, and the steps between states.
_NODES = {"created": (0, 0), "paid": (1, 0), "shipped": (2, 0), "confirmed": (3, 0),
          "released": (4, 0), "disputed": (2, -1), "refunded": (3, -1)}
_EDGES = [("created", "paid", "pay"), ("paid", "shipped", "ship"),
          ("shipped", "confirmed", "confirm/or wait"), ("confirmed", "released", "release"),
          ("paid", "disputed", "dispute"), ("shipped", "disputed", "dispute"),
          ("disputed", "refunded", "refund"), ("disputed", "confirmed", "reject")]


def state_diagram() -> alt.LayerChart:
    """Print form: the purchase's states and the steps between them, as a diagram."""
    import math

    half_w, half_h = 0.31, 0.17  # half the size of a state's box, in diagram units
    nodes = pd.DataFrame([{"state": s, "x": x - half_w, "x2": x + half_w, "y": y - half_h,
                           "y2": y + half_h, "cx": x, "cy": y,
                           "kind": "final" if s in ("released", "refunded") else "open"}
                          for s, (x, y) in _NODES.items()])
    edges = []
    for a, b, label in _EDGES:
        (x0, y0), (x1, y1) = _NODES[a], _NODES[b]
        length = math.hypot(x1 - x0, y1 - y0)
        ux, uy = (x1 - x0) / length, (y1 - y0) / length
        # leave the box of the state where the arrow starts, stop at the box where it ends
        t = min(half_w / abs(ux) if ux else math.inf, half_h / abs(uy) if uy else math.inf)
        angle = (90 - math.degrees(math.atan2(uy, ux))) % 360
        edges.append({"step": label, "x": x0 + ux * t, "y": y0 + uy * t,
                      "x2": x1 - ux * (t + 0.03), "y2": y1 - uy * (t + 0.03),
                      "mx": (x0 + x1) / 2 + (0.12 if uy and ux else 0),
                      "my": (y0 + y1) / 2, "angle": angle})
    edges = pd.DataFrame(edges)
    sx = alt.Scale(domain=[-0.45, 4.45])
    sy = alt.Scale(domain=[-1.3, 0.35])
    axis = {"axis": None}
    lines = alt.Chart(edges).mark_rule(color="#555555", strokeWidth=1.5).encode(
        x=alt.X("x:Q", scale=sx, **axis), y=alt.Y("y:Q", scale=sy, **axis), x2="x2", y2="y2")
    heads = alt.Chart(edges).mark_point(shape="triangle-up", filled=True, size=70,
                                        color="#555555", opacity=1).encode(
        x=alt.X("x2:Q", scale=sx, **axis), y=alt.Y("y2:Q", scale=sy, **axis),
        angle=alt.Angle("angle:Q", scale=None))
    labels = alt.Chart(edges).mark_text(dy=-9, fontSize=11, color="#222222",
                                        lineBreak="/").encode(
        x=alt.X("mx:Q", scale=sx, **axis), y=alt.Y("my:Q", scale=sy, **axis), text="step:N")
    dots = alt.Chart(nodes).mark_rect(cornerRadius=6).encode(
        x=alt.X("x:Q", scale=sx, **axis), x2="x2", y=alt.Y("y:Q", scale=sy, **axis), y2="y2",
        color=alt.Color("kind:N", title="State", scale=alt.Scale(
            domain=["open", "final"], range=[PALETTE[4], PALETTE[2]])))
    names = alt.Chart(nodes).mark_text(fontSize=12, fontWeight="bold").encode(
        x=alt.X("cx:Q", scale=sx, **axis), y=alt.Y("cy:Q", scale=sy, **axis), text="state:N")
    return alt.layer(lines, heads, labels, dots, names).properties(
        width=600, height=220,
        title=alt.Title("An escrow purchase can end only in release or refund",
                        subtitle="States of a purchase and the steps that move it; any other "
                                 "step is refused"),
        description="A diagram of seven states: created, paid, shipped, confirmed and released "
                    "along the top; disputed and refunded below. Pay, ship, confirm (or the "
                    "time limit) and release lead along the top; a dispute from paid or shipped "
                    "leads to disputed, which ends in a refund or, if rejected, in confirmation.")


_BUTTONS = [
    ("Buyer", [("pay", "Pay"), ("confirm", "Confirm receipt"), ("dispute", "Complain")]),
    ("Honest seller", [("ship", "Ship the goods")]),
    ("Cheating seller", [("ship_fake", "Ship a fake"), ("wait", "Ship nothing, wait 10 days")]),
    ("Escrow service", [("release", "Release to seller"), ("refund", "Refund buyer"),
                        ("reject_dispute", "Reject complaint")]),
]


def _status_html(game: Session, message: str, refused: bool) -> str:
    led = game.purchase.ledger
    colour = REFUSED if refused else "#222222"
    rows = "".join(
        f"<tr><td>{i}</td><td>{html.escape(e['action'])}</td>"
        f"<td>{html.escape(ACTORS[e['action']])}</td>"
        f"<td style='color:{REFUSED if not e['accepted'] else '#222'}'>"
        f"{html.escape(e['message'])}</td></tr>"
        for i, e in enumerate(game.log, start=1))
    return (f"<p style='color:{colour}'><b>{html.escape(message)}</b></p>"
            f"<p>State: <b>{game.purchase.state}</b> &nbsp; Buyer {led.buyer:,.0f} &nbsp; "
            f"Escrow {led.escrow:,.0f} &nbsp; Seller {led.seller:,.0f} "
            f"(total {led.total:,.0f} yuan)</p>"
            f"<table><tr><th>#</th><th>Step</th><th>Who</th><th>What happened</th></tr>"
            f"{rows}</table>")


def simulator_widget(price: float = 100.0):
    """Live form: play a purchase step by step; refused steps are shown with their reason."""
    import ipywidgets as widgets

    game = Session(price=price)
    status = widgets.HTML(_status_html(game, "A new purchase: the buyer holds "
                                             f"{price:,.0f} yuan. Take a step.", False))

    def on_click(action):
        def handler(_button):
            message = game.play(action)
            status.value = _status_html(game, message, not game.log[-1]["accepted"])
        return handler

    rows = []
    for role, actions in _BUTTONS:
        buttons = []
        for action, text in actions:
            b = widgets.Button(description=text, tooltip=DESCRIPTIONS[action],
                               layout=widgets.Layout(width="190px"))
            b.on_click(on_click(action))
            buttons.append(b)
        rows.append(widgets.HBox([widgets.Label(role, layout=widgets.Layout(width="120px")),
                                  *buttons]))
    reset = widgets.Button(description="Start again", button_style="warning")

    def on_reset(_button):
        game.reset()
        status.value = _status_html(game, "A new purchase. Take a step.", False)

    reset.on_click(on_reset)
    return widgets.VBox([*rows, reset, status])


def show_simulator(price: float = 100.0, include_widget: bool = True) -> None:
    """Display the simulator's three forms in one output (see the module doc)."""
    from IPython.display import display

    note = ('<p class="antbook-live-note"><em>This drop-down shows scenarios the book\'s Python '
            "model played in advance. To play buyer or seller yourself, open this page as a "
            "notebook: download it with the button at the top of the page and open it in "
            "JupyterLab or Colab, or run <code>make lab</code> in a copy of the book.</em></p>")
    display(three_forms_bundle(
        summary="Interactive figure: escrow purchase simulator (control: scenario)",
        browser=scenario_chart(price=price).to_dict(), printed=state_diagram().to_dict(),
        widget=simulator_widget(price) if include_widget else None, note=note), raw=True)


# -- the market with a clearing price: the spiral, and who pays the fee -------------------------

def _folded(chart: alt.Chart, labels: dict[str, str], value: str) -> alt.Chart:
    """``chart`` with the columns named in ``labels`` folded into rows of ``measure`` and
    ``value``, and ``what`` holding each column's label (for the legend)."""
    return chart.transform_fold(list(labels), as_=["measure", value]).transform_calculate(
        what=" + ".join(f"(datum.measure == {json.dumps(k)} ? {json.dumps(v)} : '')"
                        for k, v in labels.items()))


def _label_colour(labels: dict[str, str], colours: list[str]) -> alt.Color:
    """Colour by the labels of :func:`_folded`, in their order, legend below the panel."""
    return alt.Color("what:N", title=None, sort=list(labels.values()),
                     scale=alt.Scale(domain=list(labels.values()), range=colours),
                     # long labels ("Honest sellers still offering") must not be cut short
                     legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=260))


def _spiral_round(round: float, lemon_share: float) -> pd.DataFrame:
    path = unravelling(lemon_share, rounds=int(round))
    last = path.iloc[-1]
    return pd.DataFrame([{"price": round_(last["price"]),
                          "honest_staying": round_(last["honest_staying"]),
                          "quality": round_(last["quality"])}])


def round_(x: float) -> float:
    return float(f"{x:.4f}")


def unravelling_view(data: pd.DataFrame, params: dict) -> alt.HConcatChart:
    """Two panels over the rounds: the price, and who is still in the market."""
    base = alt.Chart()
    curve = where(base, params, ["lemon_share"])
    at = where(base, params)
    x = alt.X("round:Q", title="Round", scale=alt.Scale(domain=[0, 12]),
              axis=alt.Axis(tickMinStep=1, format="d"))
    price = curve.mark_line(point=True, color=PALETTE[0]).encode(
        x=x, y=alt.Y("price:Q", title="Price that clears (yuan)", scale=alt.Scale(domain=[0, 100])))
    price_now = at.mark_point(filled=True, size=140, color=PALETTE[5]).encode(
        x=x, y="price:Q", tooltip=[alt.Tooltip("round:Q", title="Round"),
                                   alt.Tooltip("price:Q", title="Price", format=".1f")])
    left = (price + price_now).properties(width=230, height=220, title="Price")
    shares = {"honest_staying": "Honest sellers still offering",
              "quality": "Offers that are genuine"}
    folded = _folded(curve, shares, "share")
    colour = _label_colour(shares, [PALETTE[2], PALETTE[3]])
    lines = folded.mark_line(point=True).encode(
        x=x, y=alt.Y("share:Q", title="Share", axis=alt.Axis(format="%"),
                     scale=alt.Scale(domain=[0, 1])), color=colour)
    folded_now = at.transform_fold(list(shares), as_=["measure", "share"])
    now = folded_now.mark_rule(color=PALETTE[5], strokeDash=[3, 3]).encode(x=x)
    right = (lines + now).properties(width=230, height=220, title="Who is still in the market")
    return alt.hconcat(left, right, data=data).resolve_scale(color="independent")


def unravelling_explorable() -> Explorable:
    """The spiral without escrow: step through the rounds; choose the share of cheats."""
    return Explorable(
        title="Without escrow, each fall in the price drives out the honest sellers with the "
              "highest costs",
        description="Two panels against the round of trading, 0 to 12. Left: the price that "
                    "clears when buyers bid on the share of genuine offers they expect. Right: "
                    "the share of honest sellers still offering and the share of offers that "
                    "are genuine. With few cheats both settle; with many they fall to zero, "
                    "and the market unravels. A marker shows the chosen round.",
        controls=[Slider("round", "Round", 0, 12, 1, 12, ".0f"),
                  Slider("lemon_share", "Share of sellers who cheat", 0.0, 0.4, 0.05, 0.2,
                         ".0%")],
        compute=_spiral_round, view=unravelling_view, sweep="round",
        print_settings=[{"lemon_share": 0.1}, {"lemon_share": 0.25}, {"lemon_share": 0.3}])


def _incidence(fee: float, cheat_share: float, value_spread: float) -> pd.DataFrame:
    centre = (VALUE_LOW + VALUE_HIGH) / 2
    low, high = centre - value_spread / 2, centre + value_spread / 2
    with_escrow = escrow_equilibrium(cheat_share, fee, value_low=low, value_high=high)
    without = lemons_equilibrium(cheat_share, value_low=low, value_high=high)
    return pd.DataFrame([{
        "buyer_price": round_(with_escrow["price"]),
        "seller_price": round_(with_escrow["seller_price"]),
        "buyer_share": round_(with_escrow["buyer_share"]),
        "volume": round_(with_escrow["volume"]),
        "volume_without": round_(without["volume"]),
    }])


def incidence_view(data: pd.DataFrame, params: dict) -> alt.HConcatChart:
    """Two panels over the fee: what buyers pay and sellers keep; sales with and without escrow."""
    fee = params["fee"].name
    base = alt.Chart()
    curve = where(base, params, ["cheat_share", "value_spread"])
    at = where(base, params)
    x = alt.X("fee:Q", title="Escrow fee per sale, paid by the seller (yuan)")
    prices = {"buyer_price": "Price buyers pay", "seller_price": "Price sellers keep"}
    folded = _folded(curve, prices, "yuan")
    colour = _label_colour(prices, [PALETTE[0], PALETTE[2]])
    lines = folded.mark_line(point=True).encode(
        x=x, y=alt.Y("yuan:Q", title="Yuan", scale=alt.Scale(zero=False)), color=colour)
    now = at.transform_fold(list(prices), as_=["measure", "yuan"]).mark_rule(
        color=PALETTE[5], strokeDash=[3, 3]).encode(x=x)
    label = at.transform_calculate(
        text=f"'buyers pay ' + format(datum.buyer_share, '.0%') + ' of a ' + "
             f"format({fee}, '.1f') + ' yuan fee'"
    ).mark_text(align="left", fontWeight="bold", color=text_shade(PALETTE[5])).encode(
        x=alt.value(4), y=alt.value(8), text="text:N")
    left = (lines + now + label).properties(width=240, height=220, title="Who pays the fee")
    volumes = {"volume": "With escrow", "volume_without": "Without escrow (settled)"}
    vfold = _folded(curve, volumes, "sales")
    vcolour = _label_colour(volumes, [PALETTE[0], PALETTE[5]])
    vlines = vfold.mark_line(point=True).encode(
        x=x, y=alt.Y("sales:Q", title="Genuine sales per buyer", axis=alt.Axis(format="%"),
                     scale=alt.Scale(domain=[0, 1])), color=vcolour,
        tooltip=[alt.Tooltip("what:N", title="Market"),
                 alt.Tooltip("sales:Q", title="Sales", format=".0%")])
    vnow = at.transform_fold(list(volumes), as_=["measure", "sales"]).mark_rule(
        color=PALETTE[5], strokeDash=[3, 3]).encode(x=x)
    right = (vlines + vnow).properties(width=240, height=220, title="Trade")
    return alt.hconcat(left, right, data=data).resolve_scale(color="independent")


def incidence_explorable() -> Explorable:
    """Who pays the escrow fee: the fee along the x-axis; sliders for cheats and buyers' values."""
    return Explorable(
        title="The seller pays the escrow fee, but buyers bear part of it through the price",
        description="Two panels against the escrow fee per sale, 0 to 20 yuan, paid by the "
                    "seller. Left: the price buyers pay rises and the price sellers keep falls; "
                    "the gap between them is the fee, and a label gives the buyers' share of it. "
                    "Right: genuine sales per buyer with escrow, falling slowly as the fee rises, "
                    "and without escrow, where the market settles after the spiral.",
        controls=[Slider("fee", "Escrow fee (yuan)", 0.0, 20.0, 2.5, 10.0, ".1f"),
                  Slider("cheat_share", "Share of sellers who would cheat", 0.0, 0.6, 0.1, 0.2,
                         ".0%"),
                  Slider("value_spread", "Spread of buyers' values (yuan)", 60.0, 140.0, 20.0,
                         100.0, ".0f")],
        compute=_incidence, view=incidence_view, sweep="fee",
        print_settings=[{"cheat_share": 0.0, "value_spread": 100.0},
                        {"cheat_share": 0.2, "value_spread": 100.0},
                        {"cheat_share": 0.2, "value_spread": 60.0}])


# -- the central deposit of customer reserves --------------------------------------------------

def reserves_chart(steps: pd.DataFrame) -> alt.Chart:
    """A step line of the share of customer reserves payment firms must deposit centrally.

    ``steps`` holds the fact rows of the rule's steps (``fact_id``, ``value`` in percent,
    ``as_of``, ``status``); the line starts at 0 before the first of them.
    """
    before = pd.DataFrame({"fact_id": ["before"], "value": [0.0],
                           "as_of": [pd.Timestamp("2016-10-01")], "status": ["verified"]})
    data = pd.concat([before, steps[["fact_id", "value", "as_of", "status"]]], ignore_index=True)
    data["as_of"] = data["as_of"].dt.strftime("%Y-%m-%d")
    return alt.Chart(data).mark_line(interpolate="step-after", point=True, strokeWidth=2.5).encode(
        x=alt.X("as_of:T", title=None, axis=alt.Axis(format="%b %Y"),
                scale=alt.Scale(domain=["2016-10-01", "2019-06-30"])),
        y=alt.Y("value:Q", title="Share deposited centrally (%)",
                scale=alt.Scale(domain=[0, 100])),
        tooltip=[alt.Tooltip("as_of:T", title="From", format="%d %b %Y"),
                 alt.Tooltip("value:Q", title="Share (%)")],
    ).properties(
        title=alt.Title("In under two years the central bank took over the whole float",
                        subtitle="Share of customer reserves payment firms must deposit "
                                 "centrally"),
        description="A step line: 0 before April 2017, about 20 percent from 17 April 2017, "
                    "about 50 percent by April 2018 and 100 percent from 14 January 2019.",
        height=220)
