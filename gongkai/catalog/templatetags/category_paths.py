"""``{% load category_paths %}``: an item's 公开目录 categories with their paths, each once."""
from django import template

from gongkai.catalog import category_paths

register = template.Library()


@register.simple_tag
def filed_category_paths(item):
    """['基层政务公开领域 › 社会救助', '第二十一条 › 乡（镇） › 社会救助', …]"""
    return category_paths.filed_paths(item)


@register.simple_tag
def filed_category_links(item):
    """[(category, path)] for links to each category's page."""
    return category_paths.filed_links(item)
