"""The book's figures: charts and interactives drawn from the models, one module a chapter.

Each chapter's notebook calls one named function per figure; what the figure computes comes from
:mod:`antbook.models`, how it is drawn (titles, descriptions for screen readers, colours, the
three reading modes) is here. Figures import the models and the core helpers
(:mod:`antbook.charts`, :mod:`antbook.explorable`, :mod:`antbook.tables`, :mod:`antbook.data`);
the models never import figures.

Modules
-------
introduction            revenue by segment, the ecosystem in layers, capital-light lending
past_lives              chapter 1: the escrow simulator, the market, the reserves rule
financial_attributes    chapter 2: the network explorer, the systemic scorer, contagion
science_technology      chapter 3: model comparison, approval thresholds, the downturn
network                 drawing any graph at given positions (shared)
timeline                the timeline of milestones (shared)
"""
