"""What the benchmarks share: the PostgreSQL admin connection used to create and drop their databases."""
from __future__ import annotations

PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"


def pg_admin(sql: str) -> bool:
    """Run one statement as the PostgreSQL admin; False (and a line saying why) when it cannot."""
    try:
        import psycopg
        with psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=3) as conn:
            conn.execute(sql)
        return True
    except Exception as exc:  # any failure means: PostgreSQL is not usable for the bench
        print(f"PostgreSQL: skipped — it does not answer at {PG_ADMIN_URL} ({exc.__class__.__name__}: {exc})")
        return False
