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


def _cell(hide_mode=None):
    from docutils import nodes

    cell = nodes.container(nb_element="cell_code")
    if hide_mode:
        cell["hide_mode"] = hide_mode
    cell += nodes.container("", nodes.literal_block("", "plumbing()"),
                            nb_element="cell_code_source")
    cell += nodes.container("", nodes.paragraph("", "the output"), nb_element="cell_code_output")
    return cell


def test_print_drops_the_code_of_folded_cells_and_keeps_their_outputs():
    from docutils.utils import new_document

    from antbook.book.sphinx_ext import DropFoldedCodeInPrint

    document = new_document("page")
    cells = {mode: _cell(mode) for mode in (None, "input", "all", "output")}
    for cell in cells.values():
        document += cell
    DropFoldedCodeInPrint.run(SimpleNamespace(document=document))
    kinds = {mode: [c["nb_element"] for c in cell.children] for mode, cell in cells.items()}
    assert kinds[None] == ["cell_code_source", "cell_code_output"]  # visible code still prints
    assert kinds["output"] == ["cell_code_source", "cell_code_output"]
    assert kinds["input"] == ["cell_code_output"]
    assert kinds["all"] == ["cell_code_output"]
    assert document.astext().count("plumbing()") == 2
    assert document.astext().count("the output") == 4
