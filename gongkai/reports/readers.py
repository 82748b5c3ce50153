"""Published annual reports read into paragraphs and table grids, for the
inspector (``gongkai.domain.annual_report.extract``). No Django.

A ``Document`` is the report's blocks in reading order: paragraphs (``str``)
and tables (``Grid``: rows of cells). Merged cells are expanded so that every
row has a cell per grid column: a merged cell's text stands at its top-left
position and the positions it covers hold ``None``. A blank cell is ``""``.

- HTML (including Word's “save as web page” export: ``MsoNormalTable``,
  ``<td rowspan colspan>``, ``&nbsp;``, ``<p><span>`` inside cells) via
  selectolax;
- DOCX via python-docx's XML (``w:gridSpan``, ``w:vMerge``, ``w:gridBefore``);
- PDF via pdfplumber: ruled tables from their lines (then from text
  alignment when a page has no rules), text outside the tables as paragraphs;
  the characters and lines are read with PDFium (pypdfium2), about three
  times faster than pdfminer, which remains the fallback;
- plain text: lines with tabs or ``|`` between cells are table rows, and a
  label followed by numbers separated by spaces is a row too.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from gongkai.domain.annual_report.extract import Grid
from gongkai.domain.bounded_archive import DEFAULT_LIMITS, BoundsError, Deadline, check_pages
from gongkai.domain.textextract import (
    TooLarge, UnsupportedFile, _check_unpacked_size, _declared_charset, _decode_text, _why_unsupported, check_bounds,
    sniff_kind,
)

__all__ = ["KINDS", "Document", "Grid", "UnsupportedFile", "read_document"]

KINDS = ("html", "docx", "pdf", "txt")


@dataclass
class Document:
    kind: str
    blocks: list = field(default_factory=list)     # str (paragraph) or Grid
    title: str = ""                                 # <title> of a web page, the PDF's Title

    @property
    def paragraphs(self) -> list[str]:
        return [b for b in self.blocks if isinstance(b, str)]

    @property
    def grids(self) -> list:
        return [b for b in self.blocks if not isinstance(b, str)]


def read_document(data: bytes, filename: str = "report") -> Document:
    """Read a report. Raises ``UnsupportedFile`` for anything else, with a
    message that names the file and says why; ``TooLarge`` (one) for a decompression bomb,
    too many pages or a read out of time, refused before any parser inflates it."""
    kind = sniff_kind(data, filename)
    if kind not in KINDS:
        why = "an Excel workbook, not a report" if kind == "xlsx" else _why_unsupported(data, filename)
        raise UnsupportedFile(f"{filename}: {why}")
    check_bounds(data, kind, filename)
    try:
        return _numbered(_READERS[kind](data, filename))
    except BoundsError as exc:
        raise TooLarge(filename, str(exc)) from None
    except UnsupportedFile:
        raise
    # The parsers raise many kinds of error on a malformed file; to the
    # caller they all mean "this file cannot be read".
    except Exception as exc:
        raise UnsupportedFile(f"{filename}: the {kind.upper()} file is damaged "
                              f"({exc.__class__.__name__}: {exc})") from None


def _numbered(doc: Document) -> Document:
    """Each table gets its number in reading order (表格1, 表格2 …), kept on every row, so that a
    cell the inspector cannot read is named by page, table and row."""
    number = 0
    for i, block in enumerate(doc.blocks):
        if isinstance(block, str):
            continue
        number += 1
        grid = block if isinstance(block, Grid) else Grid(block)
        grid.where = [(page, number) for page, _ in grid.where]
        doc.blocks[i] = grid
    return doc


_WS = re.compile(r"[ \t\r\n\f\u00a0\u3000\u200b]+")


def _squash(text: str) -> str:
    return _WS.sub(" ", text).strip()


class _Spans:
    """Lays cells with row and column spans out on a grid."""

    def __init__(self) -> None:
        self.rows: list[list[str | None]] = []
        self._taken: dict[tuple[int, int], bool] = {}

    def row(self) -> None:
        self.rows.append([])

    def cell(self, text: str, rowspan: int = 1, colspan: int = 1) -> None:
        r = len(self.rows) - 1
        row = self.rows[r]
        c = len(row)
        while self._taken.get((r, c)):
            row.append(None)
            c += 1
        for dr in range(max(1, rowspan)):
            for dc in range(max(1, colspan)):
                self._taken[(r + dr, c + dc)] = True
        row.append(text)
        row.extend([None] * (max(1, colspan) - 1))

    def grid(self) -> list:
        width = max((c + 1 for (r, c) in self._taken if r < len(self.rows)), default=0)
        for row in self.rows:
            row.extend([None] * (width - len(row)))
        return self.rows


# --- HTML --------------------------------------------------------------------

_BLOCK_TAGS = ("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "br", "tr", "section", "article",
               "blockquote", "pre", "dt", "dd", "caption", "center")


def _span(node, name: str) -> int:
    try:
        return max(1, min(int(str(node.attributes.get(name) or "1").strip()), 1000))
    except ValueError:
        return 1


def _read_html(data: bytes, filename: str) -> Document:
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(_decode_text(data, _declared_charset(data)))
    title_node = tree.css_first("title")
    doc = Document("html", title=_squash(title_node.text()) if title_node else "")
    for node in tree.css("script, style, template, head, noscript"):
        node.decompose()
    grids: list = []
    for table in tree.css("table"):
        if table.parent is not None and _inside_table(table):
            continue
        spans = _Spans()
        for tr in _rows_of(table):
            spans.row()
            for td in tr.iter():
                if td.tag in ("td", "th"):
                    spans.cell(_squash(td.text(separator="")), _span(td, "rowspan"), _span(td, "colspan"))
        grids.append(spans.grid())
        table.replace_with(f"\n\x00{len(grids) - 1}\x00\n")
    for node in tree.css(",".join(_BLOCK_TAGS)):
        node.insert_after("\n")
    body = tree.body or tree.root
    text = body.text(separator="") if body is not None else ""
    for line in text.split("\n"):
        m = re.fullmatch(r"\s*\x00(\d+)\x00\s*", line)
        if m:
            doc.blocks.append(grids[int(m.group(1))])
        elif _squash(line):
            doc.blocks.append(_squash(line))
    return doc


def _inside_table(node) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.tag == "table":
            return True
        parent = parent.parent
    return False


def _rows_of(table):
    """The table's own rows (in thead/tbody/tfoot or directly), not those of
    tables nested in its cells."""
    for child in table.iter():
        if child.tag == "tr":
            yield child
        elif child.tag in ("thead", "tbody", "tfoot"):
            yield from (tr for tr in child.iter() if tr.tag == "tr")


# --- DOCX --------------------------------------------------------------------

def _read_docx(data: bytes, filename: str) -> Document:
    import docx
    from docx.oxml.ns import qn
    from docx.table import Table

    _check_unpacked_size(data, filename)
    document = docx.Document(io.BytesIO(data))
    doc = Document("docx", title=_squash(document.core_properties.title or ""))
    t_tag, p_tag = qn("w:t"), qn("w:p")
    for block in document.iter_inner_content():
        if not isinstance(block, Table):
            if block.text.strip():
                doc.blocks.append(_squash(block.text))
            continue
        rows: list[list[str | None]] = []
        for tr in block._tbl.tr_lst:
            row: list[str | None] = [None] * tr.grid_before
            for tc in tr.tc_lst:
                paragraphs = ["".join(t.text or "" for t in p.iter(t_tag)) for p in tc.iter(p_tag)]
                text = _squash("".join(paragraphs))
                span = tc.grid_span
                if tc.vMerge == "continue":
                    row.extend([None] * span)
                else:
                    row.append(text)
                    row.extend([None] * (span - 1))
            rows.append(row)
        width = max((len(row) for row in rows), default=0)
        for row in rows:
            row.extend([None] * (width - len(row)))
        doc.blocks.append(rows)
    return doc


# --- PDF ---------------------------------------------------------------------

_PDF_TABLE_HINTS = ("申请人情况", "本年新收", "行政复议", "第二十条", "信息内容", "自然人")


def _read_pdf(data: bytes, filename: str) -> Document:
    import logging

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        title, pages = _pdfium_pages(data)
    except BoundsError:
        raise
    except Exception as exc:
        message = str(exc) or exc.__class__.__name__
        if "password" in message.lower():
            raise UnsupportedFile(f"{filename}: the PDF is protected by a password") from None
        title, pages = None, None       # pdfminer may still read what PDFium does not
    if pages is not None:
        return _pdf_blocks(Document("pdf", title=title), pages)
    import pdfplumber

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:
        message = str(exc) or exc.__class__.__name__
        if "password" in message.lower() or exc.__class__.__name__ == "PDFPasswordIncorrect":
            raise UnsupportedFile(f"{filename}: the PDF is protected by a password") from None
        raise
    with pdf:
        doc = Document("pdf", title=_squash(str((pdf.metadata or {}).get("Title") or "")))
        return _pdf_blocks(doc, pdf.pages)


def _pdf_blocks(doc: Document, pages) -> Document:
    """Paragraphs and tables of pdfplumber pages, in reading order."""
    deadline = Deadline(DEFAULT_LIMITS.max_seconds)
    for page in pages:
        deadline.check()
        ruled = bool(page.lines or page.rects)
        text = None if ruled else page.extract_text() or ""     # the whole page's text only when needed
        tables = []
        # A table that a page break continues has none of the hints.
        if ruled or any(hint in text.replace(" ", "") for hint in _PDF_TABLE_HINTS):
            tables = page.find_tables()
            if not tables:
                tables = page.find_tables({"vertical_strategy": "text", "horizontal_strategy": "text"})
        if not tables:
            text = page.extract_text() or "" if text is None else text
            doc.blocks += [_squash(line) for line in text.splitlines() if _squash(line)]
            continue
        # Paragraphs above, between and below the tables, in reading order.
        tables = sorted(tables, key=lambda t: t.bbox[1])
        top = 0
        for table in tables:
            doc.blocks += _pdf_lines(page, top, table.bbox[1])
            rows = [[None if c is None else _squash(c) for c in row] for row in table.extract()]
            doc.blocks.append(Grid(rows, page=page.page_number, stray=_stray_words(page, table)))
            top = table.bbox[3]
        doc.blocks += _pdf_lines(page, top, page.height)
    return doc


# pdfminer interprets the page content in Python (about 0.05 s a page of a report); PDFium does it
# in C. So the characters and ruling lines are read with PDFium (pypdfium2, installed with
# pdfplumber) and handed to pdfplumber in its own object format, and pdfplumber finds the tables
# and lays out the text exactly as before. Pages PDFium cannot place the same way (rotated, or a
# media box not at the origin) and files it cannot open go to pdfminer.

class _PageStub:
    """What ``pdfplumber.page.Page`` reads of a pdfminer page: its attributes."""

    def __init__(self, width: float, height: float):
        self.attrs = {"MediaBox": [0, 0, width, height], "Rotate": 0}


def _pdfium_pages(data: bytes):
    """(title, pdfplumber pages with their objects read by PDFium), or (None, None) when a page
    needs pdfminer."""
    import pypdfium2 as pdfium
    from pdfplumber.page import Page

    pdf = pdfium.PdfDocument(data)
    try:
        check_pages(len(pdf))
        deadline = Deadline(DEFAULT_LIMITS.max_seconds)
        title = _squash(str(pdf.get_metadata_dict().get("Title") or ""))
        pages, doctop = [], 0.0
        for index in range(len(pdf)):
            deadline.check()
            page = pdf[index]
            try:
                left, bottom, right, top = page.get_mediabox()
                if page.get_rotation() or abs(left) > 0.01 or abs(bottom) > 0.01:
                    return None, None
                width, height = right, top
                plumber = Page(None, _PageStub(width, height), index + 1, doctop)
                plumber._objects = {"char": _pdfium_chars(page, height, doctop),
                                    "line": _pdfium_lines(page, height, doctop)}
                pages.append(plumber)
                doctop += height
            finally:
                page.close()
        return title, pages
    finally:
        pdf.close()


def _pdfium_chars(page, height: float, doctop: float) -> list[dict]:
    import ctypes

    import pypdfium2.raw as pdfium_c

    textpage = page.get_textpage()
    try:
        raw = textpage.raw
        chars = []
        box = pdfium_c.FS_RECTF()
        for i in range(pdfium_c.FPDFText_CountChars(raw)):
            if pdfium_c.FPDFText_IsGenerated(raw, i):
                continue
            code = pdfium_c.FPDFText_GetUnicode(raw, i)
            if code in (0, 0xFFFE, 0xFFFF) or code in (10, 13) or not pdfium_c.FPDFText_GetLooseCharBox(
                    raw, i, ctypes.byref(box)):
                continue
            x0, x1 = min(box.left, box.right), max(box.left, box.right)
            y0, y1 = min(box.bottom, box.top), max(box.bottom, box.top)
            size = pdfium_c.FPDFText_GetFontSize(raw, i)
            angle = pdfium_c.FPDFText_GetCharAngle(raw, i)
            chars.append({
                "object_type": "char", "text": chr(code), "x0": x0, "x1": x1, "y0": y0, "y1": y1,
                "top": height - y1, "bottom": height - y0, "doctop": doctop + height - y1,
                "width": x1 - x0, "height": y1 - y0, "size": size, "fontname": "",
                "upright": abs(angle) < 0.01 or abs(angle - 6.283185) < 0.01,
            })
        return chars
    finally:
        textpage.close()


def _pdfium_lines(page, height: float, doctop: float) -> list[dict]:
    """Every straight horizontal or vertical segment of the page's paths (rectangles included),
    as pdfplumber lines: what its table finder makes edges of."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    lines: list[dict] = []
    matrix = pdfium_c.FS_MATRIX()
    x, y = ctypes.c_float(), ctypes.c_float()

    def visit(obj, outer):
        if not pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(matrix)):
            return
        m = (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)
        if outer is not None:       # the object's matrix is in its form's space
            a, b, c, d, e, f = m
            oa, ob, oc, od, oe, of = outer
            m = (a * oa + b * oc, a * ob + b * od, c * oa + d * oc, c * ob + d * od,
                 e * oa + f * oc + oe, e * ob + f * od + of)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            for k in range(pdfium_c.FPDFFormObj_CountObjects(obj)):
                visit(pdfium_c.FPDFFormObj_GetObject(obj, k), m)
        elif kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            _path_lines(obj, m, height, doctop, lines, x, y)

    raw = page.raw
    for k in range(pdfium_c.FPDFPage_CountObjects(raw)):
        visit(pdfium_c.FPDFPage_GetObject(raw, k), None)
    return lines


