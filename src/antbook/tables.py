"""Tables that typeset in every reading mode.

A DataFrame's own HTML output becomes plain monospaced text in the PDF. :func:`table_bundle`
emits the table as Markdown instead: myst-nb parses it into a real table node, so the site and the
PDF both typeset it, and JupyterLab renders it too. The ``text/plain`` form carries the same
numbers, so nbval checks them.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

__all__ = ["show_markdown", "show_table", "table_bundle"]


def _escape(value) -> str:
    text = "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)
    # '$' would open a formula (the book's Markdown has dollar math): "$1 and returned $1" is text.
    return text.replace("|", "\\|").replace("$", "\\$").replace("\n", " ")


def table_bundle(frame: pd.DataFrame, formats: Mapping[str, str] | None = None,
                 caption: str | None = None) -> dict[str, str]:
    """The table as Markdown (typeset everywhere) and plain text (compared by nbval).

    Parameters
    ----------
    frame : DataFrame
        The rows to show; the index is not shown (put what matters in a column).
    formats : mapping, optional
        Column name to a format spec (``"{:,.1f}"``), applied to non-missing values.
    caption : str, optional
        A bold line above the table.
    """
    formats = dict(formats or {})
    unknown = set(formats) - set(frame.columns)
    if unknown:
        raise KeyError(f"formats name columns the table does not have: {sorted(unknown)}")
    shown = frame.copy()
    for column, spec in formats.items():
        shown[column] = [spec.format(v) if not pd.isna(v) else "" for v in shown[column]]
    header = "| " + " | ".join(_escape(c) for c in shown.columns) + " |"
    rule = "| " + " | ".join("---:" if pd.api.types.is_numeric_dtype(frame[c]) else "---"
                             for c in shown.columns) + " |"
    body = ["| " + " | ".join(_escape(v) for v in row) + " |"
            for row in shown.itertuples(index=False)]
    markdown = "\n".join([header, rule, *body])
    if caption:
        markdown = f"**{caption}**\n\n{markdown}"
    plain = shown.to_string(index=False)
    if caption:
        plain = f"{caption}\n{plain}"
    return {"text/markdown": markdown, "text/plain": plain}


def show_table(frame: pd.DataFrame, formats: Mapping[str, str] | None = None,
               caption: str | None = None) -> None:
    """Display ``frame`` as a typeset table (see :func:`table_bundle`)."""
    from IPython.display import display

    display(table_bundle(frame, formats, caption), raw=True)


def show_markdown(text: str) -> None:
    """Display ``text`` as Markdown: typeset on the site, in the PDF and in JupyterLab; the same
    text is the plain form nbval compares (for sentences that quote a model's results)."""
    from IPython.display import display

    display({"text/markdown": text, "text/plain": text}, raw=True)
