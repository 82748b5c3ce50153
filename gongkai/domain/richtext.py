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


# --- the item body as a form sends it ----------------------------------------
# The editor (static/js/richtext-editor.js) sends HTML; without JavaScript the textarea sends
# plain text, whose line breaks must survive; a paste from Word brings its own markup: list
# paragraphs with the bullet in a conditional comment, <o:p>, mso-* styles and classes.

MAX_BODY_CHARS = 500_000  # a body longer than this is refused by the form before it gets here

_ANY_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>|<!--")
_WORD_MARKS = re.compile(r"urn:schemas-microsoft-com:office|class=\"?'?Mso|mso-", re.I)
_FRAGMENT = re.compile(r"<!--\s*StartFragment\s*-->(.*?)<!--\s*EndFragment\s*-->", re.S | re.I)
_BODY = re.compile(r"<body[^>]*>(.*?)(?:</body>|$)", re.S | re.I)
# The bullet or number of a Word list paragraph, shown only to browsers without "supportLists".
_LIST_MARKER = re.compile(
    r"<!(?:--)?\[if !supportLists\](?:--)?>(.*?)<!(?:--)?\[endif\](?:--)?>", re.S | re.I)
_CONDITIONAL = re.compile(r"<!--\[if[^\]]*\]>.*?<!\[endif\]-->|<!\[(?:end)?if[^\]]*\]>", re.S | re.I)
_ORDERED_MARKER = re.compile(r"^\s*(?:\(?[0-9]+[.)、]?\)?|[（(][0-9一二三四五六七八九十]+[）)]|"
                             r"[一二三四五六七八九十]+、|[a-zA-Z][.)]|[ivxIVX]+[.)])")
_LIST_ITEM = re.compile(r"<p\b[^>]*>\s*((?:<span[^>]*>\s*)*)<span data-gk-list=\"(ul|ol)\"></span>(.*?)</p>",
                        re.S | re.I)
_LIST_RUN = re.compile(r"(?:<li data-gk=\"(?:ul|ol)\">.*?</li>\s*)+", re.S)


def plain_text_to_html(text: str) -> str:
    """Typed text as paragraphs: a blank line starts a paragraph, a line break is kept as <br>."""
    paragraphs = re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n").strip())
    return "".join("<p>" + "<br>".join(html.escape(line) for line in p.split("\n")) + "</p>"
                   for p in paragraphs if p.strip())


def _marker_span(match: re.Match[str]) -> str:
    marker = html.unescape(_TAG.sub("", match.group(1))).replace("\xa0", " ")
    kind = "ol" if _ORDERED_MARKER.match(marker) else "ul"
    return f'<span data-gk-list="{kind}"></span>'


def _group_lists(value: str) -> str:
    value = _LIST_ITEM.sub(lambda m: f'<li data-gk="{m.group(2)}">{m.group(1)}{m.group(3)}</li>', value)

    def wrap(run: re.Match[str]) -> str:
        kind = "ol" if 'data-gk="ol"' in run.group(0) else "ul"
        return f"<{kind}>{run.group(0)}</{kind}>"
    return _LIST_RUN.sub(wrap, value)


def from_word(raw: str) -> str:
    """Word's clipboard HTML made plain: only the copied fragment, list paragraphs as real
    lists, the conditional comments (bullets, VML, <xml> settings) gone. The result still goes
    through ``sanitize_html``, which drops the styles, classes and <o:p>."""
    fragment = _FRAGMENT.search(raw) or _BODY.search(raw)
    value = fragment.group(1) if fragment else raw
    value = _LIST_MARKER.sub(_marker_span, value)
    value = _CONDITIONAL.sub("", value)
    return _group_lists(value)


def clean_body(raw: str) -> str:
    """The stored body for what a form or an API sent: HTML sanitised by the allow-list, plain
    text with its line breaks, Word's markup reduced to its structure."""
    raw = raw or ""
    if not _ANY_TAG.search(raw):
        return sanitize_html(plain_text_to_html(raw))
    if _WORD_MARKS.search(raw):
        raw = from_word(raw)
    cleaned = sanitize_html(raw)
    if cleaned.strip() and not _ANY_TAG.search(cleaned):
        # Only text was left (unknown tags dropped): store it as typed text would be.
        return sanitize_html(plain_text_to_html(html.unescape(cleaned)))
    return cleaned
