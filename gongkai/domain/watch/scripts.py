"""Inline scripts: obfuscation (混淆脚本) and what they write or decode.

Spam is often written into a page by a script so that a plain text search of the HTML misses it:
``document.write('<div style="display:none"><a href=…>')``, a packer
(``eval(function(p,a,c,k,e,d)…)``), long ``\\x``/``\\u`` escapes, ``String.fromCharCode`` chains,
``unescape('%u…')`` or ``atob`` of a long string. ``obfuscation`` names the tricks used;
``payloads`` decodes what can be decoded without running the script (escapes, char codes,
unescape, base64, the string literals passed to document.write) so that the other checks can look
at the hidden HTML, links and redirect targets. Escaped Chinese text (``\\u6b22\\u8fce``) is normal
in minified code and is not counted as obfuscation; escaped ASCII is."""
from __future__ import annotations

import base64
import binascii
import re
from urllib.parse import unquote

__all__ = ["obfuscation", "payloads", "unpack", "written_html"]

_PACKER = re.compile(r"eval\s*\(\s*function\s*\(\s*p\s*,\s*a\s*,\s*c\s*,\s*k\s*,\s*e\s*,\s*[dr]\s*\)")
_HEX_RUN = re.compile(r"(?:\\x[0-9a-fA-F]{2}){12,}")
_UNI_RUN = re.compile(r"(?:\\u[0-9a-fA-F]{4}){8,}")
_FROMCHAR = re.compile(r"fromCharCode\s*\(([\d\s,+x]+)\)")
_UNESCAPE = re.compile(r"unescape\s*\(\s*['\"]([^'\"]{16,})['\"]")
_ATOB = re.compile(r"atob\s*\(\s*['\"]([A-Za-z0-9+/=]{120,})['\"]")
_WRITE = re.compile(r"document\s*\.\s*(?:write|writeln)\s*\(|\.innerHTML\s*\+?=|insertAdjacentHTML\s*\(")
_STRING = re.compile(r"'((?:[^'\\\n]|\\.)*)'|\"((?:[^\"\\\n]|\\.)*)\"")


def _unescape_js(text: str) -> str:
    def sub(m: re.Match[str]) -> str:
        s = m.group(0)
        if s[1] in "xu":
            try:
                return chr(int(s[2:], 16))
            except ValueError:
                return s
        return {"n": "\n", "t": "\t", "r": ""}.get(s[1], s[1])
    return re.sub(r"\\x[0-9a-fA-F]{2}|\\u[0-9a-fA-F]{4}|\\.", sub, text)


def _unescape_percent(text: str) -> str:
    text = re.sub(r"%u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text)
    try:
        return unquote(text)
    except Exception:
        return text


def _ascii_share(text: str) -> float:
    return sum(1 for c in text if ord(c) < 128) / max(1, len(text))


def obfuscation(script: str) -> list[str]:
    """The obfuscation tricks found in one inline script, in Chinese (empty: none)."""
    tricks = []
    if _PACKER.search(script):
        tricks.append("eval(function(p,a,c,k,e,d)) 压缩混淆")
    if _HEX_RUN.search(script):
        tricks.append("长串 \\x 转义")
    for m in _UNI_RUN.finditer(script):
        if _ascii_share(_unescape_js(m.group(0))) >= 0.5:
            tricks.append("长串 \\u 转义")
            break
    codes = _FROMCHAR.findall(script)
    if len(codes) >= 3 or any(c.count(",") >= 7 for c in codes):
        tricks.append("String.fromCharCode 拼接")
    for m in _UNESCAPE.finditer(script):
        raw = m.group(1)
        if raw.count("%u") >= 6 or raw.count("%") >= 16:
            tricks.append("unescape 编码串")
            break
    if _ATOB.search(script):
        tricks.append("atob 解码长字符串")
    return tricks


def _char_codes(args: str) -> str:
    out = []
    for part in args.split(","):
        part = part.strip()
        try:
            out.append(chr(int(part, 16) if part.lower().startswith("0x") else int(part)))
        except ValueError:
            continue
    return "".join(out)


_PACKED = re.compile(r"}\s*\(\s*'((?:[^'\\]|\\.)*)'\s*,\s*(\d+)\s*,\s*(\d+)\s*,\s*'((?:[^'\\]|\\.)*)'\s*\.split\(\s*'\|'\s*\)")
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _base_n(word: str, base: int) -> int | None:
    value = 0
    for ch in word:
        digit = _DIGITS.find(ch)
        if digit < 0 or digit >= base:
            return None
        value = value * base + digit
    return value


def unpack(script: str) -> str | None:
    """Undo Dean Edwards' packer (eval(function(p,a,c,k,e,d)…)) without running it."""
    m = _PACKED.search(script)
    if not m:
        return None
    payload, base, count, words = _unescape_js(m.group(1)), int(m.group(2)), int(m.group(3)), m.group(4).split("|")
    if not 2 <= base <= 62:
        return None

    def sub(w: re.Match[str]) -> str:
        index = _base_n(w.group(0), base)
        if index is not None and index < min(count, len(words)) and words[index]:
            return words[index]
        return w.group(0)
    return re.sub(r"\b\w+\b", sub, payload)


def payloads(script: str) -> list[str]:
    """Everything that can be decoded statically from one script: packed code, escape runs, char
    codes, unescape and base64 arguments. Nested layers are decoded once more."""
    found = []
    unpacked = unpack(script) if _PACKER.search(script) else None
    if unpacked:
        found.append(unpacked)
    for run in _HEX_RUN.findall(script) + _UNI_RUN.findall(script):
        found.append(_unescape_js(run))
    for args in _FROMCHAR.findall(script):
        found.append(_char_codes(args))
    for raw in _UNESCAPE.findall(script):
        found.append(_unescape_percent(raw))
    for raw in _ATOB.findall(script):
        try:
            found.append(base64.b64decode(raw + "=" * (-len(raw) % 4)).decode("utf-8", "replace"))
        except (binascii.Error, ValueError):
            continue
    deeper = [p2 for p in found if any(k in p for k in ("unescape", "atob", "\\x", "fromCharCode"))
              for p2 in payloads(p)]
    return [p for p in found + deeper if p.strip()]


def written_html(script: str) -> str:
    """The HTML a script writes (document.write / innerHTML / insertAdjacentHTML): the string
    literals after each call, unescaped and joined; plus decoded payloads that look like HTML."""
    parts = []
    for m in _WRITE.finditer(script):
        tail = script[m.end(): m.end() + 20000]
        end = tail.find(");")
        chunk = tail if end < 0 else tail[:end]
        for s in _STRING.finditer(chunk):
            parts.append(_unescape_js(s.group(1) if s.group(1) is not None else s.group(2)))
    for payload in payloads(script):
        if _WRITE.search(payload):
            parts.append(written_html(payload))
        elif "<" in payload and ">" in payload:
            parts.append(payload)
    html = "".join(parts)
    if "%3c" in html.lower() or "%u" in html.lower():
        html = _unescape_percent(html)
    return html
