# Lazos — every set-up step is a target here. `make help` lists them.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
LAZOS := $(BIN)/lazos
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
# One test process per core (see conftest.py for what each process builds once); a process
# that runs out of tests takes half of another's remaining ones (worksteal), so the long tests
# at the end (browser, API fuzz) do not leave a core idle.
PYTEST_PARALLEL ?= -n auto --dist worksteal

.DEFAULT_GOAL := help
.PHONY: help run install install-test migrate reference demo backup serve test test-sqlite test-postgres test-deploy \
	test-databases lint format typecheck messages lock screenshot openapi bench soak clean

help: ## List the targets
	@echo "Lazos — make targets:"
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | sort | \
		awk 'BEGIN {FS = ":.*?## "}; {printf "  %-15s %s\n", $$1, $$2}'

$(VENV)/pyvenv.cfg:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Lazos needs Python 3.11 or newer (set PYTHON=python3.x)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(VENV)/pyvenv.cfg requirements/lock.txt pyproject.toml
	$(BIN)/pip install --quiet --require-hashes -r requirements/lock.txt
	$(BIN)/pip install --quiet --no-deps -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed requirements/test.txt
	$(BIN)/pip install --quiet --require-hashes -r requirements/test.txt
	@touch $@

install: $(VENV)/.installed ## Create .venv and install Lazos from the lock file

install-test: $(VENV)/.installed-test ## Install the test and lint tools too

migrate: install ## Create or upgrade the database (SQLite under var/ by default)
	$(LAZOS) migrate --no-input

reference: migrate ## Load reference data: SDGs, subdivisions, GeoNames cities (idempotent)
	$(LAZOS) load_reference --cities

demo: reference ## Load the demo governments and accounts (idempotent)
	$(LAZOS) demo

backup: install ## Back up the database and uploads to var/backups/ (see docs/operations.md)
	mkdir -p var/backups
	$(LAZOS) backup var/backups/lazos-$$(date +%Y-%m-%d-%H%M%S).zip

serve: install ## Serve on http://$(HOST):$(PORT) with a job worker, without loading anything
	$(LAZOS) run $(HOST):$(PORT)

run: demo ## Install, migrate, load the demo and serve it on http://127.0.0.1:8000 with a job worker (Ctrl-C stops both)
	@echo ""
	@echo "  Lazos is starting at http://$(HOST):$(PORT)/ with a job worker beside it"
	@echo "  Demo logins (password: lazos-demo): admin, coordinator, editor, viewer; claire (Lac-Saint-Amand)"
	@echo "  The worker produces the demo's reports first (Jobs page: /jobs/)."
	@echo ""
	$(LAZOS) run $(HOST):$(PORT)

test: install-test ## Run the whole suite in parallel, list the 20 slowest tests (DATABASE_URL=postgres://… for PostgreSQL)
	$(BIN)/pytest $(PYTEST_PARALLEL) --durations=20 $(PYTEST_ARGS)

test-databases: install-test ## Migrate the test databases' template once, ahead of make test (CI does it while it lints)
	$(LAZOS) shell --no-imports -c "from lazos.core.testing.databases import build_template; print('test database template:', build_template())"

test-deploy: install-test ## Install the wheel into a fresh venv as docs/deployment.md says, serve it with gunicorn (about a minute)
	$(BIN)/pytest -m deploy tests/deploy -n 0 -s $(PYTEST_ARGS)

lint: install-test ## ruff (lint and format), mypy, makemigrations --check, the committed API schema
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy lazos tests conftest.py
	$(LAZOS) makemigrations --check --dry-run
	@schema=$$(mktemp --suffix=.yaml) && \
	$(LAZOS) spectacular --validate --fail-on-warn --file $$schema && \
	{ cmp -s $$schema docs/openapi.yaml || { rm -f $$schema; echo "docs/openapi.yaml is out of date: run make openapi"; exit 1; }; } && \
	rm -f $$schema

openapi: install ## Regenerate the committed API schema docs/openapi.yaml (fails on any warning)
	$(LAZOS) spectacular --validate --fail-on-warn --file docs/openapi.yaml

format: install-test ## Format and auto-fix the code with ruff
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

typecheck: install-test ## mypy with django-stubs
	$(BIN)/mypy lazos tests conftest.py

messages: install ## Update the translation catalogs (needs GNU gettext) and compile them
	cd lazos && ../$(LAZOS) makemessages -l es -l fr -l pt --no-obsolete --add-location=file
	cd lazos && ../$(LAZOS) compilemessages

lock: install ## Re-pin requirements/*.txt from pyproject.toml
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --python-version 3.11 --generate-hashes -o requirements/lock.txt
	$(BIN)/uv pip compile pyproject.toml --extra test --python-version 3.11 --generate-hashes -o requirements/test.txt

# The HTTP harness (bench/harness.py): BENCH_PRESET is a `lazos synth` preset (tiny, small, medium, full).
BENCH_PRESET ?= small
bench: install-test ## HTTP harness on gunicorn + PostgreSQL + Redis (BENCH_PRESET=small), then the in-process benchmarks (bench/README.md)
	$(BIN)/python bench/harness.py --preset $(BENCH_PRESET)
	for b in bench/[a-z]*_*.py; do case $$b in bench/http_*) continue;; esac; $(BIN)/python $$b || exit 1; done

# The soak (bench/soak.py): DURATION seconds of load from CLIENTS clients.
DURATION ?= 600
CLIENTS ?= 16
soak: install-test ## Mixed load on gunicorn + PostgreSQL, production settings (DURATION=600 CLIENTS=16; bench/README.md)
	$(BIN)/python bench/soak.py --duration $(DURATION) --clients $(CLIENTS)

screenshot: install-test ## Take docs/screenshot.png of the demo (needs chromium)
	$(BIN)/python scripts/screenshot.py docs/screenshot.png /agreements/

clean: ## Remove .venv, the database and collected files under var/
	rm -rf $(VENV) var
