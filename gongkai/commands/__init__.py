"""Sub-commands of ``gongkai``. Helpers shared by them live here."""
from __future__ import annotations


class CommandError(Exception):
    """A user error: printed as one line on stderr, exit status ``status``."""

    def __init__(self, message: str, status: int = 2):
        super().__init__(message)
        self.status = status


def setup_django(migrate_embedded: bool = True) -> None:
    """Load Django. On the embedded SQLite default an unmigrated database is
    migrated first, so that a fresh checkout's commands just work; a server
    database (PostgreSQL) is never changed without ``gongkai migrate``."""
    from gongkai import environment

    environment.default_settings_module()
    environment.prepare_data_dir()  # the data dir and its secret key, before settings read them
    import django

    django.setup()
    if migrate_embedded:
        ensure_migrated()


def ensure_migrated() -> None:
    from django.conf import settings
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if not pending:
        return
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        raise CommandError("the database has unapplied migrations; run 'gongkai migrate' first")
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
