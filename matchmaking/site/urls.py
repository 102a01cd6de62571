"""URLs of the site's own pages: home, liveness and readiness (and, for the load
benchmark only, its minimal page)."""

from django.conf import settings
from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
]

# The load benchmark's yardstick page; production never mounts it.
bench_urlpatterns = [path("bench/minimal/", views.bench_minimal, name="bench_minimal")]
if settings.BENCH_PAGES:
    urlpatterns += bench_urlpatterns
