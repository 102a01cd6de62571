"""The one set of personas of the test suite, loaded for every test via conftest.py.

Each persona is a user fixture, the organisation it acts for, and a signed-in client
(``<persona>_client``); ``personas[name]`` gives all three as a ``Persona`` (``.user``,
``.org``, ``.client``). ``PERSONAS`` lists the names:

- ``anonymous``: nobody signed in (``anonymous_client``)
- ``sme_owner``: owner of the SME ``sme_org`` (published profile, contact details set)
- ``sme_member``: plain member of ``sme_org``
- ``other_sme``: ``other_sme_owner``, owner of another SME, ``other_sme_org`` (published profile)
- ``buyer``: member of ``buyer_org``, a buyer organisation staff have *not* approved yet
- ``approved_buyer``: member of ``approved_buyer_org``, a buyer staff have approved
- ``staff``: ``staff_user``, cluster staff (``is_staff``, with a TOTP authenticator as staff
  must have), working for the cluster ``cluster_org``

Two more, in ``ALL_PERSONAS`` (the authorization matrix asks every URL of all nine):

- ``other_buyer``: owner of ``other_buyer_org``, a third buyer organisation (not approved)
- ``admin``: ``superuser``, an administrator (``is_superuser`` and staff, with TOTP), of no
  organisation

``persona_client(name)`` returns the client for a persona by name, for parametrised
permission tests. The factories these are made with live in ``tests/factories.py``.
"""

from dataclasses import dataclass

import pytest
from django.test import Client

from companies.models import CompanyProfile, Membership, Organisation, User

# The factories live in tests/factories.py; these names stay importable from here for tests
# written before it existed.
from tests.factories import (  # noqa: F401
    PASSWORD,
    BuyerOrganisationFactory,
    ClusterFactory,
    CompanyProfileFactory,
    InvestorOrganisationFactory,
    MembershipFactory,
    OrganisationFactory,
    StaffFactory,
    UserFactory,
    ensure_sectors,
    sector,
    sme_with_owner,
)

PERSONAS = [
    "anonymous",
    "sme_owner",
    "sme_member",
    "other_sme",
    "buyer",
    "approved_buyer",
    "staff",
]
ALL_PERSONAS = [*PERSONAS, "other_buyer", "admin"]


# --- Personas ----------------------------------------------------------------------------


@pytest.fixture
def sme_profile(db) -> CompanyProfile:
    return CompanyProfileFactory(
        organisation__name="Nordic Heat Solutions",
        organisation__slug="nordic-heat",
        organisation__country="SE",
        organisation__city="Malmö",
        description_en="Nordic Heat builds large heat pumps for district heating in cities.",
        contact_email="sales@nordic-heat.example.com",
    )


@pytest.fixture
def sme_org(sme_profile) -> Organisation:
    return sme_profile.organisation


@pytest.fixture
def sme_owner(sme_org) -> User:
    user = UserFactory(email="owner@nordic-heat.example.com", full_name="Olga Owner")
    MembershipFactory(user=user, organisation=sme_org, role=Membership.Role.OWNER)
    return user


@pytest.fixture
def sme_member(sme_org, sme_owner) -> User:
    user = UserFactory(email="member@nordic-heat.example.com", full_name="Mats Member")
    MembershipFactory(user=user, organisation=sme_org, role=Membership.Role.MEMBER)
    return user


@pytest.fixture
def other_sme_profile(db) -> CompanyProfile:
    return CompanyProfileFactory(
        organisation__name="Solar Alps GmbH",
        organisation__slug="solar-alps",
        organisation__country="AT",
        description_en="Solar Alps designs rooftop photovoltaic systems for schools.",
        technologies=["photovoltaics"],
        sectors=["renewable-energy.solar-pv"],
        contact_email="hello@solar-alps.example.com",
    )


@pytest.fixture
def other_sme_org(other_sme_profile) -> Organisation:
    return other_sme_profile.organisation


@pytest.fixture
def other_sme_owner(other_sme_org) -> User:
    user = UserFactory(email="owner@solar-alps.example.com")
    MembershipFactory(user=user, organisation=other_sme_org, role=Membership.Role.OWNER)
    return user


@pytest.fixture
def buyer_org(db) -> Organisation:
    return BuyerOrganisationFactory(name="Jiangbei Planning Bureau", slug="jiangbei-planning")


@pytest.fixture
def buyer(buyer_org) -> User:
    user = UserFactory(email="buyer@jiangbei.example.cn", time_zone="Asia/Shanghai")
    MembershipFactory(user=user, organisation=buyer_org, role=Membership.Role.OWNER)
    return user


@pytest.fixture
def approved_buyer_org(db) -> Organisation:
    return BuyerOrganisationFactory(
        name="NYC Resilience Office", slug="nyc-resilience", country="US", city="New York",
        buyer_approved=True,
    )


