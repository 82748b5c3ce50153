"""Categories shown with their paths (分类路径): the Django side of
``gongkai.domain.taxonomies`` path helpers."""
from __future__ import annotations

from gongkai.domain import taxonomies

from .models import Category, Scheme

#: The schemes an item is filed under in 公开目录 (the others are single choices).
CATALOG_SCHEMES = (Scheme.DOMAIN, Scheme.STATUTORY)


def nodes(schemes=CATALOG_SCHEMES, *, active_only: bool = True) -> list[taxonomies.Node]:
    """The categories of ``schemes`` as path nodes, in display order (one query)."""
    qs = Category.objects.filter(scheme__in=schemes)
    if active_only:
        qs = qs.filter(is_active=True)
    order = {s: i for i, s in enumerate(schemes)}
    rows = sorted(qs.values_list("pk", "name", "parent_id", "code", "scheme", "sort_order"),
                  key=lambda r: (order[r[4]], r[5], r[3]))
    return [taxonomies.Node(pk, name, parent, code, scheme) for pk, name, parent, code, scheme, _ in rows]


def grouped_choices(all_nodes: list[taxonomies.Node], extra_keys=()) -> list[tuple[str, list[tuple[int, str]]]]:
    """[(group heading, [(pk, label)])] of the leaves, plus any non-leaf in ``extra_keys``
    (an item already filed under a heading keeps it); labels carry the path where a name repeats."""
    shown_keys = {n.key for n in taxonomies.leaves(all_nodes)} | set(extra_keys)
    shown = [n for n in all_nodes if n.key in shown_keys]
    labels = taxonomies.option_labels(all_nodes, shown)
    return [(heading, [(n.key, labels[n.key]) for n in members])
            for heading, members in taxonomies.groups(all_nodes, shown)]


def _filed_nodes(item) -> tuple[list[taxonomies.Node], dict[int, Category]]:
    """Path nodes of an item's active 公开目录 categories and their ancestors, read through
    ``category.parent`` (no query where the parents were fetched along, see
    ``portal.queries.public_item``), in display order."""
    filed = {c.pk: c for c in item.categories.all() if c.is_active and c.scheme in CATALOG_SCHEMES}
    found: dict[int, Category] = {}
    for category in filed.values():
        current, depth = category, 0
        while current is not None and current.pk not in found and depth < 10:
            found[current.pk] = current
            current, depth = current.parent, depth + 1
    order = {s: i for i, s in enumerate(CATALOG_SCHEMES)}
    rows = sorted(found.values(), key=lambda c: (order[c.scheme], c.sort_order, c.code))
    return [taxonomies.Node(c.pk, c.name, c.parent_id, c.code, c.scheme) for c in rows], filed


def filed_paths(item) -> list[str]:
    """The paths of an item's active 公开目录 categories, each once."""
    all_nodes, filed = _filed_nodes(item)
    return taxonomies.filed_paths(all_nodes, list(filed)) if filed else []


def filed_links(item) -> list[tuple[Category, str]]:
    """(category, path) for the public item page: a link to each category's page, each once."""
    all_nodes, filed = _filed_nodes(item)
    if not filed:
        return []
    by_key = {n.key: n for n in all_nodes}
    wanted = set(taxonomies.filed_paths(all_nodes, list(filed)))
    out, seen = [], set()
    for n in all_nodes:
        label = taxonomies.path_label(n, by_key)
        if n.key in filed and label in wanted and label not in seen:
            out.append((filed[n.key], label))
            seen.add(label)
    return out
