"""Text marks that fit the width a chart is drawn at (shared by the chapters' figure modules).

On the site a chart is narrowed to the reader's screen (``chart_loader.js`` scales the views'
``width``), but a text mark keeps its pixel length: a caption that fits a 460 px plot runs past
a 250 px one and the chart scrolls sideways. These helpers make such text depend on the width
the view is drawn at (``item.mark.group.width`` in Vega: the enclosing view's plot width, in a
single view, a layer or any panel of a concatenation), so the same spec reads well on a phone,
in a desktop column and in the PDF (vl-convert draws the same expressions).

Widths of text are estimates (Vega expressions cannot measure text): :data:`CHAR_EM` is the
average advance of a character, in ems, of the widest font the book's font stack falls back to
(DejaVu Sans), so an estimate errs towards breaking a line too early, not too late.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt

__all__ = ["CHAR_EM", "GROUP_WIDTH", "caption", "line_height_for", "side_of"]

CHAR_EM = {"normal": 0.58, "bold": 0.66}
"""Estimated average width of a character, in ems, by font weight."""

GROUP_WIDTH = "item.mark.group.width"
"""Vega expression: the plot width of the view a mark is drawn in."""


def _px(font_size: float, weight: str) -> float:
    return round(font_size * CHAR_EM[weight], 3)


def caption(layouts: Sequence[Sequence[str]], *, font_size: float = 12, weight: str = "bold",
            y: float = -8, room: str = GROUP_WIDTH) -> dict:
    """Encodings (``text`` and ``y``) of a caption above a plot that breaks into lines to fit.

    ``layouts`` lists ways of setting the caption, widest first: each is a list of lines, each
    line a Vega expression (``"'Total: ' + format(datum.x, '.0%')"``). The first layout whose
    longest line fits ``room`` pixels (the view's plot width) is drawn; the last is drawn if
    none fits. The last line sits at pixel ``y`` (negative: above the plot), the others above
    it, so the caption grows upwards and the chart's title moves up to make room. Use it with
    ``mark_text(align="left", baseline="bottom", lineHeight=line_height_for(font_size))``.
    """
    if not layouts or any(not lines for lines in layouts):
        raise ValueError("caption needs at least one layout, each of at least one line")
    px = _px(font_size, weight)
    line_height = line_height_for(font_size)
    text = _lines(layouts[-1])
    offset = _offset(layouts[-1], y, line_height)
    for lines in reversed(layouts[:-1]):
        longest = f"max({', '.join(f'length({line})' for line in lines)})" if len(lines) > 1 \
            else f"length({lines[0]})"
        fits = f"{longest} * {px} <= {room}"
        text = f"({fits}) ? {_lines(lines)} : ({text})"
        offset = f"({fits}) ? {_offset(lines, y, line_height)} : ({offset})"
    return {"text": alt.value({"expr": text}), "y": alt.value({"expr": offset})}


def line_height_for(font_size: float) -> float:
    """Line height of a multi-line caption set at ``font_size``."""
    return round(font_size * 1.25, 2)


def _lines(lines: Sequence[str]) -> str:
    return lines[0] if len(lines) == 1 else "[" + ", ".join(lines) + "]"


def _offset(lines: Sequence[str], y: float, line_height: float) -> str:
    return repr(round(y - (len(lines) - 1) * line_height, 2))


def side_of(position: str, text: str, *, font_size: float = 12, weight: str = "normal",
            gap: float = 4, room: str = GROUP_WIDTH) -> dict:
    """Mark properties (``align``, ``dx``) for a label beside a point at ``position``.

    ``position`` is a Vega expression for the point's share of the plot width (0 to 1), ``text``
    one for the label. The label goes to the right of the point when it fits inside the plot,
    else to its left, so that a label at the end of a long bar or near the top of a scale never
    runs past the plot's right edge."""
    px = _px(font_size, weight)
    fits = f"({position}) * {room} + {gap} + length({text}) * {px} <= {room}"
    return {"align": {"expr": f"({fits}) ? 'left' : 'right'"},
            "dx": {"expr": f"({fits}) ? {gap} : {-gap}"}}
