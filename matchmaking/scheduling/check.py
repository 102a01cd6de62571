"""Independent checker for meeting schedules.

This module deliberately shares no logic with the solver: it re-reads the rules from the
instance and the schedule only, so a bug in the solver's bookkeeping cannot hide itself.  It
lists every violated rule and recomputes the objective (idle gaps) from scratch.

Rules checked:

* every assignment names a known meeting, a known slot and a table in ``1..tables``;
* every meeting is either assigned exactly once or listed as unscheduled (not both);
* a meeting lies in a slot of its session, at its fixed slot if it has one, and in a slot
  where both participants are available;
* every meeting listed in ``after`` takes place in an earlier slot (when both are placed);
* no participant has two meetings in one slot;
* no slot holds more meetings than there are tables, and no table hosts two meetings at once.

A gap is a maximal run of free slots between two meetings of the same participant; free
slots before the first or after the last meeting do not count.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .model import Instance, Schedule

__all__ = ["CheckReport", "Violation", "check_schedule", "count_gaps"]


@dataclass(frozen=True)
class Violation:
    """One broken rule: a short machine-readable ``kind`` and a human-readable message."""

    kind: str
    message: str


@dataclass
class CheckReport:
    """Result of :func:`check_schedule`."""

    violations: list[Violation] = field(default_factory=list)
    placed: int = 0
    total_meetings: int = 0
    total_gaps: int = 0
    worst_gaps: int = 0
    gaps_by_participant: dict[int, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when the schedule breaks no rule."""
        return not self.violations

    def kinds(self) -> set[str]:
        """The set of violated rule kinds (handy in tests)."""
        return {v.kind for v in self.violations}


def count_gaps(positions: list[int]) -> int:
    """Count idle gaps in a participant's day given the time positions of its meetings.

    Positions are sorted and de-duplicated first; every jump of more than one position between
    consecutive meetings is one maximal run of free slots, hence one gap.
    """
    ordered = sorted(set(positions))
    return sum(1 for before, after in zip(ordered, ordered[1:], strict=False) if after - before > 1)


def check_schedule(instance: Instance, schedule: Schedule) -> CheckReport:
    """Check ``schedule`` against every rule of ``instance`` and compute its idle gaps."""
    report = CheckReport(total_meetings=len(instance.meetings))
    problems = report.violations

    def flag(kind: str, message: str) -> None:
        problems.append(Violation(kind, message))

    position = {slot.id: index for index, slot in enumerate(instance.slots)}
    session_of = {slot.id: slot.session for slot in instance.slots}
    meetings = {m.id: m for m in instance.meetings}
    unavailable = {p.id: p.unavailable_slots for p in instance.participants}

    # Collect where each meeting went, flagging malformed assignments on the way.
    slot_of: dict[int, int] = {}
    in_slot: dict[int, list[int]] = defaultdict(list)
    at_table: dict[tuple[int, int], list[int]] = defaultdict(list)
    for assignment in schedule.assignments:
        mid, sid, table = assignment.meeting, assignment.slot, assignment.table
        if mid not in meetings:
            flag("unknown_meeting", f"assignment of unknown meeting {mid}")
            continue
        if mid in slot_of:
            flag("duplicate_assignment", f"meeting {mid} is assigned more than once")
            continue
        if sid not in position:
            flag("unknown_slot", f"meeting {mid} is assigned to unknown slot {sid}")
            continue
        slot_of[mid] = sid
        in_slot[sid].append(mid)
        if (
            isinstance(table, bool)
            or not isinstance(table, int)
            or not (1 <= table <= instance.tables)
        ):
            flag(
                "bad_table",
                f"meeting {mid} is at table {table!r}, outside 1..{instance.tables}",
            )
        else:
            at_table[(sid, table)].append(mid)

    unscheduled_ids: set[int] = set()
    for mid, _reason in schedule.unscheduled:
        if mid not in meetings:
            flag("unknown_meeting", f"unknown meeting {mid} is listed as unscheduled")
        elif mid in unscheduled_ids:
            flag("duplicate_unscheduled", f"meeting {mid} is listed as unscheduled twice")
        elif mid in slot_of:
            flag("assigned_and_unscheduled", f"meeting {mid} is both assigned and unscheduled")
        unscheduled_ids.add(mid)
    for mid in meetings:
        if mid not in slot_of and mid not in unscheduled_ids:
            flag("missing", f"meeting {mid} is neither assigned nor listed as unscheduled")

    # Per-meeting rules.
    for mid, sid in slot_of.items():
        meeting = meetings[mid]
        if meeting.session is not None and session_of[sid] != meeting.session:
            flag(
                "wrong_session",
                f"meeting {mid} of session {meeting.session!r} is in slot {sid} "
                f"of session {session_of[sid]!r}",
            )
        if meeting.fixed_slot is not None and sid != meeting.fixed_slot:
            flag("fixed_slot", f"meeting {mid} is fixed to slot {meeting.fixed_slot}, not {sid}")
        for pid in meeting.participants:
            if sid in unavailable.get(pid, frozenset()):
                flag("unavailable", f"meeting {mid} is in slot {sid} where {pid} is unavailable")
        for earlier in meeting.after:
            if earlier in slot_of and position[slot_of[earlier]] >= position[sid]:
                flag(
                    "after_order",
                    f"meeting {mid} (slot {sid}) must come after meeting {earlier} "
                    f"(slot {slot_of[earlier]})",
                )

    # Per-slot rules.
    for sid, mids in in_slot.items():
        if len(mids) > instance.tables:
            flag(
                "too_many_meetings",
                f"slot {sid} holds {len(mids)} meetings but there are {instance.tables} tables",
            )
        seen: dict[int, int] = {}
        for mid in mids:
            for pid in meetings[mid].participants:
                if pid in seen:
                    flag(
                        "double_booked",
                        f"participant {pid} has meetings {seen[pid]} and {mid} in slot {sid}",
                    )
                else:
                    seen[pid] = mid
    for (sid, table), mids in at_table.items():
        if len(mids) > 1:
            listed = ", ".join(str(m) for m in sorted(mids))
            flag("table_shared", f"table {table} in slot {sid} hosts meetings {listed}")

    # Objective, recomputed from scratch over the placed meetings.
    busy: dict[int, list[int]] = {p.id: [] for p in instance.participants}
    for mid, sid in slot_of.items():
        for pid in meetings[mid].participants:
            busy.setdefault(pid, []).append(position[sid])
    report.placed = len(slot_of)
    report.gaps_by_participant = {pid: count_gaps(slots) for pid, slots in busy.items()}
    report.total_gaps = sum(report.gaps_by_participant.values())
    report.worst_gaps = max(report.gaps_by_participant.values(), default=0)
    return report
