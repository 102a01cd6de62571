"""Fixtures of the matching app's tests."""

# --- Meetings (requests, scheduling, invitations) ------------------------------------------

import datetime as dt

import pytest

from matchmaking.models import Meeting
from missions.models import MissionApplication, Slot
from missions.services import agenda_session_generate_slots
from tests.factories import (
    AgendaSessionFactory,
    ApplicationFactory,
    DemandProjectFactory,
    MeetingDayFactory,
    MissionFactory,
)


def mission_with_agenda(
    *,
    time_zone: str = "Asia/Shanghai",
    day: dt.date | None = None,
    days: tuple = (),
    sessions: tuple = (("morning", dt.time(9), dt.time(11), 3),),
    **mission_fields,
):
    """A mission with meeting days (``day`` or ``days``), each with the same sessions
    (part, start, end, tables) and their 30-minute slots generated."""
    days = days or (day or dt.date.today() + dt.timedelta(days=60),)
    mission = MissionFactory(
        time_zone=time_zone, start_date=min(days), end_date=max(days), **mission_fields
    )
    for date in days:
        meeting_day = MeetingDayFactory(mission=mission, date=date)
        for part, start, end, tables in sessions:
            session = AgendaSessionFactory(
                day=meeting_day, part=part, start_time=start, end_time=end, tables=tables
            )
            agenda_session_generate_slots(session=session)
    return mission


def delegate(mission, sme) -> MissionApplication:
    return ApplicationFactory(
        mission=mission, organisation=sme, status=MissionApplication.Status.ACCEPTED
    )


def slots_of(mission) -> list[Slot]:
    return list(Slot.objects.filter(session__day__mission=mission).order_by("starts_at"))


def meeting_between(mission, sme, buyer, **fields) -> Meeting:
    return Meeting.objects.create(mission=mission, sme=sme, buyer=buyer, **fields)


@pytest.fixture
def meeting_mission(db, sme_org, other_sme_org, buyer_org, approved_buyer_org):
    """Asia/Shanghai mission, one morning of 4 slots × 3 tables; both SMEs in the
    delegation; both buyers bring a demand project."""
    mission = mission_with_agenda()
    delegate(mission, sme_org)
    delegate(mission, other_sme_org)
    mission.demand_for = {
        buyer_org.pk: DemandProjectFactory(buyer=buyer_org, mission=mission, title="Heat grid"),
        approved_buyer_org.pk: DemandProjectFactory(
            buyer=approved_buyer_org, mission=mission, title="Resilient water"
        ),
    }
    return mission


class SmtpSink:
    """A real SMTP server (aiosmtpd) in this process; keeps every message it accepted.

    ``reply`` (e.g. ``"451 4.3.0 try later"``) refuses messages; ``on_mail(count)`` runs
    when a client starts a transaction (``count`` messages accepted so far).
    """

    def __init__(self, reply: str = "250 OK", on_mail=None):
        self.reply = reply
        self.on_mail = on_mail
        self.messages: list = []

    async def handle_MAIL(self, server, session, envelope, address, options):
        if self.on_mail is not None:
            self.on_mail(len(self.messages))
        envelope.mail_from = address
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.reply.startswith("250"):
            from email import message_from_bytes, policy

            self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return self.reply

    def message_ids(self) -> list[str]:
        return [m["Message-ID"] for m in self.messages]


@pytest.fixture
def smtp_sink(settings):
    """Start an SMTP sink on a free port and point the default mailer at it."""
    import socket

    from aiosmtpd.controller import Controller

    from matchmaking.settings import mailers_from_url

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    sink = SmtpSink()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    sink.url = f"smtp://127.0.0.1:{port}?timeout=10"
    settings.MAILERS = mailers_from_url(sink.url)
    try:
        yield sink
    finally:
        controller.stop()


# --- Matching (scores, reasons, decisions, rescoring) ----------------------------------------
# Fixtures of the matching tests (tests/matchmaking/matching/).


@pytest.fixture
def fresh_scoring_context():
    """No scoring context from an earlier test (its ids would belong to other rows)."""
    from django.core.cache import cache

    from matchmaking.matching import context as scoring_context

    cache.delete(scoring_context.CURRENT_KEY)
    scoring_context._memo.clear()
    yield
    scoring_context._memo.clear()


@pytest.fixture
def heat_demand(buyer_org, fresh_scoring_context):
    """An open demand project of ``buyer_org`` that fits ``sme_org`` (heat pumps)."""
    from tests.factories import sector

    demand = DemandProjectFactory(
        buyer=buyer_org,
        title="Jiangbei low-temperature heat network",
        description_en=(
            "Large heat pumps feeding a district heating network for a new district of "
            "Jiangbei; waste heat recovery from data centres."
        ),
        description_zh="江北新区低温区域供热网络，大型热泵。",
        technologies=["heat pumps", "district heating"],
        min_trl=6,
        required_certifications=["CE"],
        market="china",
    )
    demand.sectors.set([sector("district-heating.heat-networks")])
    return demand


@pytest.fixture
def solar_demand(approved_buyer_org, fresh_scoring_context):
    """An open demand project of ``approved_buyer_org`` that fits ``other_sme_org``."""
    from tests.factories import sector

    demand = DemandProjectFactory(
        buyer=approved_buyer_org,
        title="Rooftop solar for New York schools",
        description_en="Rooftop photovoltaic systems for 40 public schools in New York.",
        technologies=["photovoltaics"],
        market="usa",
    )
    demand.sectors.set([sector("renewable-energy.solar-pv")])
    return demand
