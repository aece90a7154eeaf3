"""The page-context handler keeps the builder's script list, so MathJax (added later) reaches
the page."""

from __future__ import annotations

from types import SimpleNamespace

from antbook.book.sphinx_ext import _dedupe_scripts


def _script(filename, **attributes):
    return SimpleNamespace(filename=filename, attributes=attributes)


def test_dedupe_edits_the_builders_list_in_place():
    builders_list = [_script("a.js"), _script(None, body="x"), _script("", body="x")]
    context = {"script_files": builders_list}
    _dedupe_scripts(None, "page", "page.html", context, None)
    assert context["script_files"] is builders_list
    assert len(builders_list) == 2
    # what a later handler adds (Sphinx's MathJax installer appends to the builder's list)
    builders_list.append(_script("mathjax/tex-chtml.js", defer="defer"))
    assert context["script_files"][-1].filename == "mathjax/tex-chtml.js"
