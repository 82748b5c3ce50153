"""Fixtures shared by the catalog tests."""
from __future__ import annotations

import pytest
from django.db import connection

from gongkai.catalog.search.engines import current_engine


@pytest.fixture
def pg_engine():
    """The PostgreSQL search engine; the test is skipped on another database."""
    if connection.vendor != "postgresql":
        pytest.skip("the PostgreSQL engine")
    return current_engine()
