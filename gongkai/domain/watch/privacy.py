"""Personal data on the live site (个人信息泄露检查): pages and attachments.

The watchdog runs the same guard as publishing (``gongkai.domain.pii``, spec watch.md §4):
resident ID numbers (GB 11643 check digit), mobile numbers and bank card numbers (Luhn plus a
card BIN or bank words), with the look-alikes of government documents (索引号, 文号, amounts,
already-masked numbers such as ``4309**********1234``) left alone. Attachments are read with
``gongkai.domain.textextract`` and each number is located by page, sheet row or table.

One finding per page or attachment (the finding's identity is its URL), high when an ID or bank
card number is shown, medium for mobile numbers only. Evidence names the kind and shows the
MASKED value only: a finding, its JSON and the alert e-mail never repeat the full number."""
from __future__ import annotations

from collections import Counter
from urllib.parse import unquote, urlsplit

from .. import pii
from ..textextract import UnsupportedFile, extract_lines
from .findings import HIGH, MEDIUM, Finding

__all__ = ["KIND_LABELS", "check_attachment", "check_page"]

KIND_LABELS = {pii.ID_CARD: "身份证号", pii.MOBILE: "手机号", pii.BANK_CARD: "银行卡号"}
_SEVERE = {pii.ID_CARD, pii.BANK_CARD}
_EXAMPLES = 3          # masked examples in the evidence
_LISTED = 50           # masked hits kept in extra["pii"]


def _finding(url: str, hits: list[tuple[pii.Finding, str]], what: str, referrer: str | None) -> list[Finding]:
    if not hits:
        return []
    counts = Counter(h.kind for h, _ in hits)
    severity = HIGH if counts.keys() & _SEVERE else MEDIUM
    summary = "、".join(f"{KIND_LABELS[k]}{counts[k]}个" for k in pii.KINDS if counts[k])
    examples = "；".join(f"{where + '：' if where else ''}{KIND_LABELS[h.kind]} {h.masked}"
                        for h, where in hits[:_EXAMPLES])
    evidence = f"{what}公开了未脱敏的个人信息（{summary}），例如 {examples}"
    extra = {"pii_counts": {k: counts[k] for k in pii.KINDS if counts[k]},
             "pii": [{"kind": h.kind, "masked": h.masked, "where": where} for h, where in hits[:_LISTED]]}
    return [Finding(url, "privacy", "personal_data", severity, evidence, referrer=referrer, extra=extra)]


def check_page(url: str, text: str) -> list[Finding]:
    """personal_data for a page's visible text (at most one finding per page)."""
    return _finding(url, [(h, "") for h in pii.find_pii(text or "")], "页面", None)


def check_attachment(url: str, data: bytes, referrer: str | None) -> list[Finding]:
    """personal_data for an attachment (PDF, DOCX, XLSX, HTML or text), located by page/row/table.

    A file that cannot be read as text (legacy .doc/.xls, scanned image, damaged or protected
    file) gives no finding here: there is nothing this guard can see in it."""
    name = unquote(urlsplit(url).path.rsplit("/", 1)[-1]) or None
    try:
        lines = extract_lines(data, name)
    except UnsupportedFile:
        return []
    hits = [(h, line.where) for line in lines for h in pii.find_pii(line.text)]
    label = f"附件{name}" if name else "附件"
    return _finding(url, hits, label, referrer)