def _path_lines(obj, m, height, doctop, lines, x, y) -> None:
    import ctypes

    import pypdfium2.raw as pdfium_c

    a, b, c, d, e, f = m
    start = previous = None
    for k in range(pdfium_c.FPDFPath_CountSegments(obj)):
        segment = pdfium_c.FPDFPath_GetPathSegment(obj, k)
        if not pdfium_c.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y)):
            continue
        point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            start = previous = point
            continue
        if previous is not None and kind == pdfium_c.FPDF_SEGMENT_LINETO:
            _add_line(previous, point, height, doctop, lines)
        previous = point
        if pdfium_c.FPDFPathSegment_GetClose(segment) and start is not None:
            _add_line(point, start, height, doctop, lines)
            previous = start


def _add_line(p0, p1, height, doctop, lines) -> None:
    (ax, ay), (bx, by) = p0, p1
    if abs(ay - by) < 0.01:
        ay = by = (ay + by) / 2
    elif abs(ax - bx) < 0.01:
        ax = bx = (ax + bx) / 2
    else:
        return                      # a slanted segment or a curve's chord: not a ruling
    x0, x1, y0, y1 = min(ax, bx), max(ax, bx), min(ay, by), max(ay, by)
    lines.append({"object_type": "line", "x0": x0, "x1": x1, "y0": y0, "y1": y1, "top": height - y1,
                  "bottom": height - y0, "doctop": doctop + height - y1, "width": x1 - x0, "height": y1 - y0,
                  "stroke": True, "fill": False})


