# gongkai — two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
ADDR   ?= 127.0.0.1:8000
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/test

.PHONY: install sysdeps run test test-sqlite test-postgres bench clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "gongkai needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

sysdeps:
	@sh scripts/sysdeps.sh

run: install sysdeps
	$(BIN)/gongkai demo --addr $(ADDR)

test: install sysdeps test-sqlite test-postgres

test-sqlite: install
	@echo "== tests on SQLite =="
	env -u DATABASE_URL $(BIN)/pytest

test-postgres: install
	@if $(BIN)/python scripts/pg_ready.py "$(PG_TEST_URL)"; then \
		echo "== tests on PostgreSQL ($(PG_TEST_URL)) =="; \
		DATABASE_URL="$(PG_TEST_URL)" $(BIN)/pytest; \
	else \
		echo "SKIPPED: PostgreSQL does not answer at $(PG_TEST_URL); the suite ran on SQLite only"; \
	fi

bench: install
	$(BIN)/python bench/search.py
	$(BIN)/python bench/reports.py
	sh scripts/sysdeps.sh bench && $(BIN)/pip install --quiet -e '.[bench]' && $(BIN)/python bench/watch.py

clean:
	rm -rf $(VENV) var build *.egg-info
