"""Headless Debian chromium, driven by Playwright, against pytest-django's live server."""
import importlib
import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# to set up data are still ordinary synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

DOCS_IMAGES = Path(__file__).resolve().parents[2] / "docs" / "images"
# `make docs-images` refreshes the guide's screenshots; `make test` only checks that pages render
# and writes its screenshots outside the tree, so a test run never changes tracked files.
SCREENSHOTS = DOCS_IMAGES if os.environ.get("GONGKAI_DOCS_IMAGES") == "1" else Path(
    os.environ.get("GONGKAI_SCREENSHOT_DIR", "/tmp/gongkai-screenshots"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if not executable:
        pytest.fail("Debian's chromium is not installed: run `make test` (it installs it) or apt-get install chromium")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900},
                                  base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def seeded(transactional_db):
    """Transactional tests empty every table between tests; put the seeded taxonomies back."""
    from django.apps import apps

    importlib.import_module("gongkai.catalog.migrations.0003_seed_categories").seed_categories(apps, None)


def shoot(page, name: str, full_page: bool = True) -> None:
    """Screenshots for docs/guide.md are taken here, by the tests, so they never go stale."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page)
