"""Plumbing that builds the book, apart from its content.

Modules
-------
build           the site's Vega runtime, deterministic notebook execution, the table of contents
                (``python -m antbook.book.build``)
sphinx_ext      a Sphinx extension for the HTML build
mystnb_plugin   a myst-nb render plugin: charts as PNG images in the PDF build
bench           ``make bench``: speed and size figures against their goals
"""
