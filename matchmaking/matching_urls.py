"""URLs of the matching app's pages (the project's root URLs live in ``urls.py``)."""

from . import urls_matching, urls_meetings

app_name = "matchmaking"

urlpatterns = [*urls_matching.urlpatterns, *urls_meetings.urlpatterns]
