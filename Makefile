PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: install serve test lint typecheck unit schema clean bench chaos fuzz

$(INSTALLED): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is required (set PYTHON=...)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(INSTALLED)

install: $(INSTALLED)

HOST ?= 127.0.0.1
PORT ?= 8000

# The URLs the server and the CLI print follow the address served, unless set.
serve: export SLOTLINK_PUBLIC_URL ?= http://$(HOST):$(PORT)

serve: $(INSTALLED)
	$(BIN)/slotlink migrate
	$(BIN)/slotlink seed-demo
	$(BIN)/slotlink serve --host $(HOST) --port $(PORT)

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(INSTALLED)
	$(BIN)/mypy .

unit: $(INSTALLED)
	$(BIN)/pytest

test: lint typecheck unit

schema: $(INSTALLED)
	$(BIN)/slotlink export-schema --out schema.graphql

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache *.egg-info

bench: $(INSTALLED)
	$(BIN)/python -m bench

chaos: $(INSTALLED)
	SLOTLINK_CHAOS_KILLS=20 $(BIN)/pytest tests/booking/test_crash_recovery.py

fuzz: $(INSTALLED)
	SLOTLINK_FUZZ_EXAMPLES=1000 SLOTLINK_MODEL_EXAMPLES=200 SLOTLINK_MODEL_STEPS=50 \
	SLOTLINK_FUZZ_CONCURRENT_REQUESTS=150 \
		$(BIN)/pytest tests/transport/test_fuzz_api.py tests/booking/test_model_state_machine.py \
		tests/transport/test_document_measure_properties.py \
		"tests/transport/test_rate_limits.py::test_concurrent_lookups_never_fail_more_often_than_the_limit"
