"""A shared cache of the portal's anonymous pages, keyed by the content generation.

A page is served from the cache only to a reader without a session (no login, no flash message) and
stored only when it is a plain 200 that sets no cookie and varies on nothing personal. The key holds
the content generation (:class:`~gongkai.portal.models.ContentGeneration`, read from the database on
every request, so every app server agrees at once), the host, the language, today's date and the full
path: any publish, withdraw or edit raises the generation and the next reader gets a fresh page.
The cache is ``CACHES["portal"]`` (Redis when ``REDIS_URL`` is set, local memory otherwise);
``GONGKAI_PORTAL_CACHE_SECONDS`` bounds an entry's life (0 turns the cache off).

Such a page also carries ``X-Accel-Expires`` of at most ``GONGKAI_EDGE_CACHE_SECONDS`` (spread, see
:func:`edge_seconds`): nginx (deploy/nginx, which never caches a request with a session cookie and
takes no other caching header into account) keeps it that long and answers repeat readers itself;
nginx does not pass the header on to the browser.
"""
from __future__ import annotations

import functools
import hashlib
import random

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone

# What the portal shows lives in these apps; their users and audit trail do not bump the generation.
CONTENT_APPS = ("catalog", "units", "reports")
NOT_CONTENT = {("units", "user"), ("units", "auditentry")}
KEPT_HEADERS = ("Content-Type", "Content-Language", "Content-Disposition")


def generation() -> int:
    from .models import ContentGeneration

    value = ContentGeneration.objects.filter(pk=1).values_list("value", flat=True).first()
    return value or 0


def bump() -> None:
    """Raise the generation (inside the caller's transaction, so readers see it with the change)."""
    from .models import ContentGeneration

    if ContentGeneration.objects.filter(pk=1).update(value=F("value") + 1):
        return
    try:
        with transaction.atomic():
            ContentGeneration.objects.create(pk=1, value=1)
    except IntegrityError:  # created meanwhile by another writer
        ContentGeneration.objects.filter(pk=1).update(value=F("value") + 1)


def _is_content(sender) -> bool:
    meta = getattr(sender, "_meta", None)
    if meta is None or sender.__module__ == "__fake__":  # a migration's historical model: no cache to key
        return False
    if meta.auto_created:  # a many-to-many table: content when one of its ends is
        return any(_is_content(f.related_model) for f in meta.fields if f.related_model)
    return meta.app_label in CONTENT_APPS and (meta.app_label, meta.model_name) not in NOT_CONTENT


def _changed(sender, **kwargs) -> None:
    if kwargs.get("raw") or not _is_content(sender):
        return
    if kwargs.get("action", "post_").startswith("pre_"):
        return
    bump()


def connect() -> None:
    post_save.connect(_changed, dispatch_uid="portal-generation-save")
    post_delete.connect(_changed, dispatch_uid="portal-generation-delete")
    m2m_changed.connect(_changed, dispatch_uid="portal-generation-m2m")


def _cacheable_request(request) -> bool:
    if request.method not in ("GET", "HEAD") or settings.GONGKAI_PORTAL_CACHE_SECONDS <= 0:
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


def _cacheable_response(request, response) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (response.status_code == 200 and not response.streaming and not response.cookies
            and "Vary" not in response and "no-store" not in cache_control and "private" not in cache_control
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))


def _key(request) -> str:
    where = "\n".join((request.get_host(), getattr(request, "LANGUAGE_CODE", ""),
                       timezone.localdate().isoformat(), request.get_full_path()))
    return f"portal:{generation()}:{hashlib.sha256(where.encode()).hexdigest()}"


def edge_seconds(limit: int) -> int:
    """How long nginx keeps this page: a random whole number of seconds from half the limit to the
    limit. Pages stored together (a busy minute, a warm-up) would otherwise expire together, and nginx
    refreshes each in the background on the connection of the reader who found it expired, which waits
    for the refresh: with every page at once, every reader waited (p95 111 ms at 50 readers, 4.6 ms
    without expiry)."""
    return random.randint((limit + 1) // 2, limit)  # noqa: S311 -- a spread, not a secret


def _for_the_edge(response):
    if settings.GONGKAI_EDGE_CACHE_SECONDS > 0:
        response["X-Accel-Expires"] = str(edge_seconds(settings.GONGKAI_EDGE_CACHE_SECONDS))
    return response


def anonymous_page(view):
    """Serve ``view`` from the shared cache to anonymous readers (see the module's doc)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _cacheable_request(request):
            return view(request, *args, **kwargs)
        cache = caches["portal"]
        key = _key(request)
        hit = cache.get(key)
        if hit is not None:
            status, headers, content = hit
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response["X-Portal-Cache"] = "hit"
            return _for_the_edge(response)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if _cacheable_response(request, response):
            headers = [(name, response[name]) for name in KEPT_HEADERS if name in response]
            cache.set(key, (response.status_code, headers, response.content), settings.GONGKAI_PORTAL_CACHE_SECONDS)
            response["X-Portal-Cache"] = "miss"
            _for_the_edge(response)
        return response

    return wrapper


def models_shown() -> list[str]:
    """The models whose changes raise the generation (for the docs and the tests)."""
    return sorted(f"{m._meta.app_label}.{m.__name__}" for m in apps.get_models() if _is_content(m))
