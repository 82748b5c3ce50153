"""``{% load letter_layout %}``: a letter's paragraphs split so that the 落款 stays with the
last paragraph (gongkai.domain.letter_layout)."""
from django import template

from gongkai.domain.letter_layout import closing_start

register = template.Library()


@register.filter
def letter_blocks(paragraphs):
    """(text paragraphs, closing block) of ``[(text, align, bold)]``."""
    paragraphs = list(paragraphs)
    split = closing_start([(p[0], p[1]) for p in paragraphs])
    return paragraphs[:split], paragraphs[split:]
