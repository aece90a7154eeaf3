# The Ant Book. `make book` builds the site, `make test` runs every check. See README.md.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
JB := $(VENV)/bin/jupyter-book
STAMP := $(VENV)/.installed
NOTEBOOKS := $(sort $(wildcard chapters/*.ipynb chapters/appendix/*.ipynb))
NB ?= $(NOTEBOOKS)
PORT ?= 8000

NODE_STAMP := node_modules/.installed
LIGHTHOUSE := .bench/node_modules/.bin/lighthouse

.PHONY: help venv node_modules book serve lab execute pdf test test-fast mutation bench bench-pages system-deps lint clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): requirements/lock.txt pyproject.toml
	@echo "==> creating $(VENV) and installing the pinned packages (about a minute)"
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements/lock.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

venv: $(STAMP)  ## create .venv with the pinned packages

# axe-core for the accessibility tests, pinned in package.json / package-lock.json
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $(NODE_STAMP)

node_modules: $(NODE_STAMP)

# Lighthouse for `make bench` only (kept out of the tests' packages)
$(LIGHTHOUSE):
	npm install --prefix .bench --no-audit --no-fund --no-save lighthouse@12.8.2

_static/vega/vega-runtime.js: $(STAMP)
	$(PY) -m antbook.book.build vega-runtime _static/vega

book: $(STAMP) _static/vega/vega-runtime.js  ## build the HTML site (strict: any warning fails)
	@echo "==> building the site from scratch (warnings are errors)"
	rm -rf _build/html _build/.doctrees
	$(JB) build . -n -W --keep-going
	@echo "==> the site is at $(CURDIR)/_build/html/index.html (make serve to browse it)"

serve: book  ## serve the built site with gzip, as a static host does, on http://127.0.0.1:$(PORT)
	$(PY) -m antbook.book.serve --port $(PORT) _build/html

lab: $(STAMP)  ## open the notebooks live in JupyterLab
	$(VENV)/bin/jupyter lab chapters/

execute: $(STAMP)  ## re-execute notebooks in place (NB=chapters/x.ipynb for one)
	$(PY) -m antbook.book.build execute $(NB)

system-deps:  ## install the Debian packages the tests and the PDF need (as root)
	bash scripts/install-system-deps.sh

pdf: $(STAMP) system-deps  ## build the whole book as one PDF (xelatex)
	@echo "==> building the PDF from scratch"
	rm -rf _build/latex _build/.doctrees
	$(JB) build . --builder pdflatex -n -W --keep-going
	@echo "==> the PDF is at $(CURDIR)/_build/latex/the-ant-book.pdf"

# Line coverage of the package is reported after the tests (goal: 90 % of the package, 95 % of
# antbook.models); make mutation measures how many faults the model tests catch.
test: $(STAMP) system-deps _static/vega/vega-runtime.js $(NODE_STAMP)  ## run the whole test suite
	@echo "==> lint (ruff), then tests: package, data, notebooks (nbval), strict build, browser, PDF"
	$(VENV)/bin/ruff check src tests chapters
	$(PY) -m pytest --nbval --nbval-current-env --doctest-modules --cov=antbook \
	  --cov-report=term tests chapters src/antbook

test-fast: $(STAMP)  ## unit and data tests only (no notebooks, build, browser or PDF)
	$(PY) -m pytest -m "not build and not browser and not pdf and not notebooks" \
	  --ignore=tests/book/test_notebooks.py --cov=antbook --cov-report=term

# Every model module by default; MODULES="escrow debtrank" for some. Each module's run is capped
# at MUTATION_CAP seconds (a module cut short reports its unchecked mutants as not killed).
# MUTATION_EVERY=5 checks every fifth mutant only (a quicker estimate of the score).
MODULES ?= $(sort $(basename $(notdir $(filter-out %/__init__.py,$(wildcard src/antbook/models/*.py)))))
MUTATION_CAP ?= 1800
MUTATION_JOBS ?= 2
MUTATION_EVERY ?= 1
MUTMUT := $(VENV)/bin/mutmut run --max-children $(MUTATION_JOBS)

mutation: $(STAMP)  ## mutation score of each model module (mutmut; slow, not part of make test)
	@echo "==> mutmut: creating the mutants and timing the tests"
	$(MUTMUT) "antbook.models.no-such-module.*" > /dev/null 2>&1 || true  # creates, matches none
	@for m in $(MODULES); do \
	  echo "==> mutmut over antbook.models.$$m (at most $(MUTATION_CAP) s)"; \
	  names=$$($(PY) scripts/mutation_report.py --list $$m --every $(MUTATION_EVERY)); \
	  timeout $(MUTATION_CAP) $(MUTMUT) $$names > /dev/null \
	    || echo "    $$m: stopped at the cap or failed"; \
	done
	$(PY) scripts/mutation_report.py $(if $(filter-out 1,$(MUTATION_EVERY)),--sampled) $(MODULES)

bench: $(STAMP) _static/vega/vega-runtime.js $(LIGHTHOUSE)  ## print execution, build, size, PDF and page-speed figures
	$(PY) -m antbook.book.bench

bench-pages: $(STAMP) $(LIGHTHOUSE)  ## transfer sizes and Lighthouse scores of the built site's pages
	$(PY) -m antbook.book.bench --pages

lint: $(STAMP)  ## ruff over the package, tests and notebooks
	$(VENV)/bin/ruff check src tests chapters

clean:  ## remove the build output
	rm -rf _build _static/vega mutants
