"""The claims appendix: every claim is complete and every link goes to a section that exists."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from antbook.data import load_table
from antbook.figures.claims import (
    VERDICTS,
    book_root,
    claims_markdown,
    notebook_anchors,
    resolve_links,
    slugify,
    verdict_counts,
)

CLAIMS = load_table("claims")
ROOT = book_root()


def test_at_least_eighteen_claims_first_sentence_to_last():
    ids = list(CLAIMS["id"])
    assert len(ids) >= 18
    numbers = {int(i[1:].rstrip("abc")) for i in ids}
    assert numbers == set(range(1, 19)), "E1 to E18, none missing"
    assert ids[0] == "E1" and ids[-1].startswith("E18")


def test_every_claim_has_both_verdicts_a_reason_and_sources():
    facts = set(load_table("facts")["fact_id"])
    for row in CLAIMS.itertuples():
        assert row.verdict_2020 in VERDICTS and row.verdict_now in VERDICTS, row.id
        assert len(row.reason) >= 20, row.id
        sources = row.source_ids.split(";")
        assert len(sources) >= 1 and set(sources) <= facts, row.id


@pytest.mark.parametrize("claim", list(CLAIMS.itertuples()), ids=lambda r: r.id)
def test_every_linked_section_exists(claim):
    notebook, _, target = claim.examined_in.partition("#")
    path = ROOT / notebook
    if not path.is_file():
        assert not notebook.startswith("chapters/05-"), f"chapter 5 must exist ({notebook})"
        pytest.skip(f"{claim.id} links to {notebook}, which is not written yet: its section "
                    f"{target!r} is checked once the notebook exists")
    assert target in notebook_anchors(path), f"{notebook} has no section {target!r}"


def test_a_missing_section_is_an_error(tmp_path):
    chapter = tmp_path / "chapters" / "09-x.ipynb"
    chapter.parent.mkdir(parents=True)
    chapter.write_text(json.dumps({"cells": [
        {"cell_type": "markdown", "source": ["(ch9-a)=\n", "## A section\n", "text\n",
                                             "## Another one\n"]}]}), encoding="utf-8")
    anchors = notebook_anchors(chapter)
    assert anchors["ch9-a"].is_label and anchors["ch9-a"].title == "A section"
    assert "another-one" in anchors and not anchors["another-one"].is_label
    frame = CLAIMS.head(1).assign(examined_in="chapters/09-x.ipynb#ch9-b")
    with pytest.raises(ValueError, match="E1.*ch9-b"):
        resolve_links(frame, tmp_path)


def test_a_label_is_not_carried_past_text(tmp_path):
    chapter = tmp_path / "nb.ipynb"
    chapter.write_text(json.dumps({"cells": [
        {"cell_type": "markdown", "source": ["(lost)=\n", "Some text.\n", "## Heading\n"]}]}),
        encoding="utf-8")
    assert "lost" not in notebook_anchors(chapter)


def test_slug_matches_sphinx_ids():
    assert slugify("Ant Group in a few numbers") == "ant-group-in-a-few-numbers"
    assert slugify("The `float`: whose money?") == "the-float-whose-money"


def test_markdown_links_each_claim_once():
    text = claims_markdown(CLAIMS)
    rows = [line for line in text.splitlines() if line.startswith("| **")]
    assert len(rows) == len(CLAIMS)
    for row, claim in zip(rows, CLAIMS.itertuples(), strict=True):
        assert row.startswith(f"| **{claim.id}** ")
        notebook = claim.examined_in.partition("#")[0]
        if (ROOT / notebook).is_file():
            assert "{ref}" in row or "{doc}" in row, claim.id
        else:
            assert "in preparation" in row, claim.id


def test_verdict_counts_add_up():
    counts = verdict_counts(CLAIMS)
    assert counts["in 2020"].sum() == counts["now"].sum() == len(CLAIMS)
    assert list(counts["verdict"]) == list(VERDICTS)


def test_claims_page_is_in_the_toc_first_among_appendices():
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    appendices = toc.split("caption: Appendices", 1)[1]
    first = next(line for line in appendices.splitlines() if "file:" in line)
    assert first.strip() == "- file: chapters/appendix/claims"
    assert Path(ROOT / "chapters" / "appendix" / "claims.ipynb").is_file()


def test_without_a_checkout_sections_are_named_not_linked(monkeypatch):
    import antbook.figures.claims as claims_module

    monkeypatch.setattr(claims_module, "book_root", lambda: None)
    text = claims_module.claims_markdown(CLAIMS)
    assert "{ref}" not in text and "{doc}" not in text
    assert "Chapter 5, section `ch5-data`" in text


def test_the_phone_layout_labels_each_cell_with_its_columns_heading():
    """The stacked (phone) form of the claims table names each cell by the heading the table
    has: the CSS repeats the headings, and this keeps the two in step."""
    import re

    from antbook.figures.claims import CLAIMS_COLUMNS

    css = (Path(__file__).parents[2] / "_static" / "antbook.css").read_text(encoding="utf-8")
    labels = dict(re.findall(
        r'table\.antbook-stacked td:nth-child\((\d)\)::before \{ content: "([^"]*)"; \}', css))
    assert [labels.get(str(i + 1)) for i in range(len(CLAIMS_COLUMNS))] == list(CLAIMS_COLUMNS)
    text = claims_markdown(CLAIMS)
    assert ":class: antbook-stacked" in text
    assert "| " + " | ".join(CLAIMS_COLUMNS) + " |" in text
