# SSC Portal: `make run` serves the demo, `make test` runs the suite. See README.md.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
# Without DATABASE_URL the portal uses SQLite; without REDIS_URL tasks run in-process.
RUN_ENV := DEBUG=$${DEBUG:-1}

.PHONY: install run test lint lint-ruff lint-format lint-layers lint-types check bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)

$(VENV)/.installed: requirements.lock requirements-dev.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.lock
	touch $@

install: $(VENV)/.installed

# make_signing_key writes the development signing key and certificate into .dev/signing/
# (ignored by git) unless they exist: published Headlines are signed with them.
run: install
	$(RUN_ENV) $(BIN)/python manage.py migrate --noinput
	$(RUN_ENV) $(BIN)/python manage.py make_signing_key --common-name "SSC Portal (development)"
	$(RUN_ENV) $(BIN)/python manage.py seed_demo
	$(RUN_ENV) $(BIN)/python manage.py runserver 127.0.0.1:8000

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Every check runs, even after one fails, so that one run shows all there is to fix.
lint: install
	@$(MAKE) --no-print-directory --keep-going lint-ruff lint-format lint-layers lint-types

lint-ruff:
	$(BIN)/ruff check .

lint-format:
	$(BIN)/ruff format --check .

# The layers of docs/ARCHITECTURE.md, as contracts in pyproject.toml ([tool.importlinter]).
lint-layers:
	$(BIN)/lint-imports --no-cache

# Types of classification, the services and the tasks (pyproject.toml, [tool.mypy]). The
# django-stubs plugin loads the settings, which need DEBUG (or a SECRET_KEY).
lint-types:
	$(RUN_ENV) $(BIN)/mypy

check: install
	$(RUN_ENV) $(BIN)/python manage.py check
	$(RUN_ENV) $(BIN)/python manage.py makemigrations --check --dry-run

# Needs a local PostgreSQL (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/
# sscportal_bench, created by the bench) and wrk. BENCH_SCALE=large for the large data set.
bench: install
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(BIN)/python bench/run.py --scale $${BENCH_SCALE:-small}

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .mypy_cache
