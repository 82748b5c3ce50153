"""Portal links between a policy document and its 政策解读 (both directions; published items only)."""
from django import template

from gongkai.catalog import interpretations

register = template.Library()


@register.simple_tag
def interpretation_links(item):
    """(相关文件, 相关解读) of a published item, in one query: the documents a 解读 explains, and
    the 解读 of a document, newest first."""
    docs, interps = [], []
    for other in interpretations.public_links(item):
        (interps if getattr(other, "interpretation", None) is not None else docs).append(other)
    return {"documents": docs, "interpretations": interps}
