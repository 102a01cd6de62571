"""Plain data model of the meeting-scheduling problem.

An :class:`Instance` describes one brokerage event: the time slots (in time order, each in a
session), how many tables exist, the participants with the slots in which they cannot meet,
and the bilateral meetings both sides asked for.  A :class:`Schedule` assigns meetings to a
slot and a table, and lists the meetings that could not be placed together with a
human-readable reason.

This module has no dependency on Django or on any solver, so that the solver, the independent
checker and the command-line tools can all share it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "Assignment",
    "BilateralMeeting",
    "Instance",
    "Meeting",
    "Participant",
    "Schedule",
    "Slot",
    "TimeSlot",
    "instance_from_json",
    "instance_to_dict",
    "load_instance",
    "schedule_from_dict",
    "schedule_to_dict",
]


@dataclass(frozen=True)
class TimeSlot:
    """One time slot; ``session`` groups slots (e.g. ``"morning"``) and may be ``None``."""

    id: int
    session: str | None = None


@dataclass(frozen=True)
class Participant:
    """A company taking part in the event and the slots in which it can meet nobody."""

    id: int
    unavailable_slots: frozenset[int] = frozenset()


@dataclass(frozen=True)
class BilateralMeeting:
    """A bilateral meeting requested by both of its participants.

    ``session`` restricts the meeting to the slots of that session (``None``: any slot),
    ``fixed_slot`` pins it to one slot, and ``after`` lists meetings that must take place in
    an earlier slot than this one.
    """

    id: int
    participants: tuple[int, int]
    session: str | None = None
    fixed_slot: int | None = None
    after: tuple[int, ...] = ()


# The names the records had before the Django models ``missions.Slot`` and
# ``matchmaking.Meeting`` made them ambiguous; kept so existing imports work.
Slot = TimeSlot
Meeting = BilateralMeeting


@dataclass
class Instance:
    """A complete scheduling problem.  Construction validates it (see :meth:`validate`)."""

    name: str
    tables: int
    slots: list[TimeSlot]
    participants: list[Participant]
    meetings: list[BilateralMeeting]

    def __post_init__(self) -> None:
        self.validate()

    def validate(self) -> None:
        """Raise ``ValueError`` with a precise message if the instance is inconsistent.

        Only data errors are rejected here (unknown ids, duplicates, malformed meetings).
        Requests that merely cannot be honoured, such as a fixed slot outside the meeting's
        session, are valid data: the solver reports those meetings as unplaceable instead.
        """
        if isinstance(self.tables, bool) or not isinstance(self.tables, int) or self.tables < 0:
            raise ValueError(f"tables must be a non-negative integer, got {self.tables!r}")
        slot_ids = _unique_ids((s.id for s in self.slots), "slot")
        participant_ids = _unique_ids((p.id for p in self.participants), "participant")
        meeting_ids = _unique_ids((m.id for m in self.meetings), "meeting")
        sessions = {s.session for s in self.slots}
        for participant in self.participants:
            for slot in sorted(participant.unavailable_slots):
                if slot not in slot_ids:
                    raise ValueError(
                        f"participant {participant.id} is unavailable in unknown slot {slot}"
                    )
        for meeting in self.meetings:
            if len(meeting.participants) != 2:
                raise ValueError(
                    f"meeting {meeting.id} must have exactly 2 participants, "
                    f"got {len(meeting.participants)}"
                )
            first, second = meeting.participants
            for pid in meeting.participants:
                if pid not in participant_ids:
                    raise ValueError(f"meeting {meeting.id} has unknown participant {pid}")
            if first == second:
                raise ValueError(f"meeting {meeting.id} has participant {first} twice")
            if meeting.session is not None and meeting.session not in sessions:
                raise ValueError(f"meeting {meeting.id} has unknown session {meeting.session!r}")
            if meeting.fixed_slot is not None and meeting.fixed_slot not in slot_ids:
                raise ValueError(
                    f"meeting {meeting.id} is fixed to unknown slot {meeting.fixed_slot}"
                )
            for other in meeting.after:
                if other not in meeting_ids:
                    raise ValueError(f"meeting {meeting.id} must follow unknown meeting {other}")
                if other == meeting.id:
                    raise ValueError(f"meeting {meeting.id} must follow itself")

    # Convenience look-ups used by the solver, the checker and the generator alike.
    def slot_position(self) -> dict[int, int]:
        """Map each slot id to its position in time order (0-based)."""
        return {slot.id: index for index, slot in enumerate(self.slots)}

    def participant_map(self) -> dict[int, Participant]:
        """Map participant ids to participants."""
        return {p.id: p for p in self.participants}

    def meeting_map(self) -> dict[int, BilateralMeeting]:
        """Map meeting ids to meetings."""
        return {m.id: m for m in self.meetings}


@dataclass(frozen=True)
class Assignment:
    """Meeting ``meeting`` takes place in slot ``slot`` at table ``table`` (1-based)."""

    meeting: int
    slot: int
    table: int


@dataclass
class Schedule:
    """A (possibly partial) schedule: placed meetings and unplaced ones with a reason."""

    assignments: list[Assignment] = field(default_factory=list)
    unscheduled: list[tuple[int, str]] = field(default_factory=list)


def _unique_ids(ids: Iterable[int], what: str) -> set[int]:
    seen: set[int] = set()
    for value in ids:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"{what} id must be an integer, got {value!r}")
        if value in seen:
            raise ValueError(f"duplicate {what} id {value}")
        seen.add(value)
    return seen


def _require(data: Mapping[str, Any], key: str, where: str) -> Any:
    if key not in data:
        raise ValueError(f"{where} is missing the field {key!r}")
    return data[key]


def load_instance(data: Mapping[str, Any]) -> Instance:
    """Build and validate an :class:`Instance` from its JSON-like dictionary form."""
    if not isinstance(data, Mapping):
        raise ValueError("an instance must be a JSON object")
    slots = [
        TimeSlot(id=_require(s, "id", "a slot"), session=s.get("session"))
        for s in _require(data, "slots", "the instance")
    ]
    participants = []
    for p in _require(data, "participants", "the instance"):
        pid = _require(p, "id", "a participant")
        unavailable = p.get("unavailable_slots") or []
        participants.append(Participant(id=pid, unavailable_slots=frozenset(unavailable)))
    meetings = []
    for m in _require(data, "meetings", "the instance"):
        mid = _require(m, "id", "a meeting")
        pair = tuple(_require(m, "participants", f"meeting {mid}"))
        meetings.append(
            BilateralMeeting(
                id=mid,
                participants=pair,  # type: ignore[arg-type]  # length checked by validate()
                session=m.get("session"),
                fixed_slot=m.get("fixed_slot"),
                after=tuple(m.get("after") or ()),
            )
        )
    return Instance(
        name=str(data.get("name", "")),
        tables=_require(data, "tables", "the instance"),
        slots=slots,
        participants=participants,
        meetings=meetings,
    )


def instance_from_json(path: str | Path) -> Instance:
    """Read and validate an instance from a JSON file."""
    with open(path, encoding="utf-8") as handle:
        return load_instance(json.load(handle))


def instance_to_dict(instance: Instance) -> dict[str, Any]:
    """Serialise an instance to the JSON-like form read by :func:`load_instance`."""
    return {
        "name": instance.name,
        "tables": instance.tables,
        "slots": [{"id": s.id, "session": s.session} for s in instance.slots],
        "participants": [
            {"id": p.id, "unavailable_slots": sorted(p.unavailable_slots)}
            for p in instance.participants
        ],
        "meetings": [
            {
                "id": m.id,
                "participants": list(m.participants),
                "session": m.session,
                "fixed_slot": m.fixed_slot,
                "after": list(m.after),
            }
            for m in instance.meetings
        ],
    }


def schedule_to_dict(schedule: Schedule) -> dict[str, Any]:
    """Serialise a schedule to the published JSON form.

    Unplaced meetings are written as ``{"meeting": id, "reason": text}`` objects.
    """
    return {
        "assignments": [
            {"meeting": a.meeting, "slot": a.slot, "table": a.table}
            for a in sorted(schedule.assignments, key=lambda a: (a.slot, a.table, a.meeting))
        ],
        "unscheduled": [
            {"meeting": meeting, "reason": reason} for meeting, reason in schedule.unscheduled
        ],
    }


def schedule_from_dict(data: Mapping[str, Any]) -> Schedule:
    """Read a schedule written by :func:`schedule_to_dict`.

    Unplaced meetings may also be given as bare ids (the reason is then empty).
    """
    assignments = [
        Assignment(meeting=a["meeting"], slot=a["slot"], table=a["table"])
        for a in data.get("assignments", [])
    ]
    unscheduled: list[tuple[int, str]] = []
    for entry in data.get("unscheduled", []):
        if isinstance(entry, Mapping):
            unscheduled.append((entry["meeting"], str(entry.get("reason", ""))))
        else:
            unscheduled.append((int(entry), ""))
    return Schedule(assignments=assignments, unscheduled=unscheduled)
