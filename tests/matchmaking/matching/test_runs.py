"""The staff "Matching" button of a mission lists that mission's scoring, not every run."""

import pytest
from django.urls import reverse

from matchmaking.models import ScoringRun
from tests.factories import DemandProjectFactory
from tests.matchmaking.conftest import mission_with_agenda

pytestmark = pytest.mark.django_db


def test_matching_of_a_mission_lists_only_its_runs_and_demands(staff_client, buyer_org):
    mission, other = mission_with_agenda(), mission_with_agenda()
    ours = DemandProjectFactory(buyer=buyer_org, mission=mission, title="Our demand")
    theirs = DemandProjectFactory(buyer=buyer_org, mission=other, title="Their demand")
    mine = ScoringRun.objects.create(scope="demand", demand=ours, algorithm_version="t")
    ScoringRun.objects.create(scope="demand", demand=theirs, algorithm_version="t")
    ScoringRun.objects.create(scope="full", algorithm_version="t")
    page = staff_client.get(reverse("matchmaking:scoring_runs"), {"mission": mission.pk})
    assert [run.pk for run in page.context["runs"]] == [mine.pk]
    assert [d.title for d in page.context["mission_demands"]] == ["Our demand"]
    assert len(staff_client.get(reverse("matchmaking:scoring_runs")).context["runs"]) == 3
