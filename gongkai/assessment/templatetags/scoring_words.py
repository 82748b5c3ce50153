"""The scoring curve in words on the ranking and scorecard pages (domain.assessment_explain)."""
from django import template

from gongkai.domain import assessment_explain

register = template.Library()


@register.filter
def rule_text(indicator: dict) -> str:
    return assessment_explain.rule_text(indicator)


@register.filter
def rule_example(indicator: dict) -> str:
    return assessment_explain.example(indicator)


@register.filter
def calculation(score) -> str:
    return assessment_explain.calculation(score.indicator, score.measurement.value)
