"""The API permission matrix: every endpoint × the eight personas, with the status each gets.

A new endpoint without a row here fails ``test_every_endpoint_has_a_row``. Objects of
another organisation answer 404, as on the pages; anonymous callers of resources the pages
show only to signed-in people get 401.
"""

import datetime as dt

import pytest
from drf_spectacular.generators import SchemaGenerator

from companies.models import Membership
from matchmaking.models import Meeting, MeetingRequest, Outcome
from missions.models import MissionApplication
from tests.factories import CompanyProfileFactory
from tests.matchmaking.conftest import meeting_between, slots_of

from .conftest import API_PERSONAS

ANON, SO, SM, OS, B, AB, OB, ST = API_PERSONAS
EVERYONE = dict.fromkeys(API_PERSONAS, 200)
SIGNED_IN = {**EVERYONE, ANON: 401}


def only(allowed: dict[str, int], default: int = 404) -> dict[str, int]:
    """Signed-in personas not named get ``default``; anonymous callers get 401."""
    return {p: 401 if p == ANON else allowed.get(p, default) for p in API_PERSONAS}


BUYER_SIDE = only({B: 200, ST: 200})
SME_SIDE = only({SO: 200, SM: 200, OS: 200})
OWN_SME = only({SO: 200, SM: 200, ST: 200})
REQUEST_SIDES = only({SO: 200, SM: 200, B: 200})

# (method, path template as in the schema) → (the path for this test's rows, body, statuses)
MATRIX = {
    ("GET", "/api/v1/sectors/"): ("/api/v1/sectors/", None, EVERYONE),
    ("GET", "/api/v1/sectors/{code}/"): ("/api/v1/sectors/district-heating/", None, EVERYONE),
    ("GET", "/api/v1/organisations/"): ("/api/v1/organisations/", None, EVERYONE),
    ("GET", "/api/v1/organisations/{slug}/"): ("/api/v1/organisations/{draft}/", None, {**OWN_SME, ANON: 404}),
    ("GET", "/api/v1/missions/"): ("/api/v1/missions/", None, SIGNED_IN),
    ("GET", "/api/v1/missions/{slug}/"): ("/api/v1/missions/{mission}/", None, SIGNED_IN),
    ("GET", "/api/v1/applications/"): ("/api/v1/applications/", None, SIGNED_IN),
    ("GET", "/api/v1/applications/{id}/"): ("/api/v1/applications/{application}/", None, OWN_SME),
    ("GET", "/api/v1/demand-projects/"): ("/api/v1/demand-projects/", None, SIGNED_IN),
    ("POST", "/api/v1/demand-projects/"): (
        "/api/v1/demand-projects/",
        {"title": "District cooling", "description_en": "Cooling.", "city": "Nanjing",
         "market": "china"},
        only({B: 201, AB: 201, OB: 201}, default=400),
    ),
    ("GET", "/api/v1/demand-projects/{id}/"): ("/api/v1/demand-projects/{demand}/", None, BUYER_SIDE),
    ("PATCH", "/api/v1/demand-projects/{id}/"): (
        "/api/v1/demand-projects/{demand}/", {"timeline": "2027"}, BUYER_SIDE,
    ),
    ("GET", "/api/v1/demand-projects/{id}/matches/"): (
        "/api/v1/demand-projects/{demand}/matches/", None, BUYER_SIDE,
    ),
    ("POST", "/api/v1/demand-projects/{id}/decisions/"): (
        "/api/v1/demand-projects/{demand}/decisions/",
        {"sme": "{sme}", "status": "shortlisted"},
        BUYER_SIDE,
    ),
    ("GET", "/api/v1/matches/"): ("/api/v1/matches/", None, SME_SIDE),
    ("POST", "/api/v1/matches/{demand_id}/feedback/"): (
        "/api/v1/matches/{demand}/feedback/", {"verdict": "interested"}, SME_SIDE,
    ),
    ("GET", "/api/v1/meeting-requests/"): ("/api/v1/meeting-requests/", None, SIGNED_IN),
    ("GET", "/api/v1/meeting-requests/{id}/"): (
        "/api/v1/meeting-requests/{request}/", None, REQUEST_SIDES,
    ),
    ("POST", "/api/v1/meeting-requests/"): (
        "/api/v1/meeting-requests/",
        {"demand": "{mission_demand}", "sme": "{other_sme}", "message": "Shall we meet?"},
        only({B: 201, OS: 201}),
    ),
    # The request was sent by the buyer: the SME answers it, the buyer may withdraw it.
    ("POST", "/api/v1/meeting-requests/{id}/accept/"): (
        "/api/v1/meeting-requests/{request}/accept/", None, only({SO: 200, SM: 200, B: 403}),
    ),
    ("POST", "/api/v1/meeting-requests/{id}/decline/"): (
        "/api/v1/meeting-requests/{request}/decline/", None, only({SO: 200, SM: 200, B: 403}),
    ),
    ("POST", "/api/v1/meeting-requests/{id}/withdraw/"): (
        "/api/v1/meeting-requests/{request}/withdraw/", None, only({SO: 403, SM: 403, B: 200}),
    ),
    ("GET", "/api/v1/meetings/"): ("/api/v1/meetings/", None, SIGNED_IN),
    ("GET", "/api/v1/meetings/{id}/"): (
        "/api/v1/meetings/{meeting}/", None, only({SO: 200, SM: 200, B: 200, ST: 200}),
    ),
    ("GET", "/api/v1/outcomes/"): ("/api/v1/outcomes/", None, SIGNED_IN),
    # Reported by the SME: the buyer of the same meeting does not read it.
    ("GET", "/api/v1/outcomes/{id}/"): (
        "/api/v1/outcomes/{outcome}/", None, only({SO: 200, SM: 200, ST: 200}),
    ),
    ("POST", "/api/v1/outcomes/"): (
        "/api/v1/outcomes/", {"meeting": "{meeting}", "kind": "contact"},
        only({SO: 201, SM: 201, B: 201}),
    ),
}


