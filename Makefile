# asnpolicy — every target sets up .venv itself; `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# The interpreter that builds .venv: python3.11 when present, else python3 (checked to be >= 3.11).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
KERNEL := asnpolicy
SAMPLE := data/sample
SEED ?= 2026
REGIONS ?= bangko batanghari pauh bukittinggi
LANG_REPORT ?= id
PYTEST_ARGS ?=
BENCH_ARGS ?=

.PHONY: help setup test test-fast lint format data templates dictionary reports bench lab clean

help: ## List every target with one line each
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-12s %s\n", $$1, $$2}'

# Re-installs only when pyproject.toml is newer than the stamp.
$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "asnpolicy needs Python >= 3.11; found " + sys.version.split()[0] + " at " + sys.executable)'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	$(BIN)/python -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python (asnpolicy)" >/dev/null
	if [ -d .git ]; then $(BIN)/nbstripout --install; fi  # notebooks are committed without outputs
	touch $(STAMP)

setup: $(STAMP) ## Create .venv and install the package with its dev extras (only when pyproject.toml changed)

test: $(STAMP) ## Run the whole test suite (unit, property, CLI and the clean-clone end-to-end test)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-fast: $(STAMP) ## Run the suite without the slow end-to-end tests
	$(BIN)/python -m pytest -m "not slow" $(PYTEST_ARGS)

lint: $(STAMP) ## Check code style with ruff (lint and format)
	$(BIN)/ruff check asnpolicy tests benchmarks
	$(BIN)/ruff format --check asnpolicy tests benchmarks

format: $(STAMP) ## Fix what ruff can fix and format the code
	$(BIN)/ruff check --fix asnpolicy tests benchmarks
	$(BIN)/ruff format asnpolicy tests benchmarks

templates: $(STAMP) ## Write empty input templates (CSV per table + one XLSX workbook) to data/templates
	$(BIN)/asnpolicy templates data/templates

dictionary: $(STAMP) ## Regenerate data/README.md (the data dictionary) from the schemas
	$(BIN)/asnpolicy dictionary --out data/README.md

data: templates ## Write the synthetic sample data (four regions, seed 2026) to data/sample
	$(BIN)/asnpolicy data --out $(SAMPLE) --seed $(SEED)

reports: data ## Generate the sample data and run every notebook for every region into reports/
	$(BIN)/asnpolicy report --data $(SAMPLE) --region $(REGIONS) --lang $(LANG_REPORT) --out reports

bench: data ## Time every scenario against its floor (reports, national, interactive; ~35 min)
	$(BIN)/python -m benchmarks.run $(BENCH_ARGS)

lab: $(STAMP) ## Start JupyterLab with the project's kernel ("Python (asnpolicy)")
	$(BIN)/jupyter lab notebooks

clean: ## Remove .venv, generated data and reports
	rm -rf $(VENV) $(SAMPLE) reports/* .pytest_cache .ruff_cache
