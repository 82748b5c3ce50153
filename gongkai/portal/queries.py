"""Read-only queries behind the public portal.

Everything the public may see starts from :func:`public_items`: only items whose
status is "published" ever leave this module. The portal views call these
functions and never build their own item querysets.
"""
from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import caches
from django.db.models import Count, Prefetch, Q, QuerySet

from gongkai.catalog.models import Attachment, Category, Item, ItemStatus
from gongkai.units.models import Unit, UnitKind

# Columns shown in item lists: loading only these keeps 1,000+ row pages light.
LIST_FIELDS = ("id", "index_no", "title", "publisher", "published_date", "unit__name")

# Units that answer the public (行政机关): the 条例 addresses applications to government
# organs, not to 村（居）委会, so village and community committees are left off contact lists.
OFFICE_KINDS = (UnitKind.COUNTY, UnitKind.TOWNSHIP, UnitKind.SUBDISTRICT, UnitKind.DEPARTMENT)

# 年度报告: until the annual-report module exists, a report is a published item of the
# genre named 报告 whose title contains 年度报告.
REPORT_GENRE_NAME = "报告"
REPORT_TITLE_MARK = "年度报告"


def public_items() -> QuerySet[Item]:
    """Every published item, newest first."""
    return Item.objects.published().order_by("-published_date", "-id")


def item_list(qs: QuerySet[Item] | None = None) -> QuerySet[Item]:
    """A list-page queryset: the unit joined, only the columns a list shows."""
    qs = public_items() if qs is None else qs
    return qs.select_related("unit").only(*LIST_FIELDS)


def latest_items(limit: int = 10) -> list[Item]:
    return list(item_list()[:limit])


def public_item(pk: int) -> Item | None:
    """One published item with everything its page shows, or None."""
    return (public_items().select_related("unit", "topic", "genre")
            # parents along, for the category paths (第二十一条 › 乡（镇） › 社会救助)
            .prefetch_related("attachments", "channels",
                              Prefetch("categories", queryset=Category.objects.select_related("parent__parent")))
            .filter(pk=pk).first())


def public_item_by_index_no(index_no: str) -> Item | None:
    """The published item of the 索引号 ``index_no`` (surrounding blanks ignored), only its pk loaded, or None."""
    return public_items().filter(index_no=index_no.strip()).only("pk").first()


def public_attachment(pk: int) -> Attachment | None:
    """An attachment whose item is published, or None."""
    return Attachment.objects.filter(pk=pk, item__status=ItemStatus.PUBLISHED).first()


# ---------------------------------------------------------------- categories

@dataclass
class CategoryNode:
    """A category with its sub-categories and how many published items it holds."""

    category: Category
    count: int = 0
    children: list[CategoryNode] = field(default_factory=list)
    depth: int = 0

    @property
    def pk(self):
        return self.category.pk

    @property
    def name(self):
        return self.category.name


def _child_map(rows) -> dict[int | None, list[int]]:
    """parent id → child ids, from (pk, parent_id) rows; orphans become roots."""
    known = {pk for pk, _ in rows}
    children: dict[int | None, list[int]] = defaultdict(list)
    for pk, parent_id in rows:
        children[parent_id if parent_id in known else None].append(pk)
    return children


def _descendant_ids(pk: int, children: dict[int | None, list[int]]) -> list[int]:
    """pk and every id below it."""
    out, stack = [], [pk]
    while stack:
        current = stack.pop()
        out.append(current)
        stack.extend(children.get(current, ()))
    return out


def _subtree_counts(by_pk: dict[int, Category], children: dict[int | None, list[int]]) -> dict[int, int]:
    """category id → distinct published items filed under it or below, counted by the database (the
    (category, item) pairs of a province are millions: they never come into Python)."""
    links = Item.categories.through.objects.filter(item__status=ItemStatus.PUBLISHED)
    counts = dict(links.filter(category_id__in=list(by_pk)).values("category_id")
                  .annotate(n=Count("item_id")).values_list("category_id", "n"))
    # an item filed under two sub-categories counts once for the parent: one DISTINCT count per parent,
    # all in one query
    parents = {f"n{pk}": Count("item_id", distinct=True, filter=Q(category_id__in=_descendant_ids(pk, children)))
               for pk in by_pk if children.get(pk)}
    if parents:
        found = links.filter(category_id__in=list(by_pk)).aggregate(**parents)
        counts.update({int(name[1:]): n for name, n in found.items()})
    return counts


def category_counts(scheme: str, by_pk: dict[int, Category], children) -> dict[int, int]:
    """:func:`_subtree_counts`, shared by the app servers for ``GONGKAI_PORTAL_CACHE_SECONDS`` whatever
    is published meanwhile: at 5,000,000 items a count takes seconds, and every publish would otherwise
    send the next reader of an index page into it. So the counts on the index pages may lag a publish
    by that long; the lists under them never do."""
    seconds = settings.GONGKAI_PORTAL_CACHE_SECONDS
    if seconds <= 0:
        return _subtree_counts(by_pk, children)
    tree = ",".join(f"{pk}/{c.parent_id}" for pk, c in sorted(by_pk.items()))   # a changed tree: new counts
    key = "portal:category-counts:" + hashlib.sha256(f"{scheme}:{tree}".encode()).hexdigest()
    counts = caches["portal"].get(key)
    if counts is None:
        counts = _subtree_counts(by_pk, children)
        caches["portal"].set(key, counts, seconds)
    return counts