def schema_endpoints() -> set[tuple[str, str]]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return {
        (method.upper(), path)
        for path, operations in schema["paths"].items()
        for method in operations
        if method in ("get", "post", "put", "patch", "delete")
    }


def test_every_endpoint_has_a_row():
    assert schema_endpoints() == set(MATRIX)


@pytest.fixture
def rows(scored, meeting_mission, sme_org, other_sme_org, buyer_org, buyer, other_buyer,
         sme_owner, sme_member):
    draft = CompanyProfileFactory(
        organisation__slug="draft-sme", status="draft", published_at=None
    )
    for person in (sme_owner, sme_member):
        Membership.objects.create(user=person, organisation=draft.organisation)
    mission_demand = meeting_mission.demand_for[buyer_org.pk]
    meeting_request = MeetingRequest.objects.create(
        mission=meeting_mission, sme=sme_org, buyer=buyer_org, demand=mission_demand,
        requested_by_org=buyer_org, requested_by=buyer,
        expires_at=meeting_mission.application_deadline + dt.timedelta(days=30),
    )
    slot = slots_of(meeting_mission)[0]
    meeting = meeting_between(
        meeting_mission, sme_org, buyer_org, status=Meeting.Status.PUBLISHED, slot=slot,
        table=1, published_slot=slot, published_table=1,
    )
    outcome = Outcome.objects.create(
        mission=meeting_mission, meeting=meeting, sme=sme_org, buyer=buyer_org,
        organisation=sme_org, kind=Outcome.Kind.PILOT, reported_by=sme_owner,
    )
    return {
        "outcome": outcome.pk,
        "draft": "draft-sme",
        "mission": meeting_mission.slug,
        "application": MissionApplication.objects.get(mission=meeting_mission, organisation=sme_org).pk,
        "demand": scored.pk,
        "sme": sme_org.pk,
        "other_sme": other_sme_org.pk,
        "mission_demand": mission_demand.pk,
        "request": meeting_request.pk,
        "meeting": meeting.pk,
    }


def _fill(value, rows):
    if isinstance(value, str):
        text = value.format(**rows)
        return int(text) if text.isdigit() and value.startswith("{") else text
    if isinstance(value, dict):
        return {k: _fill(v, rows) for k, v in value.items()}
    return value


@pytest.mark.django_db
@pytest.mark.parametrize("persona", API_PERSONAS)
@pytest.mark.parametrize("endpoint", sorted(MATRIX), ids=lambda e: f"{e[0]} {e[1]}")
def test_permission_matrix(endpoint, persona, api_client, rows, sme_member, other_sme_owner,
                           approved_buyer, staff_user):
    method, _template = endpoint
    path, body, statuses = MATRIX[endpoint]
    client = api_client(persona)
    url = _fill(path, rows)
    if body is None:
        response = getattr(client, method.lower())(url)
    else:
        response = getattr(client, method.lower())(
            url, data=_fill(body, rows), content_type="application/json"
        )
    assert response.status_code == statuses[persona], response.content[:300]
