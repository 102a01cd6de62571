"""Investor personas: an approved investor, one of another organisation, and one staff have
not approved yet; and an SME that travels with a mission's delegation."""

import pytest
from django.test import Client

from companies.models import Membership
from tests.factories import InvestorOrganisationFactory, MembershipFactory, UserFactory
from tests.matchmaking.conftest import delegate, mission_with_agenda


def client_for(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _investor(name, slug, email, approved):
    organisation = InvestorOrganisationFactory(name=name, slug=slug, buyer_approved=approved)
    user = UserFactory(email=email, time_zone="Europe/Stockholm")
    MembershipFactory(user=user, organisation=organisation, role=Membership.Role.OWNER)
    return organisation, user


@pytest.fixture
def investor_org(db):
    return _investor("Nordic Green Ventures", "nordic-green-ventures", "fund@ngv.example.com",
                     True)[0]


@pytest.fixture
def investor(investor_org):
    return investor_org.memberships.get().user


@pytest.fixture
def other_investor(db):
    return _investor("Yangtze Capital", "yangtze-capital", "partner@yangtze.example.cn", True)[1]


@pytest.fixture
def unapproved_investor(db):
    return _investor("Pending Partners", "pending-partners", "hello@pending.example.com",
                     False)[1]


@pytest.fixture
def delegation_mission(db, sme_org):
    mission = mission_with_agenda(title="Nanjing Jiangbei 2027", target_market="china")
    mission.status = "confirmed"
    mission.save(update_fields=["status"])
    delegate(mission, sme_org)
    return mission
