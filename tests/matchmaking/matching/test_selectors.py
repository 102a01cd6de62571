"""Reads of the matching area: the buyer's demand list with its counts."""

import pytest

from matchmaking.matching import rescoring, selectors
from matchmaking.models import BuyerDecision, MatchScore

pytestmark = pytest.mark.usefixtures("fresh_scoring_context")


@pytest.mark.django_db
def test_buyer_demand_match_count_is_not_multiplied_by_decisions(
    buyer, sme_org, other_sme_org, heat_demand, solar_demand, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        rescoring.scoring_run_start_full()
    assert MatchScore.objects.filter(demand=heat_demand).count() == 2
    BuyerDecision.objects.create(demand=heat_demand, sme=sme_org, status="shortlisted")
    BuyerDecision.objects.create(demand=heat_demand, sme=other_sme_org, status="declined")
    row = selectors.buyer_demands(user=buyer).get(pk=heat_demand.pk)
    assert (row.matches, row.shortlisted) == (2, 1)