def _stray_words(page, table) -> list[tuple[str, int]]:
    """Numbers printed inside a table's frame but in none of its cells (a number drawn across a ruling,
    or in a cell the table finder could not close): (text, index of the row beside it). The inspector
    reports them as unreadable instead of losing them. Only digits are looked at, each against the
    cells of its own row, so a page costs little."""
    x0, top, x1, bottom = table.bbox
    rows = [(r.bbox, [c for c in r.cells if c is not None]) for r in table.rows]
    stray = []
    for ch in page.chars:
        if not ch["text"].isdigit():
            continue
        cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
        if not (x0 <= cx <= x1 and top <= cy <= bottom):
            continue
        # a row's box grows with a cell merged down over the rows below it: every row around cy counts
        around = [i for i, (box, _) in enumerate(rows) if box[1] <= cy <= box[3]]
        index = around[-1] if around else None
        if not any(c[0] <= cx <= c[2] and c[1] <= cy <= c[3] for i in around for c in rows[i][1]):
            stray.append((ch, len(rows) - 1 if index is None else index))
    return _join_digits(stray)


def _join_digits(stray) -> list[tuple[str, int]]:
    """Digits next to each other on a line joined into one number."""
    out: list[list] = []
    for ch, row in sorted(stray, key=lambda item: (round(item[0]["top"]), item[0]["x0"])):
        last = out[-1] if out else None
        if last and last[2] == round(ch["top"]) and ch["x0"] - last[3] < ch["x1"] - ch["x0"]:
            last[0] += ch["text"]
            last[3] = ch["x1"]
        else:
            out.append([ch["text"], row, round(ch["top"]), ch["x1"]])
    return [(text, row) for text, row, _, _ in out]


