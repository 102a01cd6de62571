"""Read resources: what each shows, filters as on the pages, and a fixed number of queries
whatever the number of rows (1 and 3)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from matchmaking.matching import rescoring
from matchmaking.models import Meeting, MeetingRequest, Outcome
from tests.factories import (
    ApplicationFactory,
    BuyerOrganisationFactory,
    CompanyProfileFactory,
    DemandProjectFactory,
    MissionFactory,
)


def _get(client, url, **extra):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    assert response.status_code == 200, response.content[:300]
    return response.json(), len(queries)


# --- Query counts ----------------------------------------------------------------------------


def _profiles(n, **_):
    for _i in range(n):
        CompanyProfileFactory(sectors=["district-heating", "renewable-energy.solar-pv"])


def _missions(n, **_):
    for _i in range(n):
        MissionFactory()


def _applications(n, **_):
    for _i in range(n):
        ApplicationFactory(organisation=CompanyProfileFactory().organisation)


def _demands(n, **_):
    for _i in range(n):
        DemandProjectFactory(mission=MissionFactory())


def _requests(n, buyer_org, **_):
    mission = MissionFactory()
    for _i in range(n):
        sme = CompanyProfileFactory().organisation
        MeetingRequest.objects.create(
            mission=mission, sme=sme, buyer=buyer_org, requested_by_org=buyer_org,
            expires_at=mission.application_deadline,
        )


def _meetings(n, **_):
    mission = MissionFactory()
    buyer = BuyerOrganisationFactory()
    for _i in range(n):
        Meeting.objects.create(mission=mission, sme=CompanyProfileFactory().organisation, buyer=buyer)


def _outcomes(n, buyer_org, **_):
    mission = MissionFactory()
    for _i in range(n):
        sme = CompanyProfileFactory().organisation
        Outcome.objects.create(mission=mission, sme=sme, buyer=buyer_org, organisation=buyer_org,
                               kind=Outcome.Kind.CONTRACT, value=10_000, currency="EUR")


LISTS = {
    "organisations": ("anonymous", "/api/v1/organisations/", _profiles),
    "missions": ("staff", "/api/v1/missions/", _missions),
    "applications": ("staff", "/api/v1/applications/", _applications),
    "demand-projects": ("staff", "/api/v1/demand-projects/", _demands),
    "meeting-requests": ("buyer", "/api/v1/meeting-requests/", _requests),
    "meetings": ("staff", "/api/v1/meetings/", _meetings),
    "outcomes": ("buyer", "/api/v1/outcomes/", _outcomes),
    "outcomes-staff": ("staff", "/api/v1/outcomes/", _outcomes),
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(LISTS))
def test_list_queries_do_not_grow_with_rows(name, api_client, buyer_org):
    persona, url, make = LISTS[name]
    client = api_client(persona)
    make(1, buyer_org=buyer_org)
    one, queries_one = _get(client, url)
    make(2, buyer_org=buyer_org)
    three, queries_three = _get(client, url)
    assert (len(one["results"]), len(three["results"])) == (1, 3)
    assert queries_three == queries_one


@pytest.mark.django_db
def test_ranked_supplier_queries_do_not_grow_with_rows(api_client, buyer_org, heat_demand,
                                                       django_capture_on_commit_callbacks):
    client = api_client("buyer")
    url = f"/api/v1/demand-projects/{heat_demand.pk}/matches/"
    counts = []
    for n in (1, 2):
        _profiles(n)
        with django_capture_on_commit_callbacks(execute=True):
            rescoring.scoring_run_start_full()
        client.get(url)  # the first read stores reasons a full rescore left out
        body, queries = _get(client, url)
        counts.append((len(body["results"]), queries))
    assert [c[0] for c in counts] == [1, 3]
    assert counts[0][1] == counts[1][1]


# --- What the resources show -------------------------------------------------------------


@pytest.mark.django_db
def test_sectors_carry_both_names_and_answer_in_the_readers_language(anonymous_client):
    english, _ = _get(anonymous_client, "/api/v1/sectors/district-heating/")
    chinese, _ = _get(
        anonymous_client, "/api/v1/sectors/district-heating/", HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert english["name"] == english["name_en"] and chinese["name"] == chinese["name_zh"]
    assert chinese["name_zh"] != chinese["name_en"]


@pytest.mark.django_db
def test_sector_list_pages_with_a_cursor(anonymous_client):
    first, _ = _get(anonymous_client, "/api/v1/sectors/?page_size=5")
    second, _ = _get(anonymous_client, first["next"].replace("http://testserver", ""))
    codes = [s["code"] for s in first["results"] + second["results"]]
    assert len(codes) == 10 and codes == sorted(codes) and len(set(codes)) == 10


@pytest.mark.django_db
def test_directory_filters_as_the_page(anonymous_client, sme_org, other_sme_org):
    swedish, _ = _get(anonymous_client, "/api/v1/organisations/?country=SE")
    assert [o["slug"] for o in swedish["results"]] == ["nordic-heat"]
    response = anonymous_client.get("/api/v1/organisations/?min_trl=99")
    assert response.status_code == 400 and "min_trl" in response.json()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "shown"),
    [("anonymous", False), ("buyer", False), ("approved_buyer", True), ("sme_member", True),
     ("other_sme", False), ("staff", True)],
)
def test_profile_contacts_only_for_those_the_page_shows_them_to(persona, shown, api_client, sme_org):
    body, _ = _get(api_client(persona), "/api/v1/organisations/nordic-heat/")
    assert body["contacts_visible"] is shown
    assert body["contact_email"] == ("sales@nordic-heat.example.com" if shown else "")
    listed, _ = _get(api_client(persona), "/api/v1/organisations/")
    assert "contact_email" not in listed["results"][0]


@pytest.mark.django_db
def test_the_buyer_sees_each_supplier_with_its_components_and_reasons(api_client, scored):
    body, _ = _get(api_client("buyer"), f"/api/v1/demand-projects/{scored.pk}/matches/")
    first = body["results"][0]
    assert [r["sme"]["slug"] for r in body["results"]] == ["nordic-heat", "solar-alps"]
    names = [c["name"] for c in first["components"]]
    assert "sector" in names and all(c["sentence"] for c in first["components"])
    chinese, _ = _get(
        api_client("buyer"), f"/api/v1/demand-projects/{scored.pk}/matches/",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert chinese["results"][0]["components"][0]["label"] != first["components"][0]["label"]


@pytest.mark.django_db
def test_the_sme_sees_its_matches_with_reasons(api_client, scored):
    body, _ = _get(api_client("sme_member"), "/api/v1/matches/")
    titles = [r["demand"]["title"] for r in body["results"]]
    assert titles[0] == "Jiangbei low-temperature heat network" and len(titles) == 2
    assert body["results"][0]["components"]


@pytest.mark.django_db
def test_supplier_filter_errors_answer_400(api_client, scored):
    response = api_client("buyer").get(
        f"/api/v1/demand-projects/{scored.pk}/matches/?min_score=lots"
    )
    assert response.status_code == 400 and "min_score" in response.json()


@pytest.mark.django_db
def test_swagger_ui_loads_its_assets_from_our_static_files(anonymous_client):
    page = anonymous_client.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in page
    # Nothing is loaded from another host (a bare "cdn" could sit inside a random token).
    assert re.findall(r'(?:src|href)="(?:https?:)?//[^"]*"', page) == []
    assert not any(host in page for host in ("unpkg.com", "jsdelivr", "cdnjs", "cdn."))


@pytest.mark.django_db
def test_the_schema_is_valid_openapi(anonymous_client):
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.validation import validate_schema

    schema = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)
    assert schema["openapi"].startswith("3.") and "/api/v1/demand-projects/{id}/matches/" in schema["paths"]
