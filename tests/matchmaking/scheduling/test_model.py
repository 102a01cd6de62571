"""Tests of the plain data model: validation and JSON round trips."""

from __future__ import annotations

import json

import pytest

from matchmaking.scheduling import (
    Assignment,
    Schedule,
    load_instance,
    schedule_from_dict,
    schedule_to_dict,
)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["meetings"][0].update(participants=[1, 99]), "unknown participant 99"),
        (lambda d: d["meetings"][0].update(participants=[1, 1]), "participant 1 twice"),
        (lambda d: d["meetings"][0].update(fixed_slot=42), "fixed to unknown slot 42"),
        (lambda d: d["meetings"][0].update(after=[77]), "must follow unknown meeting 77"),
        (lambda d: d["meetings"][0].update(session="night"), "unknown session 'night'"),
        (lambda d: d["participants"][0].update(unavailable_slots=[8]), "unknown slot 8"),
        (lambda d: d["slots"].append({"id": 1, "session": None}), "duplicate slot id 1"),
        (lambda d: d.update(tables=-1), "tables must be a non-negative integer"),
    ],
)
def test_invalid_instances_are_rejected(change, message):
    data = {
        "name": "x",
        "tables": 1,
        "slots": [{"id": 1, "session": "morning"}],
        "participants": [{"id": 1, "unavailable_slots": []}, {"id": 2}],
        "meetings": [{"id": 1, "participants": [1, 2]}],
    }
    change(data)
    with pytest.raises(ValueError, match=message):
        load_instance(data)


def test_schedule_round_trips_through_json():
    schedule = Schedule([Assignment(1, 2, 3)], [(4, "why")])
    data = json.loads(json.dumps(schedule_to_dict(schedule)))
    assert data == {
        "assignments": [{"meeting": 1, "slot": 2, "table": 3}],
        "unscheduled": [{"meeting": 4, "reason": "why"}],
    }
    assert schedule_from_dict(data) == schedule
