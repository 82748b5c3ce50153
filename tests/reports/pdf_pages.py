"""Reading page breaks back from a PDF (pypdf): on which page a piece of text lands, and how
far down each page the text reaches. Shared by the PDF layout tests."""
from __future__ import annotations

import io
import re

from pypdf import PdfReader

MM = 72 / 25.4
PAGE_NUMBER = re.compile(r"^\s*—\s*\d+\s*—\s*$")


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


class Pages:
    def __init__(self, content: bytes):
        self.reader = PdfReader(io.BytesIO(content))
        self.texts = [_squeeze(page.extract_text()) for page in self.reader.pages]

    def __len__(self):
        return len(self.texts)

    def page_of(self, text: str, last: bool = False) -> int:
        """1-based page of the first (or last) page holding ``text``; a phrase broken over
        two pages counts as on the page where it starts."""
        wanted = _squeeze(text)
        order = range(len(self.texts) - 1, -1, -1) if last else range(len(self.texts))
        for i in order:
            if wanted in self.texts[i]:
                return i + 1
        joined = "".join(self.texts)
        at = joined.rfind(wanted) if last else joined.find(wanted)
        assert at >= 0, f"not in the PDF: {text}"
        seen = 0
        for i, page_text in enumerate(self.texts):
            seen += len(page_text)
            if at < seen:
                return i + 1
        raise AssertionError(text)

    def lowest_text_mm(self, number: int) -> float:
        """How far from the top of page ``number`` its lowest line of text (not the page
        number) is, in mm."""
        lowest = 0.0

        def visit(text, cm, tm, font, size):
            nonlocal lowest
            if text.strip() and not PAGE_NUMBER.match(text):
                lowest = max(lowest, tm[5] * cm[0])    # WeasyPrint: top-down px, scaled to pt by cm
        self.reader.pages[number - 1].extract_text(visitor_text=visit)
        return lowest / MM
