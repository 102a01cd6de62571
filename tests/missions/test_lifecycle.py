"""The mission lifecycle, enforced by ``mission_transition``."""

import datetime as dt
import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from missions.models import TRANSITIONS, Mission
from missions.services import mission_transition
from tests.factories import MissionFactory

S = Mission.Status
LEGAL = {(source, target) for source, targets in TRANSITIONS.items() for target in targets}
ILLEGAL = sorted(set(itertools.product(S.values, S.values)) - LEGAL)


def test_the_lifecycle_table_is_the_documented_one():
    assert {
        (S.DRAFT, S.OPEN), (S.OPEN, S.SELECTING), (S.SELECTING, S.CONFIRMED),
        (S.CONFIRMED, S.RUNNING), (S.RUNNING, S.COMPLETED),
        (S.DRAFT, S.CANCELLED), (S.OPEN, S.CANCELLED), (S.SELECTING, S.CANCELLED),
        (S.CONFIRMED, S.CANCELLED), (S.RUNNING, S.CANCELLED),
    } == LEGAL  # fmt: skip
    assert len(ILLEGAL) == 49 - 10


def test_a_mission_walks_the_whole_lifecycle(staff_user):
    mission = MissionFactory(status=S.DRAFT)
    for target in [S.OPEN, S.SELECTING, S.CONFIRMED, S.RUNNING, S.COMPLETED]:
        if target == S.RUNNING:
            # A mission runs from its first day and completes on its last.
            today = dt.date.today()
            Mission.objects.filter(pk=mission.pk).update(
                start_date=today - dt.timedelta(days=2), end_date=today
            )
        returned = mission_transition(mission=mission, to_status=target, actor=staff_user)
        assert returned.status == target
        assert mission.status == target
        mission.refresh_from_db()
        assert mission.status == target
    assert mission.next_statuses == []


@pytest.mark.parametrize("source", [S.DRAFT, S.OPEN, S.SELECTING, S.CONFIRMED, S.RUNNING])
def test_any_unfinished_mission_can_be_cancelled(staff_user, source):
    mission = MissionFactory(status=source)
    mission_transition(mission=mission, to_status=S.CANCELLED, actor=staff_user)
    mission.refresh_from_db()
    assert mission.status == S.CANCELLED


@pytest.mark.parametrize(("source", "target"), ILLEGAL)
def test_illegal_transition_is_refused_with_a_clear_error(staff_user, source, target):
    mission = MissionFactory(status=source)
    with pytest.raises(ValidationError) as excinfo:
        mission_transition(mission=mission, to_status=target, actor=staff_user)
    error = excinfo.value
    assert error.code == "illegal_transition"
    message = error.messages[0]
    assert message.startswith(
        f"A mission that is “{S(source).label}” cannot become “{S(target).label}”."
    )
    allowed = [str(S(s).label) for s in S.values if s in TRANSITIONS[source]]
    expected_tail = ", ".join(allowed) if allowed else "none, the mission is finished"
    assert message.endswith(f"Allowed next steps: {expected_tail}.")
    mission.refresh_from_db()
    assert mission.status == source


def test_unknown_status_is_refused(staff_user):
    mission = MissionFactory(status=S.DRAFT)
    with pytest.raises(ValidationError, match="Unknown mission status: flying"):
        mission_transition(mission=mission, to_status="flying", actor=staff_user)
    mission.refresh_from_db()
    assert mission.status == S.DRAFT


def test_opening_after_the_deadline_is_refused(staff_user):
    mission = MissionFactory(
        status=S.DRAFT, application_deadline=timezone.now() - dt.timedelta(minutes=1)
    )
    with pytest.raises(ValidationError) as excinfo:
        mission_transition(mission=mission, to_status=S.OPEN, actor=staff_user)
    assert excinfo.value.code == "deadline_passed"
    mission.refresh_from_db()
    assert mission.status == S.DRAFT


def test_only_staff_move_a_mission(sme_owner, buyer):
    mission = MissionFactory(status=S.DRAFT)
    for actor in (sme_owner, buyer, None):
        with pytest.raises(PermissionDenied):
            mission_transition(mission=mission, to_status=S.OPEN, actor=actor)
    mission.refresh_from_db()
    assert mission.status == S.DRAFT
