# SSC Portal: `make run` serves the demo, `make test` runs the suite. See README.md.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
# Without DATABASE_URL the portal uses SQLite; without REDIS_URL tasks run in-process.
RUN_ENV := DEBUG=$${DEBUG:-1}

.PHONY: install run test lint lint-ruff lint-format lint-layers lint-types check smoke bench wordmark-print vendor-pdfjs vendor-axe clean

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

# The suite runs in TEST_PROCESSES processes (pytest-xdist); tests/shared_processes.py keeps together
# the tests that share one process. `make test TEST_PROCESSES=0` runs it in this one.
TEST_PROCESSES ?= 2

test: install
	$(BIN)/python -m pytest -n $(TEST_PROCESSES) $(PYTEST_ARGS)

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

# The smoke run on another Python (3.13 by default; the portal supports 3.11 to 3.13): a venv
# of its own installed from the same lock files, make run's steps without serving, on a SQLite
# database, media folder and signing key of its own, with tasks in-process; then the golden
# test of the seed Headlines. CI runs it after the suite: `make smoke`.
# pyenv's 3.13 where there is one (its shim runs only the version pyenv is set to), else PATH's.
SMOKE_PYTHON ?= $(firstword $(wildcard $(HOME)/.pyenv/versions/3.13*/bin/python3.13) python3.13)
SMOKE_VENV := .venv313
SMOKE_DIR := $(abspath $(SMOKE_VENV))/smoke
SMOKE_ENV := DATABASE_URL=sqlite:///$(SMOKE_DIR)/db.sqlite3 REDIS_URL= MEDIA_ROOT=$(SMOKE_DIR)/media \
	HEADLINES_SIGNING_KEY=$(SMOKE_DIR)/signing/key.pem \
	HEADLINES_SIGNING_CERT=$(SMOKE_DIR)/signing/cert.pem HEADLINES_SIGNING_KEY_PASSPHRASE=

$(SMOKE_VENV)/bin/python:
	$(SMOKE_PYTHON) -m venv $(SMOKE_VENV)

# The lock files pin every package, dependencies included: no resolving, and `pip check`
# proves the set consistent. Bytecode is compiled as it is first imported.
$(SMOKE_VENV)/.installed: requirements.lock requirements-dev.lock | $(SMOKE_VENV)/bin/python
	$(SMOKE_VENV)/bin/python -m pip install --quiet --no-compile --no-deps -r requirements-dev.lock
	$(SMOKE_VENV)/bin/python -m pip check
	touch $@

smoke: $(SMOKE_VENV)/.installed
	$(SMOKE_VENV)/bin/python --version
	rm -rf $(SMOKE_DIR) && mkdir -p $(SMOKE_DIR)
	$(SMOKE_ENV) DEBUG=1 $(SMOKE_VENV)/bin/python manage.py migrate --noinput -v 0
	$(SMOKE_ENV) DEBUG=1 $(SMOKE_VENV)/bin/python manage.py make_signing_key
	$(SMOKE_ENV) DEBUG=1 $(SMOKE_VENV)/bin/python manage.py seed_demo > $(SMOKE_DIR)/seed_demo.log
	grep -q "Headlines published at /headlines/SSC/89/" $(SMOKE_DIR)/seed_demo.log
	$(SMOKE_ENV) $(SMOKE_VENV)/bin/python -m pytest -q -p no:randomly -p no:cacheprovider \
		tests/headlines/test_headlines_golden.py

# Needs a local PostgreSQL (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/
# sscportal_bench, created by the bench) and wrk. BENCH_SCALE=large for the large data set.
bench: install
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(BIN)/python bench/run.py --scale $${BENCH_SCALE:-small}

# The PDFs' wordmark, static/img/wordmark-print.png: static/img/wordmark.svg drawn once at print
# resolution (tools/print_wordmark.py). Run it after any change to the SVG; a test says when.
wordmark-print: install
	command -v pdftocairo >/dev/null || (apt-get update -qq && apt-get install -y -qq poppler-utils)
	$(BIN)/python tools/print_wordmark.py

# The paper reader's PDF.js, from the npm registry: the files static/vendor/pdfjs/README.md
# lists, copied unchanged, then checked against static/vendor/pdfjs/SHA256SUMS.
PDFJS_VERSION := 6.5.438
PDFJS_DIR := static/vendor/pdfjs
vendor-pdfjs:
	@set -e; work=$$(mktemp -d); trap 'rm -rf "$$work"' EXIT; \
	(cd "$$work" && npm pack --silent pdfjs-dist@$(PDFJS_VERSION) >/dev/null && \
	  tar xzf pdfjs-dist-$(PDFJS_VERSION).tgz); \
	package="$$work/package"; mkdir -p $(PDFJS_DIR)/wasm; \
	cp "$$package"/legacy/build/pdf.min.mjs "$$package"/legacy/build/pdf.worker.min.mjs \
	  "$$package"/LICENSE $(PDFJS_DIR)/; \
	for name in openjpeg_nowasm_fallback.js jbig2_nowasm_fallback.js LICENSE_OPENJPEG \
	  LICENSE_PDFJS_OPENJPEG LICENSE_JBIG2 LICENSE_PDFJS_JBIG2; do \
	  cp "$$package/wasm/$$name" $(PDFJS_DIR)/wasm/; done; \
	cd $(PDFJS_DIR) && sha256sum --quiet -c SHA256SUMS && echo "PDF.js $(PDFJS_VERSION) vendored and checked."

# axe-core, the accessibility checker the browser tests run in each page, from the npm
# registry: test-only, kept out of static/ so that the portal never serves it. The files
# tests/system/browser/vendor/axe-core/README.md lists, copied unchanged, then checked.
AXE_VERSION := 4.14.1
AXE_DIR := tests/system/browser/vendor/axe-core
vendor-axe:
	@set -e; work=$$(mktemp -d); trap 'rm -rf "$$work"' EXIT; \
	(cd "$$work" && npm pack --silent axe-core@$(AXE_VERSION) >/dev/null && \
	  tar xzf axe-core-$(AXE_VERSION).tgz); \
	mkdir -p $(AXE_DIR); \
	cp "$$work"/package/axe.min.js "$$work"/package/LICENSE "$$work"/package/LICENSE-3RD-PARTY.txt \
	  $(AXE_DIR)/; \
	cd $(AXE_DIR) && sha256sum --quiet -c SHA256SUMS && echo "axe-core $(AXE_VERSION) vendored and checked."

clean:
	rm -rf $(VENV) $(SMOKE_VENV) staticfiles .pytest_cache .mypy_cache
