# Quick start: `make run` (the main job) and `make test` (the whole suite). Each sets up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck pytest bench profile fuzz-long package clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/orderlens serve

test: lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	npx --yes web-ext@10.7.0 lint --source-dir extension --no-config-discovery

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python -m bench.bench_parser
	$(BIN)/python -m bench.bench_server

# Where analysing the link-heavy benchmark page spends its time (top functions by own and cumulative time).
profile: $(STAMP)
	$(BIN)/python -m bench.bench_parser --profile

# The long property-based profile (twenty times the examples, random each run); `make test` runs the short one.
fuzz-long: $(STAMP)
	ORDERLENS_FUZZ_PROFILE=long $(BIN)/pytest tests/parser/test_fuzz.py

# The browser zips dist/orderlens-{chromium,firefox}-<version>.zip, byte-identical for the same sources (docs/extension.md).
package:
	$(PYTHON) .ci/package

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
