"""Reading one detail page (信息详情页) of an old 信息公开 column: its metadata and its body.

Metadata comes from wherever the CMS puts it: a table (``<td>索 引 号</td><td>…</td>``), a
definition list (``<dt>发布机构：</dt><dd>…</dd>``), spans (``<span>发布日期：2024-01-05</span>``)
or the ``<meta>`` tags many government CMSs emit (``ArticleTitle``, ``PubDate``, ``ContentSource``,
``ColumnName``). Labels are matched with any spacing inside them (``索 引 号``, nbsp, full-width
spaces) and the variants real CMSs use (``信息索引号``, ``发文机关``, ``公开日期`` …).

The body is the article content area (the CMS's known containers, else the block with the most
paragraph text), its links made absolute, sanitised by the platform's allow-list
(``gongkai.domain.richtext``). Attachments are the links to files (by extension, also in a
download script's ``filename=`` parameter).

Bounded: at most ``MAX_HTML_CHARS`` of input are read, and only up to where elements nest deeper
than ``MAX_DEPTH`` (the parser's work grows with depth), at most ``MAX_TEXT_NODES`` text nodes
looked at, and the work stops at ``MAX_SECONDS`` (the fields found so far are kept, a problem says
so). The parser (Lexbor) does not recurse on nesting depth; nothing here recurses either."""
from __future__ import annotations

import datetime
import re
import time
from collections.abc import Iterator
from urllib.parse import parse_qsl, unquote, urldefrag, urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from gongkai.domain.richtext import sanitize_html

from .records import Attachment, DetailRecord

__all__ = ["ATTACHMENT_EXTS", "FIELD_LABELS", "MAX_DEPTH", "MAX_HTML_CHARS", "bounded_html", "parse_date", "read_detail"]

MAX_HTML_CHARS = 3_000_000
MAX_DEPTH = 400
MAX_TEXT_NODES = 20_000
MAX_SECONDS = 5.0
MAX_VALUE_CHARS = 500
MAX_LABEL_NODE_CHARS = 400
MAX_ATTACHMENTS = 100

ATTACHMENT_EXTS = frozenset({"pdf", "doc", "docx", "xls", "xlsx", "wps", "et", "ppt", "pptx", "ofd", "zip",
                             "rar", "7z", "txt", "csv", "dps", "ceb", "tif", "tiff"})

# field → the labels CMSs print for it (spaces inside a label are matched anyway)
FIELD_LABELS: dict[str, tuple[str, ...]] = {
    "index_number": ("信息索引号", "文件索引号", "索引号", "索取号"),
    "doc_number": ("发文字号", "发文文号", "文件编号", "文件字号", "文号"),
    "publisher": ("发布机构", "发文机关", "发布机关", "发布单位", "发文单位", "公开主体", "制发机关", "发文机构",
                  "公开责任部门", "生成机构", "信息来源", "来源"),
    "written_on": ("成文日期", "发文日期", "成文时间", "生成日期", "形成日期", "印发日期", "制发日期"),
    "published_on": ("发布日期", "公开日期", "发布时间", "公开时间"),
    "topic": ("主题分类", "信息分类", "所属主题", "公开类别"),
    "genre": ("体裁分类", "体裁", "公文种类", "文种"),
    "validity": ("有效性", "时效性", "效力状态", "有效状态"),
    "title": ("信息名称", "文件名称", "公开事项名称", "标题", "题名", "名称"),
    "column": ("所属栏目", "栏目"),
}
# labels that end the value before them but fill no field (kept in ``fields``)
OTHER_LABELS = ("公开方式", "公开范围", "公开时限", "公开形式", "关键词", "主题词", "浏览次数", "访问次数", "点击数",
                "阅读次数", "作者", "责任部门", "废止日期", "生效日期", "失效日期", "组配分类", "服务对象", "发布人",
                "编辑", "责任编辑", "字体", "字号", "分享到", "内容概述", "摘要", "统一编号", "登记号", "规范性文件登记号")

_LABEL_TO_FIELD = {label: name for name, labels in FIELD_LABELS.items() for label in labels}
_ALL_LABELS = sorted({*_LABEL_TO_FIELD, *OTHER_LABELS}, key=len, reverse=True)
_SP = "[\\s\u3000\xa0]*"
_COLON = "[:：]"
_LABEL_ALT = "|".join(_SP.join(re.escape(ch) for ch in label) for label in _ALL_LABELS)
# a text node that is exactly a label (a table cell, a <dt>): colon optional
_WHOLE_LABEL = re.compile(f"^{_SP}(?:【|\\[)?(?P<label>{_LABEL_ALT})(?:】|\\])?{_SP}{_COLON}?{_SP}$")
# a label with its colon at the start of a text node or after a space/separator ("发布时间：… 来源：…")
_INLINE_LABEL = re.compile(f"(?:^|(?<=[\\s\u3000\xa0|｜/，,;；]))(?:【|\\[)?(?P<label>{_LABEL_ALT})(?:】|\\])?{_SP}{_COLON}")
_AROUND_PUNCT = re.compile(r" ?([/、，,;；|｜]) ?")
_SPACES = re.compile("[\\s\u3000\xa0\u200b\ufeff]+")

