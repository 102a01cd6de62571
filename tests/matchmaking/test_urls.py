"""Ids in paths: one past a 64-bit integer is a 404, never a server error."""

import pytest
from django.urls import reverse

HUGE = str(2**63)  # one past the largest id the database holds
HUGER = "9" * 40


@pytest.mark.django_db
@pytest.mark.parametrize("number", [HUGE, HUGER])
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/matching/demands/{n}/suppliers/{n}/decide/"),
        ("post", "/matching/mine/{n}/feedback/"),
        ("get", "/matching/demands/{n}/"),
        ("get", "/matching/runs/{n}/progress/"),
        ("post", "/matching/requests/{n}/accept/"),
        ("get", "/matching/missions/{n}/schedule/"),
    ],
)
def test_an_oversized_id_is_a_404(number, method, path, buyer_client, staff_client):
    for client in (buyer_client, staff_client):
        response = getattr(client, method)(path.format(n=number))
        assert response.status_code == 404


@pytest.mark.django_db
def test_the_largest_id_still_resolves_and_reverses():
    url = reverse("matchmaking:demand_suppliers", args=[2**63 - 1])
    assert url == f"/matching/demands/{2**63 - 1}/"
