"""A small Sphinx extension for the book's HTML build.

jupyter-book 1.0.4 registers sphinx-thebe's configuration script twice; the second copy
re-declares ``const THEBE_JS_URL`` and the browser logs an error on every page. This extension
drops repeated scripts from each page, keeping the first. It edits the page's script list in
place, so scripts that later handlers add (MathJax on pages with math) still reach the page.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform


def _dedupe_scripts(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, kept = set(), []
    for script in scripts:
        # the two copies differ only in filename: None in one, "" in the other
        key = (getattr(script, "filename", script) or "",
               tuple(sorted(getattr(script, "attributes", {}).items())))
        if key not in seen:
            seen.add(key)
            kept.append(script)
    # In place: the list is the builder's own, and the handlers that run after this one (Sphinx's
    # MathJax installer among them) add their scripts to it. A new list here would lose them.
    scripts[:] = kept


# -- print: a cell folded on the site prints its outputs, not its code ------------------------

FOLDED_INPUT = {"input", "input+output", "all"}
"""myst-nb's ``hide_mode`` values of cells whose code the site folds away (tags ``hide-input``,
``hide-cell``)."""


class DropFoldedCodeInPrint(SphinxPostTransform):
    """In the LaTeX build, remove the code of cells that the site folds away.

    On the site such a cell shows its output and a "Show code" toggle; paper has no toggle, so
    the print reader would get plumbing the web reader never sees. The outputs stay.
    """

    default_priority = 199
    formats = ("latex",)

    def run(self, **kwargs):
        for cell in list(self.document.findall(nodes.container)):
            if cell.get("nb_element") != "cell_code" or cell.get("hide_mode") not in FOLDED_INPUT:
                continue
            for child in list(cell.children):
                if child.get("nb_element") == "cell_code_source":
                    cell.remove(child)
            if not cell.children:
                cell.parent.remove(cell)


def setup(app):
    app.add_post_transform(DropFoldedCodeInPrint)
    # priority 100: before the handlers that may end the event by returning a template name
    app.connect("html-page-context", _dedupe_scripts, priority=100)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
