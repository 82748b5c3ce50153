import datetime as dt
from typing import ClassVar

from django.urls import reverse
from ninja import Schema


class CategoryOut(Schema):
    id: int
    scheme: str
    code: str
    name: str
    parent_id: int | None


class ItemSummary(Schema):
    id: int
    index_no: str
    title: str
    doc_number: str
    publisher: str
    unit: str
    written_date: dt.date
    published_date: dt.date | None
    validity: str
    status: str

    @staticmethod
    def resolve_unit(obj):
        return obj.unit.name


class AttachmentOut(Schema):
    id: int
    name: str
    kind: str
    size: int
    url: str


class ItemDetail(ItemSummary):
    topic: str | None
    genre: str | None
    categories: list[str]
    disclosure_mode: str
    disclosure_scope: str
    repealed_date: dt.date | None
    body: str
    attachments: list[AttachmentOut]

    @staticmethod
    def resolve_topic(obj):
        return obj.topic.name if obj.topic_id else None

    @staticmethod
    def resolve_genre(obj):
        return obj.genre.name if obj.genre_id else None

    @staticmethod
    def resolve_categories(obj):
        return [c.name for c in obj.categories.all()]

    download_view: ClassVar[str] = "portal:attachment"

    @classmethod
    def resolve_attachments(cls, obj):
        return [AttachmentOut(id=a.pk, name=a.name, kind=a.kind, size=a.size,
                              url=reverse(cls.download_view, args=[a.pk])) for a in obj.attachments.all()]


class WorkItemDetail(ItemDetail):
    """The same, with staff download links (drafts' attachments are not public)."""

    download_view: ClassVar[str] = "catalog:attachment"


class SearchHitOut(Schema):
    item: ItemSummary
    title_html: str
    snippet_html: str
    rank: float


class SearchOut(Schema):
    query: str
    total: int
    page: int
    per_page: int
    message: str
    hits: list[SearchHitOut]


class ErrorOut(Schema):
    detail: str
