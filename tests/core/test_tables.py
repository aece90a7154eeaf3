"""Tables that typeset in every reading mode (antbook.tables)."""

from __future__ import annotations

import pandas as pd
import pytest

from antbook.tables import table_bundle


def test_table_bundle_is_markdown_and_plain_text():
    frame = pd.DataFrame({"name": ["a|b", "c"], "value": [1.5, 20.25]})
    bundle = table_bundle(frame, formats={"value": "{:.1f}"}, caption="Cap")
    lines = bundle["text/markdown"].splitlines()
    assert lines[0] == "**Cap**"
    assert lines[2] == "| name | value |" and lines[3] == "| --- | ---: |"
    assert lines[4] == "| a\\|b | 1.5 |"
    assert "20.2" in bundle["text/plain"]


def test_table_bundle_refuses_unknown_format_column():
    with pytest.raises(KeyError, match="nope"):
        table_bundle(pd.DataFrame({"a": [1]}), formats={"nope": "{}"})


def test_dollar_signs_in_cells_stay_text():
    """Two prices in one row must not open a formula on the site (the book has dollar math)."""
    frame = pd.DataFrame({"what": ["got more than $1 and returned $1 or less"]})
    markdown = table_bundle(frame)["text/markdown"]
    assert "\\$1 and returned \\$1" in markdown
    assert "$1" in table_bundle(frame)["text/plain"]
