from django import template

from gongkai.domain import audit_detail

register = template.Library()


@register.filter
def audit_detail_pairs(detail):
    """An audit entry's details as (label, value) pairs for the 操作日志 page."""
    return audit_detail.describe(detail)
