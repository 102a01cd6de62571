"""The project's URLs with the load benchmark's minimal page mounted (BENCH_PAGES)."""

from matchmaking.site.urls import bench_urlpatterns
from matchmaking.urls import urlpatterns as project_urlpatterns

urlpatterns = [*project_urlpatterns, *bench_urlpatterns]