_META_FIELDS = {
    "articletitle": "title", "pubdate": "published_on", "contentsource": "publisher", "columnname": "column",
    "publishdate": "published_on", "firstpublishedtime": "published_on",
}
_SKIP_PARENTS = {"script", "style", "noscript", "template", "title", "textarea", "select", "option", "head"}
_BLOCKS = {"td", "th", "dd", "dt", "li", "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "tbody",
           "ul", "ol", "dl", "section", "article", "body", "html", "form", "header", "footer", "main", "aside"}

# the content containers of the CMSs offices use, best first
BODY_SELECTORS = (
    "#UCAP-CONTENT", ".TRS_Editor", ".TRS_UEDITOR", "#zoom", ".zoom", "#Zoom", ".bt_content", ".article-content",
    ".article_content", "#article-content", ".pages_content", ".xxgk_content", ".xxgk-content", ".detail-content",
    ".details-content", "#content_body", ".content_body", ".news_content", ".news-content", ".wzy_content",
    "#js_content", ".main-txt", ".zw", "#zw", ".view", "article", "#content", ".content",
)

_DATE = re.compile(r"(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})")
_COMPACT_DATE = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})(?P<m>[01]\d)(?P<d>[0-3]\d)(?!\d)")

_FIELD_NAMES = {"title": "标题", "index_number": "索引号", "doc_number": "文号", "publisher": "发布机构",
                "written_on": "成文日期", "published_on": "发布日期", "topic": "主题分类", "genre": "体裁",
                "validity": "有效性"}
_CN_DIGITS = str.maketrans("０１２３４５６７８９－／．", "0123456789-/.")


def _squash(text: str) -> str:
    return _SPACES.sub(" ", text or "").strip()


def parse_date(text: str) -> datetime.date | None:
    """The first date in ``text``: 2024-01-05, 2024年1月5日, 2024/01/05, 2024.01.05 or 20240105."""
    value = (text or "")[:200].translate(_CN_DIGITS)
    for pattern in (_DATE, _COMPACT_DATE):
        for match in pattern.finditer(value):
            try:
                return datetime.date(int(match["y"]), int(match["m"]), int(match["d"]))
            except ValueError:
                continue
    return None


class _Budget:
    def __init__(self) -> None:
        self.deadline = time.monotonic() + MAX_SECONDS
        self.nodes = 0
        self.exhausted = False

    def spend(self) -> bool:
        self.nodes += 1
        if self.nodes > MAX_TEXT_NODES or (self.nodes % 256 == 0 and time.monotonic() > self.deadline):
            self.exhausted = True
        return not self.exhausted


def _block(node: LexborNode) -> LexborNode | None:
    parent = node.parent
    while parent is not None and parent.tag not in _BLOCKS:
        parent = parent.parent
    return parent


def _block_of(node: LexborNode) -> int:
    parent = _block(node)
    return parent.mem_id if parent is not None else 0


def _anchor_of(node: LexborNode) -> int:
    """The element a label's value must be inside: the row/list around the label's cell."""
    block = _block(node)
    parent = block.parent if block is not None else None
    return parent.mem_id if parent is not None else 0


def _inside(node: LexborNode, anchor: int, levels: int = 12) -> bool:
    parent = node.parent
    while parent is not None and levels > 0:
        if parent.mem_id == anchor:
            return True
        parent, levels = parent.parent, levels - 1
    return False


def _text_nodes(root: LexborNode, skip: set[int], budget: _Budget) -> Iterator[tuple[LexborNode, str]]:
    for node in root.traverse(include_text=True):
        if not budget.spend():
            return
        if node.tag != "-text":
            continue
        parent = node.parent
        if parent is None or parent.tag in _SKIP_PARENTS or node.mem_id in skip:
            continue
        text = _squash(node.text_content or "")
        if text:
            yield node, text


