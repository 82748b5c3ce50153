"""File names for what people download: the document's own title, safe on every system.

Clerks file downloads by name; "receipt-SQ2026-0012.pdf" tells them nothing, while
"依申请公开登记回执（SQ2026-0012）.pdf" does.
"""
from __future__ import annotations

import re
import unicodedata

MAX_STEM = 80  # characters; Windows and most mail clients take far longer names, people read fewer
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')


def document_filename(title: str, extension: str) -> str:
    """``title`` made safe as a file name (no path separators or characters Windows refuses)."""
    stem = unicodedata.normalize("NFC", title or "")
    stem = _UNSAFE.sub("_", stem).strip(" ._") or "文件"
    stem = "".join(ch for ch in stem if unicodedata.category(ch) != "Cs")  # no lone surrogates
    return f"{stem[:MAX_STEM]}.{extension.lstrip('.')}"
