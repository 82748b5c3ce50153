#!/bin/sh
# `make test`: the whole suite on SQLite and, when it answers, on PostgreSQL — both at once, one per
# core (each run is single-threaded and they share nothing: separate databases, data dirs and queues).
# Each run's output is printed whole when it ends; the exit status fails if either run failed.
# A test that cannot reach the database runs once, in the SQLite run: the PostgreSQL run leaves it out
# (GONGKAI_TEST_DB_FREE=elsewhere, tests/conftest.py; docs/development.md).
set -u
BIN=${BIN:-.venv/bin}
PG_TEST_URL=${PG_TEST_URL:-postgres://postgres@127.0.0.1:5432/test}
logs=$(mktemp -d)
run() {  # name, database url ("" for SQLite)
    mkdir -p "$logs/$1"
    if [ -n "$2" ]; then
        GONGKAI_DATA_DIR="$logs/$1" DATABASE_URL="$2" GONGKAI_TEST_DB_FREE=elsewhere "$BIN/pytest" -o cache_dir="var/pytest-cache/$1" >"$logs/$1.log" 2>&1
    else
        env -u DATABASE_URL GONGKAI_DATA_DIR="$logs/$1" "$BIN/pytest" -o cache_dir="var/pytest-cache/$1" >"$logs/$1.log" 2>&1
    fi
    echo $? >"$logs/$1.rc"
}
run sqlite "" &
if "$BIN/python" scripts/pg_ready.py "$PG_TEST_URL"; then
    run postgres "$PG_TEST_URL" &
    pg=yes
else
    pg=no
fi
wait
status=0
echo "== tests on SQLite =="
cat "$logs/sqlite.log"
[ "$(cat "$logs/sqlite.rc")" = 0 ] || status=1
if [ "$pg" = yes ]; then
    echo "== tests on PostgreSQL ($PG_TEST_URL) =="
    cat "$logs/postgres.log"
    [ "$(cat "$logs/postgres.rc")" = 0 ] || status=1
else
    echo "SKIPPED: PostgreSQL does not answer at $PG_TEST_URL; the suite ran on SQLite only"
fi
rm -rf "$logs"
exit $status
