"""Writes for a mission's schedule: run the solver, write its answer back, move a meeting by
hand, publish.

The solver itself is a plain module (``matchmaking.scheduling``); this module maps rows to
its input (through ``selectors.mission_schedule_instance``) and back.
"""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from companies.rules import require_staff
from missions.models import Mission, Slot, Unavailability

from ..scheduling.check import check_schedule
from . import dispatch, hooks, selectors
from .ics import EventTimes
from .models import Meeting, ScheduleRun
from .outbox import outbox_add_for_publish

SOLVER_WORKERS = 2


@transaction.atomic
def mission_schedule_start(
    *, mission: Mission, actor, fresh: bool = False, time_limit: float = 30.0
) -> ScheduleRun:
    """Queue a scheduler run for ``mission``; returns it.

    Side effects: queues the ``matchmaking.schedule_mission`` task after commit.
    """
    require_staff(actor)
    if not 1 <= time_limit <= 600:
        raise ValidationError(_("The time limit must lie between 1 and 600 seconds."))
    run = ScheduleRun(mission=mission, fresh=fresh, time_limit=time_limit, started_by=actor)
    run.full_clean()
    run.save()
    dispatch.schedule_mission(run_id=run.pk)
    return run


def _claim_run(run_id: int) -> bool:
    return bool(
        ScheduleRun.objects.filter(pk=run_id, status=ScheduleRun.Status.QUEUED).update(
            status=ScheduleRun.Status.RUNNING, started_at=timezone.now(), progress=5
        )
    )


def schedule_run_execute(*, run_id: int) -> ScheduleRun | None:
    """Run a queued scheduler run: map, solve, check, write back; returns the run.

    Claims the run with a conditional UPDATE (queued → running), so a second delivery of the
    task does nothing. Records figures and progress on the run; failures mark it failed.
    """
    from ..scheduling import solve  # the exact engines load OR-Tools on first use

    if not _claim_run(run_id):
        return None
    run = ScheduleRun.objects.select_related("mission").get(pk=run_id)
    try:
        mapping = selectors.mission_schedule_instance(mission=run.mission, fresh=run.fresh)
        ScheduleRun.objects.filter(pk=run_id).update(
            progress=20, meetings_total=len(mapping.meetings)
        )
        result = solve(mapping.instance, time_limit=run.time_limit, workers=SOLVER_WORKERS)
        ScheduleRun.objects.filter(pk=run_id).update(progress=80)
        schedule = schedule_honour_preferences(mapping=mapping, schedule=result.schedule)
        report = check_schedule(mapping.instance, schedule)
        if not report.ok:
            raise RuntimeError("; ".join(v.message for v in report.violations[:5]))
        unplaced = schedule_write_back(mapping=mapping, schedule=schedule)
    except Exception as error:  # noqa: BLE001 - the run records any failure for staff
        ScheduleRun.objects.filter(pk=run_id).update(
            status=ScheduleRun.Status.FAILED, error=str(error)[:2000], finished_at=timezone.now()
        )
        raise
    placed = len(mapping.meetings) - len(unplaced)
    ScheduleRun.objects.filter(pk=run_id).update(
        status=ScheduleRun.Status.DONE,
        progress=100,
        meetings_placed=placed,
        total_gaps=report.total_gaps,
        worst_gaps=report.worst_gaps,
        optimal=bool(getattr(result, "optimal", False)),
        unplaced=[{"meeting": pk, "reason": reason} for pk, reason in sorted(unplaced.items())],
        finished_at=timezone.now(),
    )
    run.refresh_from_db()
    return run


