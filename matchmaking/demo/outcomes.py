"""Demo data after the meeting: one completed mission to Nanjing with a delegation, meeting
requests, published meetings that took place, both sides' feedback, the 3- and 6-month
follow-ups and the outcomes they reported, so the KPI page shows a real funnel.

Deterministic for a seed and idempotent: every row is found by its natural key first.
"""

import datetime as dt
import random
import zoneinfo

from django.utils import timezone

from companies.models import Organisation
from missions.models import AgendaSession, MeetingDay, Mission, MissionApplication, Slot
from missions.services import agenda_session_generate_slots

from ..meetings.models import Meeting, MeetingRequest
from ..outcomes.models import FollowUp, MeetingFeedback, Outcome
from ..outcomes.selectors import add_months

SLUG = "nanjing-jiangbei-spring-2026"
TITLE = "Nanjing Jiangbei Spring Mission 2026"
START = dt.date(2026, 4, 21)
TIME_ZONE = "Asia/Shanghai"
DELEGATION = 20
BUYERS = ("jiangbei-new-area-planning", "jiangbei-utilities", "jiangbei-green-development",
          "shenzhen-eco-city-office", "chengdu-environment-group", "tianjin-binhai-energy")
# Outcome kind → (share of held meetings, value range, currency) for the SME's report.
OUTCOMES = (
    ("contact", 0.55, None, ""),
    ("loi", 0.22, None, ""),
    ("pilot", 0.10, (80_000, 400_000), "EUR"),
    ("contract", 0.07, (300_000, 2_000_000), "CNY"),
    ("joint_venture", 0.03, (1_000_000, 5_000_000), "EUR"),
    ("investment", 0.03, (2_000_000, 12_000_000), "CNY"),
)


def _mission(clusters: list[Organisation]) -> Mission:
    zone = zoneinfo.ZoneInfo(TIME_ZONE)
    mission, _ = Mission.objects.update_or_create(
        slug=SLUG,
        defaults={
            "title": TITLE,
            "target_market": "china",
            "host_city": "Nanjing",
            "time_zone": TIME_ZONE,
            "start_date": START,
            "end_date": START + dt.timedelta(days=1),
            "capacity": 25,
            "application_deadline": dt.datetime.combine(
                START - dt.timedelta(days=60), dt.time(23, 59), tzinfo=zone),
            "description": (
                "The spring delegation to Jiangbei New Area: two days of bilateral meetings "
                "with the district's planners, utilities and developers. Completed; its "
                "outcomes feed the programme's KPIs."
            ),
            "status": Mission.Status.COMPLETED,
        },
    )
    mission.organisers.set(clusters[:2])
    for offset in range(2):
        day, _ = MeetingDay.objects.get_or_create(
            mission=mission, date=START + dt.timedelta(days=offset))
        session, created = AgendaSession.objects.update_or_create(
            day=day, part="morning",
            defaults={"start_time": dt.time(9), "end_time": dt.time(12, 30), "slot_minutes": 30,
                      "break_minutes": 0, "tables": 10},
        )
        if created or not session.slots.exists():
            agenda_session_generate_slots(session=session)
    return mission


