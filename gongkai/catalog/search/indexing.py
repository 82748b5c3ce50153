"""Keeping the search index current (index upkeep), the same for every engine.

The catalog services call :func:`index_item` after publish, withdraw and edit, and
:func:`remove_item` on delete. :func:`connect_signals` (to be called from
``CatalogConfig.ready()``) also indexes on ``post_save``/``post_delete`` of Item and
on changes of its categories (m2m), so admin edits and scripts are covered as well.
:func:`reindex_all` rebuilds everything (``gongkai`` CLI, after an upgrade of the
token rules, in the benchmark).
"""
from __future__ import annotations

from django.db import connection, transaction
from django.db.models import Q

from ..models import Category, Item, ItemStatus
from .base import Doc, chunks, make_sort_key
from .engines import current_engine, forget_corpus_size

_DOC_FIELDS = ("id", "title", "doc_number", "body_text", "unit_id", "genre_id", "published_date",
               "written_date", "topic__name", "genre__name")


def _docs(rows: list[dict]) -> list[Doc]:
    """Index rows for ``Item.values(*_DOC_FIELDS)`` rows, with their categories."""
    through = Item.categories.through
    cats: dict[int, list[int]] = {}
    names: dict[int, list[str]] = {}
    ids = [r["id"] for r in rows]
    pairs = through.objects.filter(item_id__in=ids).values_list(
        "item_id", "category_id", "category__name", "category__is_active")
    for item_id, cat_id, name, active in pairs:
        cats.setdefault(item_id, []).append(cat_id)
        if active:
            names.setdefault(item_id, []).append(name)
    docs = []
    for r in rows:
        day = r["published_date"] or r["written_date"]
        docs.append(Doc(
            item_id=r["id"], sort_key=make_sort_key(r["id"], day), unit_id=r["unit_id"],
            year=day.year if day else None, genre_id=r["genre_id"],
            category_ids=tuple(sorted(cats.get(r["id"], ()))),
            title=" ".join(filter(None, [r["title"], r["doc_number"]])),
            body="\n".join(filter(None, [r["body_text"], r["topic__name"], r["genre__name"],
                                          *names.get(r["id"], ())])),
        ))
    return docs


def index_item(item) -> None:
    """(Re)index one item; an item that is not published is taken out of the index."""
    if item.pk is None:
        return
    if item.status != ItemStatus.PUBLISHED:
        remove_item(item.pk)
        return
    rows = list(Item.objects.filter(pk=item.pk, status=ItemStatus.PUBLISHED).values(*_DOC_FIELDS))
    if not rows:            # the saved row says otherwise (stale instance): trust the row
        remove_item(item.pk)
        return
    with transaction.atomic():
        current_engine().upsert(_docs(rows))


def index_items(item_ids) -> None:
    """(Re)index several items by id, in batches; unpublished ones are removed."""
    engine = current_engine()
    for chunk in chunks(item_ids, 500):
        rows = [r for r in Item.objects.filter(pk__in=chunk).values("status", *_DOC_FIELDS)
                if r["status"] == ItemStatus.PUBLISHED]
        published = {r["id"] for r in rows}
        with transaction.atomic():
            engine.delete([i for i in chunk if i not in published])
            if rows:
                engine.upsert(_docs(rows))


def remove_item(item_id: int) -> None:
    with transaction.atomic():
        current_engine().delete([item_id])


def reindex_all(batch_size=1000) -> int:
    """Rebuild the whole index from the published items; returns how many were indexed.

    One transaction: searches go on against the old index until the new one commits.
    Called outside a transaction, it then lets the engine settle the new rows
    (PostgreSQL: ``VACUUM (ANALYZE)``, see :meth:`.postgres.PostgresEngine.settle`).
    """
    engine = current_engine()
    count = 0
    with transaction.atomic():
        engine.rebuild_begin()
        # walk the primary key and test the status in Python: a predictable range scan
        qs = Item.objects.order_by("pk").values("status", *_DOC_FIELDS)
        last = 0
        while True:
            rows = list(qs.filter(pk__gt=last)[:batch_size])
            if not rows:
                break
            last = rows[-1]["id"]
            published = [r for r in rows if r["status"] == ItemStatus.PUBLISHED]
            if published:
                engine.upsert(_docs(published))
                count += len(published)
        engine.rebuild_end()
    if not connection.in_atomic_block:    # VACUUM needs autocommit; in a transaction autovacuum follows
        engine.settle()
    forget_corpus_size()
    return count


# ---------------------------------------------------------------------------- signals

def _on_save(sender, instance, **kwargs):
    index_item(instance)


def _on_delete(sender, instance, **kwargs):
    remove_item(instance.pk)


def _on_categories(sender, instance, action, reverse, pk_set, **kwargs):
    if not reverse:                       # item.categories.add/remove/clear/set
        if action in ("post_add", "post_remove", "post_clear"):
            index_item(instance)
        return
    # category.items.…: the items involved are in pk_set, or (clear) must be noted first
    if action == "pre_clear":
        instance._search_cleared_items = list(instance.items.values_list("pk", flat=True))
    elif action == "post_clear":
        index_items(getattr(instance, "_search_cleared_items", []))
    elif action in ("post_add", "post_remove"):
        index_items(sorted(pk_set or ()))


def _on_category_saved(sender, instance, created, **kwargs):
    """A renamed (or switched off) category changes the text of the items filed under it."""
    if created:
        return
    ids = set(Item.categories.through.objects.filter(category_id=instance.pk).values_list("item_id", flat=True))
    ids |= set(Item.objects.filter(Q(topic_id=instance.pk) | Q(genre_id=instance.pk)).values_list("pk", flat=True))
    if ids:
        index_items(sorted(ids))


def connect_signals() -> None:
    """Keep the index current on every save/delete of an Item and category change.

    Call from ``CatalogConfig.ready()``. Safe to call twice (dispatch_uid).
    """
    from django.db.models.signals import m2m_changed, post_delete, post_save

    post_save.connect(_on_save, sender=Item, dispatch_uid="gongkai.catalog.search.save")
    post_delete.connect(_on_delete, sender=Item, dispatch_uid="gongkai.catalog.search.delete")
    m2m_changed.connect(_on_categories, sender=Item.categories.through,
                        dispatch_uid="gongkai.catalog.search.categories")
    post_save.connect(_on_category_saved, sender=Category, dispatch_uid="gongkai.catalog.search.category_saved")
