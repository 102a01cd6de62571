"""The demo's completed mission: a real funnel on the KPI page out of the box, the same on
every run."""

import pytest

from matchmaking.demo import seed_demo
from matchmaking.models import FollowUp, MeetingFeedback, Outcome
from matchmaking.outcomes.kpis import STAGE_KEYS, kpi_report
from missions.models import Mission


def _state():
    return (
        sorted(MeetingFeedback.objects.values_list("meeting__sme__name", "organisation__name",
                                                   "took_place", "rating")),
        sorted(Outcome.objects.values_list("sme__name", "buyer__name", "kind", "value",
                                           "currency")),
        FollowUp.objects.count(),
    )


@pytest.mark.django_db
def test_the_completed_mission_has_a_funnel_down_to_investment_and_is_idempotent():
    counts = seed_demo(seed=7)
    mission = Mission.objects.get(slug="nanjing-jiangbei-spring-2026")
    assert mission.status == "completed"
    report = kpi_report(mission=mission)
    funnel = report.total.counts
    assert [funnel[key] > 0 for key in STAGE_KEYS] == [True] * len(STAGE_KEYS), funnel
    assert funnel["selected"] == 20 and funnel["applied"] > funnel["selected"]
    assert funnel["requests"] > funnel["accepted"] >= funnel["held"] > funnel["follow_ups"]
    assert report.total.no_shows > 0
    assert set(report.total.values["investment"]) <= {"EUR", "CNY"}
    assert counts["meetings_held"] == funnel["held"]
    first = _state()
    seed_demo(seed=7)
    assert _state() == first
