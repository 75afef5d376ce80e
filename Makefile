# PUG Portal — two commands: `make run` (serve with demo data) and `make test`.
# Everything the project needs is installed from here; no manual steps.

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

# The first interpreter on PATH that is Python >= 3.11.
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	  command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null \
	  && { command -v $$p; break; }; done)

.PHONY: run test venv dev-venv migrate demo lint format messages check-python clean

check-python:
	@if [ -z "$(PYTHON)" ]; then \
	  echo "PUG Portal needs Python 3.11 or newer; none found on PATH (tried python3.13, python3.12, python3.11, python3)." >&2; \
	  echo "Install one (e.g. 'apt-get install python3') or run: make PYTHON=/path/to/python3.11 run" >&2; exit 1; fi

$(VENV)/.runtime.stamp: requirements.txt | check-python
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.dev.stamp: requirements-dev.txt $(VENV)/.runtime.stamp
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

venv: $(VENV)/.runtime.stamp
dev-venv: $(VENV)/.dev.stamp

migrate: venv
	$(PY) manage.py migrate --no-input
	$(PY) manage.py createcachetable

demo: migrate
	$(PY) manage.py seed_demo

## Set up and serve the portal with demo data on http://127.0.0.1:8000, with the
## background-report worker (manage.py db_worker) running next to it
run: demo
	@echo "PUG Portal: http://$(HOST):$(PORT)/  (demo users in README.md)"
	@echo "Background reports: db_worker started next to the web server (stops with it)"
	@$(PY) manage.py db_worker --no-reload --interval 1 & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	  $(PY) manage.py runserver $(HOST):$(PORT)

## Set up and run every check and test (SQLite unless DATABASE_URL says otherwise)
test: dev-venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djhtml --check templates
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest

lint: dev-venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djhtml --check templates

format: dev-venv
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	$(VENV)/bin/djhtml templates

## Refresh the .po files from the source and compile them (commit both)
messages: dev-venv
	$(PY) manage.py makemessages -l en --no-obsolete --ignore=.venv
	$(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
