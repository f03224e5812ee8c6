PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: install serve test lint typecheck unit webunit clients e2e screenshots web schema clean bench chaos fuzz

$(INSTALLED): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is required (set PYTHON=...)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(INSTALLED)

install: $(INSTALLED)

# The browser app: npm ci when the lock changed, a build when a source did.
WEB_INSTALLED := web/node_modules/.installed
WEB_BUILT := web/dist/.built
# (src/gql and src/console/gql are generated from schema.graphql by the build itself.)
WEB_SOURCES := $(shell find web/src \( -path web/src/gql -o -path web/src/console/gql \) -prune \
	-o -type f -print 2>/dev/null) \
	$(wildcard web/*.html) web/vite.config.ts web/tsconfig.json web/codegen.ts schema.graphql

$(WEB_INSTALLED): web/package-lock.json
	cd web && npm ci --no-audit --no-fund --loglevel=error
	touch $(WEB_INSTALLED)

$(WEB_BUILT): $(WEB_INSTALLED) $(WEB_SOURCES)
	cd web && npm run --silent build -- --logLevel warn
	touch $(WEB_BUILT)

web: $(WEB_BUILT)

# Apollo Client and urql against a real server (tests/clients, packages of its own).
CLIENTS_INSTALLED := tests/clients/node_modules/.installed

$(CLIENTS_INSTALLED): tests/clients/package-lock.json
	cd tests/clients && npm ci --no-audit --no-fund --loglevel=error
	touch $(CLIENTS_INSTALLED)

HOST ?= 127.0.0.1
PORT ?= 8000

# The URLs the server and the CLI print follow the address served, unless set.
serve: export SLOTLINK_PUBLIC_URL ?= http://$(HOST):$(PORT)

serve: $(INSTALLED) $(WEB_BUILT)
	$(BIN)/slotlink migrate
	$(BIN)/slotlink seed-demo
	$(BIN)/slotlink serve --host $(HOST) --port $(PORT)

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(INSTALLED) $(WEB_INSTALLED) $(CLIENTS_INSTALLED)
	$(BIN)/mypy .
	cd web && npm run --silent typecheck
	cd tests/clients && npm run --silent typecheck

# Two worker processes (each with its own PostgreSQL database and SQLite copies); a test
# module's tests stay on one worker. PYTEST_WORKERS=0 runs them in this process.
PYTEST_WORKERS ?= 2
unit: $(INSTALLED) $(WEB_BUILT)
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadscope

# The browser app's unit tests (Vitest), its bundle size included.
webunit: $(WEB_BUILT)
	cd web && npx vitest run

clients: $(INSTALLED) $(WEB_BUILT) $(CLIENTS_INSTALLED)
	cd tests/clients && SLOTLINK=$(abspath $(BIN))/slotlink npm test --silent

# Browser tests: a real server driven in Debian's Chromium (CHROMIUM_PATH to use another).
e2e: $(INSTALLED) $(WEB_BUILT)
	cd web && SLOTLINK=$(abspath $(BIN))/slotlink npx playwright test

# Rewrites the README's pictures of the pages (docs/screenshots/).
screenshots: $(INSTALLED) $(WEB_BUILT)
	cd web && UPDATE_SCREENSHOTS=1 SLOTLINK=$(abspath $(BIN))/slotlink npx playwright test e2e/booking.spec e2e/manage.spec e2e/console.spec \
		e2e/console-calendar.spec

test: lint typecheck unit webunit clients e2e

schema: $(INSTALLED)
	$(BIN)/slotlink export-schema --out schema.graphql

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache *.egg-info web/node_modules web/dist \
		tests/clients/node_modules tests/clients/generated

bench: $(INSTALLED)
	$(BIN)/python -m bench

# Faults at full length, each printing its figures: kills, the full booking storm, cut database
# connections, SIGTERM
# under load, a full disk, another process holding SQLite's lock, a dispatcher losing its
# connection (make test runs a short version of each).
chaos: $(INSTALLED)
	SLOTLINK_CHAOS_KILLS=20 SLOTLINK_CHAOS_CUTS=20 SLOTLINK_CHAOS_SIGTERMS=5 \
	SLOTLINK_STORM_CALLS_PER_TOKEN=200 $(BIN)/pytest -s \
		tests/booking/test_crash_recovery.py tests/booking/test_connection_cuts.py \
		"tests/booking/test_booking_concurrency.py::test_each_single_use_token_gives_exactly_one_booking" \
		tests/operations/test_graceful_stop.py tests/transport/test_storage_full.py \
		tests/transport/test_sqlite_busy.py tests/webhooks/test_dispatcher_recovery.py

fuzz: $(INSTALLED)
	SLOTLINK_FUZZ_EXAMPLES=1000 SLOTLINK_MODEL_EXAMPLES=200 SLOTLINK_MODEL_STEPS=50 \
	SLOTLINK_FUZZ_CONCURRENT_REQUESTS=150 \
		$(BIN)/pytest tests/transport/test_fuzz_api.py tests/booking/test_model_state_machine.py \
		tests/transport/test_document_measure_properties.py \
		"tests/transport/test_rate_limits.py::test_concurrent_lookups_never_fail_more_often_than_the_limit"
