"""Seeded data for the KPI tests: two missions, four SMEs across countries, clusters,
sectors and markets, requests in every state, feedback and outcomes in three currencies."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from matchmaking.models import MeetingFeedback, MeetingRequest, Outcome
from missions.models import MissionApplication
from tests.fixtures import BuyerOrganisationFactory, ClusterFactory, CompanyProfileFactory
from tests.matchmaking.conftest import mission_with_agenda

from .conftest import published_meeting


@dataclass
class World:
    missions: list
    smes: list
    buyers: list
    meetings: list


def _profile(name, country, clusters, sectors, markets):
    profile = CompanyProfileFactory(
        organisation__name=name, organisation__country=country, sectors=sectors,
        target_markets=markets,
    )
    profile.clusters.set(clusters)
    return profile.organisation


def _request(mission, sme, buyer, status):
    return MeetingRequest.objects.create(
        mission=mission, sme=sme, buyer=buyer, requested_by_org=buyer, status=status,
        expires_at=timezone.now() + dt.timedelta(days=7),
    )


def _outcome(meeting, by, kind, value=None, currency=""):
    return Outcome.objects.create(
        mission=meeting.mission, meeting=meeting, sme=meeting.sme, buyer=meeting.buyer,
        organisation=by, kind=kind, value=value, currency=currency,
    )


def _feedback(meeting, side, took_place):
    MeetingFeedback.objects.create(
        meeting=meeting, organisation=side, took_place=took_place,
        rating="useful" if took_place == "held" else "",
    )


def build_world() -> World:
    today = timezone.localdate()
    china = mission_with_agenda(day=today - dt.timedelta(days=30), title="Nanjing 2026",
                                status="completed")
    usa = mission_with_agenda(day=today - dt.timedelta(days=20), time_zone="America/New_York",
                              title="New York 2026", status="completed", target_market="usa")
    green, tweed = ClusterFactory(name="Green Tech Cluster"), ClusterFactory(name="TWEED")
    s1 = _profile("Heat Sweden AB", "SE", [green], ["district-heating.heat-networks"], ["china"])
    s2 = _profile("Alpine Solar", "AT", [tweed], ["renewable-energy.solar-pv"], ["china", "usa"])
    s3 = _profile("Danish Water", "DK", [], ["water-treatment.wastewater"], ["usa"])
    s4 = _profile("Paris Mobility", "FR", [green, tweed],
                  ["clean-mobility", "renewable-energy.solar-pv"], [])
    b1 = BuyerOrganisationFactory(name="Jiangbei Utility")
    b2 = BuyerOrganisationFactory(name="Brooklyn Developer", country="US")
    accepted, rejected = MissionApplication.Status.ACCEPTED, MissionApplication.Status.REJECTED
    for mission, sme, status in (
        (china, s1, accepted), (china, s2, accepted), (china, s3, rejected),
        (china, s4, MissionApplication.Status.SUBMITTED),
        (usa, s2, accepted), (usa, s3, accepted), (usa, s4, accepted),
    ):
        MissionApplication.objects.create(mission=mission, organisation=sme, status=status,
                                          motivation="Meet buyers.")
    for mission, sme, buyer, status in (
        (china, s1, b1, "accepted"), (china, s2, b1, "accepted"), (china, s2, b2, "declined"),
        (china, s1, b2, "pending"), (usa, s3, b2, "accepted"), (usa, s4, b2, "accepted"),
        (usa, s2, b1, "expired"),
    ):
        _request(mission, sme, buyer, status)
    m1 = published_meeting(china, s1, b1, index=0, table=1)
    m2 = published_meeting(china, s2, b1, index=1, table=1)
    m3 = published_meeting(usa, s3, b2, index=0, table=1)
    m4 = published_meeting(usa, s4, b2, index=1, table=1)
    _feedback(m1, s1, "held")
    _feedback(m1, b1, "held")
    _feedback(m2, s2, "no_show")
    _feedback(m2, b1, "no_show")
    _feedback(m3, b2, "held")
    _feedback(m4, s4, "no_show")
    _feedback(m4, b2, "held")  # one side says held: it was held
    _outcome(m1, s1, "contact")
    _outcome(m1, s1, "loi", 100_000, "EUR")
    _outcome(m1, b1, "loi", 700_000, "CNY")  # the same letter, reported by the other side
    _outcome(m1, s1, "contract", 250_000, "EUR")
    _outcome(m3, b2, "contact")
    _outcome(m3, b2, "investment", 2_000_000, "USD")
    _outcome(m3, s3, "pilot", 50_000, "USD")
    _outcome(m4, s4, "joint_venture", 1_500_000, "EUR")
    return World(missions=[china, usa], smes=[s1, s2, s3, s4], buyers=[b1, b2],
                 meetings=[m1, m2, m3, m4])
