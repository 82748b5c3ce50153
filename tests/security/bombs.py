"""Decompression bombs built in the test (nothing large is stored in the repository).

- ``docx_bomb()``: a real DOCX whose word/document.xml inflates to 250 MB (about 250 KB on disk),
  the shape of the 613 KB file the probe uploaded;
- ``lying_zip()``: a DOCX whose headers say document.xml is 1 KB while it inflates to 64 MB;
- ``xlsx_bomb()``: a real XLSX whose sheet inflates to 250 MB;
- ``pdf_bomb()``: a one-page PDF with a FlateDecode content stream of 250 MB of spaces.
"""
from __future__ import annotations

import io
import struct
import zipfile
import zlib

MB = 1024 * 1024

_CONTENT_TYPES = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                  b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                  b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                  b'<Default Extension="xml" ContentType="application/xml"/>'
                  b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
                  b'officedocument.wordprocessingml.document.main+xml"/></Types>')
_RELS = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
         b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
         b'officeDocument" Target="word/document.xml"/></Relationships>')
_DOC_HEAD = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.'
             b'openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>')
_DOC_TAIL = b"</w:t></w:r></w:p></w:body></w:document>"


def _deflate_repeated(head: bytes, unit: bytes, times: int, tail: bytes) -> tuple[bytes, int, int]:
    """(raw deflate data, crc32, size) of head + unit*times + tail, built chunk by chunk."""
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    crc, size, parts = 0, 0, []
    block = unit * max(1, MB // len(unit))
    for piece in [head] + [block] * (times * len(unit) // len(block)) + [tail]:
        parts.append(comp.compress(piece))
        crc, size = zlib.crc32(piece, crc), size + len(piece)
    parts.append(comp.flush())
    return b"".join(parts), crc, size


def _zip(entries: list[tuple[str, bytes]], big_name: str, big: tuple[bytes, int, int],
         declared_size: int | None = None) -> bytes:
    """A ZIP of small entries plus one pre-deflated entry (whose size field may lie)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            z.writestr(name, data)
    small = buf.getvalue()
    cd_at = small.rfind(b"PK\x05\x06")
    count, cd_size, cd_offset = struct.unpack_from("<HII", small, cd_at + 10)[0], *struct.unpack_from(
        "<II", small, cd_at + 12)
    body, central = small[:cd_offset], small[cd_offset:cd_offset + cd_size]
    raw, crc, size = big
    size_field = size if declared_size is None else declared_size
    name = big_name.encode()
    offset = len(body)
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(raw), size_field, len(name), 0)
    entry = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, crc, len(raw), size_field,
                        len(name), 0, 0, 0, 0, 0, offset)
    body += local + name + raw
    central += entry + name
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count + 1, count + 1, len(central), len(body), 0)
    return body + central + end


def docx_bomb(megabytes: int = 250) -> bytes:
    big = _deflate_repeated(_DOC_HEAD, b"A", megabytes * MB, _DOC_TAIL)
    return _zip([("[Content_Types].xml", _CONTENT_TYPES), ("_rels/.rels", _RELS)], "word/document.xml", big)


def lying_zip(megabytes: int = 64, declared: int = 1024) -> bytes:
    big = _deflate_repeated(_DOC_HEAD, b"A", megabytes * MB, _DOC_TAIL)
    return _zip([("[Content_Types].xml", _CONTENT_TYPES), ("_rels/.rels", _RELS)], "word/document.xml", big,
                declared_size=declared)


def xlsx_bomb(megabytes: int = 250) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["x"])
    buf = io.BytesIO()
    book.save(buf)
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as z:
        entries = [(i.filename, z.read(i)) for i in z.infolist() if i.filename != "xl/worksheets/sheet1.xml"]
    head = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
            b'spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>')
    tail = b"</t></is></c></row></sheetData></worksheet>"
    return _zip(entries, "xl/worksheets/sheet1.xml", _deflate_repeated(head, b"B", megabytes * MB, tail))


def pdf_bomb(megabytes: int = 250) -> bytes:
    """A valid one-page PDF whose content stream inflates to ``megabytes`` of text operators."""
    comp = zlib.compressobj(9)
    unit = b"BT /F1 12 Tf 72 720 Td (A) Tj ET\n"
    block = unit * (MB // len(unit))
    stream = b"".join(comp.compress(block) for _ in range(megabytes)) + comp.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def simple_pdf(text: str, pages: int = 1) -> bytes:
    """A small valid PDF with ``text`` on each of ``pages`` pages (Helvetica)."""
    content = b"BT /F1 12 Tf 72 720 Td (" + text.encode("latin-1") + b") Tj ET"
    kids = b" ".join(b"%d 0 R" % (4 + n) for n in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
                b"/Resources << /Font << /F1 3 0 R >> >> >>" % (4 + pages)] * pages
    objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
