"""references.bib merges by union: a merge once dropped an entry's closing brace, and the
whole build failed in sphinxcontrib-bibtex before reading a page. Catch it here, in a second."""

import re
from pathlib import Path

from pybtex.database import parse_string

BIB = Path(__file__).resolve().parents[2] / "references.bib"


def test_references_bib_parses_and_every_entry_closes_before_the_next_begins():
    text = BIB.read_text(encoding="utf-8")
    depth, line_of_open = 0, None
    for number, line in enumerate(text.splitlines(), start=1):
        if re.match(r"\s*@\w+\s*\{", line):
            assert depth == 0, (
                f"references.bib line {number}: a new entry starts while the entry opened on "
                f"line {line_of_open} is still open (missing '}}')"
            )
            line_of_open = number
        depth += line.count("{") - line.count("}")
        assert depth >= 0, f"references.bib line {number}: one '}}' too many"
    assert depth == 0, f"references.bib: the entry opened on line {line_of_open} never closes"
    entries = parse_string(text, "bibtex").entries
    assert len(entries) == len(re.findall(r"^\s*@\w+\s*\{", text, flags=re.M))
