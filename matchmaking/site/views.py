from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from . import health, selectors


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html", {"stats": selectors.platform_stats()})


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness: the process answers. Touches no dependency."""
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request: HttpRequest) -> HttpResponse:
    """Readiness: 200 when every dependency answers, else 503 naming what is down."""
    checks = health.readiness()
    down = [check.name for check in checks if not check.ok]
    body = {
        "status": "ok" if not down else "unavailable",
        "down": down,
        "checks": {check.name: {"ok": check.ok, "detail": check.detail} for check in checks},
    }
    return JsonResponse(body, status=200 if not down else 503)
