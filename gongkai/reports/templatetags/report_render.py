"""Template tags of the annual report's page: the table layouts and sections of
``gongkai.reports.render.layout`` and ``.html``, for ``reports/_document.html`` and ``reports/_tables.html``."""
from django import template

from gongkai.reports.render import html, layout

register = template.Library()


@register.simple_tag
def report_document(report) -> dict:
    """``{% report_document report as doc %}``: title, sections 一–六 with paragraphs and tables."""
    return html.document_context(report)


@register.simple_tag
def report_tables(report) -> list:
    """``{% report_tables report as tables %}``: the three table layouts (a report or a roll-up)."""
    return list(layout.report_tables(report).values())
