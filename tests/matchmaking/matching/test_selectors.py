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


@pytest.mark.django_db
def test_equal_scores_are_ordered_by_text_then_technologies_not_by_name(
    buyer, sme_org, other_sme_org, heat_demand
):
    """A tie is broken by the next most telling part: the name would favour "A..." firms."""
    from django.utils import timezone

    now = timezone.now()
    names = sorted([sme_org, other_sme_org], key=lambda org: org.name)
    for org, text in ((names[0], 0.2), (names[1], 0.6)):
        MatchScore.objects.create(
            demand=heat_demand, sme=org, score=50.0, computed_at=now,
            components={"sector": 1.0, "text": text, "keywords": 0.5},
            algorithm_version="test",
        )  # fmt: skip
    rows = selectors.demand_suppliers(demand=heat_demand, user=buyer, params={}).rows
    assert [row.match.sme_id for row in rows] == [names[1].pk, names[0].pk]


def test_a_part_left_out_for_want_of_data_reads_not_scored():
    match = MatchScore(
        components={"sector": 1.0, "keywords": 0.0, "text": 0.0},
        reasons={
            "sector": {"demand_sectors": [], "sme_sectors": [], "suggested_sectors": [],
                       "matches": []},
            "keywords": {"common": [], "related": [], "missing": ["orc"], "sme": [],
                         "demand": ["orc"]},
            "text": {"shared_terms": [], "known": True},
        },
    )  # fmt: skip
    shown = {e.name: e for e in selectors.explanations(match, "en")}
    assert (shown["keywords"].scored, shown["text"].scored, shown["sector"].scored) == (
        False, True, True,
    )  # fmt: skip
    assert shown["keywords"].sentence == (
        "Technologies: the company lists no technologies, so this was not scored."
    )
