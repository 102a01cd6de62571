"""Personas and a populated mission for the missions tests.

Personas: anonymous, SME owner, SME member (same company), other SME, buyer, other buyer,
staff. Each signed-in persona is a logged-in test client with ``.user`` and ``.org``.
"""

import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.test import Client

from companies.models import Membership
from missions.models import MissionApplication

from .factories import (
    ApplicationFactory,
    BuyerFactory,
    ClusterFactory,
    DemandProjectFactory,
    MissionFactory,
    ProfileFactory,
    SMEFactory,
    StaffUserFactory,
    UserFactory,
    member,
)

LOCALE = Path(__file__).resolve().parents[2] / "missions" / "locale"


@pytest.fixture(scope="session", autouse=True)
def _compiled_missions_catalog():
    """Compiled catalogs are not kept in the repository; build ours when it is stale."""
    for po in LOCALE.glob("*/LC_MESSAGES/django.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            subprocess.run(["msgfmt", "--check-format", "-o", str(mo), str(po)], check=True)


@dataclass
class Persona:
    name: str
    user: object = None
    org: object = None
    _client: Client | None = None

    @property
    def client(self) -> Client:
        """A test client logged in as this persona (made on first use: logins cost time)."""
        if self._client is None:
            self._client = Client()
            if self.user is not None:
                self._client.force_login(self.user)
        return self._client


def _persona(name, user=None, org=None) -> Persona:
    return Persona(name=name, user=user, org=org)


@pytest.fixture
def sme(db):
    organisation = SMEFactory(name="Solvik Heat AB")
    ProfileFactory(organisation=organisation)
    return organisation


@pytest.fixture
def other_sme_org(db):
    organisation = SMEFactory(name="Other Heat SAS", country="FR")
    ProfileFactory(organisation=organisation)
    return organisation


@pytest.fixture
def buyer_org(db):
    return BuyerFactory(name="Jiangbei Planning Bureau")


@pytest.fixture
def other_buyer_org(db):
    return BuyerFactory(name="Brooklyn Utility", country="US", city="New York")


@pytest.fixture
def anonymous(db) -> Persona:
    return _persona("anonymous")


@pytest.fixture
def sme_owner(sme) -> Persona:
    user = UserFactory(email="owner@solvik.example")
    member(user, sme, Membership.Role.OWNER)
    return _persona("sme_owner", user, sme)


@pytest.fixture
def sme_member(sme) -> Persona:
    user = UserFactory(email="member@solvik.example")
    member(user, sme, Membership.Role.MEMBER)
    return _persona("sme_member", user, sme)


@pytest.fixture
def other_sme(other_sme_org) -> Persona:
    user = UserFactory(email="owner@other.example")
    member(user, other_sme_org)
    return _persona("other_sme", user, other_sme_org)


@pytest.fixture
def buyer(buyer_org) -> Persona:
    user = UserFactory(email="li@jiangbei.example", time_zone="Asia/Shanghai")
    member(user, buyer_org)
    return _persona("buyer", user, buyer_org)


@pytest.fixture
def other_buyer(other_buyer_org) -> Persona:
    user = UserFactory(email="maria@brooklyn.example", time_zone="America/New_York")
    member(user, other_buyer_org)
    return _persona("other_buyer", user, other_buyer_org)


@pytest.fixture
def staff(db) -> Persona:
    user = StaffUserFactory(email="eva@cluster.example", time_zone="Europe/Stockholm")
    cluster = ClusterFactory(name="Smart City Cluster")
    member(user, cluster)
    return _persona("staff", user, cluster)


@pytest.fixture
def personas(anonymous, sme_owner, sme_member, other_sme, buyer, other_buyer, staff):
    return {
        p.name: p for p in (anonymous, sme_owner, sme_member, other_sme, buyer, other_buyer, staff)
    }


@pytest.fixture
def mission(db, staff):
    mission = MissionFactory(title="Nanjing Smart Heat 2027", slug="nanjing-smart-heat-2027")
    mission.organisers.set([staff.org])
    return mission


@pytest.fixture
def demand(mission, buyer_org):
    return DemandProjectFactory(buyer=buyer_org, mission=mission, title="Jiangbei heat network")


@pytest.fixture
def sme_application(mission, sme, sme_owner):
    return ApplicationFactory(
        mission=mission,
        organisation=sme,
        submitted_by=sme_owner.user,
        status=MissionApplication.Status.SUBMITTED,
    )
