"""政策解读 in the catalog: 解读 items linked to the policy documents they explain, the approval
gate (同步起草、同步审签、同步发布), the two-way portal links, and the yearly counts.

The rules are in ``gongkai.domain.interpretation``; the item workflow (保密审查, 先审后发) is
``gongkai.catalog.services`` — a 解读 is an ordinary item with an ``Interpretation`` row — and
录入/修改 of a 解读 is ``gongkai.catalog.interpretation_services``, over both.
"""
from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from gongkai.domain import interpretation as rules

from . import permissions as may
from .models import Category, Interpretation, Item, ItemStatus, Scheme
from .permissions import linkable_documents as linkable_documents  # re-exported: forms, views

IN_REVIEW = (ItemStatus.SUBMITTED, ItemStatus.APPROVED, ItemStatus.PUBLISHED)


def limit_workdays() -> int:
    """N of the lateness rule (default 3 working days; ``GONGKAI_INTERPRETATION_LIMIT_WORKDAYS``)."""
    return int(getattr(settings, "GONGKAI_INTERPRETATION_LIMIT_WORKDAYS", rules.DEFAULT_LIMIT_WORKDAYS))


def interpretation_genre() -> Category | None:
    return Category.objects.filter(scheme=Scheme.GENRE, name=rules.INTERPRETATION_GENRE).first()


def is_interpretation(item: Item) -> bool:
    return Interpretation.objects.filter(item_id=item.pk).exists()


def apply_needs(item: Item, flagged: bool | None = None) -> None:
    """规章 and 行政规范性文件 always need a 解读; the unit may flag other documents. A 解读 itself never does."""
    genre_name = item.genre.name if item.genre_id else None
    if genre_name == rules.INTERPRETATION_GENRE:
        item.needs_interpretation = False
        return
    item.needs_interpretation = rules.needs_interpretation(
        genre_name, item.needs_interpretation if flagged is None else flagged)


# ---------------------------------------------------------------- the approval gate

def linked_in_review(document: Item):
    """The 解读 items linked to ``document`` that are in this review: submitted, approved or published."""
    return Item.objects.filter(interpretation__documents=document, status__in=IN_REVIEW).distinct()


def check_gate(document: Item, exempt_reason: str) -> str:
    """同步审签: the exemption reason to store, or WorkflowError (Chinese) when the document needs a
    解读, none is in the review and the reviewer gave no reason."""
    try:
        return rules.check_gate(document.needs_interpretation, linked_in_review(document).count(), exempt_reason)
    except rules.GateRefusal as exc:
        raise may.WorkflowError(str(exc)) from None


# ---------------------------------------------------------------- portal links

def public_interpretations(document: Item):
    """相关解读 of a published document, newest first (published 解读 only)."""
    return (Item.objects.published().filter(interpretation__documents=document)
            .select_related("interpretation").distinct().order_by("-published_date", "-id"))


def public_documents(item: Item):
    """相关文件 of a published 解读 (published documents only)."""
    return (Item.objects.published().filter(interpretations__item=item).distinct()
            .order_by("-published_date", "-id"))


def public_links(item: Item):
    """Both directions at once: the published documents ``item`` explains and the published 解读
    explaining it. The ids come first from the link table (one UNION by its two indexed columns):
    an OR across the two joins made PostgreSQL read the whole item table (92 ms at 200,000 items)."""
    links = Interpretation.documents.through.objects
    explained = links.filter(interpretation__item_id=item.pk).values_list("item_id", flat=True)
    explaining = links.filter(item_id=item.pk).values_list("interpretation__item_id", flat=True)
    ids = list(explained.union(explaining))
    return (Item.objects.published().filter(pk__in=ids)
            .select_related("interpretation").order_by("-published_date", "-id"))


def staff_interpretations(document: Item):
    return (Item.objects.filter(interpretation__documents=document).select_related("interpretation")
            .distinct().order_by("-id"))


def staff_documents(item: Item):
    return Item.objects.filter(interpretations__item=item).distinct().order_by("-id")


def lag_label(document: Item, today: dt.date | None = None) -> str:
    """The lag class of a published document needing a 解读, for the workbench ("" otherwise)."""
    from gongkai.workdays.services import get_calendar

    if not document.needs_interpretation or document.published_date is None:
        return ""
    dates = list(public_interpretations(document).values_list("published_date", flat=True))
    lag = rules.classify(get_calendar(), document.published_date, min(dates) if dates else None,
                         today or timezone.localdate(), limit_workdays(),
                         exempt=bool(document.interpretation_exempt_reason))
    return rules.LAG_LABELS[lag] if lag else "经审核不发布解读"


# ---------------------------------------------------------------- counts

