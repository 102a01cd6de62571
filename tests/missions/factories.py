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
from tests import fixtures as shared


# People and organisations come from the shared factories; these only set the defaults the
# missions tests read (deterministic names, a Swedish organisation).
class UserFactory(shared.UserFactory):
    full_name = factory.Sequence(lambda n: f"Person {n}")


class StaffUserFactory(shared.StaffFactory):
    """Cluster staff, with the TOTP authenticator staff accounts must have."""

    full_name = factory.Sequence(lambda n: f"Staff {n}")


class OrganisationFactory(shared.OrganisationFactory):
    country = "SE"
    city = "Malmö"
    website = ""


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
