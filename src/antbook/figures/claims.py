"""The claims appendix: the essay's claims (``data/claims.csv``) as a typeset table whose rows link
to the sections of the book that examine them.

A claim's ``examined_in`` is ``<notebook path>#<anchor>``. The anchor is either a MyST label
written above a heading, ``(ch5-data)=``, which becomes a cross-reference, or the slug of a
heading (``## The question`` gives ``the-question``), which becomes a link to the chapter named
with that section's title. :func:`notebook_anchors` reads both from a notebook;
:func:`resolve_links` checks every claim against them.

A chapter that is not written yet (its notebook does not exist) is named in plain text, so that
the page builds; once the notebook exists its anchors are checked like any other.

>>> from antbook.data import load_table
>>> links = resolve_links(load_table("claims"))
>>> links.loc[links["id"] == "E18b", "target"].item()
'ch5-competition'
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

__all__ = ["Anchor", "book_root", "claims_markdown", "notebook_anchors", "resolve_links",
           "slugify", "verdict_counts"]

VERDICTS = ("supported", "partly supported", "not supported", "unverifiable", "no longer true")
"""The verdicts a claim may get (the schema's enum, in this order)."""

_LABEL = re.compile(r"^\(([A-Za-z0-9_-]+)\)=\s*$")
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")


def book_root() -> Path | None:
    """The top of the book's source tree (the folder holding ``_toc.yml``), or None in an
    installed copy of the package (Colab), where the chapters' notebooks are not at hand."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "_toc.yml").is_file():
            return parent
    return None


def slugify(text: str) -> str:
    """The id Sphinx gives a heading: lower case, runs of other characters become one hyphen.

    >>> slugify("Gap two: competition, and the Ministry of Commerce")
    'gap-two-competition-and-the-ministry-of-commerce'
    """
    text = re.sub(r"[`*_]", "", text).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


@dataclass(frozen=True)
class Anchor:
    """A place in a notebook a claim can link to."""

    name: str
    title: str
    is_label: bool


def notebook_anchors(path: Path) -> dict[str, Anchor]:
    """Labels (``(name)=`` lines) and heading slugs of a notebook's markdown cells.

    A label names the heading that follows it; both the label and the heading's slug are
    returned (the label wins if they coincide).
    """
    cells = json.loads(Path(path).read_text(encoding="utf-8"))["cells"]
    anchors: dict[str, Anchor] = {}
    pending: str | None = None
    for cell in cells:
        if cell["cell_type"] != "markdown":
            continue
        for line in "".join(cell["source"]).splitlines():
            label = _LABEL.match(line.strip())
            if label:
                pending = label.group(1)
                continue
            heading = _HEADING.match(line)
            if heading:
                title = heading.group(2).strip()
                anchors.setdefault(slugify(title), Anchor(slugify(title), title, False))
                if pending:
                    anchors[pending] = Anchor(pending, title, True)
                    pending = None
            elif line.strip():
                pending = None
    return anchors


def resolve_links(claims: pd.DataFrame, root: Path | None = None) -> pd.DataFrame:
    """One row per claim: its notebook, anchor, whether the notebook exists, and the section.

    Raises
    ------
    ValueError
        If a notebook exists but has no such anchor (naming the claim and the anchor).
    """
    root = root or book_root()
    rows = []
    cache: dict[str, dict[str, Anchor]] = {}
    for claim_id, where in zip(claims["id"], claims["examined_in"], strict=True):
        notebook, _, target = str(where).partition("#")
        if root is None:  # no checkout: name the section, check nothing
            rows.append({"id": claim_id, "notebook": notebook, "target": target,
                         "exists": None, "section": None, "is_label": False})
            continue
        path = root / notebook
        exists = path.is_file()
        title, is_label = None, False
        if exists:
            anchors = cache.setdefault(notebook, notebook_anchors(path))
            if target not in anchors:
                raise ValueError(f"claims.csv, claim {claim_id}: {notebook} has no section "
                                 f"{target!r} (labels and headings: {sorted(anchors)})")
            title, is_label = anchors[target].title, anchors[target].is_label
        rows.append({"id": claim_id, "notebook": notebook, "target": target, "exists": exists,
                     "section": title, "is_label": is_label})
    return pd.DataFrame(rows)


def _chapter_name(notebook: str) -> str:
    stem = Path(notebook).stem
    number = stem.split("-", 1)[0]
    return "Introduction" if number == "00" else f"Chapter {int(number)}"


def _link(row) -> str:
    doc = "/" + str(Path(row["notebook"]).with_suffix(""))
    if row["exists"] is None:
        return f"{_chapter_name(row['notebook'])}, section `{row['target']}`"
    if not row["exists"]:
        return f"{_chapter_name(row['notebook'])} (in preparation), section `{row['target']}`"
    if row["is_label"]:
        return f"{{ref}}`{_chapter_name(row['notebook'])}: {row['section']} <{row['target']}>`"
    return f"{{doc}}`{_chapter_name(row['notebook'])} <{doc}>`: {row['section']}"


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


CLAIMS_COLUMNS = ("Claim", "Verdict: 2020 → now", "Why (source rows)", "Examined in")
"""The claims table's headings (the phone layout in _static/antbook.css repeats them)."""


def claims_markdown(claims: pd.DataFrame, root: Path | None = None) -> str:
    """The claims as a MyST table of four columns, narrow enough for a page: the claim, the two
    verdicts, the reason with its source rows, and where the book examines it (a link)."""
    links = resolve_links(claims, root).set_index("id")
    # class antbook-stacked: on a phone each row becomes a card, each cell labelled with its
    # column's heading (_static/antbook.css holds the labels: CLAIMS_COLUMNS)
    lines = ["```{table}", ":class: antbook-stacked", "",
             "| " + " | ".join(CLAIMS_COLUMNS) + " |",
             "| --- | --- | --- | --- |"]
    for row in claims.itertuples(index=False):
        sources = ", ".join(row.source_ids.split(";"))
        lines.append(f"| **{row.id}** {_cell(row.claim)} | {row.verdict_2020} → "
                     f"{row.verdict_now} | {_cell(row.reason)} (*{sources}*) | "
                     f"{_link(links.loc[row.id])} |")
    return "\n".join(lines + ["```"])


def verdict_counts(claims: pd.DataFrame) -> pd.DataFrame:
    """How many claims got each verdict in 2020 and now (every verdict listed, zeros kept)."""
    counts = pd.DataFrame({
        "verdict": list(VERDICTS),
        "in 2020": [int((claims["verdict_2020"] == v).sum()) for v in VERDICTS],
        "now": [int((claims["verdict_now"] == v).sum()) for v in VERDICTS]})
    return counts
