"""Fixtures of the API tests: an eighth persona (a buyer of a third organisation), scored
matches, and a JSON client per persona or per API token."""

import pytest
from django.test import Client

from matchmaking.matching import rescoring
from matchmaking.models import MatchScore
from tests.fixtures import BuyerOrganisationFactory, MembershipFactory, UserFactory

API_PERSONAS = [
    "anonymous", "sme_owner", "sme_member", "other_sme", "buyer", "approved_buyer",
    "other_buyer", "staff",
]


@pytest.fixture
def other_buyer_org(db):
    return BuyerOrganisationFactory(name="Suzhou Water Utility", slug="suzhou-water")


@pytest.fixture
def other_buyer(other_buyer_org):
    user = UserFactory(email="buyer@suzhou-water.example.cn")
    MembershipFactory(user=user, organisation=other_buyer_org)
    return user


@pytest.fixture
def other_buyer_client(other_buyer):
    client = Client()
    client.force_login(other_buyer, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def api_client(request, persona_client):
    """``api_client("other_buyer")``: the signed-in client of any of the eight personas."""

    def get(persona: str) -> Client:
        if persona == "other_buyer":
            return request.getfixturevalue("other_buyer_client")
        return persona_client(persona)

    return get


@pytest.fixture
def scored(sme_org, other_sme_org, heat_demand, solar_demand, django_capture_on_commit_callbacks):
    """Every published SME scored against the two open demand projects (4 matches)."""
    with django_capture_on_commit_callbacks(execute=True):
        rescoring.scoring_run_start_full()
    assert MatchScore.objects.count() == 4
    return heat_demand


def bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
