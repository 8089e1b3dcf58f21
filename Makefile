# crisisdesk: `make demo` installs everything and runs the main job on the bundled examples;
# `make test` installs everything and runs the tests (.ci/run runs exactly that).
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
DB ?= crisisdesk.duckdb

.PHONY: install demo test lint bench clean

$(BIN)/crisisdesk: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

install: $(BIN)/crisisdesk

demo: install
	$(BIN)/crisisdesk ingest examples/articles --actors examples/actors.yaml --db $(DB)
	$(BIN)/crisisdesk report --db $(DB)

test: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/mypy src/crisisdesk

bench: install
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) $(DB) $(DB).wal build dist src/*.egg-info .pytest_cache
