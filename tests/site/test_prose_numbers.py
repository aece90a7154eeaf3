"""Every quantity the prose states comes from the data.

A number followed by a unit (%, per cent, million, billion, trillion, yuan) in a chapter's text
must equal a number in one of the tables in data/ **at the precision and in the unit the text
prints it**: the data value is rounded to the text's number of decimals and compared with it, never
the other way round (rounding the text's 37 % to a share at no decimals gives 0, which any table
holds). The ways a data value can be printed:

- as it stands, rounded to the text's decimals (120.618 -> "120.6 billion", 30 -> "30 %");
- a percentage as a share times 100, for a data value between 0 and 1 (0.3 -> "30 %");
- in the next unit up or down (2,100 billion -> "2.1 trillion", 0.5 billion -> "500 million"),
  only when the conversion is exact: a converted figure is not rounded, or "2 trillion" would
  match the year 2019.

Exercise solutions and inline code are left out: they show computations the reader repeats. This
is still a coarse net (a number may match a row that says something else), but an invented or
mistyped figure falls through it: the self-tests below show it rejecting wrong integers, wrong
one-decimal values and wrong percentages.

A figure the chapter states but the data does not yet hold is listed, with the reason, in
tests/site/prose_numbers_allowed.csv: the chapter's owner adds its source to data/ and removes the
line. A line that no longer matches anything in its chapter fails the test, so the list only
shrinks.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from conftest import toc_notebooks

from antbook.data import data_dir

NUMBER = r"\d[\d,]*(?:\.\d+)?"
QUANTITY = re.compile(r"(?<![\w.$\\{])(" + NUMBER + r")\s*(%|per cent|percent|million|billion"
                      r"|trillion|yuan)(?!\w)")
PERCENT = {"%", "per cent", "percent"}
ALLOWED = Path(__file__).with_name("prose_numbers_allowed.csv")


def _decimal(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def _data_numbers(folder: Path) -> frozenset[Decimal]:
    numbers = set()
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8") as handle:
            for row in csv.reader(handle):
                for cell in row:
                    numbers.update(_decimal(text) for text in re.findall(NUMBER, cell))
    return frozenset(numbers)


DATA = _data_numbers(data_dir())


def _rounds_to(value: Decimal, text: str) -> bool:
    """Whether ``value`` printed at the decimals of ``text`` reads ``text`` (half up or even)."""
    target = _decimal(text)
    step = Decimal(1).scaleb(target.as_tuple().exponent)
    return any(value.quantize(step, rounding=mode) == target
               for mode in (ROUND_HALF_UP, ROUND_HALF_EVEN))


def _matches(text: str, unit: str, data: Iterable[Decimal] = DATA) -> bool:
    """Whether the quantity ``text`` ``unit`` (as printed) is a value of ``data``."""
    target = _decimal(text)
    for value in data:
        if _rounds_to(value, text):
            return True
        if unit in PERCENT:
            if 0 <= value <= 1 and _rounds_to(value * 100, text):
                return True
        elif unit != "yuan" and target in (value * 1000, value / 1000):
            return True
    return False


def _prose(notebook: Path) -> str:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    text = re.sub(r":::\{solution\}.*?\n:::", "", text, flags=re.DOTALL)
    return re.sub(r"`[^`\n]*`", "", text)


def _allowed() -> dict[tuple[str, str], str]:
    with ALLOWED.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    allowed = {}
    for number, row in enumerate(rows, start=2):
        for column in ("chapter", "quantity", "reason"):
            assert (row.get(column) or "").strip(), f"{ALLOWED.name} row {number}: empty {column}"
        key = (row["chapter"], row["quantity"])
        assert key not in allowed, f"{ALLOWED.name} row {number}: {key} listed twice"
        allowed[key] = row["reason"]
    return allowed


CHAPTERS = [nb for nb in toc_notebooks() if "appendix" not in nb.parts]


@pytest.mark.parametrize("notebook", CHAPTERS, ids=lambda p: p.stem)
def test_every_quantity_in_the_prose_is_in_the_data(notebook):
    found = list(QUANTITY.finditer(_prose(notebook)))
    assert found, "every chapter states quantities: the pattern must be finding none by mistake"
    allowed = {q for (chapter, q) in _allowed() if chapter == notebook.stem}
    unmatched = {m.group(0) for m in found if not _matches(m.group(1), m.group(2))}
    missing = sorted(unmatched - allowed)
    assert missing == [], f"{notebook.name}: not found in data/ at the precision printed: {missing}"


@pytest.mark.parametrize("notebook", CHAPTERS, ids=lambda p: p.stem)
def test_the_allowed_list_holds_only_figures_still_unmatched(notebook):
    found = QUANTITY.finditer(_prose(notebook))
    unmatched = {m.group(0) for m in found if not _matches(m.group(1), m.group(2))}
    allowed = {q for (chapter, q) in _allowed() if chapter == notebook.stem}
    assert allowed - unmatched == set(), (
        f"{ALLOWED.name}: {sorted(allowed - unmatched)} now matched by data/ or gone from "
        f"{notebook.name}; remove the line")


def test_every_allowed_line_names_a_chapter_of_the_book():
    chapters = {nb.stem for nb in CHAPTERS}
    assert {chapter for chapter, _ in _allowed()} <= chapters


# The self-tests run on a small table of their own, so that they hold whatever data/ holds. It
# contains 0.0 and 1.0, which is what made the earlier check accept every figure.
SAMPLE = frozenset(_decimal(t) for t in ["0.0", "1.0", "711", "120.618", "0.3", "0.125", "36.9",
                                         "2,100", "0.5", "2019", "1.7"])


@pytest.mark.parametrize("text,unit", [("711", "million"), ("120.6", "billion"),
                                       ("121", "billion"), ("30", "%"), ("12.5", "%"),
                                       ("37", "per cent"), ("36.9", "%"), ("2.1", "trillion"),
                                       ("500", "million"), ("1.7", "trillion"), ("0", "%"),
                                       ("100", "%")])
def test_the_check_accepts_a_data_value_as_printed(text, unit):
    assert _matches(text, unit, SAMPLE)


@pytest.mark.parametrize("text,unit", [
    ("712", "million"), ("38", "million"), ("512", "million"), ("999", "billion"),  # integers
    ("120.7", "billion"), ("45.6", "billion"), ("36.8", "%"), ("0.4", "billion"),  # one decimal
    ("31", "%"), ("70", "%"), ("14", "%"), ("45.6", "%"), ("50.1", "per cent"),  # percentages
    ("3", "trillion"), ("2.2", "trillion"), ("1.72", "trillion"),  # conversions are exact
    ("7,654.321", "yuan"), ("2.1", "yuan")])
def test_the_check_rejects_a_figure_not_in_the_data(text, unit):
    assert not _matches(text, unit, SAMPLE)


def test_the_check_on_the_real_data_rejects_most_integers():
    """The earlier check accepted every integer from 1 to 1000: this one must reject most."""
    accepted = [n for n in range(101, 1001) if _matches(str(n), "million")]
    assert len(accepted) < 200, f"{len(accepted)} of 900 integers accepted: the net has holes"
    percent = [n for n in range(1, 1000) if _matches(f"{n / 10:.1f}", "%")]
    assert len(percent) < 300, f"{len(percent)} of 999 one-decimal percentages accepted"
