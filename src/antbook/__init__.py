"""Models, data and chart helpers for *The Ant Book: big-tech finance through Ant Group*.

Modules
-------
data          load the book's validated, sourced data tables
charts        the book's altair theme and the renderer behind every chart
explorable    one pattern for every interactive, in its live, browser and print forms
tables        tables that typeset on the site and in the PDF
capital_light the introduction's model of a lending platform that funds few of its loans
network       graphs of the ecosystem: building, layered layout, drawing
build         plumbing: the site's Vega runtime, deterministic notebook execution
"""

__version__ = "0.1.0"
