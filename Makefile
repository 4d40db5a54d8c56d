# One task runner for people and CI. Every target sets up what it needs itself.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
BENCH_STAMP := $(VENV)/.installed-bench
OUT    ?= out

.PHONY: help install demo test test-fast lint typecheck imports check bench docs images clean

help:
	@echo "make demo   - set up .venv and run validate + render + diff on the bundled example"
	@echo "make test   - set up .venv and run the whole test suite (lint, types, imports, pytest, notebooks)"
	@echo "make test-fast - the edit loop: pytest without the tests marked slow (no lint, no notebooks)"
	@echo "make bench  - run the benchmarks (not part of make test)"
	@echo "make docs   - regenerate docs/rules.md and docs/schemas/ from the code"
	@echo "make images - regenerate the README's pictures (docs/images/)"

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/python examples/demo.py $(OUT)

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks examples scripts
	$(BIN)/ruff format --check src tests benchmarks examples scripts

typecheck: $(STAMP)
	$(BIN)/mypy

# the architecture: import-linter contracts in pyproject.toml ([tool.importlinter])
imports: $(STAMP)
	$(BIN)/lint-imports --no-cache

# -n auto: one pytest worker per core (pytest-xdist)
test: lint typecheck imports
	$(BIN)/python -m pytest -n auto --nbmake tests notebooks

test-fast: $(STAMP)
	$(BIN)/python -m pytest -n auto -m "not slow" tests

# the bench extra (deepdiff, the diff benchmark's baseline) only for benchmarks: make test and
# make demo never need it
$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	@touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	$(BIN)/python benchmarks/run.py

docs: $(STAMP)
	$(BIN)/python -m liveflow_graph.validation.docs docs/rules.md
	$(BIN)/python -m liveflow_graph.validation.schema docs/schemas/report.schema.json

images: $(STAMP)
	$(BIN)/python scripts/readme_images.py

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .mypy_cache .ruff_cache
