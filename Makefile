# Safe in the City portal. `make help` lists the targets.
.DEFAULT_GOAL := help
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export FLASK_APP := wsgi.py

.PHONY: help install run test lint typecheck pytest translations compile-translations bench bench-quick bench-tools screenshots assets clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-22s %s\n", $$1, $$2}'

$(STAMP): setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP) ## Create .venv and install the portal with its test tools

compile-translations: $(STAMP) ## Compile the catalogues (.po to .mo)
	$(BIN)/pybabel compile -d translations > /dev/null

run: install compile-translations ## Migrate the SQLite database and start the web app and the intake worker on http://127.0.0.1:5000
	PORTAL_CONFIG=development $(BIN)/flask db upgrade
	PORTAL_CONFIG=development scripts/run.sh

lint: install ## ruff check and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install ## mypy on portal/
	$(BIN)/mypy portal

pytest: install compile-translations ## The test suite alone
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test: lint typecheck pytest ## Lint, type-check and run the whole suite (PostgreSQL too when TEST_DATABASE_URL is set)

translations: install ## Extract strings, update every catalogue, compile
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_ngettext:1,2 --no-location --sort-output --omit-header -o translations/messages.pot .
	$(BIN)/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching --no-wrap --ignore-pot-creation-date
	$(MAKE) compile-translations

bench-tools: install
	$(BIN)/pip install --quiet -e '.[test,bench]'

bench: bench-tools compile-translations ## Benchmarks on PostgreSQL and Redis beside a bare Flask ceiling (about 20 minutes); results written to docs/performance.md
	$(BIN)/python -m bench.run

bench-quick: bench-tools compile-translations ## Every benchmark at small sizes (under two minutes); prints, writes nothing
	$(BIN)/python -m bench.run --quick

screenshots: install compile-translations ## Screenshots in English and Arabic into docs/screenshots/
	$(BIN)/python -m pytest tests/e2e/test_screenshots.py -q -p no:cacheprovider

assets: ## Rebuild the GOV.UK Frontend assets from npm (pinned versions)
	bash assets/build.sh

clean: ## Remove the virtualenv and caches (keeps instance/)
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
