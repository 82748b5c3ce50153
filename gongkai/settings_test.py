"""Settings for the test suite: production settings with a fast password hasher.

Hashing with PBKDF2 costs ~0.5 s per test user; tests of the production hashers
override PASSWORD_HASHERS themselves. Like every ``gongkai`` command, the test run
prepares its data dir (GONGKAI_DATA_DIR, default ./var) before the settings read it:
pytest-django loads these settings before any conftest could.
"""
from gongkai import environment

environment.prepare_data_dir()

from gongkai.settings import *  # noqa: E402, F403
from gongkai.settings import PASSWORD_HASHERS as _PRODUCTION_HASHERS  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *_PRODUCTION_HASHERS]

# The portal's page cache survives a test's rolled-back transaction (its generation does not): off in
# tests, on in the tests of the cache (tests/portal/test_page_cache.py) and in the topology test's servers.
GONGKAI_PORTAL_CACHE_SECONDS = 0
