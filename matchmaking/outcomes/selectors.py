"""Reads of the outcomes area: which meetings await feedback, what each side may see of it,
which follow-ups are due, and an organisation's own outcomes. Nothing here writes."""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db.models import Q, QuerySet
from django.utils import timezone

from companies.models import Organisation
from companies.rules import is_staff, organisation_ids
from missions.models import DemandProject, Mission

from ..matching.models import MatchScore
from ..meetings.models import Meeting
from .models import FollowUp, MeetingFeedback, Outcome

# Feedback is asked for meetings that ended up to this long ago (e-mail and agenda card).
FEEDBACK_WINDOW = dt.timedelta(days=60)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the month's last day when it is shorter)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)


def meeting_day(meeting: Meeting) -> dt.date | None:
    """The meeting's day in its mission's time zone (published time, else scheduled)."""
    slot = meeting.published_slot or meeting.slot
    if slot is None:
        return None
    return slot.starts_at.astimezone(ZoneInfo(meeting.mission.time_zone)).date()


# --- Feedback ---------------------------------------------------------------------------


def past_meetings(*, now: dt.datetime | None = None) -> QuerySet[Meeting]:
    """Published meetings whose time has passed, within the feedback window."""
    now = now or timezone.now()
    return Meeting.objects.filter(
        status=Meeting.Status.PUBLISHED,
        published_slot__ends_at__lte=now,
        published_slot__ends_at__gt=now - FEEDBACK_WINDOW,
    )


def feedback_due_for(organisation_ids: set[int], *, now=None) -> list[Meeting]:
    """Past meetings of these organisations on which their side has not answered yet."""
    if not organisation_ids:
        return []
    meetings = list(
        past_meetings(now=now)
        .filter(Q(sme__in=organisation_ids) | Q(buyer__in=organisation_ids))
        .select_related("mission", "sme", "buyer", "published_slot")
        .order_by("-published_slot__starts_at", "pk")
    )
    return _without_feedback(meetings, organisation_ids)


def feedback_due_among(
    meetings: list[Meeting], organisation_ids: set[int], *, now=None
) -> list[Meeting]:
    """``feedback_due_for`` taken from meetings already read: the organisations' published
    agenda (published meetings with a published slot, ``mission``, ``sme``, ``buyer`` and
    ``published_slot`` selected), which holds every meeting ``feedback_due_for`` would
    read. Spares the agenda a second read of its own meetings."""
    now = now or timezone.now()
    past = [
        m
        for m in meetings
        if m.status == Meeting.Status.PUBLISHED
        and m.published_slot is not None
        and now - FEEDBACK_WINDOW < m.published_slot.ends_at <= now
        and (m.sme_id in organisation_ids or m.buyer_id in organisation_ids)
    ]
    past.sort(key=lambda m: m.pk)
    past.sort(key=lambda m: m.published_slot.starts_at, reverse=True)
    return _without_feedback(past, organisation_ids)


def _without_feedback(meetings: list[Meeting], organisation_ids: set[int]) -> list[Meeting]:
    """The meetings on which the organisations' side has not answered; sets ``my_side``
    and ``other`` on each."""
    if not meetings:
        return []
    answered = set(
        MeetingFeedback.objects.filter(
            meeting__in=[m.pk for m in meetings], organisation__in=organisation_ids
        ).values_list("meeting_id", "organisation_id")
    )
    due = []
    for meeting in meetings:
        side = meeting.sme_id if meeting.sme_id in organisation_ids else meeting.buyer_id
        if (meeting.pk, side) not in answered:
            meeting.my_side = side
            meeting.other = meeting.buyer if side == meeting.sme_id else meeting.sme
            due.append(meeting)
    return due


def meeting_of_member(*, organisation_ids: set[int], pk: int) -> Meeting | None:
    """One meeting the user's organisations take part in (None otherwise: 404)."""
    return (
        Meeting.objects.filter(Q(sme__in=organisation_ids) | Q(buyer__in=organisation_ids))
        .select_related("mission", "sme", "buyer", "demand", "published_slot")
        .filter(pk=pk)
        .first()
    )


def side_of(meeting: Meeting, organisation_ids: set[int]) -> int:
    return meeting.sme_id if meeting.sme_id in organisation_ids else meeting.buyer_id


@dataclass
class FeedbackView:
    """What one side may see: its own answer, and the other's only once both answered."""

    mine: MeetingFeedback | None
    theirs: MeetingFeedback | None
    other_answered: bool


def feedback_for_side(*, meeting: Meeting, organisation_id: int) -> FeedbackView:
    rows = {f.organisation_id: f for f in MeetingFeedback.objects.filter(meeting=meeting)}
    other_id = meeting.buyer_id if organisation_id == meeting.sme_id else meeting.sme_id
    mine, theirs = rows.get(organisation_id), rows.get(other_id)
    return FeedbackView(
        mine=mine,
        theirs=theirs if (mine is not None and theirs is not None) else None,
        other_answered=theirs is not None,
    )


