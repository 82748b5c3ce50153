"""Downloads named after the document (RFC 6266/5987 headers for non-ASCII names)."""
from __future__ import annotations

from django.http import HttpResponse
from django.utils.http import content_disposition_header

from gongkai.domain.download_names import document_filename


def named(response: HttpResponse, title: str, extension: str, *, inline: bool = False) -> HttpResponse:
    response["Content-Disposition"] = content_disposition_header(not inline, document_filename(title, extension))
    return response
