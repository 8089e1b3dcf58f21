# crisisdesk: `make demo` installs everything and runs the main job on the bundled examples;
# `make test` installs everything and runs the tests (.ci/run runs exactly that).
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
DB ?= crisisdesk.duckdb

.PHONY: install demo test lint bench clean browser

$(BIN)/crisisdesk: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

install: $(BIN)/crisisdesk

demo: install
	$(BIN)/crisisdesk ingest examples/articles --actors examples/actors.yaml --db $(DB)
	$(BIN)/crisisdesk report --db $(DB)

test: install browser
	$(BIN)/python -m pytest

# The browser tests drive Debian's chromium through Playwright (Playwright's own browser download
# needs the internet); install it where it is missing and we may (CI runs as root).
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
		echo "installing Debian's chromium for the browser tests"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium) \
		|| echo "could not install chromium: the browser tests will be skipped (and fail under CI)"; \
	fi

lint: install
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/mypy src/crisisdesk

bench: install
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) $(DB) $(DB).wal build dist src/*.egg-info .pytest_cache