def schedule_honour_preferences(*, mapping: selectors.InstanceMapping, schedule):
    """The solver's schedule with each meeting whose request named preferred slots moved
    into the earliest of them where both sides and a table are free, no unavailability or
    order between meetings is broken, and the meeting is not fixed. Meetings whose
    preferred slots are all taken stay where the solver put them."""
    from ..scheduling import Assignment, Schedule

    if not mapping.preferred:
        return schedule
    instance = mapping.instance
    order = {s.id: i for i, s in enumerate(instance.slots)}
    session_of = {s.id: s.session for s in instance.slots}
    meetings = {m.id: m for m in instance.meetings}
    unavailable = {p.id: p.unavailable_slots for p in instance.participants}
    later = defaultdict(list)  # meeting -> meetings that must come after it
    for m in instance.meetings:
        for before in m.after:
            later[before].append(m.id)
    placed = {a.meeting: a for a in schedule.assignments}
    busy = defaultdict(set)
    tables = defaultdict(set)
    for a in schedule.assignments:
        for person in meetings[a.meeting].participants:
            busy[person].add(a.slot)
        tables[a.slot].add(a.table)
    for meeting_id, wanted in sorted(mapping.preferred.items()):
        current, meeting = placed.get(meeting_id), meetings.get(meeting_id)
        if current is None or meeting is None or meeting.fixed_slot is not None:
            continue
        if current.slot in wanted:
            continue
        for slot in sorted((s for s in wanted if s in order), key=order.get):
            if meeting.session is not None and session_of[slot] != meeting.session:
                continue
            if any(slot in busy[p] or slot in unavailable.get(p, ()) for p in meeting.participants):
                continue
            if any(b in placed and order[placed[b].slot] >= order[slot] for b in meeting.after):
                continue
            if any(a in placed and order[placed[a].slot] <= order[slot] for a in later[meeting_id]):
                continue
            free = [t for t in range(1, instance.tables + 1) if t not in tables[slot]]
            if not free:
                continue
            for person in meeting.participants:
                busy[person].discard(current.slot)
                busy[person].add(slot)
            tables[current.slot].discard(current.table)
            tables[slot].add(free[0])
            placed[meeting_id] = Assignment(meeting=meeting_id, slot=slot, table=free[0])
            break
    return Schedule(assignments=list(placed.values()), unscheduled=list(schedule.unscheduled))


@transaction.atomic
def schedule_write_back(*, mapping: selectors.InstanceMapping, schedule) -> dict[int, str]:
    """Write the solver's slots to the meetings and number their tables; returns the
    unplaced meetings with their reasons.

    The solver decides slots; tables are interchangeable, so they are numbered here: kept
    (published) meetings and meetings fixed by hand keep their table, the others take the
    lowest free tables of their session in meeting order.
    """
    slot_of = {a.meeting: a.slot for a in schedule.assignments if a.meeting > 0}
    unplaced = {pk: reason for pk, reason in schedule.unscheduled if pk > 0}
    keeps_table = {
        pk
        for pk, m in mapping.meetings.items()
        if (pk in mapping.kept and m.published_table) or (m.fixed and m.table)
    }
    ids = list(mapping.meetings)
    locked = {m.pk: m for m in Meeting.objects.select_for_update().filter(pk__in=ids)}
    # Free every seat first, so the unique (slot, table) indexes never see a swap half-done.
    Meeting.objects.filter(pk__in=ids).update(slot=None, table=None)
    taken: dict[int, set[int]] = {}
    order = sorted(ids, key=lambda pk: (pk not in keeps_table, pk))
    for pk in order:
        meeting = locked[pk]
        slot_id = slot_of.get(pk)
        if slot_id is None:
            meeting.slot, meeting.table = None, None
            unplaced.setdefault(pk, _("The scheduler found no slot for it."))
            continue
        capacity = mapping.slots[slot_id].session.tables
        used = taken.setdefault(slot_id, set())
        wanted = meeting.published_table if pk in mapping.kept else meeting.table
        if pk in keeps_table and wanted and wanted <= capacity and wanted not in used:
            table = wanted
        else:
            table = next((t for t in range(1, capacity + 1) if t not in used), None)
        if table is None:
            meeting.slot, meeting.table = None, None
            unplaced[pk] = _("No table is free in the slot the scheduler chose.")
            continue
        used.add(table)
        meeting.slot_id, meeting.table = slot_id, table
    for meeting in locked.values():
        unchanged = (
            meeting.published_slot_id is not None
            and meeting.slot_id == meeting.published_slot_id
            and meeting.table == meeting.published_table
        )
        if meeting.slot_id is None:
            meeting.status = Meeting.Status.ACCEPTED
            meeting.unplaced_reason = unplaced.get(meeting.pk, "")
        else:
            meeting.status = Meeting.Status.PUBLISHED if unchanged else Meeting.Status.SCHEDULED
            meeting.unplaced_reason = ""
    Meeting.objects.bulk_update(
        locked.values(), ["slot", "table", "status", "unplaced_reason"], batch_size=500
    )
    return unplaced


def _move_problems(meeting: Meeting, slot: Slot, table: int) -> list[str]:
    """Every rule a move of ``meeting`` to (``slot``, ``table``) would break."""
    problems = []
    if not 1 <= table <= slot.session.tables:
        problems.append(
            _("This session has tables 1 to %(tables)d.") % {"tables": slot.session.tables}
        )
    others = Meeting.objects.filter(slot=slot).exclude(pk=meeting.pk).exclude(
        status=Meeting.Status.CANCELLED
    )
    if others.filter(table=table).exists():
        problems.append(_("That table is already taken in this slot."))
    if others.filter(Q(sme=meeting.sme_id) | Q(buyer=meeting.sme_id)).exists() or others.filter(
        Q(sme=meeting.buyer_id) | Q(buyer=meeting.buyer_id)
    ).exists():
        problems.append(_("One of the participants already has a meeting in this slot."))
    if Unavailability.objects.filter(
        slot=slot, organisation__in=[meeting.sme_id, meeting.buyer_id]
    ).exists():
        problems.append(_("One of the participants is unavailable in this slot."))
    earlier = meeting.after.exclude(status=Meeting.Status.CANCELLED).filter(slot__isnull=False)
    if earlier.filter(slot__starts_at__gte=slot.starts_at).exists():
        problems.append(_("A meeting that must come first would no longer be earlier."))
    later = meeting.before.exclude(status=Meeting.Status.CANCELLED).filter(slot__isnull=False)
    if later.filter(slot__starts_at__lte=slot.starts_at).exists():
        problems.append(_("A meeting that must come later would no longer be later."))
    return problems


