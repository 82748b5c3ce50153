"""Item bodies are rich text typed or pasted by clerks (often from Word): keep the
structure, drop everything that could run or load from elsewhere."""
from __future__ import annotations

import html
import re

import nh3

ALLOWED_TAGS = {
    "p", "br", "div", "span", "strong", "b", "em", "i", "u", "s", "sub", "sup",
    "h2", "h3", "h4", "h5", "ul", "ol", "li", "blockquote", "pre", "code", "hr",
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "colgroup", "col", "a", "img",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "col": {"span"},
    "ol": {"start"},
}


def sanitize_html(raw: str) -> str:
    """Safe HTML for the portal: no scripts, styles, event handlers or foreign frames."""
    return nh3.clean(
        raw or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


_BLOCK_END = re.compile(r"</(p|div|li|tr|h[1-6]|blockquote|pre|table)>|<br\s*/?>", re.I)
_TAG = re.compile(r"<[^>]+>")
_CELL_END = re.compile(r"</t[dh]>", re.I)


def html_to_text(value: str) -> str:
    """Plain text with one line per block, for search and the personal-data guard."""
    value = _CELL_END.sub("\t", value or "")
    value = _BLOCK_END.sub("\n", value)
    value = html.unescape(_TAG.sub("", value))
    lines = (line.strip() for line in value.splitlines())
    return "\n".join(line for line in lines if line)