def _label_pairs(root: LexborNode, skip: set[int], budget: _Budget) -> list[tuple[str, str]]:
    """(label, value) in page order. A label's value is the rest of its text node or, when that is
    empty, the following text nodes of the next block (cell, dd, span run) up to the next label."""
    pairs: list[tuple[str, str]] = []
    open_label: str | None = None
    value_parts: list[str] = []
    value_block = 0
    anchor = 0

    def close() -> None:
        nonlocal open_label, value_parts, value_block
        if open_label is not None:
            joined = _squash(" ".join(value_parts))
            pairs.append((open_label, _AROUND_PUNCT.sub(r"\1", joined)[:MAX_VALUE_CHARS]))
        open_label, value_parts, value_block = None, [], 0

    for node, text in _text_nodes(root, skip, budget):
        whole = _WHOLE_LABEL.match(text) if len(text) <= 40 else None
        if whole:
            close()
            open_label, anchor = _SPACES.sub("", whole["label"]), _anchor_of(node)
            continue
        inline = list(_INLINE_LABEL.finditer(text)) if len(text) <= MAX_LABEL_NODE_CHARS else []
        if inline:
            close()
            for i, match in enumerate(inline):
                end = inline[i + 1].start() if i + 1 < len(inline) else len(text)
                label = _SPACES.sub("", match["label"])
                value = text[match.end():end].strip()
                if value:
                    pairs.append((label, value[:MAX_VALUE_CHARS]))
                else:
                    open_label, anchor = label, _anchor_of(node)   # the value follows in the next node(s)
            continue
        if open_label is None:
            continue
        block = _block_of(node)
        if not value_parts:
            if anchor and not _inside(node, anchor):
                close()                         # an empty cell: the next text is not this label's value
                continue
            value_block = block
            value_parts.append(text)
        elif block == value_block and sum(map(len, value_parts)) < MAX_VALUE_CHARS:
            value_parts.append(text)
        else:
            close()
    close()
    return pairs


def field_values(pairs: list[tuple[str, str]]) -> dict[str, str]:
    """field → value: for each field the value of its best label (``FIELD_LABELS`` order), the first
    one in the page among equals."""
    values: dict[str, str] = {}
    ranks: dict[str, int] = {}
    for label, value in pairs:
        field = _LABEL_TO_FIELD.get(label)
        if not field or not value:
            continue
        rank = FIELD_LABELS[field].index(label)
        if field not in values or rank < ranks[field]:
            values[field], ranks[field] = value, rank
    return values


def _meta_values(tree: LexborHTMLParser) -> dict[str, str]:
    found: dict[str, str] = {}
    for meta in tree.css("meta")[:200]:
        name = (meta.attributes.get("name") or meta.attributes.get("property") or "").strip().lower()
        field = _META_FIELDS.get(name)
        content = _squash(meta.attributes.get("content") or "")
        if field and content and field not in found:
            found[field] = content[:MAX_VALUE_CHARS]
    return found


def _text_len(node: LexborNode) -> int:
    return len(_squash(node.text(deep=True, separator=" ")))


def _body_node(tree: LexborHTMLParser, budget: _Budget) -> LexborNode | None:
    for selector in BODY_SELECTORS:
        for node in tree.css(selector)[:5]:
            if _text_len(node) >= 2 or node.css_first("img, table"):
                return node
    # no known container: the block whose own <p> children hold the most text
    best, best_score = None, 0
    body = tree.body
    if body is None:
        return None
    for node in body.traverse():
        if not budget.spend():
            break
        if node.tag not in ("div", "td", "section", "article"):
            continue
        score = 0
        child = node.child
        while child is not None:
            if child.tag == "p":
                score += len(_squash(child.text(deep=True)))
            child = child.next
        if score > best_score:
            best, best_score = node, score
    return best if best_score >= 10 else None


def _absolute(url: str, base: str) -> str:
    try:
        return urldefrag(urljoin(base, url.strip()))[0]
    except ValueError:
        return ""


def _ext(url: str) -> str:
    parts = urlsplit(url)
    names = [unquote(parts.path).rsplit("/", 1)[-1]]
    names += [v.rsplit("/", 1)[-1] for _, v in parse_qsl(parts.query)[:20]]
    for name in names:
        if "." in name:
            ext = name.rsplit(".", 1)[-1].lower()
            if ext in ATTACHMENT_EXTS:
                return ext
    return ""


def _attachments(tree: LexborHTMLParser, url: str) -> tuple[Attachment, ...]:
    seen: dict[str, Attachment] = {}
    for link in tree.css("a[href]")[:5000]:
        href = _absolute(link.attributes.get("href") or "", url)
        if urlsplit(href).scheme not in ("http", "https") or href in seen or not _ext(href):
            continue
        name = _squash(link.text(deep=True)) or _squash(link.attributes.get("title") or "")
        if not name:
            name = unquote(urlsplit(href).path.rsplit("/", 1)[-1])
        seen[href] = Attachment(href, name[:200])
        if len(seen) >= MAX_ATTACHMENTS:
            break
    return tuple(seen.values())