@transaction.atomic
def meeting_move(*, meeting: Meeting, slot: Slot, table: int, actor) -> Meeting:
    """Move a meeting by hand to ``slot`` and ``table``, checked against every rule.

    Locks the target slot's row so concurrent moves into one slot queue up and the second
    sees the first; the database's unique indexes refuse anything that still slips through.
    The meeting becomes fixed (the next run keeps it there) and, if it was published, waits
    for the next publish to send the update.
    """
    require_staff(actor)
    if slot.session.day.mission_id != meeting.mission_id:
        raise ValidationError(_("That slot belongs to another mission."))
    Slot.objects.select_for_update().filter(pk=slot.pk).first()
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.status == Meeting.Status.CANCELLED:
        raise ValidationError(_("A cancelled meeting cannot be moved."))
    problems = _move_problems(locked, slot, table)
    if problems:
        raise ValidationError(problems)
    locked.slot, locked.table, locked.fixed = slot, table, True
    unchanged = locked.published_slot_id == slot.pk and locked.published_table == table
    locked.status = Meeting.Status.PUBLISHED if unchanged else Meeting.Status.SCHEDULED
    locked.unplaced_reason = ""
    try:
        with transaction.atomic():
            locked.save()
    except IntegrityError as error:
        raise ValidationError(
            _("Someone else has just placed a meeting there; the move was refused.")
        ) from error
    return locked


@transaction.atomic
def mission_schedule_publish(*, mission: Mission, actor) -> dict[str, int]:
    """Publish the mission's schedule; returns how many meetings were newly published,
    moved and withdrawn.

    Side effects: for every participant, an invitation (first publish) or per-meeting
    invitations, updates (same UID, SEQUENCE raised) and cancellations go into the outbox,
    sent after commit.
    """
    require_staff(actor)
    Mission.objects.select_for_update().filter(pk=mission.pk).first()
    meetings = list(
        Meeting.objects.select_for_update()
        .filter(mission=mission)
        .filter(
            Q(status=Meeting.Status.SCHEDULED)
            | Q(status=Meeting.Status.ACCEPTED, published_slot__isnull=False)
        )
        .order_by("pk")
    )
    counts = {"new": 0, "moved": 0, "withdrawn": 0}
    changes: list[tuple[Meeting, str, dict]] = []
    for meeting in meetings:
        # A withdrawn meeting is announced at the time it had been published for.
        announced = EventTimes.of_meeting(meeting) if meeting.slot_id is None else None
        if meeting.slot_id is None:
            kind, meeting.published_slot, meeting.published_table = "cancellation", None, None
            meeting.sequence = F("sequence") + 1
            counts["withdrawn"] += 1
        elif meeting.published_slot_id is None:
            kind = "invitation"
            meeting.status = Meeting.Status.PUBLISHED
            counts["new"] += 1
        else:
            kind = "update"
            meeting.status = Meeting.Status.PUBLISHED
            meeting.sequence = F("sequence") + 1
            # An answer was given for the old time: both sides answer the new one afresh.
            meeting.sme_response = meeting.buyer_response = Meeting.Response.PENDING
            counts["moved"] += 1
        if meeting.slot_id is not None:
            meeting.published_slot_id, meeting.published_table = meeting.slot_id, meeting.table
        meeting.save()
        meeting.refresh_from_db()
        if kind != "cancellation":
            announced = EventTimes.of_meeting(meeting)
        changes.append((meeting, kind, announced.as_payload()))
        if kind != "invitation":
            hooks.meeting_event(
                kind="meeting_cancelled" if kind == "cancellation" else "schedule_change",
                meeting=meeting,
                actor=actor,
            )
    outbox_add_for_publish(mission=mission, changes=changes)
    dispatch.send_outbox()
    return counts


__all__ = [
    "mission_schedule_publish",
    "mission_schedule_start",
    "meeting_move",
    "schedule_run_execute",
    "schedule_write_back",
]
