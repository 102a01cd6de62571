# The two commands a newcomer needs: `make run` and `make test`. See README.md.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run test up down install install-test messages migrate demo lint bench-scheduling bench-scoring bench-consortia bench-directory bench-matching bench-load clean

$(PY):
	@interpreter=$$(scripts/find-python) && echo "Creating $(VENV) with $$interpreter" && "$$interpreter" -m venv $(VENV)
	@$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(PY) -m pip install --quiet -e ".[test]"
	@touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

messages: $(VENV)/.installed
	@$(PY) manage.py compilemessages --ignore "$(VENV)" --ignore var -v0

migrate: $(VENV)/.installed
	$(PY) manage.py migrate --no-input -v1

demo: migrate
	$(PY) manage.py seed_demo

## make run: the embedded setup (SQLite, tasks inline, demo data) on 127.0.0.1:8000
run: messages demo
	@$(PY) manage.py demo_logins
	$(PY) manage.py runserver $(HOST):$(PORT)

## make test: the whole suite (PostgreSQL/Redis when DATABASE_URL/REDIS_URL are set)
test: $(VENV)/.installed-test messages
	$(PY) -m pytest $(PYTEST_ARGS)

## make up: the production-like stack with docker compose
up:
	@grep -qs '^SECRET_KEY=' .env || { echo "SECRET_KEY=$$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')" >> .env && echo "Wrote a new random SECRET_KEY to .env"; }
	docker compose up --build -d
	@echo "Open http://127.0.0.1:8000 (mail: http://127.0.0.1:8025)"

down:
	docker compose down

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run

bench-scheduling: $(VENV)/.installed
	$(PY) benchmarks/bench_scheduling.py

bench-scoring: $(VENV)/.installed
	$(PY) benchmarks/bench_scoring_core.py

bench-consortia: $(VENV)/.installed
	$(PY) benchmarks/bench_consortia.py

clean:
	rm -rf $(VENV) var/db.sqlite3* var/staticfiles

## Benchmarks that need PostgreSQL use BENCH_DATABASE_URL (default: local postgres, db bench)
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/bench
bench-directory: $(VENV)/.installed
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) benchmarks/bench_directory.py

## make bench-matching: full rescore of 10,000 SMEs × 2,000 demand projects on PostgreSQL
## with two Celery workers on Redis (BENCH_REDIS_URL); writes var/bench/matching.json
BENCH_REDIS_URL ?= redis://127.0.0.1:6379/1
bench-matching: $(VENV)/.installed
	DATABASE_URL=$(BENCH_DATABASE_URL) REDIS_URL=$(BENCH_REDIS_URL) $(PY) benchmarks/bench_matching.py

## make bench-load: gunicorn on PostgreSQL with the demo data scaled to 10,000 SMEs, driven
## by wrk (installed with apt if missing); writes var/bench/load.json
bench-load: $(VENV)/.installed
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) benchmarks/bench_load.py