def year_figures(unit_ids, year: int) -> dict:
    """政策解读 figures of ``unit_ids`` for ``year`` (items published in the year):
    interpretations, policies, policies_with_interpretation, policies_without_interpretation,
    policies_exempt, policies_late, late_interpretations (more than N working days after the
    document, N = ``limit_workdays()``), interpretation_materials / _products / _media_articles
    (the 政府网站工作年度报表 split), non_text_interpretations, leader_interpretations."""
    from gongkai.workdays.services import get_calendar

    unit_ids = list(unit_ids)
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    in_year = Q(status=ItemStatus.PUBLISHED, published_date__gte=start, published_date__lte=end,
                unit_id__in=unit_ids)
    policies = list(Item.objects.filter(in_year, needs_interpretation=True, interpretation__isnull=True)
                    .values_list("pk", "published_date", "interpretation_exempt_reason"))
    interps = list(Item.objects.filter(in_year, interpretation__isnull=False)
                   .values_list("pk", "published_date", "interpretation__form"))
    pairs = Interpretation.documents.through.objects.filter(
        Q(item_id__in=[p[0] for p in policies]) | Q(interpretation__item_id__in=[i[0] for i in interps]),
        item__status=ItemStatus.PUBLISHED, interpretation__item__status=ItemStatus.PUBLISHED,
    ).values_list("item_id", "item__published_date", "interpretation__item_id", "interpretation__item__published_date")
    links = {"doc": {}, "interp": {}}
    for doc_pk, doc_date, interp_pk, interp_date in pairs:
        links["doc"].setdefault(doc_pk, []).append(interp_date)
        links["interp"].setdefault(interp_pk, []).append(doc_date)
    policy_rows = [rules.PolicyRow(published, tuple(links["doc"].get(pk, ())), bool(reason))
                   for pk, published, reason in policies]
    interp_rows = [rules.InterpretationRow(published, form, tuple(links["interp"].get(pk, ())))
                   for pk, published, form in interps]
    return rules.figures(get_calendar(), policy_rows, interp_rows, timezone.localdate(), limit_workdays())


def interpretation_timely(unit_ids, year: int, today: dt.date | None = None):
    """For the assessment (考核): (good, due, evidence) — of the documents needing a 解读 published
    in ``year`` (exempt ones left out), how many had one within N working days; the evidence
    names each missing or late one with its workbench link."""
    from django.urls import reverse

    from gongkai.workdays.services import get_calendar

    today = today or timezone.localdate()
    cal, limit = get_calendar(), limit_workdays()
    docs = (Item.objects.filter(unit_id__in=list(unit_ids), status=ItemStatus.PUBLISHED, needs_interpretation=True,
                                interpretation__isnull=True, published_date__year=year)
            .exclude(interpretation_exempt_reason__gt="").order_by("published_date", "pk"))
    firsts: dict[int, list[dt.date]] = {}
    for doc_pk, when in Interpretation.documents.through.objects.filter(
            item__in=docs, interpretation__item__status=ItemStatus.PUBLISHED).values_list(
            "item_id", "interpretation__item__published_date"):
        firsts.setdefault(doc_pk, []).append(when)
    good, due, evidence = 0, 0, []
    for doc in docs.only("pk", "title", "published_date"):
        dates = firsts.get(doc.pk)
        lag = rules.classify(cal, doc.published_date, min(dates) if dates else None, today, limit)
        if lag is rules.Lag.PENDING:
            continue  # the limit has not passed yet
        due += 1
        if lag in (rules.Lag.ON_TIME, rules.Lag.WITHIN_LIMIT):
            good += 1
            continue
        what = "未发布政策解读" if lag is rules.Lag.MISSING else f"解读晚于文件{rules.lag_days(cal, doc.published_date, min(dates))}个工作日发布"
        evidence.append({"label": f"《{doc.title}》{doc.published_date:%Y-%m-%d}发布，{what}",
                         "url": reverse("catalog:item", args=[doc.pk])})
    return good, due, evidence


def awaiting_interpretation(items, today: dt.date | None = None):
    """Of ``items`` (already scoped), the documents that need a 解读 and have none yet (no draft, no
    exemption): not withdrawn, and unpublished or published this year."""
    today = today or timezone.localdate()
    return (items.filter(needs_interpretation=True, interpretation__isnull=True, interpretation_exempt_reason="")
            .exclude(status=ItemStatus.WITHDRAWN).exclude(interpretations__isnull=False)
            .filter(Q(published_date__isnull=True) | Q(published_date__year=today.year))
            .distinct().order_by("written_date", "pk"))


def missing_per_unit(unit_ids, today: dt.date | None = None) -> dict[int, int]:
    """{unit pk: documents published this year that need a 解读, have no published one and no
    exemption, and are past the N-working-day limit} — the supervisor's board signal."""
    from gongkai.workdays.services import get_calendar

    today = today or timezone.localdate()
    cal, limit = get_calendar(), limit_workdays()
    docs = (Item.objects.filter(unit_id__in=list(unit_ids), status=ItemStatus.PUBLISHED, needs_interpretation=True,
                                interpretation__isnull=True, interpretation_exempt_reason="",
                                published_date__year=today.year)
            .exclude(interpretations__item__status=ItemStatus.PUBLISHED)
            .values_list("unit_id", "published_date"))
    out: dict[int, int] = {}
    for unit_id, published in docs:
        if rules.classify(cal, published, None, today, limit) is rules.Lag.MISSING:
            out[unit_id] = out.get(unit_id, 0) + 1
    return out