def _pdf_lines(page, top: float, bottom: float) -> list[str]:
    if bottom - top < 1:
        return []
    region = page.crop((0, max(0, top), page.width, min(page.height, bottom)), strict=False)
    return [_squash(line) for line in (region.extract_text() or "").splitlines() if _squash(line)]


# --- plain text ----------------------------------------------------------------

_TEXT_ROW = re.compile(r"^(\S.*?\S|\S)((?:[ \u3000]+(?:[0-9０-９]+(?:[.．][0-9０-９]+)?|[-—/]))+)\s*$")


def _read_txt(data: bytes, filename: str) -> Document:
    doc = Document("txt")
    current: Grid | None = None
    for raw in _decode_text(data).splitlines():
        line = raw.rstrip("\r\n")
        cells = _text_cells(line)
        if cells is None:
            current = None
            if _squash(line):
                doc.blocks.append(_squash(line))
            continue
        if current is None:
            current = []
            doc.blocks.append(current)
        current.append(cells)
    for block in doc.blocks:
        if not isinstance(block, str):
            width = max(len(row) for row in block)
            for row in block:
                _pad_text_row(row, width)
    return doc


def _pad_text_row(row: list[str], width: int) -> None:
    """A plain-text table row leaves out the cells that a merged cell covers: label cells in table
    三 (its values stay at the right), the rest of a value spanning columns in table 二. The gap goes
    between the labels and the first value and is marked as merged (None, as in an HTML grid), so
    each table reads it its own way."""
    from gongkai.domain.annual_report.normalize import is_blank, looks_like_value

    missing = width - len(row)
    if missing <= 0:
        return
    first = next((i for i, c in enumerate(row) if i and looks_like_value(c) and not is_blank(c)), None)
    at = first if first is not None and not looks_like_value(row[0]) else len(row)
    row[at:at] = [None] * missing


def _text_cells(line: str) -> list[str] | None:
    if "\t" in line:
        return [_squash(c) for c in line.split("\t")]
    stripped = line.strip()
    if stripped.count("|") >= 2:
        cells = [_squash(c) for c in stripped.strip("|").split("|")]
        # one cell with words or a number and only separators around it (“0 | ||”, “|||”): a cell of a
        # table copied one cell per line, with the separators of the cells it spans, not a row
        return cells if sum(1 for c in cells if c) >= 2 else None
    m = _TEXT_ROW.match(stripped)
    if m and not re.search(r"[。；]$", stripped):
        return [_squash(m.group(1)), *m.group(2).split()]
    return None


_READERS = {"html": _read_html, "docx": _read_docx, "pdf": _read_pdf, "txt": _read_txt}
