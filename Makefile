# daihoi — the commands a newcomer needs. `make run` and `make test` are the README's two.
VENV    ?= .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed-stamp
PYTHON  ?= python3

.PHONY: setup run demo test test-fast test-nightly test-sqlite test-postgres lint bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml scripts/setup-system.sh scripts/setup-venv.sh
	PYTHON=$(PYTHON) scripts/setup-system.sh
	PYTHON=$(PYTHON) VENV=$(VENV) scripts/setup-venv.sh

## The main job: the web application on SQLite with demo data, at http://127.0.0.1:8000/
run: setup
	$(BIN)/daihoi web serve

## The counting demo: a sample election, its ballots, the count and the minutes in out/demo
demo: setup
	$(BIN)/daihoi demo out/demo

## Lint, types, import contracts, then the whole suite on SQLite and on PostgreSQL
test: setup lint
	scripts/run-tests.sh

test-fast: setup
	scripts/run-tests.sh fast

test-nightly: setup
	scripts/run-tests.sh nightly

test-sqlite: setup
	scripts/run-tests.sh sqlite

test-postgres: setup
	scripts/run-tests.sh postgres

lint: setup
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

## Benchmarks; the dashboard one needs PostgreSQL (started here if none answers)
bench: setup
	base=$$(scripts/ensure-postgres.sh) && \
	  DATABASE_URL=$${DATABASE_URL:-$${base%/*}/daihoi_bench} $(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache out
