"""Exit 0 when the PostgreSQL named by the URL answers, 1 otherwise (used by `make test`)."""
import sys

import psycopg

try:
    url = sys.argv[1].replace("postgres://", "postgresql://", 1)
    psycopg.connect(url, connect_timeout=3).close()
except Exception:
    sys.exit(1)
