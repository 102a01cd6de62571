"""seed_demo: the demo data set is complete, deterministic and idempotent."""

import hashlib
import zoneinfo
from io import StringIO

import pytest
from django.core.management import call_command

from companies.models import CompanyProfile, Organisation, User
from missions.models import DemandProject, Mission, MissionApplication, Slot


def fingerprint() -> str:
    rows = [
        *CompanyProfile.objects.order_by("organisation__slug").values_list(
            "organisation__slug",
            "organisation__name",
            "organisation__country",
            "description_en",
            "trl",
            "certifications",
            "target_markets",
        ),
        *DemandProject.objects.order_by("title").values_list("title", "buyer__slug", "min_trl"),
        *Mission.objects.order_by("slug").values_list("slug", "status", "time_zone"),
        *MissionApplication.objects.order_by("mission__slug", "organisation__slug").values_list(
            "mission__slug", "organisation__slug", "status"
        ),
    ]
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def counts() -> dict[str, int]:
    return {
        "organisations": Organisation.objects.count(),
        "profiles": CompanyProfile.objects.count(),
        "demands": DemandProject.objects.count(),
        "missions": Mission.objects.count(),
        "applications": MissionApplication.objects.count(),
        "slots": Slot.objects.count(),
        "users": User.objects.count(),
    }


@pytest.mark.django_db
def test_seed_demo_builds_the_programme_and_is_idempotent():
    out = StringIO()
    call_command("seed_demo", "--seed", "7", stdout=out)
    assert "Demo data ready" in out.getvalue()
    first, first_counts = fingerprint(), counts()

    clusters = set(Organisation.objects.filter(kind="cluster").values_list("name", flat=True))
    assert {
        "Green Tech Cluster Austria",
        "TWEED",
        "CLEAN",
        "Tenerrdis",
        "Sustainable Business Hub",
        "Smart City Sweden",
    } <= clusters
    assert Organisation.objects.get(slug="winnoc").kind == "investor"

    smes = CompanyProfile.objects.filter(status="published")
    assert smes.count() >= 120
    assert set(smes.values_list("organisation__country", flat=True)) == {
        "AT",
        "BE",
        "DK",
        "FR",
        "SE",
    }
    # Varied profiles: many distinct descriptions and sectors.
    assert len(set(smes.values_list("description_en", flat=True))) == smes.count()
    assert smes.values("sectors__parent").distinct().count() >= 12

    buyer_cities = Organisation.objects.filter(kind="buyer").values_list("country", "city")
    china = {city for country, city in buyer_cities if country == "CN"}
    usa = {city for country, city in buyer_cities if country == "US"}
    assert "Nanjing" in china and len(china - {"Nanjing"}) >= 2
    assert len(usa) >= 3
    assert DemandProject.objects.count() >= 30
    assert DemandProject.objects.filter(buyer__name__icontains="Jiangbei").count() >= 3

    missions = Mission.objects.all()
    assert sorted(missions.values_list("target_market", flat=True)) == [
        "china",
        "china",
        "china",  # the completed spring mission, with outcomes
        "usa",
        "usa",
    ]
    for mission in missions:
        slots = Slot.objects.filter(session__day__mission=mission)
        assert slots.count() >= 14, mission
        first_slot = slots.order_by("starts_at").first()
        local = first_slot.starts_at.astimezone(zoneinfo.ZoneInfo(mission.time_zone))
        assert (local.hour, local.minute) == (9, 0)
    confirmed = Mission.objects.filter(status="confirmed").first()
    assert confirmed.applications.filter(status="accepted").count() == 22

    roles = {user.email: user.role for user in User.objects.all()}
    assert roles["sme@demo.example.org"] == "sme"
    assert roles["buyer@demo.example.org"] == "buyer"
    assert roles["staff@demo.example.org"] == "staff"
    assert User.objects.get(email="admin@demo.example.org").is_superuser

    call_command("seed_demo", "--seed", "7", stdout=StringIO())
    assert counts() == first_counts
    assert fingerprint() == first


@pytest.mark.django_db
def test_seed_demo_is_deterministic_per_seed():
    call_command("seed_demo", "--seed", "11", stdout=StringIO())
    names_11 = sorted(Organisation.objects.filter(kind="sme").values_list("name", flat=True))
    Organisation.objects.filter(kind="sme").delete()
    call_command("seed_demo", "--seed", "11", stdout=StringIO())
    assert (
        sorted(Organisation.objects.filter(kind="sme").values_list("name", flat=True)) == names_11
    )
    Organisation.objects.filter(kind="sme").delete()
    call_command("seed_demo", "--seed", "12", stdout=StringIO())
    assert (
        sorted(Organisation.objects.filter(kind="sme").values_list("name", flat=True)) != names_11
    )


@pytest.mark.django_db
def test_seed_demo_writes_briefs_for_both_markets_and_readiness_for_the_smes():
    from matchmaking.intelligence import selectors
    from matchmaking.intelligence.models import MarketBrief, MarketBriefVersion, MarketReadiness

    call_command("seed_demo", "--seed", "7", stdout=StringIO())
    briefs = MarketBrief.objects.all()
    assert set(briefs.values_list("market", flat=True)) == {"china", "usa"}
    assert briefs.filter(market="china").count() == briefs.filter(market="usa").count() >= 5
    # Every brief has its text in both languages and the certifications it asks for.
    for view in selectors.brief_list():
        version = view.current
        assert version.changed_by.email == "staff@demo.example.org"
        assert all(getattr(version, f"{name}_en") and getattr(version, f"{name}_zh")
                   for name in ("market_size", "policy", "buyers", "channels", "risks"))
        assert version.certifications
    smes = Organisation.objects.filter(kind="sme", slug__startswith="sme-")
    with_markets = [
        (p.organisation_id, market)
        for p in CompanyProfile.objects.filter(organisation__in=smes)
        for market in p.target_markets if market in ("china", "usa")
    ]
    assert set(MarketReadiness.objects.values_list("sme_id", "market")) >= set(with_markets)
    demo_sme = User.objects.get(email="sme@demo.example.org").organisation
    scores = [v.score for v in selectors.readiness_of_sme(sme=demo_sme)]
    assert len(scores) == 2 and all(0 <= s <= 100 for s in scores)
    # Varied: not every SME scores the same.
    china = selectors.readiness_for_smes(sme_ids=[pk for pk, m in with_markets if m == "china"],
                                         market="china")
    assert len({v.score for v in china.values()}) >= 4
    versions = MarketBriefVersion.objects.count()
    call_command("seed_demo", "--seed", "7", stdout=StringIO())
    assert MarketBriefVersion.objects.count() == versions
