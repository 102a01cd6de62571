"""Every factory of the test suite: people, organisations of each kind, profiles, sectors,
missions, applications, demand projects and the agenda. Rows are created through the models.

The personas built from these live in ``tests/fixtures.py``; tests of every folder import
their factories from here.
"""

import datetime as dt

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from companies import taxonomy
from companies.models import CompanyProfile, Membership, Organisation, Sector, User
from missions.models import (
    AgendaSession,
    DemandProject,
    MeetingDay,
    Mission,
    MissionApplication,
)

PASSWORD = "correct-horse-battery-staple-42"


# --- Sectors -------------------------------------------------------------------------------


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
    """The taxonomy's sector with this code."""
    return ensure_sectors()[code]


class SectorFactory(factory.django.DjangoModelFactory):
    """A sector by code: the existing row when the taxonomy has it, a new one otherwise."""

    class Meta:
        model = Sector
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"sector-{n}")
    name_en = factory.Sequence(lambda n: f"Sector {n}")
    name_zh = factory.Sequence(lambda n: f"行业 {n}")


# --- People --------------------------------------------------------------------------------


class UserFactory(factory.django.DjangoModelFactory):
    """A user with a verified primary e-mail address and the shared test password."""

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
    """Cluster staff, with the TOTP authenticator staff accounts must have
    (``totp=False`` for none)."""

    is_staff = True

    @factory.post_generation
    def totp(self, create, extracted, **kwargs):
        if create and extracted is not False:
            from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

            TOTP.activate(self, generate_totp_secret())


# --- Organisations -------------------------------------------------------------------------


class OrganisationFactory(factory.django.DjangoModelFactory):
    """An SME (without a profile: see ``CompanyProfileFactory``)."""

    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    kind = Organisation.Kind.SME
    country = "AT"
    city = "Graz"
    website = "https://example.org"


class BuyerOrganisationFactory(OrganisationFactory):
    """A buyer staff have not approved (``buyer_approved=True`` for an approved one)."""

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
    """A published SME profile and the owner of its organisation."""
    profile = CompanyProfileFactory(**profile_kwargs)
    owner = UserFactory()
    MembershipFactory(user=owner, organisation=profile.organisation, role=Membership.Role.OWNER)
    return profile, owner


# --- Missions ------------------------------------------------------------------------------


class MissionFactory(factory.django.DjangoModelFactory):
    """An open mission to Nanjing in 90 days, applications until 30 days from now."""

    class Meta:
        model = Mission
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Mission {n} to Nanjing")
    slug = factory.Sequence(lambda n: f"mission-{n}")
    target_market = "china"
    host_city = "Nanjing"
    time_zone = "Asia/Shanghai"
    start_date = factory.LazyFunction(lambda: timezone.now().date() + dt.timedelta(days=90))
    end_date = factory.LazyAttribute(lambda o: o.start_date + dt.timedelta(days=2))
    application_deadline = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=30))
    capacity = 25
    status = Mission.Status.OPEN


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MissionApplication

    mission = factory.SubFactory(MissionFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    motivation = "We want to meet district heating buyers."


class DemandProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DemandProject

    buyer = factory.SubFactory(BuyerOrganisationFactory)
    title = factory.Sequence(lambda n: f"Demand project {n}")
    description_en = "A low-temperature heat network for a new district."
    city = "Nanjing"
    market = "china"


class MeetingDayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingDay

    mission = factory.SubFactory(MissionFactory)
    date = factory.LazyAttribute(lambda o: o.mission.start_date)


class AgendaSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaSession

    day = factory.SubFactory(MeetingDayFactory)
    part = AgendaSession.Part.MORNING
    start_time = dt.time(9, 0)
    end_time = dt.time(10, 0)
    slot_minutes = 30
    tables = 4


class InvestorOrganisationFactory(OrganisationFactory):
    """An investor staff have not approved (``buyer_approved=True`` for an approved one:
    investors are approved like buyers)."""

    name = factory.Sequence(lambda n: f"Venture Fund {n}")
    slug = factory.Sequence(lambda n: f"venture-fund-{n}")
    kind = Organisation.Kind.INVESTOR
    country = "SE"
    city = "Stockholm"
