"""One pattern for every interactive in the book, in its three reading modes.

An :class:`Explorable` ties together

* ``controls``: the sliders a reader moves (:class:`Slider`);
* ``compute(values)``: the model, run at one setting of the controls, as a DataFrame;
* ``view(data, params)``: an altair chart of that data, which filters it by ``params``
  (use :func:`where` for that).

From these it builds

* **live** (:meth:`Explorable.widget`): ipywidgets sliders; every move runs the Python model
  again and redraws the chart;
* **static site** (:meth:`Explorable.browser_chart`): the model is run in Python at every point of
  the sliders' grid; the page carries those results and altair sliders (``alt.param`` bound to
  ``alt.binding_range``) choose among them in the browser, with no kernel;
* **PDF** (:meth:`Explorable.print_chart`): small multiples at a few settings.

:meth:`Explorable.show` displays all three in one output. Live Jupyter shows the widget; the
book's site shows the browser form (the build drops the widget, whose state a static page cannot
run, see :mod:`antbook.book.build`); the PDF shows the small multiples.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import altair as alt
import numpy as np
import pandas as pd

from .charts import VEGALITE_MIMETYPE, chart_bundle, chart_html

__all__ = ["LIVE_NOTE", "ChoiceFigure", "Constant", "Explorable", "FastExplorable", "Slider",
           "three_forms_bundle", "where"]

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


@dataclass(frozen=True)
class Constant:
    """A control's value fixed for print; stands in for an ``alt.param`` in a view's expressions
    (``params[name].name`` is then the number itself)."""

    value: float

    @property
    def name(self) -> str:
        return repr(float(self.value))


@dataclass(frozen=True)
class Slider:
    """A numeric control: ``name`` is the model's keyword argument and the data column.

    ``format`` (a Python/d3 format spec) and ``unit`` say how a value is shown to the reader, in
    the units the text uses: ``".0%"`` shows 0.02 as "2 %", ``unit="yuan"`` adds the unit after
    the number. Every form shows it: the site's slider readout, the live widget's readout
    (``readout_format``) and the print form's panel titles.
    """

    name: str
    label: str
    start: float
    stop: float
    step: float
    default: float
    format: str = ".2f"
    unit: str = ""

    def __post_init__(self):
        if not self.name.isidentifier():
            raise ValueError(f"slider name {self.name!r} must be a Python identifier")
        if self.step <= 0 or self.stop <= self.start:
            raise ValueError(f"slider {self.name!r}: need start < stop and step > 0")
        if not self.start <= self.default <= self.stop:
            raise ValueError(f"slider {self.name!r}: default {self.default} is outside "
                             f"[{self.start}, {self.stop}]")
        if abs(self.snap(self.default) - self.default) > 1e-9:
            raise ValueError(f"slider {self.name!r}: default {self.default} is not on the grid "
                             f"{self.start}, {self.start + self.step}, ...")
        try:
            format(self.default, self.format)
        except ValueError as err:
            raise ValueError(f"slider {self.name!r}: format {self.format!r} is not a number "
                             f"format ({err})") from None

    def text(self, value: float) -> str:
        """``value`` as the reader sees it: ``Slider(..., format=".0%").text(0.02) == "2 %"``."""
        shown = format(value, self.format)
        if shown.endswith("%"):  # the book writes a space before the per cent sign
            shown = shown[:-1] + " %"
        return f"{shown} {self.unit}" if self.unit else shown

    def readouts(self) -> list[list]:
        """``[value, text]`` at every grid point (what the site's slider readout shows)."""
        return [[v, self.text(v)] for v in self.values()]

    @property
    def decimals(self) -> int:
        return max(0, -int(np.floor(np.log10(self.step))) + 1)

    def snap(self, value: float) -> float:
        """The grid point nearest ``value`` (so browser and Python agree to the last digit)."""
        k = round((value - self.start) / self.step)
        return round(self.start + k * self.step, self.decimals)

    def values(self) -> list[float]:
        n = int(round((self.stop - self.start) / self.step))
        return [round(self.start + k * self.step, self.decimals) for k in range(n + 1)]


def where(chart: alt.Chart, params: dict[str, alt.Parameter], names: Sequence[str] | None = None
          ) -> alt.Chart:
    """Keep the rows whose control columns equal the current slider values.

    Floats are compared within a tenth of a step's smallest decimal, because a browser slider
    and Python may round the same grid point differently in the last bit.
    """
    for name in names if names is not None else params:
        param = params[name]
        chart = chart.transform_filter(f"abs(datum['{name}'] - {param.name}) < 1e-6")
    return chart


@dataclass
class Explorable:
    """An interactive figure with a live, a browser and a print form (see the module doc)."""

    title: str
    description: str
    controls: list[Slider]
    compute: Callable[..., pd.DataFrame]
    view: Callable[[pd.DataFrame, dict[str, alt.Parameter]], alt.TopLevelMixin]
    print_settings: list[dict[str, float]] = field(default_factory=list)
    columns: int = 3
    print_width: int = 240
    sweep: str | None = None
    """A control whose whole range every form computes (the x-axis of a curve on which the
    slider marks a point); the data of one setting then holds a row for each of its values."""

    def __post_init__(self):
        names = [c.name for c in self.controls]
        if len(set(names)) != len(names):
            raise ValueError(f"duplicate control names in {names}")
        if self.sweep is not None and self.sweep not in names:
            raise ValueError(f"sweep {self.sweep!r} is not one of the controls {names}")
        for setting in self.print_settings:
            unknown = set(setting) - set(names)
            if unknown:
                raise ValueError(f"print setting {setting} names unknown controls {unknown}")

    # -- the model, at one setting and over the whole grid -------------------------------------
    def defaults(self) -> dict[str, float]:
        return {c.name: c.default for c in self.controls}

    def _run(self, values: dict[str, float]) -> pd.DataFrame:
        frame = self.compute(**values).copy()
        for name, value in values.items():
            frame[name] = value
        return frame

    def data_at(self, **values: float) -> pd.DataFrame:
        """Run the model at one setting (over the whole sweep control, if there is one)."""
        values = {**self.defaults(), **values}
        snapped = {c.name: c.snap(values[c.name]) for c in self.controls}
        if self.sweep is None:
            return self._run(snapped)
        sweep = next(c for c in self.controls if c.name == self.sweep)
        return pd.concat([self._run({**snapped, self.sweep: v}) for v in sweep.values()],
                         ignore_index=True)

    def grid(self) -> pd.DataFrame:
        """Run the model at every grid point of the controls (the data of the browser form)."""
        fixed = [c for c in self.controls if c.name != self.sweep]
        combos = itertools.product(*(c.values() for c in fixed)) if fixed else [()]
        frames = [self.data_at(**dict(zip([c.name for c in fixed], combo, strict=True)))
                  for combo in combos]
        return pd.concat(frames, ignore_index=True)

    # -- the three forms ---------------------------------------------------------------------
    def _params(self, values: dict[str, float], bind: bool) -> dict[str, alt.Parameter]:
        params = {}
        for c in self.controls:
            extra = ({"bind": alt.binding_range(min=c.start, max=c.stop, step=c.step,
                                                name=c.label + " ")} if bind else {})
            params[c.name] = alt.param(name=c.name, value=values[c.name], **extra)
        return params

    def _finish(self, chart, params: dict[str, alt.Parameter], subtitle: str | None = None):
        title = alt.Title(self.title, subtitle=subtitle) if subtitle else self.title
        return chart.add_params(*params.values()).properties(
            title=title, description=self.description)

    def browser_chart(self):
        """The chart with altair sliders over the precomputed grid (works with no kernel)."""
        params = self._params(self.defaults(), bind=True)
        return self._finish(self.view(self.grid(), params), params)

    def live_chart(self, **values: float):
        """The chart drawn from a fresh run of the model at ``values``."""
        values = {**self.defaults(), **values}
        snapped = {c.name: c.snap(values[c.name]) for c in self.controls}
        params = self._params(snapped, bind=False)
        return self._finish(self.view(self.data_at(**snapped), params), params)

    def live_bundle(self, **values: float) -> dict:
        """What the live form shows after a move: the live chart, for this kernel's front end
        (:func:`antbook.charts.chart_bundle`)."""
        return chart_bundle(self.live_chart(**values).to_dict())

    def print_chart(self):
        """Small multiples at ``print_settings`` (the defaults if none are given).

        A view that is one chart is printed in rows of ``columns`` panels; a view that is already
        a row of panels (a concat) is printed one setting per row.
        """
        settings = self.print_settings or [self.defaults()]
        panels = []
        for setting in settings:
            values = {**self.defaults(), **setting}
            # A printed setting never moves, so each control reaches the view as a constant:
            # `where` then filters on the number itself and the print form needs no params
            # (Vega refuses a signal name used twice, and altair cannot stack faceted charts
            # that carry params).
            params = {c.name: Constant(values[c.name]) for c in self.controls}
            label = ", ".join(f"{c.label} = {c.text(values[c.name])}"
                              for c in self.controls if c.name in setting)
            panel = self.view(self.data_at(**values), params)
            if isinstance(panel, alt.Chart | alt.LayerChart):
                panel = panel.properties(width=self.print_width)
            panels.append(panel.properties(title=label))
        if all(isinstance(p, alt.Chart | alt.LayerChart) for p in panels):
            rows = [alt.hconcat(*panels[i:i + self.columns])
                    for i in range(0, len(panels), self.columns)]
        else:
            rows = panels
        chart = rows[0] if len(rows) == 1 else alt.vconcat(*rows)
        return chart.properties(
            title=alt.Title(self.title, subtitle="Printed at a few settings of the controls"),
            description=self.description)

    def widget(self):
        """ipywidgets sliders that re-run the model and redraw the chart on every move."""
        import ipywidgets as widgets

        sliders = {
            c.name: widgets.FloatSlider(value=c.default, min=c.start, max=c.stop, step=c.step,
                                        description=f"{c.label} ({c.unit})" if c.unit
                                        else c.label, readout_format=c.format,
                                        continuous_update=False,
                                        style={"description_width": "initial"},
                                        layout=widgets.Layout(width="520px"))
            for c in self.controls
        }
        out = widgets.Output()

        def redraw(_change=None):
            bundle = self.live_bundle(**{name: s.value for name, s in sliders.items()})
            # Set the Output widget's state from the kernel side rather than `with out:
            # display(...)`: no display messages are sent, so nothing leaks into the cell's own
            # outputs when the notebook runs without a widget front end (nbval, nbclient).
            out.outputs = ({"output_type": "display_data", "data": bundle, "metadata": {}},)

        for s in sliders.values():
            s.observe(redraw, names="value")
        redraw()
        return widgets.VBox([*sliders.values(), out])

    def mimebundle(self, include_widget: bool = True) -> dict:
        """All three forms in one output; each reader's front end picks the one it can run."""
        return three_forms_bundle(
            summary=f"Interactive figure: {self.title} "
                    f"(controls: {', '.join(c.label for c in self.controls)})",
            browser=self.browser_chart().to_dict(), printed=self.print_chart().to_dict(),
            widget=self.widget() if include_widget else None,
            readouts={c.name: c.readouts() for c in self.controls})

    def show(self) -> None:
        """Display the explorable in all three forms (see :meth:`mimebundle`)."""
        from IPython.display import display

        display(self.mimebundle(), raw=True)


LIVE_NOTE = ('<p class="antbook-live-note"><em>These controls run in your browser over results '
             "the book's Python model computed in advance. To run the model itself, open this "
             "page as a notebook: download it with the button at the top of the page and open it "
             "in JupyterLab or Colab, or run <code>make lab</code> in a copy of the book."
             "</em></p>")


# Shows each slider's value in the reader's units ("2 %", not 0.02) next to the site's sliders:
# Vega's range binding prints the raw number. The script finds the bindings of the chart drawn in
# the same output, whenever they are drawn (and again if the chart is drawn anew, say for a
# colour mode), hides Vega's readout and shows its own, also as the input's aria-valuetext.
_READOUT_SCRIPT = """<script>(function () {
  var box = document.currentScript.parentNode, readouts = %s, pending = false;
  function nearest(list, value) {
    var best = list[0];
    list.forEach(function (pair) {
      if (Math.abs(pair[0] - value) < Math.abs(best[0] - value)) { best = pair; }
    });
    return best[1];
  }
  function attach() {
    pending = false;
    box.querySelectorAll(".vega-bind input[type=range]").forEach(function (input) {
      var list = readouts[input.name];
      if (!list || input.hasAttribute("data-antbook-readout")) { return; }
      var raw = input.nextElementSibling;  // Vega's readout: the span after the input
      if (!raw || raw.tagName !== "SPAN") { return; }
      input.setAttribute("data-antbook-readout", "");
      var own = document.createElement("span");
      own.className = "antbook-readout";
      raw.style.display = "none";
      raw.parentNode.insertBefore(own, raw.nextSibling);
      function update() {
        own.textContent = nearest(list, Number(input.value));
        input.setAttribute("aria-valuetext", own.textContent);
      }
      input.addEventListener("input", update);
      input.addEventListener("change", update);
      update();
    });
  }
  new MutationObserver(function () {
    if (!pending) { pending = true; setTimeout(attach, 0); }
  }).observe(box, {childList: true, subtree: true});
  attach();
})();</script>"""


def readout_script(readouts: dict[str, list[list]]) -> str:
    """The script that shows each slider's value as ``readouts[name]`` says (see above)."""
    return _READOUT_SCRIPT % json.dumps(readouts, sort_keys=True, separators=(",", ":"))


def three_forms_bundle(summary: str, browser: dict, printed: dict, widget=None,
                       note: str = LIVE_NOTE, readouts: dict[str, list[list]] | None = None
                       ) -> dict:
    """One output holding an interactive's three forms.

    Parameters
    ----------
    summary : str
        Plain text naming the figure and its controls (what a front end with nothing better
        shows; the tests make sure the PDF never does).
    browser : dict
        Vega-Lite spec of the browser form (bound params); becomes the page's HTML.
    printed : dict
        Vega-Lite spec of the print form; the PDF build renders it as an image.
    widget : ipywidgets.Widget, optional
        The live form; live Jupyter shows it first. The stored notebook drops its view
        (:func:`antbook.book.build.clean_outputs`), so the site never shows a frozen control.
    note : str
        HTML under the browser form saying how to run the live form.
    readouts : dict, optional
        For each slider of the browser form, ``[value, text]`` pairs (:meth:`Slider.readouts`):
        the site shows the text, in the reader's units, beside the slider.
    """
    units = readout_script(readouts) if readouts else ""
    bundle = {"text/plain": summary, "text/html": chart_html(browser) + units + note,
              VEGALITE_MIMETYPE: printed}
    if widget is not None:
        bundle[WIDGET_VIEW] = widget._repr_mimebundle_()[WIDGET_VIEW]
    return bundle


@dataclass
class ChoiceFigure:
    """An interactive whose controls are choices: a browser chart (altair params bound to menus),
    a print chart (small multiples) and a live ipywidget, displayed together."""

    browser: Callable[[], alt.TopLevelMixin]
    printed: Callable[[], alt.TopLevelMixin]
    widget: Callable[[], object]
    summary: str
    note: str = LIVE_NOTE
    """HTML under the browser form saying how to run the live form."""
    readouts: dict[str, list[list]] | None = None
    """For each slider of the browser form, ``[value, text]`` pairs that the site shows beside
    it in the text's units (see :func:`three_forms_bundle`)."""

    def mimebundle(self, include_widget: bool = True) -> dict:
        return three_forms_bundle(self.summary, self.browser().to_dict(),
                                  self.printed().to_dict(),
                                  widget=self.widget() if include_widget else None,
                                  note=self.note, readouts=self.readouts)

    def show(self) -> None:
        from IPython.display import display

        display(self.mimebundle(), raw=True)


@dataclass
class FastExplorable(Explorable):
    """An :class:`Explorable` with a fast live form and a print form for grid-of-panels views.

    * **Live.** Building an altair chart and validating its spec takes a few hundred
      milliseconds, far more than the model. So the chart spec is built once; on each slider move
      only ``compute`` runs again (NumPy lookups on precomputed scores), and its fresh data and
      the new control values are written into a copy of that spec (:meth:`live_bundle`).
    * **Print.** The shared print form sets a width on each printed setting, which a concat chart
      cannot take; here each setting is printed as its own titled grid, one under the other.
    """

    sweep_compute: Callable[..., pd.DataFrame] | None = None
    """Optional: the model over the whole sweep at once, ``sweep_compute(values, **fixed)`` with
    ``values`` an array of the sweep control's grid. It must return what ``compute`` returns at
    each grid point, stacked in grid order, with the sweep control as a column."""

    def __post_init__(self):
        super().__post_init__()
        self._template: dict | None = None
        self._data_name: str | None = None

    def data_at(self, **values: float) -> pd.DataFrame:
        if self.sweep is None or self.sweep_compute is None:
            return super().data_at(**values)
        values = {**self.defaults(), **values}
        snapped = {c.name: c.snap(values[c.name]) for c in self.controls}
        sweep = next(c for c in self.controls if c.name == self.sweep)
        fixed = {k: v for k, v in snapped.items() if k != self.sweep}
        frame = self.sweep_compute(np.asarray(sweep.values()), **fixed).copy()
        for name, value in fixed.items():
            frame[name] = value
        return frame

    def live_spec(self, **values: float) -> dict:
        """The live chart's Vega-Lite spec at ``values``, from the model run afresh."""
        values = {**self.defaults(), **values}
        snapped = {c.name: c.snap(values[c.name]) for c in self.controls}
        data = self.data_at(**snapped)
        if self._template is None:
            spec = self.live_chart(**snapped).to_dict()
            columns = set(data.columns)
            names = [name for name, rows in spec.get("datasets", {}).items()
                     if rows and set(rows[0]) == columns and len(rows) == len(data)]
            if len(names) != 1:
                raise ValueError("cannot find the model's data in the chart spec")
            self._template, self._data_name = spec, names[0]
        spec = dict(self._template)
        spec["datasets"] = {**spec["datasets"], self._data_name: data.to_dict("records")}
        spec["params"] = [{**p, "value": snapped[p["name"]]} if p.get("name") in snapped else p
                          for p in spec.get("params", [])]
        return spec

    def live_bundle(self, **values: float) -> dict:
        """What a slider move displays: the live spec, for this kernel's front end."""
        return chart_bundle(self.live_spec(**values))
