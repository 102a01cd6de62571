"""Market-entry readiness: the score against an independent computation on seeded
profiles, the checklist page and its permissions, and the staff dashboard sorted by it."""

from fractions import Fraction

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from matchmaking.intelligence import selectors, services
from matchmaking.intelligence.models import MarketReadiness
from matchmaking.intelligence.readiness import readiness_score
from missions.models import MissionApplication
from tests.factories import ApplicationFactory, CompanyProfileFactory, MissionFactory

from .conftest import HEAT, WATER

pytestmark = pytest.mark.django_db

ITEMS = ["local_partner", "ip_filed", "local_language", "comparable_references", "export_experience"]

# Seeded SMEs: (name, sectors, certifications held, checklist answers for China).
SEEDS = [
    ("Heat Ready", [f"{HEAT}.heat-networks"], ["CCC", "gb/t  50893", "ISO 9001"], ITEMS),
    ("Heat Half", [HEAT], ["CCC"], ["local_partner", "export_experience"]),
    ("Water Nothing", [f"{WATER}.wastewater"], [], []),
    ("Both Sectors", [HEAT, WATER], ["ISO 14001"], ["ip_filed"]),
    ("No Brief Sector", ["renewable-energy.solar-pv"], [], ["local_language", "ip_filed"]),
]
# What the China briefs ask of each sector family, written out by hand.
CHINA_NEEDS = {HEAT: {"ccc", "gb/t 50893"}, WATER: {"ccc"}}


def expected_score(sectors, held, answers) -> int:
    """The rule, computed independently: six equal items, certifications as the share of
    the needed ones held (full when none are needed), rounded half up."""
    needed = set()
    for code in sectors:
        needed |= CHINA_NEEDS.get(code.split(".")[0], set())
    have = {" ".join(c.lower().split()) for c in held}
    share = Fraction(len(needed & have), len(needed)) if needed else Fraction(1)
    total = (share + len(answers)) / 6 * 100
    return int(total + Fraction(1, 2))


@pytest.fixture
def seeded(briefs, staff_user):
    smes = {}
    for name, sectors, held, answers in SEEDS:
        profile = CompanyProfileFactory(
            organisation__name=name, sectors=sectors, certifications=held
        )
        services.readiness_save(
            sme=profile.organisation,
            market="china",
            actor=staff_user,
            answers={item: item in answers for item in ITEMS},
        )
        smes[name] = profile.organisation
    return smes


def test_the_score_equals_an_independent_computation_on_seeded_profiles(seeded):
    views = selectors.readiness_for_smes(sme_ids=[o.pk for o in seeded.values()], market="china")
    got = {name: views[seeded[name].pk].score for name, *_ in SEEDS}
    expected = {name: expected_score(sectors, held, answers) for name, sectors, held, answers in SEEDS}
    assert got == expected
    # The hand-checked values, so the two computations cannot drift together.
    assert got == {
        "Heat Ready": 100, "Heat Half": 42, "Water Nothing": 0, "Both Sectors": 17,
        "No Brief Sector": 50,
    }


def test_missing_items_are_named(seeded):
    view = selectors.readiness_for_smes(sme_ids=[seeded["Heat Half"].pk], market="china")[
        seeded["Heat Half"].pk
    ]
    assert view.readiness.uncertified == ("GB/T 50893",)
    assert view.missing_labels == [
        "Certifications: GB/T 50893",
        "IP protection filed in this market",
        "Material in the local language",
        "References in comparable cities",
    ]


def test_an_sme_without_a_checklist_scores_only_its_certifications(briefs):
    profile = CompanyProfileFactory(sectors=[HEAT], certifications=["CCC", "GB/T 50893"])
    view = selectors.readiness_for_smes(sme_ids=[profile.organisation_id], market="china")
    assert view[profile.organisation_id].score == 17
    assert view[profile.organisation_id].record is None


def test_the_plain_rule_on_edge_cases():
    assert readiness_score(held=[], needed=[], answers={}).score == 17
    assert readiness_score(held=[], needed=["A", "a "], answers={}).uncertified == ("A",)
    half = readiness_score(held=["A"], needed=["A", "B"], answers=dict.fromkeys(ITEMS, True))
    assert (half.score, half.missing) == (92, ("certifications",))


# --- The checklist page ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("anonymous", 302),
        ("sme_owner", 200),
        ("sme_member", 200),
        ("other_sme", 404),
        ("buyer", 404),
        ("approved_buyer", 404),
        ("staff", 200),
    ],
)
def test_the_checklist_is_for_the_smes_people_and_staff(persona, expected, persona_client, sme_org):
    client = persona_client(persona)
    url = reverse("intelligence:readiness", args=[sme_org.slug])
    assert client.get(url).status_code == expected
    client.post(url, {"market": "usa", "usa-local_partner": "on", "usa-export_experience": "on"})
    saved = MarketReadiness.objects.filter(sme=sme_org, market="usa").first()
    if expected == 200:
        assert (saved.local_partner, saved.ip_filed, saved.export_experience) == (True, False, True)
    else:
        assert saved is None


def test_the_profile_page_shows_the_scores_and_links_the_checklist(sme_owner_client, sme_org, briefs):
    page = sme_owner_client.get(reverse("companies:profile_edit", args=[sme_org.slug]))
    text = page.content.decode()
    assert reverse("intelligence:readiness", args=[sme_org.slug]) in text
    # sme_org (district heating, no certifications) has nothing of the China checklist.
    assert 'data-market="china">China: <strong class="readiness-score">0</strong>' in text


# --- The staff selection dashboard -----------------------------------------------------------


def _dashboard(client, mission, **params):
    return client.get(reverse("missions:mission_dashboard", args=[mission.slug]), params)


def test_staff_see_readiness_beside_each_application_and_sort_by_it(staff_client, seeded):
    mission = MissionFactory(target_market="china", status="selecting")
    for name in ("Water Nothing", "Heat Half", "Heat Ready", "Both Sectors"):
        ApplicationFactory(mission=mission, organisation=seeded[name])
    default = _dashboard(staff_client, mission)
    reviews = default.context["dashboard"].reviews
    assert [r.application.organisation.name for r in reviews] == [
        "Water Nothing", "Heat Half", "Heat Ready", "Both Sectors"
    ]
    assert [r.readiness for r in reviews] == [0, 42, 100, 17]
    assert "Certifications: GB/T 50893" in reviews[1].readiness_missing
    by_readiness = _dashboard(staff_client, mission, order="readiness").context["dashboard"]
    assert [r.application.organisation.name for r in by_readiness.reviews] == [
        "Heat Ready", "Heat Half", "Both Sectors", "Water Nothing"
    ]
    page = _dashboard(staff_client, mission, order="readiness").content.decode()
    assert page.index("Heat Ready") < page.index("Heat Half") < page.index("Water Nothing")
    assert '<option value="readiness" selected>' in page


def test_the_dashboard_query_count_does_not_grow_with_readiness(staff_client, seeded):
    mission = MissionFactory(target_market="china", status="selecting")
    names = list(seeded)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert _dashboard(staff_client, mission, order="readiness").status_code == 200
        return len(captured)

    ApplicationFactory(mission=mission, organisation=seeded[names[0]])
    one = queries()
    for name in names[1:3]:
        ApplicationFactory(mission=mission, organisation=seeded[name])
    assert MissionApplication.objects.filter(mission=mission).count() == 3
    assert queries() == one
