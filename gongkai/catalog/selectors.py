"""Read-only queries of the catalog for the workbench and the API (the ``portal/queries.py`` rule).

Views and API endpoints call these and never build their own querysets: every staff read
starts from :func:`staff_items` (scoped to the user's unit and clearance), every public read
from :func:`published_items` (only published items leave it).
"""
from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from gongkai.units.scoping import get_or_refuse, scope

from .models import Attachment, Category, Interpretation, Item, ItemStatus

STAFF_JOINS = ("unit", "genre", "topic")
SEARCH_TEXT_MAX = 100


# ---------------------------------------------------------------- the workbench

def staff_items(user) -> QuerySet[Item]:
    """The items ``user`` may see: their unit's (and, for a supervisor, the units below)."""
    return scope(Item.objects.select_related(*STAFF_JOINS), user)


def staff_item(user, pk) -> Item:
    """One item: 404 for another unit's (not confirmed to exist), 403 (audited) for an own-unit
    item labelled above the user's clearance (安全标记)."""
    return get_or_refuse(Item.objects.select_related(*STAFF_JOINS), user, pk=pk)


def staff_item_list(user, *, status: str = "", unit: str = "", overdue: bool = False, q: str = "",
                    today: dt.date | None = None) -> QuerySet[Item]:
    """The workbench list: filtered by status, unit, 超期未发布 and a text in the title, 索引号 or 文号;
    newest change first. Unknown filter values are ignored."""
    items = staff_items(user)
    if status in ItemStatus.values:
        items = items.filter(status=status)
    if unit.isdigit():
        items = items.filter(unit_id=int(unit))
    if overdue and today is not None:
        items = items.overdue(today)
    q = q.strip()[:SEARCH_TEXT_MAX]
    if q:
        items = items.filter(Q(title__icontains=q) | Q(index_no__icontains=q) | Q(doc_number__icontains=q))
    return items.order_by("-updated_at", "-id")


def editable_copy(item: Item) -> Item:
    """A fresh instance of ``item`` for an edit form (the form changes it in place)."""
    return Item.objects.get(pk=item.pk)


def category_ids(item: Item) -> list[int]:
    return list(item.categories.values_list("pk", flat=True))


def document_ids(interpretation: Interpretation) -> list[int]:
    """The documents a 解读 explains."""
    return list(interpretation.documents.values_list("pk", flat=True))


def item_records(item: Item) -> dict:
    """What the item page lists beside the item: reviews, channels, attachments."""
    return {"reviews": item.reviews.select_related("reviewer"),
            "channels": item.channels.select_related("recorded_by"),
            "attachments": item.attachments.all()}


def released_interpretations(document: Item) -> int:
    """How many of the 解读 submitted with ``document`` were published with it (同步发布)."""
    from .interpretations import linked_in_review

    return linked_in_review(document).filter(status=ItemStatus.PUBLISHED).count()


def staff_attachment(user, pk) -> Attachment:
    """An attachment of an item the user may see (404 otherwise)."""
    return get_object_or_404(Attachment.objects.filter(item__in=staff_items(user)), pk=pk)


def downloadable_attachment(user, pk) -> Attachment:
    """An attachment of an item of the user's units, whatever its label: the caller checks the
    clearance against the item (an attachment carries its item's label)."""
    return get_object_or_404(Attachment.objects.filter(
        item__in=scope(Item.objects.all(), user, labels=False)).select_related("item"), pk=pk)


# ---------------------------------------------------------------- the API

def published_items() -> QuerySet[Item]:
    return Item.objects.published().select_related("unit", "topic", "genre")


def published_item(pk) -> Item:
    return get_object_or_404(published_items().prefetch_related("categories", "attachments"), pk=pk)


def filter_items(qs: QuerySet[Item], *, year: int | None = None, unit: int | None = None,
                 category: int | None = None, genre: int | None = None) -> QuerySet[Item]:
    if year:
        qs = qs.filter(published_date__year=year)
    if unit:
        qs = qs.filter(unit_id=unit)
    if category:
        qs = qs.filter(categories=category)
    if genre:
        qs = qs.filter(genre_id=genre)
    return qs


def published_list(**filters) -> QuerySet[Item]:
    return filter_items(published_items(), **filters).order_by("-published_date", "-id")


def staff_list(user, *, status: str | None = None, **filters) -> QuerySet[Item]:
    """The API's 工作台 list: the user's items (published or not), newest change first."""
    qs = filter_items(scope(Item.objects.select_related("unit"), user), **filters)
    return (qs.filter(status=status) if status else qs).order_by("-updated_at", "-id")


def staff_item_detail(user, pk) -> Item:
    qs = Item.objects.select_related("unit", "topic", "genre").prefetch_related("categories", "attachments")
    return get_or_refuse(qs, user, pk=pk)


def active_categories(scheme: str | None = None) -> QuerySet[Category]:
    qs = Category.objects.filter(is_active=True)
    return qs.filter(scheme=scheme) if scheme else qs
