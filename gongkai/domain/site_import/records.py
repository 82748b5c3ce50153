"""What is read from one detail page (信息详情页) of an old site."""
from __future__ import annotations

import datetime
from dataclasses import dataclass

__all__ = ["Attachment", "DetailRecord"]


@dataclass(frozen=True)
class Attachment:
    """A linked file (附件): absolute URL and the name the page gives it."""

    url: str
    name: str


@dataclass(frozen=True)
class DetailRecord:
    """One item as the old site shows it. Text fields are the raw values ("" when absent); the
    taxonomies (主题分类, 体裁, 有效性) are mapped by the importer, never here. ``problems`` are
    Chinese messages naming each missing or unreadable field."""

    url: str
    title: str
    index_number: str
    doc_number: str
    publisher: str
    written_on: datetime.date | None
    published_on: datetime.date | None
    topic: str
    genre: str
    validity: str
    body_html: str
    attachments: tuple[Attachment, ...]
    problems: tuple[str, ...]
    # every label/value pair read from the metadata area, in page order (公开方式, 关键词 … included)
    fields: tuple[tuple[str, str], ...] = ()
    column: str = ""              # the column name the page gives (<meta name="ColumnName">, 栏目)
