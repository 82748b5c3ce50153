"""Shared fixtures: a small county tree and users for every role.

Run on PostgreSQL by setting DATABASE_URL (``make test`` does both).
"""
import os
import re

import pytest

from gongkai.units.models import Role, Unit, UnitKind, User

PASSWORD = "test-pass-9137"


@pytest.fixture
def county(db):
    return Unit.objects.create(name="示范县人民政府", code="T1000", kind=UnitKind.COUNTY)


@pytest.fixture
def street(county):
    return Unit.objects.create(name="城关街道办事处", code="T1100", kind=UnitKind.SUBDISTRICT, parent=county)


@pytest.fixture
def town(county):
    return Unit.objects.create(name="河口镇人民政府", code="T1200", kind=UnitKind.TOWNSHIP, parent=county)


@pytest.fixture
def village(town):
    return Unit.objects.create(name="河口镇柳树村村民委员会", code="T1201", kind=UnitKind.VILLAGE, parent=town)


@pytest.fixture
def make_user(db):
    def make(unit, role=Role.CLERK, username=None, **extra):
        username = username or f"{role}-{unit.code}-{User.objects.count()}"
        return User.objects.create_user(username=username, password=PASSWORD, unit=unit, role=role,
                                        full_name=extra.pop("full_name", username), **extra)
    return make


@pytest.fixture
def street_clerk(make_user, street):
    return make_user(street, Role.CLERK, "street_clerk", full_name="张晓")


@pytest.fixture
def street_reviewer(make_user, street):
    return make_user(street, Role.REVIEWER, "street_reviewer", full_name="李审")


@pytest.fixture
def street_admin(make_user, street):
    return make_user(street, Role.UNIT_ADMIN, "street_admin", full_name="王管")


@pytest.fixture
def town_clerk(make_user, town):
    return make_user(town, Role.CLERK, "town_clerk", full_name="赵镇")


@pytest.fixture
def town_reviewer(make_user, town):
    return make_user(town, Role.REVIEWER, "town_reviewer", full_name="钱审")


@pytest.fixture
def supervisor(make_user, county):
    return make_user(county, Role.SUPERVISOR, "supervisor", full_name="孙督")


@pytest.fixture(scope="session", autouse=True)
def _client_login_with_second_factor():
    """Every staff URL needs TOTP: test log-ins complete it through django-otp (tests/otp_login.py)."""
    from django.test.client import ClientMixin

    from tests import otp_login

    original = otp_login.install()
    yield
    ClientMixin.login = original


@pytest.fixture(scope="session")
def django_db_modify_db_settings(tmp_path_factory):
    """SQLite tests use a real file (not shared-cache memory) so that concurrent
    connections lock and queue exactly as they do in production."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.sqlite3":
        db.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("db") / "test.sqlite3")


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files of a test go to its own temp dir, never into var/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(scope="session", autouse=True)
def _flush_past_audit_triggers():
    """Transactional tests end with a flush (DELETE FROM every table on SQLite), which the
    append-only triggers rightly refuse. Let the test-only flush drop and re-create them.

    PostgreSQL's own flush is one TRUNCATE of every table, which the row triggers allow but which
    costs ~3 s a test (a new file for every table and index); on the few rows a test leaves,
    DELETE FROM each table is ~10 times faster. Its foreign keys are deferred to the flush's commit."""
    import importlib

    from django.db import connection

    guard = importlib.import_module("gongkai.units.migrations.0002_audit_append_only")
    notes = importlib.import_module("gongkai.monitoring.migrations.0002_audit_note_append_only")  # alerts
    if connection.vendor == "postgresql":
        from django.db.backends.postgresql.operations import DatabaseOperations as PostgresOperations

        truncate = PostgresOperations.sql_flush

        def delete_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
            if not tables or reset_sequences:
                return truncate(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
            return [*guard.DROP["postgresql"], *notes.DROP["postgresql"], "SET CONSTRAINTS ALL DEFERRED",
                    *(f"DELETE FROM {self.quote_name(table)}" for table in tables),
                    *guard.POSTGRES, *notes.POSTGRES]

        PostgresOperations.sql_flush = delete_flush
        yield
        PostgresOperations.sql_flush = truncate
        return
    if connection.vendor != "sqlite":
        yield
        return
    from django.db.backends.sqlite3.operations import DatabaseOperations

    original = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *args, **kwargs):
        statements = original(self, style, tables, *args, **kwargs)
        if not statements:
            return statements
        return guard.DROP["sqlite"] + notes.DROP["sqlite"] + statements + guard.SQLITE + notes.SQLITE

    DatabaseOperations.sql_flush = sql_flush
    yield
    DatabaseOperations.sql_flush = original


@pytest.fixture(scope="session", autouse=True)
def _crypto_keys(tmp_path_factory):
    """A keyring of the test run's own (gongkai.crypto.keys): never the developer's var/keys."""
    import os

    from gongkai.crypto import keys

    saved = {name: os.environ.get(name) for name in ("GONGKAI_KEY_DIR", keys.KEK_ENV)}
    os.environ["GONGKAI_KEY_DIR"] = str(tmp_path_factory.mktemp("keys"))
    os.environ.pop(keys.KEK_ENV, None)
    keys.init()
    yield
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


# Markers by place, so `make test-fast` can leave out what is slow without editing every module.
_SLOW_PLACES = ("tests/fuzz/", "tests/realdata/", "tests/e2e/", "tests/security/test_authorization_matrix.py",
                "tests/security/test_bounds.py", "tests/security/test_backup_roundtrip.py",
                "tests/security/test_watch_retry", "tests/api/test_schemathesis")


# `make test` runs the suite once per database (scripts/test_all.sh). A test that cannot reach the database
# needs only one of the two runs: GONGKAI_TEST_DB_FREE=elsewhere (set for the PostgreSQL run) leaves it out.
# Such a test asks for no database fixture and has no django_db mark — pytest-django then refuses every query
# in the process, whatever thread makes it — and its module neither starts a process (which could open a
# connection of its own from DATABASE_URL) nor reads the database settings. docs/development.md.
_DB_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback", "live_server"}
_REACHES_THE_DATABASE_OTHERWISE = re.compile(
    r"subprocess|Popen|sys\.executable|multiprocessing|os\.fork|os\.exec|DATABASE|postgres|sqlite|\.vendor\b")


def _db_free(item, modules: dict) -> bool:
    if _DB_FIXTURES & set(getattr(item, "fixturenames", ())) or item.get_closest_marker("django_db"):
        return False
    path = getattr(item, "path", None)
    if path is None:
        return False
    if path not in modules:
        modules[path] = not _REACHES_THE_DATABASE_OTHERWISE.search(path.read_text(encoding="utf-8"))
    return modules[path]


def pytest_collection_modifyitems(config, items):
    for item in items:
        place = item.nodeid.replace("\\", "/")
        if place.startswith("tests/cli/"):
            item.add_marker(pytest.mark.cli)
        if place.startswith(_SLOW_PLACES):
            item.add_marker(pytest.mark.slow)
    share = os.environ.get("GONGKAI_TEST_DB_FREE", "run")
    if share not in ("run", "elsewhere"):
        raise pytest.UsageError(f"GONGKAI_TEST_DB_FREE is 'run' (default) or 'elsewhere', not {share!r}")
    if share == "elsewhere":
        modules: dict = {}
        left = [item for item in items if _db_free(item, modules)]
        if left:
            config.hook.pytest_deselected(items=left)
            items[:] = [item for item in items if not _db_free(item, modules)]
