"""Investor personas: an approved investor, one of another organisation, and one staff have
not approved yet; and an SME that travels with a mission's delegation."""

import pytest
from django.test import Client

from tests.matchmaking.conftest import delegate, mission_with_agenda


def client_for(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def delegation_mission(db, sme_org):
    mission = mission_with_agenda(title="Nanjing Jiangbei 2027", target_market="china")
    mission.status = "confirmed"
    mission.save(update_fields=["status"])
    delegate(mission, sme_org)
    return mission
