"""/healthz, /readyz (no log-in: a load balancer asks them) and /metrics (a bearer token)."""
from django.conf import settings
from django.http import HttpResponse, HttpResponseNotFound, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from . import health, metrics


@never_cache
@require_safe
def healthz(request):
    """The process is up and answers (nothing else is asked)."""
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


@never_cache
@require_safe
def readyz(request):
    """200 when the database, the queue and the media directory are usable, else 503; the body
    names the checks and their state only (no version, path or host)."""
    results = health.readiness()
    ready = all(results.values())
    body = {"status": "ok" if ready else "unavailable", "checks": {k: "ok" if v else "fail" for k, v in results.items()}}
    return JsonResponse(body, status=200 if ready else 503)


@never_cache
@require_safe
def metrics_view(request):
    """Prometheus text format for a scraper holding GONGKAI_METRICS_TOKEN; 404 to anyone else."""
    if not metrics.authorised(request.headers.get("Authorization"), settings.GONGKAI_METRICS_TOKEN):
        return HttpResponseNotFound("", content_type="text/plain; charset=utf-8")
    from prometheus_client import CONTENT_TYPE_LATEST

    return HttpResponse(metrics.exposition(), content_type=CONTENT_TYPE_LATEST)
