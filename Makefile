# TroCap — `make run` starts everything; `make test` checks everything.
PYTHON_BIN ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export PORT
# Every process of `make run` gets the same public address: honcho gives each process its own
# PORT (8000, 8100, ...), and the worker builds links, QR codes and the settlement office's
# callback address from SITE_URL.
SITE_URL ?= http://127.0.0.1:$(PORT)
export SITE_URL

.PHONY: setup run test lint typecheck migrations-check pytest demo messages clean

$(VENV)/.installed: pyproject.toml
	@command -v $(PYTHON_BIN) >/dev/null || { echo "Python 3.11 is needed ($(PYTHON_BIN) not found)"; exit 1; }
	test -x $(PY) || $(PYTHON_BIN) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

## setup: virtualenv, dependencies, migrations of both databases, development keys (idempotent)
setup: $(VENV)/.installed
	$(PY) manage.py ensure_databases
	$(PY) manage.py migrate --noinput --verbosity 0
	$(PY) manage.py migrate --noinput --verbosity 0 --database social_security
	$(PY) manage.py dev_keys

## run: set up, load the demo data, start web + Celery worker + beat (+ the embedded stand-ins)
run: setup
	$(PY) manage.py demo_data
	$(VENV)/bin/honcho start -f Procfile.dev

## test: ruff, mypy, makemigrations --check and the whole pytest suite (browser tests included)
test: setup lint typecheck migrations-check pytest

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck:
	$(VENV)/bin/mypy portal identity eligibility claims settlement_office

migrations-check:
	$(PY) manage.py makemigrations --check --dry-run

pytest:
	$(VENV)/bin/pytest $(PYTEST_ARGS)

## messages: extract and compile translations (needs GNU gettext)
messages:
	$(PY) manage.py makemessages -l en --ignore '.venv/*' --ignore 'var/*'
	$(PY) manage.py compilemessages -l en --ignore '.venv/*'

clean:
	rm -rf var staticfiles
