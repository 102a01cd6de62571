import hmac

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from companies import rules
from companies.middleware import staff_needs_totp

from . import health, selectors


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html", {"stats": selectors.platform_stats()})


def bench_minimal(request: HttpRequest) -> HttpResponse:
    """The yardstick of ``make bench-load``: the base template through every middleware,
    and no query of its own (mounted only with ``BENCH_PAGES``)."""
    return render(request, "bench_minimal.html")


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness: the process answers. Touches no dependency."""
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request: HttpRequest) -> HttpResponse:
    """Readiness: 200 when every dependency answers, else 503.

    Anyone gets the status alone; what is down, and why, goes only to staff (with their
    authenticator) and to probes that send ``READYZ_TOKEN`` in the ``X-Readyz-Token``
    header, so error texts and internals never reach the public.
    """
    checks = health.readiness()
    down = [check.name for check in checks if not check.ok]
    body: dict = {"status": "ok" if not down else "unavailable"}
    if _may_see_readiness_details(request):
        body["down"] = down
        body["checks"] = {
            check.name: {"ok": check.ok, "detail": check.detail} for check in checks
        }
    return JsonResponse(body, status=200 if not down else 503)


def _may_see_readiness_details(request: HttpRequest) -> bool:
    token = settings.READYZ_TOKEN
    sent = request.headers.get("X-Readyz-Token", "")
    if token and sent and hmac.compare_digest(sent.encode(), token.encode()):
        return True
    user = request.user
    return rules.is_staff(user) and not staff_needs_totp(user)
