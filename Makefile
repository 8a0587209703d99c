# The two commands a new user needs: `make run` and `make test`. Both set everything up first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST_PORT ?= 127.0.0.1:8000

.PHONY: run test setup migrate demo lint format browser-deps

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "jxjy needs Python 3.11 or newer")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

setup: $(VENV)/.installed

migrate: setup
	@mkdir -p data
	$(PY) manage.py migrate --noinput -v 0
	$(PY) manage.py load_regions

# Demo data only into an empty database: a second `make run` keeps what you changed.
demo: migrate
	$(PY) manage.py load_demo --if-empty

# The background worker (imports, big exports) runs beside the web server and stops with it (Ctrl-C).
# jobs_recover first queues again any job a previous worker left half-done; it resumes from its
# checkpoint; jobs_purge deletes the files of jobs past their keeping time. In production run
# `manage.py db_worker` as its own service, and `jobs_recover` and `jobs_purge` from cron.
run: demo
	$(PY) manage.py demo_logins
	$(PY) manage.py jobs_recover
	$(PY) manage.py jobs_purge
	bash -c '$(PY) manage.py db_worker --no-reload & worker=$$!; trap "kill $$worker 2>/dev/null; wait $$worker" EXIT; $(PY) manage.py runserver $(HOST_PORT)'

# One pytest worker per core (pytest-xdist): the suite is a few minutes serial, half that on two cores.
test: setup
	$(PY) -m pytest -n auto

lint: setup
	$(VENV)/bin/ruff check jxjy benchmarks
	$(VENV)/bin/ruff format --check jxjy benchmarks

format: setup
	$(VENV)/bin/ruff format jxjy benchmarks
	$(VENV)/bin/ruff check --fix jxjy benchmarks
