"""Reads for meetings: requests, the schedule grid, agendas, and the scheduler's input.

``mission_schedule_instance`` maps a mission's rows to the plain scheduling model (no ORM
inside the solver); the services write the solver's answer back.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Q, QuerySet

from companies.models import Organisation, User
from companies.rules import is_staff, organisation_ids
from missions.models import (
    AgendaSession,
    Mission,
    MissionApplication,
    Slot,
    Unavailability,
)

from ..scheduling import BilateralMeeting, Instance, Participant, TimeSlot
from .models import Meeting, MeetingRequest, OutboxMessage

BUYER_KINDS = (Organisation.Kind.BUYER, Organisation.Kind.INVESTOR)
OPEN_REQUEST = (MeetingRequest.Status.PENDING, MeetingRequest.Status.ACCEPTED)
LIVE_MEETING = (Meeting.Status.ACCEPTED, Meeting.Status.SCHEDULED, Meeting.Status.PUBLISHED)
# Missions in which meetings can still be requested.
REQUESTING_STATUSES = (
    Mission.Status.OPEN,
    Mission.Status.SELECTING,
    Mission.Status.CONFIRMED,
    Mission.Status.RUNNING,
)


# --- Who takes part -----------------------------------------------------------------------


def sme_in_delegation(*, mission: Mission, sme: Organisation) -> bool:
    return MissionApplication.objects.filter(
        mission=mission, organisation=sme, status=MissionApplication.Status.ACCEPTED
    ).exists()


def organisation_recipients(organisation_id: int) -> list[User]:
    """The people of an organisation who receive its meeting e-mails."""
    return list(
        User.objects.filter(memberships__organisation=organisation_id, is_active=True)
        .exclude(email="")
        .order_by("email")
        .distinct()
    )


# --- Requests -----------------------------------------------------------------------------


def open_requests_involving(*, mission: Mission, organisation: Organisation) -> int:
    """How many pending or accepted requests of ``mission`` involve ``organisation``."""
    return (
        MeetingRequest.objects.filter(mission=mission, status__in=OPEN_REQUEST)
        .filter(Q(sme=organisation) | Q(buyer=organisation))
        .count()
    )


def meeting_request_states(pairs) -> dict[tuple[int, int], str]:
    """For (demand project, SME id) pairs, keyed by (demand id, SME id): "open" when a
    pending or accepted request joins the SME and the demand's buyer in its mission,
    "allowed" when one may be requested (mission still requesting, SME in its delegation);
    other pairs are left out. Each demand comes with its mission read (``select_related``):
    one query, none when no mission is still requesting."""
    demands = {
        d.pk: d
        for d, _s in pairs
        if d.mission_id is not None and d.mission.status in REQUESTING_STATUSES
    }
    pairs = [(d.pk, s) for d, s in pairs if d.pk in demands]
    if not pairs:
        return {}
    delegates, open_pairs = _delegates_and_open_requests(
        sorted({demands[d].mission_id for d, _s in pairs}), sorted({s for _d, s in pairs})
    )
    states = {}
    for demand_id, sme_id in pairs:
        demand = demands[demand_id]
        if (demand.mission_id, sme_id, demand.buyer_id) in open_pairs:
            states[(demand_id, sme_id)] = "open"
        elif (demand.mission_id, sme_id) in delegates:
            states[(demand_id, sme_id)] = "allowed"
    return states


def _delegates_and_open_requests(
    missions: list[int], smes: list[int]
) -> tuple[set[tuple[int, int]], set[tuple[int, int, int]]]:
    """Of ``missions`` and ``smes``: the (mission, SME) pairs of accepted delegates, and
    the (mission, SME, buyer) of pending or accepted requests. One query, written here
    from the tables' ``_meta`` names: every match list asks this, and building the two ORM
    queries it replaces took ten times the Python calls of all this. The ids name SMEs (every
    caller's come from match scores or an SME it looked up): no join checks their kind."""
    connection = connections[DEFAULT_DB_ALIAS]
    quote = connection.ops.quote_name

    def column(model, name: str) -> str:
        return quote(model._meta.get_field(name).column)

    def listed(values) -> str:
        return ", ".join(["%s"] * len(values))

    application, request = MissionApplication, MeetingRequest
    sql = (
        f"SELECT {column(application, 'mission')}, {column(application, 'organisation')}, NULL "
        f"FROM {quote(application._meta.db_table)} "
        f"WHERE {column(application, 'mission')} IN ({listed(missions)}) "
        f"AND {column(application, 'organisation')} IN ({listed(smes)}) "
        f"AND {column(application, 'status')} = %s "
        f"UNION ALL "
        f"SELECT {column(request, 'mission')}, {column(request, 'sme')}, "
        f"{column(request, 'buyer')} FROM {quote(request._meta.db_table)} "
        f"WHERE {column(request, 'mission')} IN ({listed(missions)}) "
        f"AND {column(request, 'sme')} IN ({listed(smes)}) "
        f"AND {column(request, 'status')} IN ({listed(OPEN_REQUEST)})"
    )
    params = [
        *missions, *smes, MissionApplication.Status.ACCEPTED,
        *missions, *smes, *OPEN_REQUEST,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    delegates = {(mission, sme) for mission, sme, buyer in rows if buyer is None}
    open_pairs = {row for row in rows if row[2] is not None}
    return delegates, open_pairs


def requests_for_user(user) -> QuerySet[MeetingRequest]:
    """Requests sent or received by the user's organisations, newest first."""
    ids = organisation_ids(user)
    return (
        MeetingRequest.objects.filter(Q(sme__in=ids) | Q(buyer__in=ids))
        .select_related("mission", "sme", "buyer", "demand", "requested_by_org")
        .order_by("-created_at")
    )


def agenda_requests_for_user(user, *, limit: int = 100) -> list[MeetingRequest]:
    """The newest ``limit`` of ``requests_for_user`` with only the fields the agenda shows
    (the requests' own, and the names and titles of what they point to)."""
    return list(
        requests_for_user(user).only(
            "id", "mission_id", "sme_id", "buyer_id", "demand_id", "requested_by_org_id",
            "message", "status", "mutual_interest", "expires_at", "created_at",
            "mission__title", "sme__name", "buyer__name", "demand__title",
            "requested_by_org__name",
        )[:limit]
    )


# --- Agenda -------------------------------------------------------------------------------


def meetings_visible_to(user) -> QuerySet[Meeting]:
    """Staff see every meeting; participants see their organisations' published agenda
    (the meetings ``agenda_meetings_for_organisations`` lists), newest first."""
    meetings = Meeting.objects.select_related("mission", "sme", "buyer", "published_slot")
    if is_staff(user):
        return meetings.order_by("-pk")
    ids = organisation_ids(user)
    return (
        meetings.filter(Q(sme__in=ids) | Q(buyer__in=ids))
        .filter(status=Meeting.Status.PUBLISHED, published_slot__isnull=False)
        .order_by("-pk")
    )




def _agenda_meetings(organisation_ids: set[int]) -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(Q(sme__in=organisation_ids) | Q(buyer__in=organisation_ids))
        .filter(status=Meeting.Status.PUBLISHED, published_slot__isnull=False)
        .select_related("mission", "sme", "buyer", "demand", "published_slot")
        .order_by("published_slot__starts_at", "pk")
    )


def agenda_meetings_for_organisations(organisation_ids: set[int]) -> list[Meeting]:
    """Published meetings (and published ones since cancelled) of these organisations."""
    return list(_agenda_meetings(organisation_ids))


# What the agenda page (and its feedback card) shows of a meeting and the rows it points
# to: the five rows in full were a hundred columns, which took most of the page's query
# to build.
AGENDA_PAGE_FIELDS = (
    "id", "mission_id", "sme_id", "buyer_id", "demand_id", "status", "published_slot_id",
    "published_table", "sme_response", "buyer_response",
    "mission__title", "mission__time_zone", "sme__name", "buyer__name", "demand__title",
    "published_slot__starts_at", "published_slot__ends_at",
)


def agenda_page_meetings(organisation_ids: set[int]) -> list[Meeting]:
    """``agenda_meetings_for_organisations`` with the fields the agenda page shows only."""
    return list(_agenda_meetings(organisation_ids).only(*AGENDA_PAGE_FIELDS))


def participant_published_meetings(*, mission: Mission, organisation_id: int) -> list[Meeting]:
    return list(
        Meeting.objects.filter(mission=mission, status=Meeting.Status.PUBLISHED)
        .filter(Q(sme=organisation_id) | Q(buyer=organisation_id))
        .select_related("mission", "sme", "buyer", "demand", "published_slot")
        .order_by("published_slot__starts_at", "pk")
    )


# --- Staff: the grid ----------------------------------------------------------------------


@dataclass
class GridRow:
    slot: Slot
    cells: list[Meeting | None]


@dataclass
class ScheduleGrid:
    sessions: list[tuple[AgendaSession, list[GridRow]]] = field(default_factory=list)
    unplaced: list[Meeting] = field(default_factory=list)
    by_participant: list[tuple[Organisation, list[Meeting]]] = field(default_factory=list)
    max_tables: int = 0
    counts: dict[str, int] = field(default_factory=dict)


def mission_slots(*, mission: Mission) -> list[Slot]:
    return list(
        Slot.objects.filter(session__day__mission=mission)
        .select_related("session__day")
        .order_by("starts_at", "pk")
    )


def mission_schedule_grid(*, mission: Mission) -> ScheduleGrid:
    """Slots × tables per session, the unplaced meetings, and each participant's day."""
    slots = mission_slots(mission=mission)
    meetings = list(
        Meeting.objects.filter(mission=mission)
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("sme", "buyer", "slot")
        .order_by("pk")
    )
    placed = {(m.slot_id, m.table): m for m in meetings if m.slot_id and m.table}
    grid = ScheduleGrid()
    grid.max_tables = max((s.session.tables for s in slots), default=0)
    by_session: dict[int, tuple[AgendaSession, list[GridRow]]] = {}
    for slot in slots:
        session = slot.session
        entry = by_session.setdefault(session.pk, (session, []))
        cells = [placed.get((slot.pk, table)) for table in range(1, session.tables + 1)]
        entry[1].append(GridRow(slot=slot, cells=cells))
    grid.sessions = list(by_session.values())
    grid.unplaced = [m for m in meetings if not m.slot_id]
    people: dict[int, tuple[Organisation, list[Meeting]]] = {}
    placed_meetings = [m for m in meetings if m.slot_id]
    for meeting in sorted(placed_meetings, key=lambda m: (m.slot.starts_at, m.pk)):
        for organisation in (meeting.sme, meeting.buyer):
            people.setdefault(organisation.pk, (organisation, []))[1].append(meeting)
    grid.by_participant = sorted(people.values(), key=lambda item: item[0].name)
    grid.counts = {
        status: sum(1 for m in meetings if m.status == status) for status in Meeting.Status.values
    }
    return grid


def mission_outbox_counts(*, mission: Mission) -> dict[str, int]:
    counts = defaultdict(int)
    for status in OutboxMessage.objects.filter(mission=mission).values_list("status", flat=True):
        counts[status] += 1
    return dict(counts)


# --- The scheduler's input ----------------------------------------------------------------


@dataclass
class InstanceMapping:
    """The plain instance plus what is needed to write the answer back."""

    instance: Instance
    slots: dict[int, Slot]
    meetings: dict[int, Meeting]
    kept: set[int]  # published meetings kept where they are (fixed to their slot)
    dummy_meetings: set[int]
    # Slots the request asked for, per meeting: honoured after solving when they are free.
    preferred: dict[int, frozenset[int]] = field(default_factory=dict)


# Consortium meetings: {meeting id: organisation ids of the members besides its SME}, from
# the consortia area (registered at start-up; meetings never imports it).
_co_participants = None


def register_co_participants(provider) -> None:
    """Install (or, with None, remove) the provider of consortium meetings' other members."""
    global _co_participants
    _co_participants = provider


def _consortium_stand_ins(meetings: list[Meeting]) -> dict[int, int]:
    """{member organisation id: the organisation that stands in for it}: the plain model is
    bilateral, so a consortium's other members take the part of the meeting's SME (its lead)
    for the whole mission, and every member is busy in that meeting's slot. Members of two
    consortia join both leads."""
    if _co_participants is None or not meetings:
        return {}
    parent: dict[int, int] = {}

    def root(pk: int) -> int:
        while parent.get(pk, pk) != pk:
            pk = parent[pk]
        return pk

    by_pk = {m.pk: m for m in meetings}
    for meeting_id, members in _co_participants(list(by_pk)).items():
        lead = root(by_pk[meeting_id].sme_id)
        for member in members:
            if root(member) != lead:
                parent[root(member)] = lead
    return {pk: root(pk) for pk in parent}


def mission_schedule_instance(*, mission: Mission, fresh: bool = False) -> InstanceMapping:
    """Map the mission's accepted meetings, slots and unavailabilities to an ``Instance``.

    Slot ids are slot pks in time order, sessions are the agenda parts, participant ids are
    organisation pks and meeting ids meeting pks. The plain model has one table count for
    all slots; where sessions have fewer tables than the largest one, the missing tables are
    taken by placeholder meetings fixed to those slots (negative ids, two private
    participants each, so they add no gaps). Published meetings stay in their slot (fixed)
    unless ``fresh``; meetings staff fixed by hand always stay.
    """
    slots = mission_slots(mission=mission)
    meetings = list(
        Meeting.objects.filter(mission=mission, status__in=LIVE_MEETING)
        .prefetch_related("after", "request__preferred_slots")
        .order_by("pk")
    )
    slot_ids = {s.pk for s in slots}
    meeting_ids = {m.pk for m in meetings}
    stand_in = _consortium_stand_ins(meetings)
    org_ids = sorted({m.sme_id for m in meetings} | {m.buyer_id for m in meetings} | set(stand_in))
    unavailable: dict[int, set[int]] = defaultdict(set)
    for organisation_id, slot_id in Unavailability.objects.filter(
        slot__in=slot_ids, organisation__in=org_ids
    ).values_list("organisation_id", "slot_id"):
        unavailable[stand_in.get(organisation_id, organisation_id)].add(slot_id)
    participants = [
        Participant(id=pk, unavailable_slots=frozenset(unavailable[pk]))
        for pk in org_ids
        if pk not in stand_in
    ]
    kept: set[int] = set()
    plain_meetings = []
    for meeting in meetings:
        fixed_slot = None
        if meeting.fixed and meeting.slot_id in slot_ids:
            fixed_slot = meeting.slot_id
        elif (
            not fresh
            and meeting.status == Meeting.Status.PUBLISHED
            and meeting.published_slot_id in slot_ids
        ):
            fixed_slot = meeting.published_slot_id
            kept.add(meeting.pk)
        plain_meetings.append(
            BilateralMeeting(
                id=meeting.pk,
                participants=(stand_in.get(meeting.sme_id, meeting.sme_id), meeting.buyer_id),
                session=None,
                fixed_slot=fixed_slot,
                after=tuple(sorted(o.pk for o in meeting.after.all() if o.pk in meeting_ids)),
            )
        )
    max_tables = max((s.session.tables for s in slots), default=0)
    dummy_meetings: set[int] = set()
    next_id = -1
    for slot in slots:
        for _missing in range(max_tables - slot.session.tables):
            first, second = next_id, next_id - 1
            participants += [Participant(id=first), Participant(id=second)]
            plain_meetings.append(
                BilateralMeeting(id=first, participants=(first, second), fixed_slot=slot.pk)
            )
            dummy_meetings.add(first)
            next_id -= 2
    instance = Instance(
        name=mission.slug,
        tables=max_tables,
        slots=[TimeSlot(id=s.pk, session=s.session.part) for s in slots],
        participants=participants,
        meetings=plain_meetings,
    )
    return InstanceMapping(
        instance=instance,
        slots={s.pk: s for s in slots},
        meetings={m.pk: m for m in meetings},
        kept=kept,
        dummy_meetings=dummy_meetings,
        preferred={
            m.pk: frozenset(s.pk for s in m.request.preferred_slots.all() if s.pk in slot_ids)
            for m in meetings
            if m.request_id and m.request.preferred_slots.all()
        },
    )


def response_link_valid(*, meeting: Meeting, token_data: dict) -> bool:
    """Whether a signed answer link may still answer: it was sent for the meeting's current
    time (same sequence) to a person who is still active and a member of that side."""
    if token_data.get("s") != meeting.sequence:
        return False
    user = User.objects.filter(pk=token_data.get("u"), is_active=True).first()
    return user is not None and token_data.get("o") in organisation_ids(user)
