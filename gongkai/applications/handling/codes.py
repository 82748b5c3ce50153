"""Submission tokens, query codes (查询码) and application numbers (申请编号).

A form carries a random *submission token* from the moment it is rendered. The
database keeps only a digest of it (``submission_key``), unique per unit, so a
double-click, retry or reload of the same form finds the application already
made. The query code is derived from the token with the site's secret key, so the
same submission always yields the same code and it can be shown again to the
browser that holds the token; only a keyed digest of the code is stored, and a
code is checked in constant time.
"""
from __future__ import annotations

import hashlib
import secrets

from django.utils.crypto import constant_time_compare, salted_hmac

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud and typed from paper
CODE_LENGTH = 10


def new_token() -> str:
    return secrets.token_urlsafe(24)


def token_key(token: str) -> str:
    """What the database stores for a submission token."""
    return hashlib.sha256(f"gongkai.applications.token|{token}".encode()).hexdigest()


def query_code(token: str) -> str:
    """The query code of the submission made with ``token`` (10 characters, ~49 bits)."""
    digest = salted_hmac("gongkai.applications.query_code", token, algorithm="sha256").digest()
    value = int.from_bytes(digest, "big")
    chars = []
    for _ in range(CODE_LENGTH):
        value, rest = divmod(value, len(CODE_ALPHABET))
        chars.append(CODE_ALPHABET[rest])
    return "".join(chars)


def normalise_code(code: str) -> str:
    return "".join((code or "").split()).upper().replace("-", "")


def code_hash(code: str) -> str:
    return salted_hmac("gongkai.applications.code_hash", normalise_code(code), algorithm="sha256").hexdigest()


def code_matches(code: str, stored_hash: str) -> bool:
    return constant_time_compare(code_hash(code), stored_hash)


def format_number(unit_code: str, year: int, serial: int) -> str:
    """申请编号, e.g. ``QH100-2026-0007``."""
    return f"{unit_code}-{year}-{serial:04d}"
