# TroCap — `make run` starts everything; `make test` checks everything.
PYTHON_BIN ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export PORT
# Every process of `make run` gets the same public address: the worker builds links, QR codes
# and the settlement office's callback address from SITE_URL.
SITE_URL ?= http://127.0.0.1:$(PORT)
export SITE_URL

# --- The processes of `make serve` / `make run` / `make dev` (deploy/supervisord.conf) -----------
# Every port follows PORT, so two checkouts run side by side (README, "Ports").
MOCK_VNEID_PORT ?= $(shell expr $(PORT) + 1)
SIMULATOR_PORT ?= $(shell expr $(PORT) + 10)
INSTITUTION_PORT ?= $(shell expr $(PORT) + 11)
TROCAP_VAR_DIR ?= $(CURDIR)/var
SUPERVISOR_SOCKET ?= $(TROCAP_VAR_DIR)/supervisor.sock
# The mock VNeID runs as its own process unless VNEID_ISSUER names another provider; the
# simulator unless SETTLEMENT_OFFICE_URL names another office; Redis unless REDIS_URL is set.
ifeq ($(origin VNEID_ISSUER),undefined)
STACK_VNEID_ISSUER := http://127.0.0.1:$(MOCK_VNEID_PORT)/mock-vneid
STACK_MOCK_VNEID_PROCESS := true
else
STACK_VNEID_ISSUER := $(VNEID_ISSUER)
STACK_MOCK_VNEID_PROCESS := false
endif
ifeq ($(origin SETTLEMENT_OFFICE_URL),undefined)
STACK_SETTLEMENT_OFFICE_URL := http://127.0.0.1:$(SIMULATOR_PORT)
STACK_SIMULATOR_PROCESS := true
else
STACK_SETTLEMENT_OFFICE_URL := $(SETTLEMENT_OFFICE_URL)
STACK_SIMULATOR_PROCESS := false
endif
# The training-institution stand-in (training_institution/) unless TRAINING_INSTITUTION_URL is set.
ifeq ($(origin TRAINING_INSTITUTION_URL),undefined)
STACK_TRAINING_INSTITUTION_URL := http://127.0.0.1:$(INSTITUTION_PORT)
STACK_INSTITUTION_PROCESS := true
else
STACK_TRAINING_INSTITUTION_URL := $(TRAINING_INSTITUTION_URL)
STACK_INSTITUTION_PROCESS := false
endif
STACK_EMBEDDED_REDIS := $(if $(REDIS_URL)$(CELERY_BROKER_URL),false,true)
NPROC := $(shell nproc 2>/dev/null || echo 2)
STACK_ENV = TROCAP_VAR_DIR=$(TROCAP_VAR_DIR) SUPERVISOR_SOCKET=$(SUPERVISOR_SOCKET) \
	VENV_BIN=$(CURDIR)/$(VENV)/bin VENV_PYTHON=$(CURDIR)/$(PY) \
	MOCK_VNEID_PORT=$(MOCK_VNEID_PORT) SIMULATOR_PORT=$(SIMULATOR_PORT) \
	VNEID_ISSUER=$(STACK_VNEID_ISSUER) SETTLEMENT_OFFICE_URL=$(STACK_SETTLEMENT_OFFICE_URL) \
	SIMULATOR_PROCESS=$(STACK_SIMULATOR_PROCESS) TROCAP_EMBEDDED_REDIS=$(STACK_EMBEDDED_REDIS) \
	INSTITUTION_PORT=$(INSTITUTION_PORT) INSTITUTION_PROCESS=$(STACK_INSTITUTION_PROCESS) \
	TRAINING_INSTITUTION_URL=$(STACK_TRAINING_INSTITUTION_URL) \
	MOCK_VNEID_WORKERS=$${MOCK_VNEID_WORKERS:-2} \
	CELERY_INTERACTIVE_CONCURRENCY=$${CELERY_INTERACTIVE_CONCURRENCY:-4} \
	CELERY_BULK_CONCURRENCY=$${CELERY_BULK_CONCURRENCY:-$(NPROC)}
# serve: gunicorn for the portal and the mock (the portal calls the mock over HTTP, as VNeID).
SERVE_ENV = $(STACK_ENV) MOCK_VNEID_PROCESS=$(STACK_MOCK_VNEID_PROCESS) \
	WEB_MOCK_VNEID_ENABLED=false \
	WEB_COMMAND="$(CURDIR)/$(VENV)/bin/gunicorn portal.wsgi --config deploy/gunicorn.conf.py --bind 127.0.0.1:$(PORT) --name trocap-web-$(PORT)"
# dev: runserver with reload and DEBUG, the mock mounted in the portal (one process to edit).
DEV_ENV = $(STACK_ENV) MOCK_VNEID_PROCESS=false WEB_MOCK_VNEID_ENABLED=true DJANGO_DEBUG=true \
	VNEID_ISSUER=$(if $(filter true,$(STACK_MOCK_VNEID_PROCESS)),$(SITE_URL)/mock-vneid,$(STACK_VNEID_ISSUER)) \
	WEB_COMMAND="$(CURDIR)/$(PY) manage.py runserver 127.0.0.1:$(PORT)"
SUPERVISORD = $(VENV)/bin/supervisord -c deploy/supervisord.conf
# Commands run before the supervisor is up (demo data) get the embedded Redis for their duration.
WITH_BROKER = $(if $(filter true,$(STACK_EMBEDDED_REDIS)),env TROCAP_VAR_DIR=$(TROCAP_VAR_DIR) $(PY) -P portal/embedded_redis.py exec --)

.PHONY: setup run serve dev ctl test lint typecheck migrations-check pytest demo messages clean

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

## run: set up, load the demo data, then `make serve` on the embedded defaults
run: setup
	$(WITH_BROKER) $(PY) manage.py demo_data $(DEMO_DATA_ARGS)
	@mkdir -p $(TROCAP_VAR_DIR)/log
	env $(SERVE_ENV) TROCAP_DEMO_STACK=$${TROCAP_DEMO_STACK:-true} $(SUPERVISORD)

## serve: the production-like processes on the databases and broker the environment names
## (gunicorn portal + mock VNeID, Celery interactive and bulk workers, beat, the simulator,
## the embedded Redis without REDIS_URL), restarted one by one when they crash. Touches no data.
serve:
	@mkdir -p $(TROCAP_VAR_DIR)/log
	env $(SERVE_ENV) $(SUPERVISORD)

## dev: the same processes, but runserver (reload, DEBUG on) with the mock mounted in-process
dev: setup
	@mkdir -p $(TROCAP_VAR_DIR)/log
	env $(DEV_ENV) $(SUPERVISORD)

## ctl: supervisorctl of the running stack, e.g. make ctl ARGS="status" or ARGS="restart web"
ctl:
	env $(STACK_ENV) $(VENV)/bin/supervisorctl -c deploy/supervisord.conf $(ARGS)

## test: ruff, mypy, makemigrations --check and the whole pytest suite (browser tests included)
test: setup lint typecheck migrations-check pytest

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck:
	$(VENV)/bin/mypy portal common identity eligibility claims settlement_office training_institution employers stats training jobs demo

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
