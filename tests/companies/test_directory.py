"""The SME directory: filters, search, sort, pages, htmx, query counts (acceptance 4)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from companies.models import CompanyProfile

from ..fixtures import ClusterFactory, CompanyProfileFactory

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
