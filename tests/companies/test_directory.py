"""The SME directory: filters, search, sort, pages, htmx, query counts (acceptance 4)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from companies import selectors, services
from companies.models import CompanyProfile, Organisation

from ..factories import ClusterFactory, CompanyProfileFactory

pytestmark = pytest.mark.django_db
URL = reverse("companies:directory")


def _slugs(response) -> list[str]:
    return [profile.organisation.slug for profile in response.context["page"].object_list]


@pytest.fixture
def companies(db):
    cluster = ClusterFactory(name="CLEAN Denmark", slug="clean-denmark")
    solar = CompanyProfileFactory(
        organisation__name="Sunfield", organisation__slug="sunfield", organisation__country="DK",
        description_en="Floating photovoltaic plants on reservoirs.",
        technologies=["floating pv"], sectors=["renewable-energy.solar-pv"], trl=9,
        certifications=["CE", "UL"], target_markets=["usa"],
        employees_band=CompanyProfile.EmployeesBand.MEDIUM,
    )
    solar.clusters.add(cluster)
    wind = CompanyProfileFactory(
        organisation__name="Airflow", organisation__slug="airflow", organisation__country="SE",
        description_en="Small wind turbines for farms.", technologies=["wind"],
        sectors=["renewable-energy"], trl=6, certifications=["China CCC"],
        target_markets=["china", "usa"], employees_band=CompanyProfile.EmployeesBand.MICRO,
    )
    water = CompanyProfileFactory(
        organisation__name="Clearwater", organisation__slug="clearwater", organisation__country="FR",
        description_en="Membrane filtration for drinking water.",
        description_zh="用于饮用水的膜过滤技术。", technologies=["membranes"],
        sectors=["water-treatment"], trl=8, certifications=["ISO 14001"], target_markets=["china"],
    )
    return {"solar": solar, "wind": wind, "water": water}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["airflow", "clearwater", "sunfield"]),
        ({"sector": "renewable-energy"}, ["airflow", "sunfield"]),  # includes sub-sectors
        ({"sector": "renewable-energy.solar-pv"}, ["sunfield"]),
        ({"country": "SE"}, ["airflow"]),
        ({"cluster": "clean-denmark"}, ["sunfield"]),
        ({"market": "china"}, ["airflow", "clearwater"]),
        ({"min_trl": "8"}, ["clearwater", "sunfield"]),
        ({"certification": "UL"}, ["sunfield"]),
        ({"certification": "China CCC"}, ["airflow"]),
        ({"size": "1-9"}, ["airflow"]),
        ({"q": "reservoirs"}, ["sunfield"]),
        ({"q": "filtration drinking"}, ["clearwater"]),
        ({"q": "饮用水"}, ["clearwater"]),
        ({"q": "turbines", "market": "usa", "min_trl": "5"}, ["airflow"]),
        ({"q": "turbines", "market": "china", "min_trl": "7"}, []),
        ({"sort": "trl"}, ["sunfield", "clearwater", "airflow"]),
        ({"sector": "not-a-sector"}, ["airflow", "clearwater", "sunfield"]),  # ignored
    ],
)
def test_filters_and_search(params, expected, companies, anonymous_client):
    response = anonymous_client.get(URL, params)
    assert response.status_code == 200
    assert _slugs(response) == expected
    assert response.context["result"].count == len(expected)


def test_result_count_and_pagination(anonymous_client, db):
    for index in range(23):
        CompanyProfileFactory(organisation__name=f"Company {index:02d}")
    response = anonymous_client.get(URL, {"page": "2"})
    assert response.context["result"].count == 23
    assert [p.organisation.name for p in response.context["page"].object_list] == [
        "Company 20", "Company 21", "Company 22"
    ]
    assert 'data-count="23"' in response.content.decode()
    # An out-of-range page shows the last one rather than an error.
    assert anonymous_client.get(URL, {"page": "99"}).context["page"].number == 2


def test_htmx_request_gets_only_the_results(companies, anonymous_client):
    response = anonymous_client.get(URL, {"q": "wind"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "<html" not in body and 'id="directory-list"' in body
    assert "HX-Request" in response["Vary"]
    # Page links keep the filters, so every state of the list has a shareable URL.
    full = anonymous_client.get(URL, {"q": "wind"})
    assert "<html" in full.content.decode()
    assert _slugs(full) == ["airflow"]


def _count_queries(client, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, params or {})
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("client_name", ["anonymous_client", "approved_buyer_client", "staff_client"])
@pytest.mark.parametrize("params", [{}, {"q": "heat", "sector": "district-heating", "min_trl": "5"}])
def test_query_count_is_the_same_for_1_and_50_companies(client_name, params, request):
    client = request.getfixturevalue(client_name)
    cluster = ClusterFactory()
    first = CompanyProfileFactory()
    first.clusters.add(cluster)
    with_one = _count_queries(client, params)
    for _ in range(49):
        CompanyProfileFactory().clusters.add(cluster)
    with_fifty = _count_queries(client, params)
    assert with_one == with_fifty
    if client_name == "anonymous_client":
        # count, page, sectors of the page, cluster choices.
        assert with_fifty == 4


# --- The profile counter behind the unfiltered count ------------------------------------


def _true_counts() -> tuple[int, int]:
    return (
        CompanyProfile.objects.count(),
        CompanyProfile.objects.filter(status=CompanyProfile.Status.PUBLISHED).count(),
    )


def _shown_count(client, params=None) -> int:
    response = client.get(URL, params or {})
    assert response.status_code == 200
    return response.context["result"].count


def test_profile_counter_stays_exact_through_every_kind_of_write(db):
    assert selectors.profile_counts() == _true_counts() == (0, 0)
    published = [CompanyProfileFactory() for _ in range(3)]
    draft = CompanyProfileFactory(status=CompanyProfile.Status.DRAFT, published_at=None)
    assert selectors.profile_counts() == _true_counts() == (4, 3)

    services.profile_unpublish(profile=published[0])
    assert selectors.profile_counts() == _true_counts() == (4, 2)
    services.profile_publish(profile=draft)
    services.profile_publish(profile=published[0])
    assert selectors.profile_counts() == _true_counts() == (4, 4)

    # A save that leaves the status alone, and bulk updates, deletes and inserts.
    published[1].save()
    CompanyProfile.objects.filter(pk__in=[published[1].pk, published[2].pk]).update(
        status=CompanyProfile.Status.DRAFT
    )
    assert selectors.profile_counts() == _true_counts() == (4, 2)
    published[1].delete()  # a draft
    assert selectors.profile_counts() == _true_counts() == (3, 2)
    Organisation.objects.filter(pk=draft.organisation_id).delete()  # cascades to the profile
    assert selectors.profile_counts() == _true_counts() == (2, 1)
    CompanyProfile.objects.all().delete()
    assert selectors.profile_counts() == _true_counts() == (0, 0)


def test_unfiltered_counts_come_from_the_counter(anonymous_client, staff_client):
    for _ in range(3):
        CompanyProfileFactory()
    CompanyProfileFactory(status=CompanyProfile.Status.DRAFT, published_at=None)
    assert _shown_count(anonymous_client) == 3
    assert _shown_count(anonymous_client, {"sort": "trl"}) == 3
    assert _shown_count(staff_client) == 4
    assert _shown_count(staff_client, {"status": "draft"}) == 1
    assert _shown_count(staff_client, {"status": "published"}) == 3
    # With a filter the database counts the matches.
    assert _shown_count(anonymous_client, {"min_trl": "8"}) == 0
    assert _shown_count(anonymous_client, {"country": "AT"}) == 3


# --- Broad text searches: a capped count, said on the page -------------------------------

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text ranking is PostgreSQL only"
)


@pytest.fixture
def five_biogas_companies(db, monkeypatch):
    monkeypatch.setattr(selectors, "RANK_AT_MOST", 4)
    monkeypatch.setattr(selectors, "PAGE_SIZE", 2)
    for name in ["Echo", "Delta", "Charlie", "Bravo", "Alpha"]:
        CompanyProfileFactory(organisation__name=f"{name} Biogas", description_en="Biogas units.")
    CompanyProfileFactory(organisation__name="Solar Only", description_en="Solar panels.")


@postgres_only
def test_broad_text_search_says_more_than_and_sorts_by_name(five_biogas_companies, anonymous_client):
    response = anonymous_client.get(URL, {"q": "biogas"})
    result = response.context["result"]
    assert (result.count, result.count_capped, result.rank_skipped) == (4, True, True)
    assert [p.organisation.name for p in response.context["page"]] == ["Alpha Biogas", "Bravo Biogas"]
    body = response.content.decode()
    assert 'data-count="4" data-count-capped="true"' in body
    assert "&gt; 4 companies" in body
    assert 'id="rank-skipped"' in body
    # The capped list pages through its first RANK_AT_MOST matches, by name.
    response = anonymous_client.get(URL, {"q": "biogas", "page": "2"})
    assert [p.organisation.name for p in response.context["page"]] == ["Charlie Biogas", "Delta Biogas"]
    assert anonymous_client.get(URL, {"q": "biogas", "page": "9"}).context["page"].number == 2


@postgres_only
def test_text_search_up_to_the_cap_is_counted_exactly_and_ranked(five_biogas_companies, anonymous_client):
    CompanyProfile.objects.filter(organisation__name="Echo Biogas").delete()
    CompanyProfileFactory(organisation__name="Biogas Biogas", description_en="Biogas, biogas.")
    CompanyProfile.objects.filter(organisation__name="Alpha Biogas").delete()
    response = anonymous_client.get(URL, {"q": "biogas"})
    result = response.context["result"]
    assert (result.count, result.count_capped, result.rank_skipped) == (4, False, False)
    assert [p.organisation.name for p in response.context["page"]][0] == "Biogas Biogas"
    body = response.content.decode()
    assert 'data-count="4">' in body and "&gt;" not in body.split('id="directory-count"')[1][:200]
    assert 'id="rank-skipped"' not in body
    # Past the last page: the last page, with its exact count.
    response = anonymous_client.get(URL, {"q": "biogas", "page": "7"})
    assert (response.context["page"].number, response.context["result"].count) == (2, 4)
    assert len(response.context["page"].object_list) == 2
    empty = anonymous_client.get(URL, {"q": "geothermal"}).context["result"]
    assert (empty.count, empty.count_capped, list(empty.page)) == (0, False, [])


@postgres_only
@pytest.mark.parametrize("sort", ["name", "newest", "trl"])
def test_text_search_keeps_the_chosen_order(five_biogas_companies, anonymous_client, sort):
    CompanyProfile.objects.filter(organisation__name="Echo Biogas").delete()
    CompanyProfile.objects.filter(organisation__name="Delta Biogas").update(trl=9)
    page = anonymous_client.get(URL, {"q": "biogas", "sort": sort}).context["page"]
    expected = {
        "name": ["Alpha Biogas", "Bravo Biogas"],
        "newest": ["Alpha Biogas", "Bravo Biogas"],  # created last, published last
        "trl": ["Delta Biogas", "Alpha Biogas"],
    }[sort]
    assert [p.organisation.name for p in page] == expected


def test_cards_show_the_profile_in_the_readers_language(companies, anonymous_client):
    long_text = "Floating photovoltaic plants on reservoirs. " * 10
    CompanyProfile.objects.filter(pk=companies["solar"].pk).update(description_en=long_text)
    cards = anonymous_client.get(URL, {"q": "reservoirs"}).context["result"].cards
    assert [(card.name, card.url, card.sector_names, card.market_labels) for card in cards] == [
        ("Sunfield", "/companies/sunfield/", ["Solar photovoltaics"], ["USA"])
    ]
    assert cards[0].place.startswith("Denmark")
    assert len(cards[0].excerpt) == selectors.EXCERPT_LENGTH and cards[0].excerpt.endswith("\u2026")
    anonymous_client.cookies["django_language"] = "zh-hans"
    card = anonymous_client.get(URL, {"q": "饮用水"}).context["result"].cards[0]
    assert (card.name, card.excerpt) == ("Clearwater", "用于饮用水的膜过滤技术。")
    assert card.place.startswith("法国")


@pytest.mark.django_db
def test_the_cached_clusters_follow_every_write_to_an_organisation(anonymous_client):
    """The clusters the filters offer are kept in the cache: a new, a renamed and a deleted
    cluster show on the next page, and while nothing changes no page reads them again."""
    from companies.filters import clusters

    north = ClusterFactory(name="North Energy Cluster")
    assert [name for _pk, _slug, name in clusters()] == ["North Energy Cluster"]
    with CaptureQueriesContext(connection) as queries:
        clusters()
    assert len(queries) == 0
    alpine = ClusterFactory(name="Alpine Cleantech")
    assert [pk for pk, _slug, _name in clusters()] == [alpine.pk, north.pk]
    north.name = "Baltic Energy Cluster"
    north.save()
    assert [name for _pk, _slug, name in clusters()] == ["Alpine Cleantech", "Baltic Energy Cluster"]
    page = anonymous_client.get(reverse("companies:directory")).content.decode()
    assert f'<option value="{north.slug}">Baltic Energy Cluster</option>' in page
    alpine.delete()
    assert [pk for pk, _slug, _name in clusters()] == [north.pk]
