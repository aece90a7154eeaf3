"""Models, data and chart helpers for *The Ant Book: big-tech finance through Ant Group*.

The package has four layers; an arrow means "may import":

    notebooks (chapters/*.ipynb)
        |
        v
    antbook.figures  ------>  core: data, charts, explorable, tables
        |                            ^
        v                            |
    antbook.models                antbook.book (Sphinx, myst-nb, execution, bench)

* :mod:`antbook.models`: the economics. Pure, documented functions and small classes (numpy,
  pandas, networkx, scikit-learn); no plotting, widgets or file reading. Reusable in a course.
* :mod:`antbook.figures`: one module per chapter (and two shared ones) that draws the models:
  charts and interactives in the book's three reading modes.
* core: :mod:`antbook.data` (validated, sourced tables), :mod:`antbook.charts` (theme and
  renderer), :mod:`antbook.explorable` (the pattern of every interactive), :mod:`antbook.tables`
  (tables that typeset everywhere).
* :mod:`antbook.book`: plumbing that builds the site and the PDF; no chapter imports it.
"""

__version__ = "0.1.0"