def category_tree(scheme: str, *, counts: bool = True) -> list[CategoryNode]:
    """The active categories of a scheme as a tree. With ``counts``, each node counts the
    distinct published items filed under it or any sub-category (:func:`category_counts`)."""
    by_pk = {c.pk: c for c in Category.objects.filter(scheme=scheme, is_active=True)}
    children = _child_map([(c.pk, c.parent_id) for c in by_pk.values()])
    numbers = category_counts(scheme, by_pk, children) if counts and by_pk else {}

    def build(pk: int, depth: int) -> CategoryNode:
        return CategoryNode(by_pk[pk], numbers.get(pk, 0), depth=depth,
                            children=[build(c, depth + 1) for c in children.get(pk, ())])

    return [build(pk, 0) for pk in children.get(None, ())]


def flatten(nodes: list[CategoryNode]) -> list[CategoryNode]:
    out = []
    for node in nodes:
        out.append(node)
        out.extend(flatten(node.children))
    return out


def category_node(scheme: str, pk: int) -> CategoryNode | None:
    """An active category of the scheme with its sub-categories and counts, or None."""
    return next((n for n in flatten(category_tree(scheme)) if n.pk == pk), None)


def category_subtree_ids(category: Category) -> list[int]:
    rows = list(Category.objects.filter(scheme=category.scheme).values_list("pk", "parent_id"))
    return _descendant_ids(category.pk, _child_map(rows))


def leaf_category_choices(scheme: str, label: str) -> list[tuple[str, list[tuple[int, str]]]]:
    """Select options grouped by parent: (group label, [(id, name)]).

    Only categories without sub-categories are offered, so that a filter means the same in
    the list and in the full-text search (which matches an item's own categories only).
    Top-level leaves are grouped under ``label``.
    """
    groups: dict[str, list[tuple[int, str]]] = {}

    def walk(nodes, trail):
        for node in nodes:
            if node.children:
                walk(node.children, trail + [node.name])
            else:
                groups.setdefault(" · ".join(trail) or label, []).append((node.pk, node.name))

    walk(category_tree(scheme, counts=False), [])
    return list(groups.items())


# ---------------------------------------------------------------- filters

@dataclass(frozen=True)
class ItemFilters:
    """Validated catalog filters; None means "not filtered"."""

    q: str = ""
    year: int | None = None
    unit: Unit | None = None
    category: Category | None = None
    genre: Category | None = None

    @property
    def unit_ids(self) -> list[int] | None:
        """The chosen unit and every unit below it."""
        if self.unit is None:
            return None
        return list(self.unit.subtree().values_list("pk", flat=True))


def filter_items(filters: ItemFilters, qs: QuerySet[Item] | None = None) -> QuerySet[Item]:
    qs = public_items() if qs is None else qs
    if filters.year:
        qs = qs.filter(published_date__year=filters.year)
    if filters.unit:
        # the subtree's ids first: a join on the path prefix counted 10,000 rows in 78 ms at 200,000
        # items, the (unit_id, status) index answers the same in a few
        qs = qs.filter(unit_id__in=filters.unit_ids)
    if filters.genre:
        qs = qs.filter(genre=filters.genre)
    if filters.category:
        # a sub-query, not a join, so an item filed twice is still listed once
        qs = qs.filter(pk__in=Item.categories.through.objects
                       .filter(category_id__in=category_subtree_ids(filters.category))
                       .values("item_id"))
    return qs


def published_years() -> list[int]:
    """The years with a published item, newest first: the first and last dates (two ends of the
    status/date index) and one bounded probe per year between, never a DISTINCT over every item."""
    from django.db.models import Max, Min

    dated = public_items().filter(published_date__isnull=False)
    ends = dated.aggregate(first=Min("published_date"), last=Max("published_date"))
    if ends["first"] is None:
        return []
    return [year for year in range(ends["last"].year, ends["first"].year - 1, -1)
            if year in (ends["first"].year, ends["last"].year) or dated.filter(published_date__year=year).exists()]


def public_units() -> QuerySet[Unit]:
    return Unit.objects.filter(is_active=True).order_by("path")


def unit_choices() -> list[tuple[int, str]]:
    """(id, label) pairs for a select; lower units indented under their parent."""
    rows = list(public_units().values_list("pk", "name", "path"))
    base = min((p.count("/") for _, _, p in rows), default=0)
    return [(pk, "\u3000" * (path.count("/") - base) + name) for pk, name, path in rows]


def disclosure_offices() -> QuerySet[Unit]:
    """The offices that take applications and answer the public, with their contact details."""
    return public_units().filter(kind__in=OFFICE_KINDS)


@dataclass(frozen=True)
class ReportRow:
    """One line of the portal's 年度报告 column: a report the platform published, or an older
    one that an office published as an ordinary item before it used the report module."""

    year: int | None
    title: str
    url: str
    publisher: str
    published_on: object
    original_file: bool = False


_YEAR = re.compile(r"(19|20)\d{2}(?=年)")


def annual_report_rows(reports) -> list[ReportRow]:
    """Published reports and report items in one list, newest year first; an item is left out
    when the same unit has a published report of that year (they are the same report)."""
    from django.urls import reverse

    rows, covered = [], set()
    for r in reports:
        covered.add((r.unit_id, r.year))
        rows.append(ReportRow(r.year, r.title, reverse("portal:report", args=[r.pk]), r.unit.name,
                              r.published_at.date() if r.published_at else None, r.format == "archive"))
    items = item_list(public_items().filter(genre__name=REPORT_GENRE_NAME, title__contains=REPORT_TITLE_MARK))
    for item in items.only(*LIST_FIELDS, "unit_id"):
        match = _YEAR.search(item.title)
        item_year = int(match.group(0)) if match else None
        if (item.unit_id, item_year) in covered:
            continue
        rows.append(ReportRow(item_year, item.title, reverse("portal:item", args=[item.pk]),
                              item.publisher or item.unit.name, item.published_date))
    return sorted(rows, key=lambda r: (-(r.year or 0), r.publisher))
