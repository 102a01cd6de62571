"""Tests of the independent schedule checker."""

from __future__ import annotations

import pytest

from matchmaking.scheduling import Assignment, Instance, Schedule, check_schedule
from matchmaking.scheduling import BilateralMeeting as Meeting
from matchmaking.scheduling.check import count_gaps

from .support import event


def checker_instance() -> Instance:
    slots = [(1, "morning"), (2, "morning"), (3, "afternoon"), (4, "afternoon")]
    meetings = [
        Meeting(1, (1, 2), session="morning"),
        Meeting(2, (1, 3), fixed_slot=4),
        Meeting(3, (2, 3), after=(1,)),
        Meeting(4, (4, 5)),
    ]
    return event(slots, meetings, tables=1, unavailable={5: [2]})


@pytest.mark.parametrize(
    ("assignments", "unscheduled", "kind"),
    [
        ([(9, 1, 1)], [1, 2, 3, 4], "unknown_meeting"),
        ([(1, 1, 1), (1, 2, 1)], [2, 3, 4], "duplicate_assignment"),
        ([(1, 7, 1)], [1, 2, 3, 4], "unknown_slot"),
        ([(1, 1, 2)], [2, 3, 4], "bad_table"),
        ([(1, 3, 1)], [2, 3, 4], "wrong_session"),
        ([(2, 1, 1)], [1, 3, 4], "fixed_slot"),
        ([(4, 2, 1)], [1, 2, 3], "unavailable"),
        ([(1, 2, 1), (3, 1, 1)], [2, 4], "after_order"),
        ([(1, 1, 1), (3, 2, 1)], [2], "missing"),
        ([(1, 1, 1)], [1, 2, 3, 4], "assigned_and_unscheduled"),
    ],
)
def test_checker_flags_each_rule(assignments, unscheduled, kind):
    schedule = Schedule(
        assignments=[Assignment(m, s, t) for m, s, t in assignments],
        unscheduled=[(m, "") for m in unscheduled],
    )
    report = check_schedule(checker_instance(), schedule)
    assert report.kinds() == {kind}


def test_checker_flags_clashes_in_one_slot():
    instance = checker_instance()
    instance.tables = 2
    # Meetings 1 and 2 share participant 1 in slot 4; 2 and 4 share table 1 there.
    schedule = Schedule(
        assignments=[Assignment(2, 4, 1), Assignment(4, 4, 1), Assignment(3, 4, 2)],
        unscheduled=[(1, "")],
    )
    report = check_schedule(instance, schedule)
    assert report.kinds() == {"too_many_meetings", "double_booked", "table_shared"}
    messages = sorted(v.message for v in report.violations)
    assert messages == [
        "participant 3 has meetings 2 and 3 in slot 4",
        "slot 4 holds 3 meetings but there are 2 tables",
        "table 1 in slot 4 hosts meetings 2, 4",
    ]


def test_checker_counts_gaps_from_scratch():
    assert count_gaps([1, 3, 4, 6]) == 2
    assert count_gaps([5, 2, 3, 4]) == 0
    assert count_gaps([]) == 0
    instance = event(6, [(1, 2), (1, 3), (1, 4), (2, 3)])
    schedule = Schedule(
        assignments=[
            Assignment(1, 1, 1),
            Assignment(2, 3, 1),
            Assignment(3, 6, 1),
            Assignment(4, 4, 1),
        ]
    )
    report = check_schedule(instance, schedule)
    assert report.ok
    # Participant 1: slots 1, 3, 6 -> 2 gaps; 2: 1, 4 -> 1; 3: 3, 4 -> 0; 4: 6 -> 0.
    assert report.gaps_by_participant == {1: 2, 2: 1, 3: 0, 4: 0}
    assert (report.total_gaps, report.worst_gaps, report.placed) == (3, 2, 4)
