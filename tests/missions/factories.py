"""Factories for the missions tests; rows are created through the models directly."""

import datetime as dt

import factory
from django.utils import timezone

from companies.models import CompanyProfile, Membership, Organisation, Sector, User
from missions.models import (
    AgendaSession,
    DemandProject,
    MeetingDay,
    Mission,
    MissionApplication,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    time_zone = "Europe/Brussels"
    password = factory.django.Password("secret-password-123")


class StaffUserFactory(UserFactory):
    """Cluster staff, with the TOTP authenticator staff accounts must have."""

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
    country = "SE"
    city = "Malmö"


class SMEFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Cleantech SME {n}")
    slug = factory.Sequence(lambda n: f"sme-{n}")
    kind = Organisation.Kind.SME


class BuyerFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"City Buyer {n}")
    slug = factory.Sequence(lambda n: f"buyer-{n}")
    kind = Organisation.Kind.BUYER
    country = "CN"
    city = "Nanjing"


class ClusterFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Cluster {n}")
    slug = factory.Sequence(lambda n: f"cluster-{n}")
    kind = Organisation.Kind.CLUSTER
    country = "AT"


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CompanyProfile

    organisation = factory.SubFactory(SMEFactory)
    description_en = "We make heat pumps for district heating."
    trl = 7
    status = CompanyProfile.Status.PUBLISHED


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sector
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"sector-{n}")
    name_en = factory.Sequence(lambda n: f"Sector {n}")
    name_zh = factory.Sequence(lambda n: f"行业 {n}")


def member(user: User, organisation: Organisation, role=Membership.Role.OWNER) -> Membership:
    return Membership.objects.create(user=user, organisation=organisation, role=role)


class MissionFactory(factory.django.DjangoModelFactory):
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
    organisation = factory.SubFactory(SMEFactory)
    motivation = "We want to meet district heating buyers."


class DemandProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DemandProject

    buyer = factory.SubFactory(BuyerFactory)
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
