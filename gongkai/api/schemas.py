import datetime as dt

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
    notice_start: dt.date | None      # 公示期 (inclusive), for a 公示
    notice_end: dt.date | None
    notice_period_ended: bool         # published after its 公示期 had ended (the portal says so too)
    body: str
    attachments: list[AttachmentOut]

    @staticmethod
    def resolve_notice_period_ended(obj):
        return obj.published_after_notice_ended

    @staticmethod
    def resolve_topic(obj):
        return obj.topic.name if obj.topic_id else None

    @staticmethod
    def resolve_genre(obj):
        return obj.genre.name if obj.genre_id else None

    @staticmethod
    def resolve_categories(obj):
        return [c.name for c in obj.categories.all()]

    @staticmethod
    def resolve_attachments(obj):
        return _attachments(obj, "portal:attachment")


class WorkItemDetail(ItemDetail):
    """The same, with staff download links (drafts' attachments are not public)."""

    @staticmethod
    def resolve_attachments(obj):
        return _attachments(obj, "catalog:attachment")


def _attachments(item, download_view: str) -> list[AttachmentOut]:
    """The item's attachments with their download links.

    django-ninja calls only static (or instance) ``resolve_*`` methods; a classmethod was
    silently skipped, so ``url`` was missing and every item with an attachment answered 500.
    """
    return [AttachmentOut(id=a.pk, name=a.name, kind=a.kind, size=a.size,
                          url=reverse(download_view, args=[a.pk])) for a in item.attachments.all()]


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