@pytest.fixture
def approved_buyer(approved_buyer_org) -> User:
    user = UserFactory(email="buyer@nyc.example.com", time_zone="America/New_York")
    MembershipFactory(user=user, organisation=approved_buyer_org, role=Membership.Role.OWNER)
    return user


@pytest.fixture
def staff_user(db) -> User:
    return StaffFactory(email="staff@cluster.example.org", full_name="Eva Staff")


@pytest.fixture
def cluster_org(staff_user) -> Organisation:
    """The cluster ``staff_user`` works for (and is a member of); it organises missions."""
    cluster = ClusterFactory(name="Smart City Cluster", slug="smart-city-cluster")
    MembershipFactory(user=staff_user, organisation=cluster, role=Membership.Role.MEMBER)
    return cluster


@pytest.fixture
def other_buyer_org(db):
    return BuyerOrganisationFactory(name="Suzhou Water Utility", slug="suzhou-water")


@pytest.fixture
def other_buyer(other_buyer_org):
    user = UserFactory(email="buyer@suzhou-water.example.cn")
    MembershipFactory(user=user, organisation=other_buyer_org)
    return user


@pytest.fixture
def superuser(db) -> User:
    return StaffFactory(
        email="admin@cluster.example.org", full_name="Ada Admin", is_superuser=True
    )


def _client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def anonymous_client(db) -> Client:
    return Client()


@pytest.fixture
def sme_owner_client(sme_owner) -> Client:
    return _client_for(sme_owner)


@pytest.fixture
def sme_member_client(sme_member) -> Client:
    return _client_for(sme_member)


@pytest.fixture
def other_sme_client(other_sme_owner) -> Client:
    return _client_for(other_sme_owner)


@pytest.fixture
def buyer_client(buyer) -> Client:
    return _client_for(buyer)


@pytest.fixture
def approved_buyer_client(approved_buyer) -> Client:
    return _client_for(approved_buyer)


@pytest.fixture
def staff_client(staff_user) -> Client:
    return _client_for(staff_user)


@pytest.fixture
def other_buyer_client(other_buyer):
    client = Client()
    client.force_login(other_buyer, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def superuser_client(superuser) -> Client:
    return _client_for(superuser)


@pytest.fixture
def persona_client(request):
    """``persona_client("buyer")`` → that persona's signed-in client (see ``ALL_PERSONAS``)."""
    names = {
        "anonymous": "anonymous_client",
        "sme_owner": "sme_owner_client",
        "sme_member": "sme_member_client",
        "other_sme": "other_sme_client",
        "buyer": "buyer_client",
        "approved_buyer": "approved_buyer_client",
        "staff": "staff_client",
        "other_buyer": "other_buyer_client",
        "admin": "superuser_client",
    }

    def get(persona: str) -> Client:
        return request.getfixturevalue(names[persona])

    return get


@dataclass(frozen=True)
class Persona:
    """One persona: its user (``None`` for anonymous), its organisation and its client."""

    name: str
    user: User | None
    org: Organisation | None
    client: Client


# persona name → (user fixture, organisation fixture); the client is ``persona_client(name)``
PERSONA_FIXTURES = {
    "anonymous": (None, None),
    "sme_owner": ("sme_owner", "sme_org"),
    "sme_member": ("sme_member", "sme_org"),
    "other_sme": ("other_sme_owner", "other_sme_org"),
    "buyer": ("buyer", "buyer_org"),
    "approved_buyer": ("approved_buyer", "approved_buyer_org"),
    "staff": ("staff_user", "cluster_org"),
    "other_buyer": ("other_buyer", "other_buyer_org"),
    "admin": ("superuser", None),
}


class _Personas(dict):
    """``personas["buyer"]`` → that ``Persona``, made on first use (only the personas a
    test reads get rows and a login)."""

    def __init__(self, request, persona_client):
        super().__init__()
        self._request = request
        self._persona_client = persona_client

    def __missing__(self, name: str) -> Persona:
        user_fixture, org_fixture = PERSONA_FIXTURES[name]
        value = self._request.getfixturevalue
        persona = Persona(
            name=name,
            user=value(user_fixture) if user_fixture else None,
            org=value(org_fixture) if org_fixture else None,
            client=self._persona_client(name),
        )
        self[name] = persona
        return persona


@pytest.fixture
def personas(request, persona_client) -> dict[str, Persona]:
    """Every persona by name (see ``PERSONAS``) as a ``Persona`` with ``.user``, ``.org`` and
    ``.client``; ``personas["sme_owner"].user`` is the ``sme_owner`` fixture."""
    return _Personas(request, persona_client)


# --- Investors ---------------------------------------------------------------------------


def _investor(name, slug, email, approved):
    """An investor organisation (approved by staff or not) and its owner."""
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
