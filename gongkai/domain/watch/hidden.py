"""Elements a visitor cannot see (暗链的隐藏手法): inline or <style> CSS that hides a box, tiny
marquees and iframes, the ``hidden`` attribute, text coloured like its background.

This is a static reading of the HTML (no rendering): the <style> blocks are read with one regex for
the rules whose declarations hide something, and only their selectors are queried on the tree.
Rules inside @media blocks (responsive layouts hide the desktop menu on phones) and rules with
pseudo-classes (``:hover`` menus) are ignored; an element that a later plain rule shows again
(``.tab.on{display:block}``) counts as visible. Whether hiding matters is decided by the caller:
a hidden internal menu is normal, a hidden link to a foreign domain is a dark link (暗链)."""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from selectolax.lexbor import SelectolaxError

if TYPE_CHECKING:
    from selectolax.lexbor import LexborHTMLParser, LexborNode

__all__ = ["HiddenRegion", "hidden_regions", "hiding_reason", "node_selector"]

_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_MEDIA = re.compile(r"@(?:media|supports|keyframes|-webkit-keyframes|font-face)[^{]*\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}", re.I)
_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_NUM = r"(-?\d+(?:\.\d+)?)(px|em|rem|pt|%|vw|vh)?"
_OFFSET = re.compile(rf"(?<![-\w])(?:left|top|right|bottom|margin-left|margin-top|text-indent):{_NUM}")
_FAR_SIDE = re.compile(rf"(?<![-\w])(?:right|bottom):{_NUM}")
_SIZE = re.compile(rf"(?<![-\w])(width|height|max-height|max-width):{_NUM}")
_COLOR = re.compile(r"(?<![-\w])color:([#\w(),.]+)")
_BACKGROUND = re.compile(r"(?<![-\w])background(?:-color)?:([#\w(),.]+)")
_SHOWS = re.compile(r"display:(?!none)\w|visibility:visible")
_PX = {"px": 1, "pt": 1.33, "em": 16, "rem": 16, None: 1}


@dataclass
class HiddenRegion:
    node: LexborNode
    selector: str
    reason: str             # Chinese


def _decls(style: str) -> str:
    return re.sub(r"\s+", "", (style or "").lower()).replace("!important", "")


def _color(value: str) -> str:
    value = value.strip(";").lower()
    if re.fullmatch(r"#[0-9a-f]{3}", value):
        value = "#" + "".join(c * 2 for c in value[1:])
    return {"white": "#ffffff", "black": "#000000"}.get(value, value)


def hiding_reason(style: str, tag: str | None = "", has_size_children: bool = False) -> str | None:
    """Why a declaration block hides its element, in Chinese; None when it does not."""
    s = _decls(style)
    if not s:
        return None
    if "display:none" in s:
        return "display:none 隐藏"
    if "visibility:hidden" in s or "visibility:collapse" in s:
        return "visibility:hidden 隐藏"
    if re.search(r"(?<![-\w])opacity:0*(?:\.0+)?(?:;|$)", s):
        return "opacity:0 透明"
    for m in _OFFSET.finditer(s):
        value, unit = float(m.group(1)), m.group(2)
        if unit not in ("%", "vw", "vh") and value * _PX.get(unit, 1) <= -500:
            return f"移出屏幕（{m.group(0)}）"
        if unit in ("%", "vw", "vh") and value <= -100:
            return f"移出屏幕（{m.group(0)}）"
    if re.search(r"(?<![-\w])position:(?:absolute|fixed)", s):
        # a positioned box pushed far from the right or bottom edge lands past the left or top of the
        # page, where no visitor scrolls (published 暗链 scanners' rule: position:absolute with an
        # offset, whichever side)
        for m in _FAR_SIDE.finditer(s):
            value, unit = float(m.group(1)), m.group(2)
            if (unit in ("%", "vw", "vh") and value >= 100) or \
                    (unit not in ("%", "vw", "vh") and value * _PX.get(unit, 1) >= 2000):
                return f"移出屏幕（{m.group(0)}）"
    if re.search(r"clip:rect\(0(?:px)?[, ]*0(?:px)?[, ]*0(?:px)?[, ]*0(?:px)?\)", s) and "position:absolute" in s:
        return "clip:rect(0,0,0,0) 裁剪为零"
    if re.search(r"(?<![-\w])font-size:0(?:px|em|pt|%)?(?:;|$)", s) and not has_size_children:
        return "font-size:0 字号为零"
    sizes = {}
    for m in _SIZE.finditer(s):
        sizes[m.group(1)] = float(m.group(2)) * _PX.get(m.group(3), 1) if m.group(3) != "%" else float(m.group(2))
    tiny = [k for k, v in sizes.items() if v <= 2]
    if tiny and ("overflow:hidden" in s or tag in ("iframe", "marquee", "frame") or
                 {"width", "height"} <= set(tiny)):
        return f"尺寸为零（{'、'.join(tiny)}）"
    color, background = _COLOR.search(s), _BACKGROUND.search(s)
    if color and background and _color(color.group(1)) == _color(background.group(1)):
        return "文字颜色与背景色相同"
    return None


