"""URLs of the matching app's pages (the project's root URLs live in ``urls.py``)."""

from django.urls import path  # noqa: F401

app_name = "matchmaking"

urlpatterns: list = []
