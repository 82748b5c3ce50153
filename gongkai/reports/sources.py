"""The platform's records as the figures of one unit's annual report for one year."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count
from django.db.models.functions import ExtractYear

from gongkai.applications.handling.fees import fee_totals
from gongkai.applications.ledger.statistics import table_three
from gongkai.catalog.models import Category, ChannelPublication, Item, ItemStatus, Scheme, Validity
from gongkai.disputes.services import table_four
from gongkai.domain.annual_report.draft import FeeFacts, ReportFacts, VoiceFacts

from .models import YearlyFigures

# table 二 rows counted from the catalog: row key -> genre name (体裁)
CATALOG_GENRES = {"regulations": "规章", "normative_documents": "行政规范性文件"}
PUBLIC = (ItemStatus.PUBLISHED, ItemStatus.WITHDRAWN)   # withdrawn ones were public during the year


def _genre_rows(unit, year: int) -> dict[str, list[int]]:
    """本年制发件数, 本年废止件数, 现行有效件数 (at 31 December) of each 体裁 of ``CATALOG_GENRES``.
    One query reads the few dates of the unit's items of these genres and they are counted here:
    cheaper than three COUNT queries per genre (a report is built for thousands of units)."""
    end = dt.date(year, 12, 31)
    keys = {genre: key for key, genre in CATALOG_GENRES.items()}
    table = {key: [0, 0, 0] for key in CATALOG_GENRES}
    rows = (Item.objects.filter(unit=unit, genre__scheme=Scheme.GENRE, genre__name__in=list(keys), status__in=PUBLIC)
            .order_by().values_list("genre__name", "status", "written_date", "repealed_date", "validity"))
    for genre, status, written, repealed, validity in rows:
        row = table[keys[genre]]
        row[0] += written.year == year
        row[1] += repealed is not None and repealed.year == year
        row[2] += (status == ItemStatus.PUBLISHED and written <= end
                   and (validity == Validity.EFFECTIVE or (repealed is not None and repealed > end)))
    return table


def yearly_figures(unit, year: int) -> YearlyFigures:
    return YearlyFigures.objects.filter(unit=unit, year=year).first() or YearlyFigures(unit=unit, year=year)


def _wan_yuan(value) -> float:
    return float(Decimal(value or 0).normalize())


def proactive_table(unit, year: int) -> dict[str, list]:
    figures = yearly_figures(unit, year)
    table = _genre_rows(unit, year)
    table.update(licensing=[figures.licensing], punishment=[figures.punishment],
                 enforcement=[figures.enforcement], fees=[_wan_yuan(figures.fees_wan_yuan)])
    return table


def tables(unit, year: int) -> dict:
    """The three tables of the 2021 format, in the inspector's JSON shape."""
    return {"proactive": proactive_table(unit, year), "applications": table_three([unit.pk], year),
            "disputes": table_four([unit.pk], year)}


def _published_items(unit, year: int):
    # The year as EXTRACT(...) IN (year), which Django does not turn into a date range: with a range
    # SQLite picks the (status, published_date) index and reads every unit's items of the year; this
    # way it reads the unit's own (index on unit, status).
    return (Item.objects.filter(unit=unit, status=ItemStatus.PUBLISHED)
            .annotate(published_year=ExtractYear("published_date")).filter(published_year__in=[year]))


def _by_category(unit, year: int) -> tuple[tuple[str, int], ...]:
    rows = (Category.objects.filter(scheme=Scheme.STATUTORY, items__in=_published_items(unit, year))
            .annotate(n=Count("items")).order_by("-n", "sort_order")[:6])
    return tuple((c.name, c.n) for c in rows)


def _by_channel(unit, year: int) -> tuple[tuple[str, int], ...]:
    rows = (ChannelPublication.objects.filter(item__unit=unit, published_on__year=year)
            .values("channel").annotate(n=Count("id")).order_by("-n"))
    labels = dict(ChannelPublication._meta.get_field("channel").choices)
    return tuple((labels.get(r["channel"], r["channel"]), r["n"]) for r in rows)


def voice_facts(unit, year: int) -> VoiceFacts:
    """The year's 政策解读 (catalog) and 政务咨询 (consult, when installed) figures for section 六."""
    from gongkai.catalog.interpretations import limit_workdays, year_figures

    f = year_figures([unit.pk], year)
    consult = {}
    try:
        from gongkai.consult.metrics import year_figures as consult_figures
    except ImportError:
        consult_figures = None
    if consult_figures is not None:
        c = consult_figures([unit.pk], year)
        average = c.average_reply_workdays
        consult = {"consultations_received": c.received, "consultations_answered": c.answered,
                   "average_reply_workdays": None if average is None else float(average),
                   "consultations_published": c.published}
    return VoiceFacts(interpretations=f["interpretations"], policies=f["policies"],
                      policies_with_interpretation=f["policies_with_interpretation"],
                      late_interpretations=f["late_interpretations"], limit_workdays=limit_workdays(), **consult)


def facts(unit, year: int, report_tables: dict, previous_problems: tuple[str, ...]) -> ReportFacts:
    figures = yearly_figures(unit, year)
    fees = fee_totals([unit], year)
    proactive = report_tables["proactive"]
    return ReportFacts(
        unit_name=unit.name, year=year,
        items_published=_published_items(unit, year).count(),
        items_by_category=_by_category(unit, year), items_by_channel=_by_channel(unit, year),
        items_repealed=proactive["regulations"][1] + proactive["normative_documents"][1],
        applications=report_tables["applications"], disputes=report_tables["disputes"],
        fees=FeeFacts(fees.notices, fees.noticed, fees.collected),
        platform_facts=figures.platform_facts, supervision_facts=figures.supervision_facts,
        previous_problems=previous_problems, voice=voice_facts(unit, year),
    )
