"""Request guard (spec security.md §3.4 d, 数据有效性检验): input that no form or schema can
store is refused at the door with a clear Chinese message, never a 500.

- A lone UTF-16 surrogate (``"\\ud800"``) in any query, form or JSON string — a JSON ``\\ud800``
  escape, or a form posted in UTF-7 — cannot be encoded as UTF-8, so the database refuses it
  at insert. Every GET/POST value, uploaded file name and JSON string (keys included) is
  checked; the request is answered 400.
- A multipart body without a boundary (or otherwise unparsable), and a urlencoded body in
  another charset than UTF-8, are answered 400.

The answer is JSON (``{"detail": [{"loc": [], "msg": …}]}``) for ``/api/`` and for JSON
requests, a small HTML page otherwise. Pure checks live in ``lone_surrogate``/``walk``.
"""
from __future__ import annotations

import json
import re

from django.core.exceptions import BadRequest
from django.http import HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.html import escape

SURROGATE = re.compile("[\ud800-\udfff]")
SURROGATE_MESSAGE = "提交的内容中含有无法识别的字符（孤立的代理字符，如 \\ud800），请删除后重新提交"
ENCODING_MESSAGE = "提交的表单编码不正确（须为UTF-8），请刷新页面后重新提交"
MULTIPART_MESSAGE = "上传的表单格式不正确（multipart 请求缺少分隔符 boundary 或内容损坏），请刷新页面后重新提交"
_BODY_METHODS = ("POST", "PUT", "PATCH", "DELETE")
_MAX_JSON_CHECK = 10 * 1024 * 1024


def lone_surrogate(text) -> bool:
    """Whether a string holds a UTF-16 surrogate (which UTF-8 cannot encode)."""
    return isinstance(text, str) and SURROGATE.search(text) is not None


def walk(value, depth: int = 0) -> bool:
    """Whether any string in a decoded JSON value (keys included) holds a surrogate."""
    if depth > 200:
        return False
    if isinstance(value, str):
        return lone_surrogate(value)
    if isinstance(value, dict):
        return any(lone_surrogate(k) or walk(v, depth + 1) for k, v in value.items())
    if isinstance(value, list):
        return any(walk(v, depth + 1) for v in value)
    return False


def _querydict_has_surrogate(qd) -> bool:
    return any(lone_surrogate(k) or any(lone_surrogate(v) for v in values) for k, values in qd.lists())


def _json_has_surrogate(request) -> bool:
    if "json" not in (request.content_type or "") or int(request.META.get("CONTENT_LENGTH") or 0) > _MAX_JSON_CHECK:
        return False
    try:
        return walk(json.loads(request.body or b"null"))
    except (ValueError, RecursionError):
        return False      # not JSON: the view answers that itself


class RequestGuardMiddleware:
    """Refuses lone surrogates and unparsable multipart bodies before any view or form."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        refusal = self.check(request)
        return refusal if refusal is not None else self.get_response(request)

    def check(self, request):
        if _querydict_has_surrogate(request.GET) or lone_surrogate(request.path):
            return self.refuse(request, SURROGATE_MESSAGE)
        if request.method not in _BODY_METHODS:
            return None
        try:
            if request.method == "POST" and request.content_type in (
                    "multipart/form-data", "application/x-www-form-urlencoded"):
                if _querydict_has_surrogate(request.POST) or any(
                        lone_surrogate(f.name) for _, files in request.FILES.lists() for f in files):
                    return self.refuse(request, SURROGATE_MESSAGE)
            elif _json_has_surrogate(request):
                return self.refuse(request, SURROGATE_MESSAGE)
        except MultiPartParserError:
            return self.refuse(request, MULTIPART_MESSAGE)
        except BadRequest:        # Django refuses a urlencoded body in another charset than UTF-8
            return self.refuse(request, ENCODING_MESSAGE)
        return None

    @staticmethod
    def refuse(request, message: str):
        wants_json = request.path.startswith("/api/") or "json" in (request.content_type or "") or \
            "application/json" in request.headers.get("Accept", "")
        if wants_json:
            return JsonResponse({"detail": [{"loc": [], "msg": message, "type": "bad_request"}]}, status=400,
                                json_dumps_params={"ensure_ascii": False})
        page = (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>提交的内容有误</title>'
                f'</head><body><h1>提交的内容有误</h1><p>{escape(message)}</p>'
                f'<p>请返回上一页修改后重新提交。</p><p><a href="/">返回首页</a></p></body></html>')
        return HttpResponse(page, status=400, content_type="text/html; charset=utf-8")
