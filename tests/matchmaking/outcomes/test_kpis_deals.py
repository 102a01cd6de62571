"""A deal both sides reported counts once in the KPI values: per meeting (or, without one,
per match) and kind, the larger reported value in each currency."""

from django.urls import reverse

from matchmaking.models import Outcome
from matchmaking.outcomes.kpis import kpi_report
from tests.factories import DemandProjectFactory
from tests.matchmaking.conftest import delegate, meeting_between, mission_with_agenda


def _outcome(mission, sme, buyer, reporter, kind, value, currency, meeting=None, demand=None):
    return Outcome.objects.create(mission=mission, sme=sme, buyer=buyer, organisation=reporter,
                                  kind=kind, value=value, currency=currency, meeting=meeting,
                                  demand=demand)


def test_a_contract_reported_by_both_sides_of_a_meeting_counts_its_value_once(
    sme_org, approved_buyer_org, other_sme_org, staff_client
):
    mission = mission_with_agenda()
    delegate(mission, sme_org)
    delegate(mission, other_sme_org)
    meeting = meeting_between(mission, sme_org, approved_buyer_org)
    other_meeting = meeting_between(mission, other_sme_org, approved_buyer_org)
    for reporter in (sme_org, approved_buyer_org):
        _outcome(mission, sme_org, approved_buyer_org, reporter, "contract", 250_000, "EUR",
                 meeting=meeting)
    # The buyer remembers a larger figure for the letter of intent: the larger one counts.
    _outcome(mission, sme_org, approved_buyer_org, sme_org, "loi", 90_000, "EUR", meeting=meeting)
    _outcome(mission, sme_org, approved_buyer_org, approved_buyer_org, "loi", 100_000, "EUR",
             meeting=meeting)
    # Another meeting's contract is another deal, even of the same value.
    _outcome(mission, other_sme_org, approved_buyer_org, other_sme_org, "contract", 250_000,
             "EUR", meeting=other_meeting)
    # Without a meeting, the match (mission, SME, buyer, demand) names the deal.
    demand = DemandProjectFactory(buyer=approved_buyer_org, mission=mission)
    for reporter in (sme_org, approved_buyer_org):
        _outcome(mission, sme_org, approved_buyer_org, reporter, "investment", 1_000_000, "USD",
                 demand=demand)

    total = kpi_report().total
    assert total.values == {"pilots_contracts": {"EUR": 500_000}, "loi": {"EUR": 100_000},
                            "investment": {"USD": 1_000_000}}
    assert (total.counts["pilots_contracts"], total.counts["loi"],
            total.counts["investment"]) == (2, 1, 1)
    html = staff_client.get(reverse("matchmaking:kpis")).content.decode()
    assert '<span class="d-block" data-currency="EUR">500000 EUR</span>' in html


def test_the_same_value_in_two_currencies_stays_apart(sme_org, approved_buyer_org):
    mission = mission_with_agenda()
    meeting = meeting_between(mission, sme_org, approved_buyer_org)
    _outcome(mission, sme_org, approved_buyer_org, sme_org, "pilot", 10_000, "EUR",
             meeting=meeting)
    _outcome(mission, sme_org, approved_buyer_org, approved_buyer_org, "pilot", 80_000, "CNY",
             meeting=meeting)
    assert kpi_report().total.values == {"pilots_contracts": {"CNY": 80_000, "EUR": 10_000}}
