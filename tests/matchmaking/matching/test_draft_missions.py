"""An SME's match page shows nothing of a mission that is still a draft."""

import pytest
from django.urls import reverse

from matchmaking.matching import rescoring
from missions.models import Mission
from tests.factories import MissionFactory


@pytest.mark.django_db
def test_demand_projects_of_a_draft_mission_stay_off_the_smes_match_page(
    heat_demand, sme_org, sme_owner_client, django_capture_on_commit_callbacks
):
    mission = MissionFactory(title="Secret Spring Mission", status=Mission.Status.DRAFT)
    heat_demand.mission = mission
    heat_demand.save(update_fields=["mission"])
    with django_capture_on_commit_callbacks(execute=True):
        rescoring.scoring_run_start_full()
    page = sme_owner_client.get(reverse("matchmaking:sme_matches")).content.decode()
    assert heat_demand.title not in page
    assert "Secret Spring Mission" not in page

    Mission.objects.filter(pk=mission.pk).update(status=Mission.Status.OPEN)
    page = sme_owner_client.get(reverse("matchmaking:sme_matches")).content.decode()
    assert heat_demand.title in page
