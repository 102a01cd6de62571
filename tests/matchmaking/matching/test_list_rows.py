"""The match lists' one-query reads give the model instances the ORM gives."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from companies.models import CompanyProfile
from matchmaking.matching import services as matching_services
from matchmaking.matching.list_rows import (
    cluster_links,
    demand_card_records,
    supplier_records,
)
from matchmaking.matching.selectors import CARD_PROFILE_DEFERRED, DEMAND_CARD_FIELDS
from matchmaking.models import BuyerDecision, MatchScore, SmeFeedback
from missions.models import DemandProject, Mission
from tests.factories import MissionFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def _fields(instance) -> dict:
    """Every field the instance holds (its deferred ones left out), as the ORM reads it."""
    loaded = instance.get_deferred_fields()
    return {
        f.attname: getattr(instance, f.attname)
        for f in instance._meta.concrete_fields
        if f.attname not in loaded
    }


def test_records_are_what_the_orm_reads(buyer, heat_demand, sme_org, other_sme_org):
    with_all = MatchScore.objects.create(
        sme=sme_org, demand=heat_demand, score=81.5, confidence=0.9,
        components={"sector": 0.5, "text": 0.25}, reasons={"sector": {"shared": ["heat"]}},
        computed_at=timezone.now(),
    )
    bare = MatchScore.objects.create(
        sme=other_sme_org, demand=heat_demand, score=40.0, confidence=0.5, components={},
        computed_at=timezone.now(),
    )
    no_profile = OrganisationFactory(kind="sme", name="No Profile AB")
    profileless = MatchScore.objects.create(
        sme=no_profile, demand=heat_demand, score=10.0, confidence=0.1, components={},
        computed_at=timezone.now(),
    )
    matching_services.buyer_decide(
        demand=heat_demand, sme=sme_org, status=BuyerDecision.Status.DECLINED, actor=buyer,
        reason="Too far 太远",
    )
    SmeFeedback.objects.create(
        sme=sme_org, demand=heat_demand, verdict=SmeFeedback.Verdict.INTERESTED
    )

    ids = [bare.pk, profileless.pk, with_all.pk, 10**12]  # the order asked for; no such id
    with CaptureQueriesContext(connection) as queries:
        records = supplier_records(match_ids=ids, profile_deferred=CARD_PROFILE_DEFERRED)
        # What a card reads costs no further query.
        read = [
            (r.match.sme.name, getattr(r.match.sme, "profile", None), r.profile.organisation.slug)
            for r in records
            if r.profile
        ]
    assert len(queries) == 1
    assert [name for name, _profile, _slug in read] == [other_sme_org.name, sme_org.name]
    assert [r.match.pk for r in records] == [bare.pk, profileless.pk, with_all.pk]

    full = records[2]
    assert _fields(full.match) == _fields(MatchScore.objects.get(pk=with_all.pk))
    assert _fields(full.match.sme) == _fields(sme_org.__class__.objects.get(pk=sme_org.pk))
    profile = CompanyProfile.objects.defer(*CARD_PROFILE_DEFERRED).get(organisation=sme_org)
    assert _fields(full.profile) == _fields(profile)
    assert full.profile.get_deferred_fields() == set(CARD_PROFILE_DEFERRED)
    assert full.match.sme.profile is full.profile
    assert _fields(full.decision) == _fields(BuyerDecision.objects.get(sme=sme_org))
    assert _fields(full.feedback) == _fields(SmeFeedback.objects.get(sme=sme_org))
    assert full.decision.decided_at.tzinfo is not None  # converted as the ORM converts

    assert (records[0].decision, records[0].feedback) == (None, None)
    assert records[0].profile is not None
    assert records[1].profile is None and records[1].match.sme.name == "No Profile AB"
    assert supplier_records(match_ids=[]) == []


def test_reasons_are_read_only_for_the_matches_asked(heat_demand, sme_org, other_sme_org):
    now = timezone.now()
    first, second = (
        MatchScore.objects.create(
            sme=sme, demand=heat_demand, score=50.0, confidence=0.5, components={},
            reasons={"text": {"shared": [sme.name]}}, computed_at=now,
        )
        for sme in (sme_org, other_sme_org)
    )
    records = supplier_records(match_ids=[first.pk, second.pk], reasons_of={second.pk})
    assert "reasons" in records[0].match.get_deferred_fields()
    assert records[1].match.get_deferred_fields() == set()
    assert records[1].match.reasons == {"text": {"shared": [other_sme_org.name]}}
    with CaptureQueriesContext(connection) as queries:
        assert records[0].match.reasons == {"text": {"shared": [sme_org.name]}}
    assert len(queries) == 1  # a deferred field, read when asked for
    none = supplier_records(match_ids=[first.pk, second.pk], reasons_of=set())
    assert all("reasons" in r.match.get_deferred_fields() for r in none)


def test_demand_card_records_are_what_the_orm_reads(sme_org, heat_demand, solar_demand):
    now = timezone.now()
    mission = MissionFactory(title="Nordic heat week", title_zh="北欧供热周")
    heat_demand.mission = mission
    heat_demand.save()
    solar_demand.mission = None
    solar_demand.save()
    in_mission, without = (
        MatchScore.objects.create(
            sme=sme_org, demand=demand, score=score, confidence=0.7,
            components={"sector": 0.5}, reasons={"sector": {"shared": ["heat"]}},
            computed_at=now,
        )
        for demand, score in ((heat_demand, 70.0), (solar_demand, 60.0))
    )
    SmeFeedback.objects.create(
        sme=sme_org, demand=heat_demand, verdict=SmeFeedback.Verdict.NOT_RELEVANT
    )

    ids = [without.pk, in_mission.pk, 10**12]  # the order asked for; no such id
    with CaptureQueriesContext(connection) as queries:
        records = demand_card_records(
            match_ids=ids, demand_fields=DEMAND_CARD_FIELDS, reasons_of={in_mission.pk}
        )
        # What a card reads costs no further query.
        read = [
            (r.match.demand.title, r.match.demand.buyer.name, r.match.demand.mission)
            for r in records
        ]
    assert len(queries) == 1
    assert [r.match.pk for r in records] == [without.pk, in_mission.pk]
    assert read[0][2] is None and read[1][2].title == mission.title

    record = records[1]
    assert _fields(record.match) == _fields(MatchScore.objects.get(pk=in_mission.pk))
    demand = DemandProject.objects.only(*DEMAND_CARD_FIELDS).get(pk=heat_demand.pk)
    assert _fields(record.match.demand) == _fields(demand)
    assert record.match.demand.get_deferred_fields() == demand.get_deferred_fields()
    buyer = record.match.demand.buyer
    assert _fields(buyer) == {"id": heat_demand.buyer_id, "name": heat_demand.buyer.name}
    missions = Mission.objects.only("title", "title_zh", "status")
    assert _fields(record.match.demand.mission) == _fields(missions.get(pk=mission.pk))
    assert _fields(record.feedback) == _fields(SmeFeedback.objects.get(sme=sme_org))
    assert records[0].feedback is None
    assert "reasons" in records[0].match.get_deferred_fields()
    assert demand_card_records(match_ids=[], demand_fields=DEMAND_CARD_FIELDS) == []


def test_cluster_links_are_the_orms(sme_org, other_sme_org):
    first, second = (
        OrganisationFactory(kind="cluster", name=name) for name in ("Baltic Energy", "Alpine")
    )
    sme_org.profile.clusters.set([first, second])
    other_sme_org.profile.clusters.set([second])
    ids = [sme_org.profile.pk, other_sme_org.profile.pk, 10**12]
    expected = CompanyProfile.clusters.through.objects.filter(
        companyprofile_id__in=ids
    ).values_list("companyprofile_id", "organisation_id")
    assert sorted(cluster_links(ids)) == sorted(expected) and len(expected) == 3
    assert cluster_links([other_sme_org.profile.pk]) == [(other_sme_org.profile.pk, second.pk)]
    assert cluster_links([]) == []
