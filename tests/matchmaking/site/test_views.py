"""The load benchmark's minimal page: off unless BENCH_PAGES, the base template through the
whole middleware stack, and no query."""

import pytest
from django.conf import settings as django_settings


@pytest.mark.django_db
def test_the_benchmarks_minimal_page_is_not_mounted_by_default(client):
    assert django_settings.BENCH_PAGES is False
    assert client.get("/bench/minimal/").status_code == 404


@pytest.mark.django_db
def test_the_benchmarks_minimal_page_renders_the_base_template_without_a_query(
    client, settings, django_assert_num_queries
):
    settings.ROOT_URLCONF = "tests.matchmaking.site.bench_urls"
    client.get("/bench/minimal/")  # the first request fills the per-process caches
    with django_assert_num_queries(0):
        response = client.get("/bench/minimal/")
    assert response.status_code == 200
    assert [t.name for t in response.templates] == ["bench_minimal.html", "base.html"]
    assert "Content-Security-Policy" in response.headers
    assert response.headers["Permissions-Policy"] == settings.PERMISSIONS_POLICY
    assert b'<nav class="navbar' in response.content
