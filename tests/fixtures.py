"""Shared test fixtures (personas and factories), loaded for every test via conftest.py.

Personas, each with a signed-in client (``<persona>_client``):

- ``sme_owner``: owner of the SME ``sme_org`` (published profile, contact details set)
- ``sme_member``: plain member of ``sme_org``
- ``other_sme_owner``: owner of another SME, ``other_sme_org`` (published profile)
- ``buyer``: member of a buyer organisation that staff have *not* approved yet
- ``approved_buyer``: member of a buyer organisation staff have approved
- ``staff_user``: cluster staff (``is_staff``, with a TOTP authenticator as staff must have)
- ``anonymous_client``: nobody signed in

``persona_client(name)`` returns the client for a persona by name, for parametrised
permission tests; ``PERSONAS`` lists the names.
"""

import factory
import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.utils import timezone

from companies import taxonomy
from companies.models import CompanyProfile, Membership, Organisation, Sector, User

PASSWORD = "correct-horse-battery-staple-42"
PERSONAS = [
    "anonymous",
    "sme_owner",
    "sme_member",
    "other_sme",
    "buyer",
    "approved_buyer",
    "staff",
]


def ensure_sectors() -> dict[str, Sector]:
    """The taxonomy as rows (a data migration loads it, but transactional tests flush it)."""
    existing = {sector.code: sector for sector in Sector.objects.all()}
    if len(existing) >= len(taxonomy.SECTORS):
        return existing
    for node in sorted(taxonomy.SECTORS, key=lambda s: (s.parent_code is not None, s.code)):
        if node.code not in existing:
            existing[node.code] = Sector.objects.create(
                code=node.code,
                parent=existing.get(node.parent_code) if node.parent_code else None,
                name_en=node.name_en,
                name_zh=node.name_zh,
                description=node.description_en,
            )
    return existing


def sector(code: str) -> Sector:
    return ensure_sectors()[code]


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name")
    time_zone = "Europe/Brussels"
    is_active = True

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])
            EmailAddress.objects.get_or_create(
                user=self, email=self.email, defaults={"verified": True, "primary": True}
            )


class StaffFactory(UserFactory):
    is_staff = True

    @factory.post_generation
    def totp(self, create, extracted, **kwargs):
        if create and extracted is not False:
            from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

            TOTP.activate(self, generate_totp_secret())


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    kind = Organisation.Kind.SME
    country = "AT"
    city = "Graz"
    website = "https://example.org"


class BuyerOrganisationFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"City Buyer {n}")
    slug = factory.Sequence(lambda n: f"city-buyer-{n}")
    kind = Organisation.Kind.BUYER
    country = "CN"
    city = "Nanjing"


class ClusterFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Cleantech Cluster {n}")
    slug = factory.Sequence(lambda n: f"cleantech-cluster-{n}")
    kind = Organisation.Kind.CLUSTER


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.OWNER


class CompanyProfileFactory(factory.django.DjangoModelFactory):
    """A published SME profile; pass ``sectors=["code", …]`` to tick sectors."""

    class Meta:
        model = CompanyProfile
        skip_postgeneration_save = True

    organisation = factory.SubFactory(
        OrganisationFactory,
        name=factory.Sequence(lambda n: f"Cleantech SME {n}"),
        slug=factory.Sequence(lambda n: f"cleantech-sme-{n}"),
    )
    description_en = "We make heat pumps for district heating networks."
    technologies = factory.LazyFunction(lambda: ["heat pumps", "district heating"])
    trl = 7
    certifications = factory.LazyFunction(lambda: ["CE", "ISO 9001"])
    target_markets = factory.LazyFunction(lambda: ["china"])
    employees_band = CompanyProfile.EmployeesBand.SMALL
    turnover_band = CompanyProfile.TurnoverBand.UNDER_10M
    founded_year = 2012
    contact_name = "Anna Berger"
    contact_email = factory.LazyAttribute(lambda o: f"contact@{o.organisation.slug}.example.com")
    contact_phone = "+43 316 000000"
    status = CompanyProfile.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def sectors(self, create, extracted, **kwargs):
        if create:
            codes = ["district-heating"] if extracted is None else extracted
            self.sectors.set([sector(code) for code in codes])


def sme_with_owner(**profile_kwargs) -> tuple[CompanyProfile, User]:
    profile = CompanyProfileFactory(**profile_kwargs)
    owner = UserFactory()
    MembershipFactory(user=owner, organisation=profile.organisation, role=Membership.Role.OWNER)
    return profile, owner


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
def persona_client(request):
    """``persona_client("buyer")`` → that persona's signed-in client (see ``PERSONAS``)."""
    names = {
        "anonymous": "anonymous_client",
        "sme_owner": "sme_owner_client",
        "sme_member": "sme_member_client",
        "other_sme": "other_sme_client",
        "buyer": "buyer_client",
        "approved_buyer": "approved_buyer_client",
        "staff": "staff_client",
    }

    def get(persona: str) -> Client:
        return request.getfixturevalue(names[persona])

    return get