def _body_html(node: LexborNode, url: str) -> str:
    for element in node.css("a[href], img[src]"):
        attr = "href" if element.tag == "a" else "src"
        value = element.attributes.get(attr) or ""
        if value and not value.startswith(("#", "mailto:", "javascript:")):
            element.attrs[attr] = _absolute(value, url)
    return sanitize_html(node.inner_html or "").strip()


def _title_fallback(tree: LexborHTMLParser) -> str:
    for selector in ("h1", ".article-title", ".title", "h2"):
        node = tree.css_first(selector)
        if node is not None:
            text = _squash(node.text(deep=True))
            if 2 <= len(text) <= 300:
                return text
    node = tree.css_first("title")
    text = _squash(node.text()) if node is not None else ""
    return re.split(r"\s*[_|｜]\s*|\s+-\s+", text)[0].strip() if text else ""


_TAG_SCAN = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]{0,20})\b[^>]*?(/?)>")
# elements that close themselves or are closed implicitly: they do not deepen the tree
_NO_DEPTH = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                       "track", "wbr", "p", "li", "td", "th", "tr", "dt", "dd", "option", "optgroup", "colgroup",
                       "tbody", "thead", "tfoot", "rb", "rt", "rp", "keygen"})


def bounded_html(html: str) -> tuple[str, list[str]]:
    """The part of ``html`` that is read: at most MAX_HTML_CHARS, cut where the nesting of elements
    passes MAX_DEPTH (the parser's work grows with depth times size); the problems saying so."""
    problems: list[str] = []
    html = html or ""
    if len(html) > MAX_HTML_CHARS:
        html = html[:MAX_HTML_CHARS]
        problems.append(f"页面超过 {MAX_HTML_CHARS // 1_000_000} MB，只读取了前面部分")
    depth = 0
    for match in _TAG_SCAN.finditer(html):
        name = match.group(2).lower()
        if name in _NO_DEPTH or match.group(3):
            continue
        if match.group(1):
            depth = max(0, depth - 1)
        else:
            depth += 1
            if depth > MAX_DEPTH:
                problems.append(f"页面元素嵌套超过 {MAX_DEPTH} 层，只读取了前面部分")
                return html[: match.start()], problems
    return html, problems


def read_detail(html: str, url: str) -> DetailRecord:
    """The metadata, body and attachments of one detail page; ``problems`` names what is missing."""
    html, problems = bounded_html(html)
    budget = _Budget()
    tree = LexborHTMLParser(html)
    body = _body_node(tree, budget)
    skip: set[int] = set()
    if body is not None:
        skip = {n.mem_id for n in body.traverse(include_text=True) if n.tag == "-text"}
    pairs = _label_pairs(tree.root, skip, budget) if tree.root is not None else []
    values = field_values(pairs)
    meta = _meta_values(tree)
    for field, value in meta.items():
        if field == "title" or field not in values:
            values.setdefault(field, value)
    if "title" not in values or len(values["title"]) < 2:
        values["title"] = meta.get("title") or _title_fallback(tree)
    if meta.get("title") and "title" in values and values["title"] != meta["title"] \
            and values["title"] in meta["title"]:
        values["title"] = meta["title"]        # a table cell cut short, the meta tag complete
    dates: dict[str, datetime.date | None] = {}
    for field in ("written_on", "published_on"):
        raw = values.get(field, "")
        dates[field] = parse_date(raw) if raw else None
        if raw and dates[field] is None:           # another label of the field may hold a readable date
            ranked = sorted((FIELD_LABELS[field].index(label), value) for label, value in pairs
                            if _LABEL_TO_FIELD.get(label) == field and value)
            dates[field] = next((d for _, v in ranked if (d := parse_date(v)) is not None), None)
            if dates[field] is None and field in meta:
                dates[field] = parse_date(meta[field])
        if raw and dates[field] is None:
            problems.append(f"{_FIELD_NAMES[field]}“{raw[:40]}”无法识别为日期")
    body_html = _body_html(body, url) if body is not None else ""
    attachments = _attachments(tree, url)
    if not values.get("title"):
        problems.append("未找到标题")
    if not values.get("index_number"):
        problems.append("未找到索引号")
    if dates["published_on"] is None and not values.get("published_on"):
        problems.append("未找到发布日期")
    if not body_html and not attachments:
        problems.append("未找到正文")
    if budget.exhausted:
        problems.append("页面结构过于复杂，只读取了前面部分")
    return DetailRecord(
        url=url, title=values.get("title", ""), index_number=values.get("index_number", ""),
        doc_number=values.get("doc_number", ""), publisher=values.get("publisher", ""),
        written_on=dates["written_on"], published_on=dates["published_on"], topic=values.get("topic", ""),
        genre=values.get("genre", ""), validity=values.get("validity", ""), body_html=body_html,
        attachments=attachments, problems=tuple(problems), fields=tuple(pairs[:200]),
        column=values.get("column", ""),
    )
