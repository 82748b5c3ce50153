"""Fixtures for the site import (站点导入) tests.

``cms_site(layout)`` starts the generated old site (tests/siteimport/sitegen.py) in one of the
layouts "hanweb", "trs", "kpy", "jpage" on 127.0.0.1 and returns a ``sitegen.CmsSite``: ``.start_url`` (the
column's first list page), ``.base``, ``.items`` (the expected ``SiteItem``s, newest first, with
their attachments' bytes and sha256), ``.detail_url(item)``, ``.file_url(item, f)``, ``.broken_url``
(linked from the first list page, answers HTTP 500), ``.list_urls()``, ``.alter(item, body_html)``
and ``.site`` (the server, with ``.requests`` recorded). The server stops after the test.

As in tests/watch, 127.0.0.1 is declared internal to the outbound guard (OUTBOUND_INTERNAL_HOSTS)
for these tests only."""
from __future__ import annotations

import pytest

from tests.siteimport import sitegen

LOCAL = ["127.0.0.1:*", "localhost:*"]


@pytest.fixture(autouse=True)
def local_servers_are_internal(settings, monkeypatch):
    settings.OUTBOUND_INTERNAL_HOSTS = LOCAL
    monkeypatch.setenv("GONGKAI_OUTBOUND_INTERNAL_HOSTS", ",".join(LOCAL))   # for a CLI run in a subprocess


@pytest.fixture
def cms_site():
    started = []

    def start(layout: str) -> sitegen.CmsSite:
        cms, site = sitegen.start(layout)
        site.__enter__()
        started.append(site)
        return cms

    yield start
    for site in started:
        site.__exit__(None, None, None)
