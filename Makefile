# gongkai — two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
ADDR   ?= 127.0.0.1:8000
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/test

.PHONY: install sysdeps run test test-fast test-sqlite test-postgres lint lock manifest bench fuzz clean

install: $(VENV)/.installed

# constraints.txt pins every package of a working install (`make lock` rewrites it), so a fresh
# install next year gets the versions the tests passed with.
$(VENV)/.installed: pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "gongkai needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $@

# 可信验证: record the SM3 manifest of the installed package (into the venv, never a tracked file);
# run it at release/deploy time, then `gongkai verify-install` checks the files and the policy row.
manifest: install
	$(BIN)/gongkai verify-install --write

lock: install
	$(BIN)/pip freeze --exclude-editable --exclude gongkai | sed '/^-e /d' > constraints.txt
	@echo "constraints.txt rewritten: commit it with the change that needed it"

sysdeps:
	@sh scripts/sysdeps.sh

run: install sysdeps
	$(BIN)/gongkai demo --addr $(ADDR)

test: install sysdeps
	@BIN=$(BIN) PG_TEST_URL="$(PG_TEST_URL)" sh scripts/test_all.sh

# The guard rails (docs/development.md): lint and security rules, strict types on the business rules,
# the import contracts, no model change without its migration. pre-commit runs the same.
lint: install
	$(BIN)/ruff check gongkai tests bench scripts
	$(BIN)/mypy
	$(BIN)/lint-imports
	env -u DATABASE_URL DJANGO_SETTINGS_MODULE=gongkai.settings_test $(BIN)/python -m django makemigrations --check --dry-run

# The quick loop: business rules and services on SQLite, two workers, no browser, CLI or slow tests.
FAST_TESTS ?= tests/domain tests/workdays tests/applications tests/catalog tests/units tests/workplan tests/disputes tests/duties
test-fast: install
	env -u DATABASE_URL $(BIN)/pytest -n 2 -m "not browser and not slow and not cli" $(FAST_TESTS)

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

# Screenshots for docs/guide.md, taken by the browser tests (never by `make test`).
docs-images: install sysdeps
	env -u DATABASE_URL GONGKAI_DOCS_IMAGES=1 $(BIN)/pytest tests/e2e -m browser

bench: install
	$(BIN)/python bench/pii.py
	$(BIN)/python bench/search.py
	$(BIN)/python bench/reports.py
	sh scripts/sysdeps.sh bench && $(BIN)/pip install --quiet -e '.[bench]' && $(BIN)/python bench/watch.py

# Long fuzzing (docs/fuzzing.md): every hypothesis fuzz target with FUZZ_EXAMPLES examples, then
# each atheris (libFuzzer) target for FUZZ_SECONDS; a crash input is written to var/fuzz/.
FUZZ_EXAMPLES ?= 5000
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= docx docx-xml xlsx xlsx-xml pdf report-pdf report-docx report-html report-text ledger ledger-xml holiday-csv watch-html archive
fuzz: install
	$(BIN)/pip install --quiet -e '.[fuzz]'
	GONGKAI_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) env -u DATABASE_URL $(BIN)/pytest tests/fuzz -p no:randomly -W ignore::hypothesis.errors.HypothesisWarning
	@mkdir -p var/fuzz
	@for t in $(FUZZ_TARGETS); do echo "== atheris $$t ($(FUZZ_SECONDS) s)"; \
		$(BIN)/python -m tests.fuzz.atheris_run $$t -max_total_time=$(FUZZ_SECONDS) -artifact_prefix=var/fuzz/crash-$$t- \
			> var/fuzz/$$t.log 2>&1; rc=$$?; grep -E "^Done|Uncaught|written to" var/fuzz/$$t.log; \
		test $$rc -eq 0 || { echo "atheris $$t found a crash: see var/fuzz/$$t.log"; exit 1; }; done

clean:
	rm -rf $(VENV) var build *.egg-info
