"""Fixtures of the outcomes tests: a mission that took place ten days ago with a published
meeting between ``sme_org`` and ``buyer_org`` whose time has passed."""

import datetime as dt

import pytest
from django.utils import timezone

from matchmaking.models import Meeting
from missions.models import Mission
from tests.matchmaking.conftest import delegate, meeting_between, mission_with_agenda, slots_of


def past_mission(days_ago: int = 10, **fields) -> Mission:
    day = timezone.localdate() - dt.timedelta(days=days_ago)
    return mission_with_agenda(day=day, **{"status": Mission.Status.COMPLETED, **fields})


def published_meeting(mission, sme, buyer, index: int = 0, table: int = 1) -> Meeting:
    slot = slots_of(mission)[index]
    return meeting_between(
        mission, sme, buyer, slot=slot, table=table, status=Meeting.Status.PUBLISHED,
        published_slot=slot, published_table=table,
    )


@pytest.fixture
def done_mission(db, sme_org, other_sme_org):
    mission = past_mission()
    delegate(mission, sme_org)
    delegate(mission, other_sme_org)
    return mission


@pytest.fixture
def past_meeting(done_mission, sme_org, buyer_org, sme_owner, buyer) -> Meeting:
    return published_meeting(done_mission, sme_org, buyer_org)
