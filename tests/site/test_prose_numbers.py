"""Every quantity the prose states comes from the data.

A number followed by a unit (%, per cent, million, billion, trillion, yuan) in a chapter's text
must equal, at the precision the text prints it, a number in one of the tables in data/: as it
stands, as a percentage of a share (0.3 -> 30 %), as the complement of one (70 % of a sample when
the table holds a 0.3 test share) or in the next unit (2.1 trillion = 2,100 billion). Exercise
solutions and inline code are left out: they show computations the reader repeats. This is a
coarse net (a number may match a row that says something else), but an invented or mistyped
figure falls through it.
"""

from __future__ import annotations

import csv
import json
import re

import pytest
from conftest import toc_notebooks

from antbook.data import data_dir

NUMBER = r"\d[\d,]*(?:\.\d+)?"
QUANTITY = re.compile(r"(?<![\w.$\\{])(" + NUMBER + r")\s*(%|per cent|percent|million|billion"
                      r"|trillion|yuan)(?!\w)")


def _data_numbers() -> set[float]:
    numbers = set()
    for path in data_dir().glob("*.csv"):
        with path.open(encoding="utf-8") as handle:
            for row in csv.reader(handle):
                for cell in row:
                    for text in re.findall(NUMBER, cell):
                        numbers.add(float(text.replace(",", "")))
    return numbers


DATA = _data_numbers()


def _prose(notebook) -> str:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    text = re.sub(r":::\{solution\}.*?\n:::", "", text, flags=re.DOTALL)
    return re.sub(r"`[^`\n]*`", "", text)


def _matches(text: str) -> bool:
    value = float(text.replace(",", ""))
    decimals = len(text.split(".")[1]) if "." in text else 0
    candidates = {value, value / 100, 1 - value / 100, value * 1000, value / 1000, 100 - value}
    return any(round(x, decimals) == round(c, decimals) or round(x * 100, decimals) == round(c,
               decimals) for x in DATA for c in candidates if c >= 0)


@pytest.mark.parametrize("notebook", [nb for nb in toc_notebooks() if "appendix" not in nb.parts],
                         ids=lambda p: p.stem)
def test_every_quantity_in_the_prose_is_in_the_data(notebook):
    found = list(QUANTITY.finditer(_prose(notebook)))
    assert found, "every chapter states quantities: the pattern must be finding none by mistake"
    unmatched = [m.group(0) for m in found if not _matches(m.group(1))]
    assert unmatched == [], f"not found in data/: {unmatched}"


def test_the_check_catches_an_invented_figure():
    assert _matches("711") and _matches("2.1") and not _matches("7,654.321")
