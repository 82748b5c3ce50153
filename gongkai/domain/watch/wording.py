"""Serious wording errors (严重表述错误): official names, titles and fixed political formulations
written wrongly — a single-veto item of the national inspection (spec watch.md §1.2).

``DEFAULT_RULES`` is a plain data list of (wrong, right); a site adds its own rules (e.g. the
county's and its leaders' exact names). An occurrence of the wrong form that lies inside an
occurrence of the right form is not an error (a rule's wrong form may be part of the right one)."""
from __future__ import annotations

from functools import lru_cache

import ahocorasick

from .config import WordingRule
from .findings import HIGH, Finding

__all__ = ["DEFAULT_RULES", "check_text"]

DEFAULT_RULES: list[WordingRule] = [WordingRule(wrong, right) for wrong, right in [
    ("政府信息公开法", "中华人民共和国政府信息公开条例"),
    ("中华人民共和国政府信息公开法", "中华人民共和国政府信息公开条例"),
    ("国务院办公室", "国务院办公厅"),
    ("国务院办公厅厅", "国务院办公厅"),
    ("中华人名共和国", "中华人民共和国"),
    ("中华人民共合国", "中华人民共和国"),
    ("中国共产觉", "中国共产党"),
    ("全国人民代表大会常务委会", "全国人民代表大会常务委员会"),
    ("全国人大常委员会", "全国人大常委会"),
    ("国务院总里", "国务院总理"),
    ("国家主度", "国家主席"),
    ("中共中央总书纪", "中共中央总书记"),
    ("习近平总书纪", "习近平总书记"),
    ("习近平新时代中国特色社会主意思想", "习近平新时代中国特色社会主义思想"),
    ("中国特色社会主意", "中国特色社会主义"),
    ("社会主义核心价值关", "社会主义核心价值观"),
    ("台湾总统", "台湾地区领导人"),
    ("台湾政府", "台湾当局"),
    ("中华民国总统", "台湾地区领导人"),
]]


@lru_cache(maxsize=64)
def _automaton(rules: tuple[WordingRule, ...]) -> ahocorasick.Automaton:
    auto = ahocorasick.Automaton()
    for rule in rules:
        if rule.wrong:
            auto.add_word(rule.wrong, rule)
    auto.make_automaton()
    return auto


def _covered(text: str, start: int, end: int, right: str) -> bool:
    """Whether text[start:end] lies inside an occurrence of ``right``."""
    lo = max(0, end - len(right))
    pos = text.find(right, lo)
    while pos != -1 and pos <= start:
        if pos + len(right) >= end:
            return True
        pos = text.find(right, pos + 1)
    return False


def check_text(url: str, text: str, rules: list[WordingRule]) -> list[Finding]:
    """At most one finding per page (its identity is the page): the evidence names each wrong form
    with the right one and the words around its first occurrence; ``extra["errors"]`` lists them."""
    frozen = tuple(rules)
    if not text or not frozen:
        return []
    spans: dict[str, tuple[int, int, WordingRule]] = {}
    for end, rule in _automaton(frozen).iter(text):
        end += 1
        start = end - len(rule.wrong)
        if rule.wrong in spans or _covered(text, start, end, rule.right):
            continue
        if any((s <= start and end <= e) or (start <= s and e <= end) for s, e, _ in spans.values()):
            continue                    # the same words matched by a longer or shorter rule
        spans[rule.wrong] = (start, end, rule)
    if not spans:
        return []
    items = []
    for start, end, rule in sorted(spans.values(), key=lambda x: x[0]):
        context = text[max(0, start - 15): end + 15].strip()
        items.append(f"“{rule.wrong}”应为“{rule.right}”：…{context}…")
    return [Finding(url, "wording", "wording_error", HIGH, "；".join(items[:3]),
                    extra={"errors": [{"wrong": r.wrong, "right": r.right} for _, _, r in
                                      sorted(spans.values(), key=lambda x: x[0])]})]