def seed_demo_completed_mission(*, rng: random.Random, smes: list[Organisation],
                                buyers: dict[str, Organisation],
                                clusters: list[Organisation]) -> dict[str, int]:
    """Build (or refresh) the completed mission; returns counts of what it holds."""
    mission = _mission(clusters)
    candidates = [o for o in smes if "china" in o.profile.target_markets]
    chosen = [smes[0]] + [o for o in rng.sample(candidates, k=min(27, len(candidates)))
                          if o.pk != smes[0].pk]
    chosen = chosen[:26]
    for position, organisation in enumerate(chosen):
        status = (MissionApplication.Status.ACCEPTED if position < DELEGATION
                  else MissionApplication.Status.REJECTED)
        MissionApplication.objects.update_or_create(
            mission=mission, organisation=organisation,
            defaults={"motivation": "We want to meet Jiangbei's utilities and planners.",
                      "status": status},
        )
    delegation = chosen[:DELEGATION]
    hosts = [buyers[slug] for slug in BUYERS if slug in buyers]
    slots = list(Slot.objects.filter(session__day__mission=mission).order_by("starts_at"))
    busy: set[tuple[int, int]] = set()
    tables: dict[int, int] = {}
    meetings: list[Meeting] = []
    for index, sme in enumerate(delegation):
        for offset in range(2 + index % 2):  # two or three buyers per SME
            buyer = hosts[(index + offset * 2) % len(hosts)]
            # Requests: most accepted; some declined or expired along the way.
            roll = rng.random()
            status = "accepted" if roll < 0.8 else ("declined" if roll < 0.92 else "expired")
            request = MeetingRequest.objects.filter(mission=mission, sme=sme, buyer=buyer).first()
            if request is None:
                request = MeetingRequest.objects.create(
                    mission=mission, sme=sme, buyer=buyer, requested_by_org=buyer,
                    status=status, expires_at=timezone.make_aware(
                        dt.datetime.combine(START - dt.timedelta(days=20), dt.time(12))),
                    message="We would like to discuss your solution for Jiangbei.",
                )
            if request.status != "accepted":
                continue
            slot = next(s for s in slots if (s.pk, sme.pk) not in busy
                        and (s.pk, buyer.pk) not in busy and tables.get(s.pk, 0) < 10)
            busy |= {(slot.pk, sme.pk), (slot.pk, buyer.pk)}
            tables[slot.pk] = tables.get(slot.pk, 0) + 1
            meeting, _ = Meeting.objects.get_or_create(
                mission=mission, sme=sme, buyer=buyer,
                defaults={"request": request, "slot": slot, "table": tables[slot.pk],
                          "status": Meeting.Status.PUBLISHED, "published_slot": slot,
                          "published_table": tables[slot.pk], "sme_response": "accepted",
                          "buyer_response": "accepted"},
            )
            meetings.append(meeting)
    ratings = [r for r, _label in MeetingFeedback.Rating.choices]
    held = []
    for meeting in meetings:
        roll = rng.random()
        took_place = "no_show" if roll < 0.08 else "held"
        sides = [meeting.sme_id, meeting.buyer_id] if roll < 0.85 else [meeting.sme_id]
        rating = rng.choice(ratings[1:]) if took_place == "held" else ""
        for side in sides:
            MeetingFeedback.objects.get_or_create(
                meeting=meeting, organisation_id=side,
                defaults={"took_place": took_place, "rating": rating,
                          "next_step": "Send a quotation" if rating == "deal_expected" else ""},
            )
        if took_place == "held":
            held.append(meeting)
    day = START
    for meeting in held:
        for months in (3, 6):
            due = add_months(day, months)
            if due > timezone.localdate():
                continue
            for side in (meeting.sme_id, meeting.buyer_id):
                FollowUp.objects.get_or_create(
                    meeting=meeting, organisation_id=side, months=months,
                    defaults={"due_on": due, "answered_at": timezone.make_aware(
                        dt.datetime.combine(due + dt.timedelta(days=3), dt.time(10))),
                        "contact_continued": True},
                )
        follow_up = FollowUp.objects.filter(meeting=meeting, organisation_id=meeting.sme_id,
                                            months=3).first()
        for kind, share, value_range, currency in OUTCOMES:
            if rng.random() >= share:
                continue
            value = rng.randrange(*value_range, 10_000) if value_range else None
            Outcome.objects.get_or_create(
                mission=mission, meeting=meeting, kind=kind, organisation_id=meeting.sme_id,
                defaults={"sme_id": meeting.sme_id, "buyer_id": meeting.buyer_id,
                          "demand": None, "follow_up": follow_up, "value": value,
                          "currency": currency,
                          "occurred_on": add_months(day, 2 if kind in ("contact", "loi") else 5)},
            )
    return {"completed_mission_meetings": len(meetings), "meetings_held": len(held),
            "outcomes": Outcome.objects.filter(mission=mission).count()}
