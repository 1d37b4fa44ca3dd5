# Quick start: `make run` (the server; `make run PORT=8800` for another port), `make token` (the pairing
# token) and `make test` (the whole suite). Each sets up .venv first: the shopper's targets install only
# what the server needs; the test tooling (pytest, Playwright, mypy, ...) comes with `make test`.
PYTHON ?= python3
# Set on the command line only (make run PORT=8800): a PORT in the environment is ignored.
PORT :=
VENV := .venv
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.installed-run
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: run token test lint typecheck pytest bench profile fuzz-long package clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(RUN_STAMP): pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/pip install --quiet -c constraints.txt -e .
	touch $@

$(DEV_STAMP): $(RUN_STAMP)
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

run: $(RUN_STAMP)
	$(BIN)/orderlens serve $(if $(PORT),--port $(PORT))

# Only the token on stdout, so `make -s token | xclip` and the like work.
token: $(RUN_STAMP)
	@$(BIN)/orderlens token

test: lint typecheck pytest

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	npx --yes web-ext@10.7.0 lint --source-dir extension --no-config-discovery

typecheck: $(DEV_STAMP)
	$(BIN)/mypy

pytest: $(DEV_STAMP)
	$(BIN)/pytest

bench: $(DEV_STAMP)
	$(BIN)/python -m bench.bench_parser
	$(BIN)/python -m bench.bench_server
	$(BIN)/python -m bench.bench_extension

# Where analysing the link-heavy benchmark page spends its time (top functions by own and cumulative time);
# READER=generic profiles the same page with its classes renamed, read by meaning.
profile: $(DEV_STAMP)
	$(BIN)/python -m bench.bench_parser --profile $(or $(READER),layout)

# The long property-based profile (twenty times the examples, random each run); `make test` runs the short one.
fuzz-long: $(DEV_STAMP)
	ORDERLENS_FUZZ_PROFILE=long $(BIN)/pytest tests/parser/test_fuzz.py

# The browser zips dist/orderlens-{chromium,firefox}-<version>.zip, byte-identical for the same sources (docs/extension.md).
package:
	$(PYTHON) .ci/package

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
