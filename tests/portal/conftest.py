"""Fixtures for the public portal: items made straight through the ORM, and an HTML checker."""
from __future__ import annotations

import datetime as dt
import hashlib
import itertools
from html.parser import HTMLParser

import pytest
from django.core.files.base import ContentFile

from gongkai.catalog.models import Attachment, Category, Channel, ChannelPublication, Item, ItemStatus

_serial = itertools.count(1)


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def category():
    """A seeded category by scheme and code, e.g. category("statutory", "ART20-01")."""
    def get(scheme, code):
        return Category.objects.get(scheme=scheme, code=code)
    return get


@pytest.fixture
def make_item(street_clerk):
    """An item created directly in the database; published unless told otherwise."""
    def make(title="关于做好城乡居民最低生活保障工作的通知", *, unit=None, status=ItemStatus.PUBLISHED,
             published=dt.date(2024, 5, 20), written=None, categories=(), body=None, **fields):
        unit = unit or street_clerk.unit
        written = written or (published or dt.date(2024, 5, 1)) - dt.timedelta(days=5)
        body = body if body is not None else f"<p>{title}。本通知自发布之日起施行。</p>"
        item = Item.objects.create(
            unit=unit, index_no=f"{unit.code}/{written.year}-{next(_serial):05d}", title=title,
            publisher=fields.pop("publisher", unit.name), written_date=written,
            published_date=published if status in (ItemStatus.PUBLISHED, ItemStatus.WITHDRAWN) else None,
            body=body, body_text=fields.pop("body_text", title), status=status, created_by=street_clerk,
            **fields)
        if categories:
            item.categories.set(categories)
        return item
    return make


@pytest.fixture
def add_attachment():
    def add(item, name="附件1：申请表.pdf", data=b"%PDF-1.4\n% portal test\n%%EOF\n", kind="pdf"):
        digest = hashlib.sha256(data + name.encode()).hexdigest()
        att = Attachment(item=item, name=name, kind=kind, size=len(data), sha256=digest)
        att.file.save(f"{digest}.{kind}", ContentFile(data), save=False)
        att.save()
        return att
    return add


@pytest.fixture
def add_channel(street_clerk):
    def add(item, channel=Channel.NOTICE_BOARD, on=None, note=""):
        return ChannelPublication.objects.create(item=item, channel=channel, published_on=on or item.published_date,
                                                 note=note, recorded_by=street_clerk)
    return add


@pytest.fixture
def indexed():
    """Index items for full-text search (the search module is the catalog's)."""
    from gongkai.catalog import search

    def index(*items):
        for item in items:
            search.index_item(item)
        return items
    return index


# ---------------------------------------------------------------- HTML checks

class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.label_for: set[str] = set()
        self._open_labels = 0
        self.controls_in_label: set[int] = set()
        self.text_by_tag: dict[int, str] = {}
        self._stack: list[int] = []

    def handle_starttag(self, tag, attrs):
        attrs = {k: (v or "") for k, v in attrs}
        self.tags.append((tag, attrs))
        index = len(self.tags) - 1
        if tag == "label":
            self._open_labels += 1
            if attrs.get("for"):
                self.label_for.add(attrs["for"])
        if tag in ("input", "select", "textarea") and self._open_labels:
            self.controls_in_label.add(index)
        if tag in ("h1", "h2", "h3", "a", "th", "caption", "button"):
            self._stack.append(index)
            self.text_by_tag[index] = ""

    def handle_endtag(self, tag):
        if tag == "label":
            self._open_labels = max(0, self._open_labels - 1)
        if self._stack and self.tags[self._stack[-1]][0] == tag:
            self._stack.pop()

    def handle_data(self, data):
        for index in self._stack:
            self.text_by_tag[index] += data


class Page:
    """A parsed page with the accessibility facts the tests check."""

    def __init__(self, html: str):
        self.html = html
        self.parser = _Collector()
        self.parser.feed(html)

    def find(self, tag, **attrs):
        return [a for t, a in self.parser.tags if t == tag and all(a.get(k) == v for k, v in attrs.items())]

    def texts(self, tag):
        return [self.parser.text_by_tag.get(i, "").strip() for i, (t, _) in enumerate(self.parser.tags) if t == tag]

    def links(self, prefix=""):
        """(href, text) of every link whose href starts with prefix."""
        return [(a.get("href", ""), self.parser.text_by_tag.get(i, "").strip())
                for i, (t, a) in enumerate(self.parser.tags) if t == "a" and a.get("href", "").startswith(prefix)]

    def item_titles(self):
        """Titles of the item links on the page, in order."""
        return [text for _, text in self.links("/items/")]

    def unlabelled_controls(self):
        out = []
        for index, (tag, attrs) in enumerate(self.parser.tags):
            if tag not in ("input", "select", "textarea"):
                continue
            if attrs.get("type") in ("hidden", "submit", "button", "reset"):
                continue
            labelled = (attrs.get("id") in self.parser.label_for or index in self.parser.controls_in_label
                        or attrs.get("aria-label") or attrs.get("aria-labelledby"))
            if not labelled:
                out.append((tag, attrs))
        return out

    def headers_without_scope(self):
        return [a for a in self.find("th") if a.get("scope") not in ("col", "row", "colgroup", "rowgroup")]


@pytest.fixture
def parse():
    """HTML text → Page."""
    return Page


@pytest.fixture
def page_of(client):
    """GET a URL, assert 200, return a Page."""
    def get(url, status=200):
        response = client.get(url)
        assert response.status_code == status, (url, response.status_code)
        return Page(response.content.decode())
    return get