def node_selector(node: LexborNode | None) -> str:
    """A CSS selector that points at ``node`` (id when it has one, else an nth-child path)."""
    parts = []
    while node is not None and node.tag not in ("html", "-document", None):
        ident = node.attributes.get("id") if node.attributes else None
        if ident and re.fullmatch(r"[A-Za-z][\w-]*", ident):
            parts.append(f"{node.tag}#{ident}")
            break
        if node.tag == "body":
            parts.append("body")
            break
        index, sib = 1, node.prev
        while sib is not None:
            if sib.is_element_node:
                index += 1
            sib = sib.prev
        parts.append(f"{node.tag}:nth-child({index})")
        node = node.parent
    return " > ".join(reversed(parts))


def _attr_int(value: object) -> float | None:
    try:
        return float(str(value).strip().rstrip("px").rstrip("%"))
    except (TypeError, ValueError):
        return None


def _stylesheet_rules(styles: Sequence[str | tuple[str, str]]) -> tuple[list[tuple[str, str, str]], list[str]]:
    """(selector, reason, file) of plain rules that hide, and selectors of plain rules that show."""
    hide, show = [], []
    for css in styles:
        origin = ""
        if isinstance(css, tuple):          # (file, text): a linked stylesheet, named in the reason
            origin, css = css[0].rsplit("/", 1)[-1] + " ", css[1]
        if not css or "{" not in css:
            continue
        css = _MEDIA.sub("", _COMMENT.sub("", css))
        for m in _RULE.finditer(css):
            body = m.group(2)
            reason = hiding_reason(body)
            showing = reason is None and _SHOWS.search(_decls(body))
            if not reason and not showing:
                continue
            for sel in m.group(1).split(","):
                sel = sel.strip()
                if not sel or ":" in sel or sel.startswith("@") or sel in ("html", "body", "*"):
                    continue
                if reason and reason.startswith("font-size"):
                    continue        # font-size:0 on a list is the inline-block whitespace trick
                (hide.append((sel, reason, origin)) if reason else show.append(sel))
    return hide, show


def _has_ancestor(node: LexborNode, ids: set[int]) -> bool:
    current = node.parent
    while current is not None:
        if current.mem_id in ids:
            return True
        current = current.parent
    return False


def hidden_regions(tree: LexborHTMLParser | None, styles: Sequence[str | tuple[str, str]]) -> list[HiddenRegion]:
    """The outermost hidden elements of the page's body, with the reason they are hidden."""
    if tree is None:
        return []
    found: dict[int, HiddenRegion] = {}

    def add(node: LexborNode, reason: str) -> None:
        if node.tag in ("script", "style", "template", "noscript", "head", "meta", "link", "input", "option"):
            return
        if node.mem_id not in found:
            found[node.mem_id] = HiddenRegion(node, "", reason)

    for node in tree.css("body [style]"):
        style = node.attributes.get("style") or ""
        if "font-size" in style and re.search(r"font-size\s*:\s*0", style):
            nested = any("font-size" in (c.attributes.get("style") or "") for c in node.css("[style]")
                         if c.mem_id != node.mem_id)
        else:
            nested = False
        reason = hiding_reason(style, node.tag, nested)
        if reason:
            add(node, reason + "（内联样式）")
    for node in tree.css("body [hidden]"):
        add(node, "hidden 属性隐藏")
    for node in tree.css("marquee, iframe, frame"):
        w, h = _attr_int(node.attributes.get("width")), _attr_int(node.attributes.get("height"))
        if (w is not None and w <= 5) or (h is not None and h <= 5):
            label = "滚动字幕" if node.tag == "marquee" else "内嵌框架"
            add(node, f"极小的{label}（{w or '-'}×{h or '-'}）")
    for node in tree.css("body [style*='color']"):
        color = _COLOR.search(_decls(node.attributes.get("style") or ""))
        if not color or _BACKGROUND.search(_decls(node.attributes.get("style") or "")):
            continue
        parent, depth = node.parent, 0
        while parent is not None and depth < 3:
            attrs = parent.attributes or {}
            bg = _BACKGROUND.search(_decls(attrs.get("style") or ""))
            value = bg.group(1) if bg else attrs.get("bgcolor")
            if value:
                if _color(value) == _color(color.group(1)):
                    add(node, "文字颜色与背景色相同（内联样式）")
                break
            parent, depth = parent.parent, depth + 1
    hide, show = _stylesheet_rules([s for s in styles if s])
    if hide:
        shown: set[int] = set()
        for sel in show:
            try:
                shown.update(n.mem_id for n in tree.css(sel))
            except (SelectolaxError, ValueError):
                continue
        for sel, reason, origin in hide:
            try:
                nodes = tree.css(sel)
            except (SelectolaxError, ValueError):
                continue
            for node in nodes:
                if node.mem_id not in shown:
                    add(node, f"{reason}（样式表 {origin}{sel[:40]}）")
    ids = set(found)
    regions = []
    for region in found.values():
        if _has_ancestor(region.node, ids):
            continue
        region.selector = node_selector(region.node)
        regions.append(region)
    return regions
