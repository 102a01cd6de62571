"""Market briefs: versions with who changed what, staff-only editing (404 for everyone
else on every staff URL), SMEs reading them on mission and demand pages, the PDF, the
list's query count and the Chinese render."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from matchmaking.consortia import services as consortia_services
from matchmaking.intelligence import selectors, services
from matchmaking.intelligence.models import MarketBrief, MarketBriefVersion
from tests.factories import DemandProjectFactory, MissionFactory, StaffFactory
from tests.fixtures import sector
from tests.i18n_utils import catalog_entries, untranslated_in
from tests.test_i18n import CATALOG_ROOTS, catalogs

from .conftest import HEAT, WATER, brief

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "sme_owner", "sme_member", "other_sme", "buyer", "approved_buyer", "staff"]


def test_each_save_is_a_version_with_who_and_what_changed(staff_user):
    first = brief(staff_user, market="china", code=HEAT, certifications=["CCC"])
    other_staff = StaffFactory(email="second@cluster.example.org")
    second = services.brief_save(
        market="china",
        sector=sector(HEAT),
        actor=other_staff,
        fields={"risks_en": "Long payment terms; local content rules.", "certifications": "CCC\nGB/T 50893"},
    )
    # Saving the same text again adds nothing.
    same = services.brief_save(
        market="china", sector=sector(HEAT), actor=staff_user, fields={"risks_zh": "付款周期长。"}
    )
    assert (first.number, second.number, same.pk) == (1, 2, second.pk)
    assert MarketBriefVersion.objects.filter(brief=first.brief).count() == 2
    # Fields not given keep the previous version's text.
    assert second.policy_en == first.policy_en == "Carbon peaking by 2030."
    history = selectors.brief_history(brief=first.brief)
    assert [(row.version.number, row.version.changed_by.email) for row in history] == [
        (2, "second@cluster.example.org"),
        (1, "staff@cluster.example.org"),
    ]
    assert history[0].changed == ["certifications needed", "risks (English)"]
    assert len(history[1].changed) == 13
    assert selectors.brief_get(pk=first.brief_id).current == second


def test_the_history_page_shows_every_version(staff_client, staff_user):
    first = brief(staff_user, market="usa", code=WATER)
    services.brief_save(
        market="usa", sector=sector(WATER), actor=staff_user, fields={"buyers_en": "Water utilities."}
    )
    page = staff_client.get(reverse("intelligence:brief_history", args=[first.brief_id]))
    text = page.content.decode()
    assert [row.version.number for row in page.context["rows"]] == [2, 1]
    assert text.count('class="list-group-item brief-version-row"') == 2
    assert "typical buyers and how they procure (English)" in text


def test_only_staff_save_briefs(sme_owner, staff_user):
    with pytest.raises(PermissionDenied):
        services.brief_save(market="china", sector=sector(HEAT), actor=sme_owner, fields={})
    assert not MarketBrief.objects.exists()


# --- Permissions over every URL ------------------------------------------------------------


STAFF_ONLY_GET = ["brief_list", "brief_edit", "brief_history", "brief_pdf"]


def _url(name, version):
    if name == "brief_list":
        return reverse("intelligence:brief_list")
    if name == "brief_edit":
        return reverse("intelligence:brief_edit", args=["china", HEAT])
    return reverse(f"intelligence:{name}", args=[version.brief_id])


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", STAFF_ONLY_GET)
def test_staff_pages_are_404_to_everyone_else(persona, name, persona_client, staff_user):
    version = brief(staff_user, market="china", code=HEAT)
    response = persona_client(persona).get(_url(name, version))
    if persona == "anonymous":
        assert response.status_code == 302 and "/login/" in response["Location"]
    elif persona == "staff":
        assert response.status_code == 200
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_staff_edit_a_brief_through_the_page(persona, persona_client, staff_user):
    version = brief(staff_user, market="china", code=HEAT)
    form = {
        field: getattr(version, field) for field in (
            "market_size_en", "market_size_zh", "market_size_source", "market_size_year",
            "policy_en", "policy_zh", "buyers_en", "buyers_zh", "channels_en", "channels_zh",
            "risks_en", "risks_zh",
        )
    }
    form["certifications"] = "CCC\nGB/T 50893"
    response = persona_client(persona).post(
        reverse("intelligence:brief_edit", args=["china", HEAT]), form
    )
    numbers = list(version.brief.versions.values_list("number", flat=True).order_by("number"))
    if persona == "staff":
        assert response["Location"] == reverse("intelligence:brief_detail", args=[version.brief_id])
        assert numbers == [1, 2]
        assert version.brief.versions.get(number=2).certifications == ["CCC", "GB/T 50893"]
    else:
        assert response.status_code == (302 if persona == "anonymous" else 404)
        assert numbers == [1]


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("anonymous", 302), ("sme_owner", 200), ("sme_member", 200), ("other_sme", 200),
     ("buyer", 404), ("approved_buyer", 404), ("staff", 200)],
)
def test_smes_and_staff_read_a_brief(persona, expected, persona_client, staff_user):
    version = brief(staff_user, market="china", code=HEAT)
    response = persona_client(persona).get(
        reverse("intelligence:brief_detail", args=[version.brief_id])
    )
    assert response.status_code == expected
    if expected == 200:
        assert "Carbon peaking by 2030." in response.content.decode()
        # Editing links only for staff.
        edit = reverse("intelligence:brief_edit", args=["china", HEAT])
        assert (edit in response.content.decode()) == (persona == "staff")


def test_a_bad_market_or_sector_is_404(staff_client):
    assert staff_client.get(reverse("intelligence:brief_edit", args=["mars", HEAT])).status_code == 404
    assert staff_client.get(reverse("intelligence:brief_edit", args=["china", "x"])).status_code == 404


# --- Where SMEs see them ---------------------------------------------------------------------


def test_smes_see_the_relevant_briefs_on_a_missions_page(sme_owner_client, staff_user, buyer_org):
    brief(staff_user, market="china", code=HEAT, policy_en="Heat policy for China.")
    brief(staff_user, market="china", code=WATER, policy_en="Water policy for China.")
    brief(staff_user, market="usa", code=HEAT, policy_en="Heat policy for the USA.")
    mission = MissionFactory(target_market="china")
    demand = DemandProjectFactory(buyer=buyer_org, mission=mission, market="china")
    demand.sectors.set([sector(f"{HEAT}.heat-networks")])
    page = sme_owner_client.get(reverse("missions:mission_detail", args=[mission.slug]))
    text = page.content.decode()
    assert "Heat policy for China." in text
    assert "Water policy for China." not in text
    assert "Heat policy for the USA." not in text


def test_smes_see_them_on_a_demand_projects_proposals_and_match(
    trio, staff_user, django_capture_on_commit_callbacks
):
    version = brief(staff_user, market="china", code=HEAT, policy_en="Heat policy for China.")
    consortia_services.proposals_compute(demand_id=trio.demand.pk)
    owner = trio.owners[trio.heat.organisation_id]
    client = Client()
    client.force_login(owner)
    proposals = client.get(reverse("consortia:demand_proposals", args=[trio.demand.pk]))
    assert "Heat policy for China." in proposals.content.decode()
    matches = client.get(reverse("matchmaking:sme_matches")).content.decode()
    assert reverse("intelligence:brief_detail", args=[version.brief_id]) in matches


def test_the_buyer_sees_them_on_its_demand_projects_page(approved_buyer_client, staff_user, trio):
    brief(staff_user, market="china", code=WATER, policy_en="Water policy for China.")
    page = approved_buyer_client.get(reverse("missions:demand_detail", args=[trio.demand.pk]))
    assert "Water policy for China." in page.content.decode()


# --- PDF, query count, Chinese ---------------------------------------------------------------


def test_staff_export_a_brief_as_pdf(staff_client, staff_user):
    version = brief(staff_user, market="china", code=HEAT, certifications=["CCC"])
    response = staff_client.get(reverse("intelligence:brief_pdf", args=[version.brief_id]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert 'filename="brief-china-district-heating-v1.pdf"' in response["Content-Disposition"]


def test_the_brief_list_query_count_does_not_grow(staff_client, staff_user):
    def count():
        with CaptureQueriesContext(connection) as captured:
            assert staff_client.get(reverse("intelligence:brief_list")).status_code == 200
        return len(captured)

    brief(staff_user, market="china", code=HEAT)
    one = count()
    brief(staff_user, market="china", code=WATER)
    brief(staff_user, market="usa", code=HEAT)
    assert MarketBrief.objects.count() == 3
    assert count() == one


def test_brief_pages_in_chinese_have_no_english_left(staff_client, sme_owner_client, staff_user):
    version = brief(staff_user, market="china", code=HEAT)
    pages = [
        (staff_client, reverse("intelligence:brief_list")),
        (staff_client, reverse("intelligence:brief_edit", args=["china", HEAT])),
        (staff_client, reverse("intelligence:brief_history", args=[version.brief_id])),
        (sme_owner_client, reverse("intelligence:brief_detail", args=[version.brief_id])),
    ]
    msgids = [m for path in catalogs("zh_Hans", CATALOG_ROOTS) for m, _, _ in catalog_entries(path)]
    leftovers = {}
    for client, url in pages:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
        assert response.status_code == 200
        with translation.override("zh-hans"):
            leftovers[url] = untranslated_in(response.content.decode(), msgids)
        # The Chinese text of the brief is what a Chinese reader gets.
        if "detail" in url or url.endswith(f"/{version.brief_id}/"):
            assert "2030年前碳达峰。" in response.content.decode()
    assert leftovers == {url: [] for _, url in pages}


def test_a_match_card_links_the_briefs_of_its_demands_market_and_sectors(staff_user, buyer_org):
    """Briefs of the demand's market for its sectors or their parents, that have a version:
    not another market's, another sector's, nor a brief never saved."""
    heat = brief(staff_user, market="china", code=HEAT)
    brief(staff_user, market="usa", code=HEAT)
    brief(staff_user, market="china", code=WATER)
    MarketBrief.objects.create(market="china", sector=sector(f"{HEAT}.heat-networks"))
    demand = DemandProjectFactory(buyer=buyer_org, market="china")
    demand.sectors.set([sector(f"{HEAT}.heat-networks")])
    other = DemandProjectFactory(buyer=buyer_org, market="usa")
    links = selectors.briefs_by_demand(demands=[demand, other])
    assert [(link.brief.pk, link.sector.code) for link in links[demand.pk]] == [
        (heat.brief_id, HEAT)
    ]
    assert links[other.pk] == []


def test_the_briefs_a_match_card_links_follow_every_write(staff_user, buyer_org):
    """The list of briefs with a version is kept in the cache: a new version, a new brief,
    a renamed sector and a deleted brief each show on the next read, and the list is read
    with one query while nothing changes."""
    demand = DemandProjectFactory(buyer=buyer_org, market="china")
    demand.sectors.set([sector(f"{HEAT}.heat-networks")])

    def linked():
        links = selectors.briefs_by_demand(demands=[demand])[demand.pk]
        return [(link.brief.pk, link.sector.code, link.sector.name) for link in links]

    assert linked() == []
    heat = brief(staff_user, market="china", code=HEAT)
    assert linked() == [(heat.brief_id, HEAT, sector(HEAT).name_en)]
    with CaptureQueriesContext(connection) as queries:
        linked()
    assert len(queries) == 1  # the demand's sectors; the briefs come from the cache

    networks = brief(staff_user, market="china", code=f"{HEAT}.heat-networks")
    assert [code for _pk, code, _name in linked()] == [HEAT, f"{HEAT}.heat-networks"]
    parent = sector(HEAT)
    parent.name_en = "Heating and cooling (renamed)"
    parent.save()
    assert linked()[0][2] == "Heating and cooling (renamed)"
    MarketBrief.objects.filter(pk=networks.brief_id).delete()
    assert linked() == [(heat.brief_id, HEAT, "Heating and cooling (renamed)")]
    with translation.override("zh-hans"):
        assert linked()[0][2] == parent.name_zh
        (link,) = selectors.briefs_by_demand(demands=[demand])[demand.pk]
        assert link.label == f"中国 · {parent.name_zh}"
    (link,) = selectors.briefs_by_demand(demands=[demand])[demand.pk]
    assert link.label == "China · Heating and cooling (renamed)"
