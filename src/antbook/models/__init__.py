"""The book's models: pure, documented functions and small classes, one mechanism a module.

Nothing here draws, displays or reads files: the models take numbers and tables (pandas) and
return numbers and tables. They need numpy, pandas, networkx and scikit-learn only, so a course
can import, test and reuse them without any plotting or widget library (a test checks this).
The figures that draw them are in :mod:`antbook.figures`.

Modules
-------
capital_light   a lending platform that funds few of the loans it arranges (introduction)
revenue         Ant Group's revenue by segment, with the gaps in the record kept (introduction)
escrow          the escrow state machine over a buyer/escrow/seller ledger (chapter 1)
escrow_market   a market of buyers and sellers, some of them cheats, with and without escrow (ch. 1)
timeline        the dated milestones and their selection (chapters 1 and 5)
network         graphs from node and edge tables, and a layered layout (every chapter)
ecosystem       the typed ecosystem network: validation, neighbours, centrality (chapter 2)
systemic        the Basel Committee's indicator-based systemic-importance score (chapter 2)
debtrank        DebtRank distress propagation (chapter 2)
contagion       a shock to a platform's loan pools spread to its lenders by DebtRank (chapter 2)
borrowers       a seeded synthetic world of borrowers with and without credit files (chapter 3)
credit_models   credit-scoring models compared on traditional and platform data (chapter 3)
thresholds      what an approval cut-off does to volume, defaults and profit (chapter 3)
"""