def held_meetings() -> QuerySet[Meeting]:
    """Meetings at least one side reported as held."""
    return Meeting.objects.filter(
        feedback__took_place=MeetingFeedback.TookPlace.HELD
    ).distinct()


# --- Follow-ups -------------------------------------------------------------------------


def follow_ups_due(*, as_of: dt.date) -> list[tuple[Meeting, int, int, dt.date]]:
    """(meeting, side, months, due day) of held meetings whose follow-up is due by
    ``as_of`` and has not been created yet."""
    # Three calendar months are at least 89 days: older meetings are the only candidates.
    before = dt.datetime.combine(as_of - dt.timedelta(days=88), dt.time.max, tzinfo=dt.UTC)
    meetings = list(
        held_meetings()
        .filter(published_slot__starts_at__lte=before)
        .select_related("mission", "published_slot")
        .order_by("pk")
    )
    existing = set(
        FollowUp.objects.filter(meeting__in=[m.pk for m in meetings]).values_list(
            "meeting_id", "organisation_id", "months"
        )
    )
    due = []
    for meeting in meetings:
        day = meeting_day(meeting)
        if day is None:
            continue
        for months in FollowUp.Months.values:
            due_on = add_months(day, months)
            if due_on > as_of:
                continue
            for side in (meeting.sme_id, meeting.buyer_id):
                if (meeting.pk, side, months) not in existing:
                    due.append((meeting, side, months, due_on))
    return due


def follow_up_of_member(*, organisation_ids: set[int], pk: int) -> FollowUp | None:
    return (
        FollowUp.objects.filter(organisation__in=organisation_ids)
        .select_related("meeting__mission", "meeting__sme", "meeting__buyer", "organisation")
        .filter(pk=pk)
        .first()
    )


def open_follow_ups_for(organisation_ids: set[int]) -> list[FollowUp]:
    return list(
        FollowUp.objects.filter(organisation__in=organisation_ids, answered_at__isnull=True)
        .select_related("meeting__mission", "meeting__sme", "meeting__buyer")
        .order_by("due_on", "pk")
    )


# --- Outcomes ---------------------------------------------------------------------------


def outcomes_of(organisation_ids: set[int]) -> list[Outcome]:
    """The outcomes these organisations reported (never another organisation's)."""
    return list(
        Outcome.objects.filter(organisation__in=organisation_ids)
        .select_related("mission", "sme", "buyer", "meeting", "demand")
        .order_by("-reported_at", "-pk")
    )


def feedback_of(organisation_ids: set[int]) -> list[MeetingFeedback]:
    return list(
        MeetingFeedback.objects.filter(organisation__in=organisation_ids)
        .select_related("meeting__mission", "meeting__sme", "meeting__buyer")
        .order_by("-answered_at", "-pk")
    )


@dataclass
class OutcomeSubject:
    """What a new outcome is about: mission, SME, buyer, and the meeting and demand if any."""

    mission: Mission
    sme: Organisation
    buyer: Organisation
    organisation_id: int
    meeting: Meeting | None = None
    demand: DemandProject | None = None


def outcome_subject_of_meeting(*, organisation_ids: set[int], meeting_id: int):
    meeting = meeting_of_member(organisation_ids=organisation_ids, pk=meeting_id)
    if meeting is None:
        return None
    return OutcomeSubject(
        mission=meeting.mission, sme=meeting.sme, buyer=meeting.buyer, meeting=meeting,
        demand=meeting.demand, organisation_id=side_of(meeting, organisation_ids),
    )


def outcome_subject_of_match(*, organisation_ids: set[int], sme_id: int, demand_id: int):
    """A match (SME, demand project) one of the user's organisations is a side of, inside
    a mission; its latest meeting is linked when there is one."""
    match = (
        MatchScore.objects.filter(sme_id=sme_id, demand_id=demand_id)
        .filter(Q(sme__in=organisation_ids) | Q(demand__buyer__in=organisation_ids))
        .select_related("sme", "demand__buyer", "demand__mission")
        .first()
    )
    if match is None or match.demand.mission is None:
        return None
    demand = match.demand
    meeting = (
        Meeting.objects.filter(mission=demand.mission, sme=match.sme, buyer=demand.buyer)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("-pk")
        .first()
    )
    side = match.sme_id if match.sme_id in organisation_ids else demand.buyer_id
    return OutcomeSubject(
        mission=demand.mission, sme=match.sme, buyer=demand.buyer, meeting=meeting,
        demand=demand, organisation_id=side,
    )


# --- The delegation catalogue -------------------------------------------------------------


def may_download_catalogue(user) -> bool:
    """Staff, and members of buyers that staff approved. Not investors: the catalogue holds
    every SME's contact details, which an investor sees only once the SME accepted its
    introduction (the investors area shows delegations without them)."""
    if is_staff(user):
        return True
    return Organisation.objects.filter(
        pk__in=organisation_ids(user), buyer_approved=True, kind=Organisation.Kind.BUYER,
    ).exists()
