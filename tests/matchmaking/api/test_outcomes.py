"""The outcomes resource: each organisation reads what it reported (another's answers
404), staff read those of the missions they see, and reports go through the outcomes
service with its own messages."""

import pytest

from matchmaking.api import services as api_services
from matchmaking.models import Outcome
from tests.matchmaking.conftest import delegate
from tests.matchmaking.outcomes.conftest import past_mission, published_meeting

from .conftest import bearer


@pytest.fixture
def meeting(db, sme_org, buyer_org):
    mission = past_mission()
    delegate(mission, sme_org)
    return published_meeting(mission, sme_org, buyer_org)


def _outcome(meeting, organisation, kind, **fields):
    return Outcome.objects.create(
        mission=meeting.mission, meeting=meeting, sme=meeting.sme, buyer=meeting.buyer,
        organisation=organisation, kind=kind, **fields,
    )


def _ids(response) -> list[int]:
    assert response.status_code == 200, response.content[:300]
    return [row["id"] for row in response.json()["results"]]


@pytest.mark.django_db
def test_each_side_reads_only_what_it_reported_and_staff_read_both(
    api_client, meeting, sme_org, buyer_org, other_sme_org
):
    mine = _outcome(meeting, sme_org, "pilot", value=50_000, currency="EUR", notes="Signed")
    theirs = _outcome(meeting, buyer_org, "loi")
    assert _ids(api_client("sme_owner").get("/api/v1/outcomes/")) == [mine.pk]
    assert _ids(api_client("buyer").get("/api/v1/outcomes/")) == [theirs.pk]
    assert _ids(api_client("other_sme").get("/api/v1/outcomes/")) == []
    assert _ids(api_client("staff").get("/api/v1/outcomes/")) == [theirs.pk, mine.pk]
    assert _ids(api_client("staff").get("/api/v1/outcomes/?kind=loi")) == [theirs.pk]
    assert api_client("staff").get("/api/v1/outcomes/?kind=gold").status_code == 400

    body = api_client("sme_member").get(f"/api/v1/outcomes/{mine.pk}/").json()
    assert {k: body[k] for k in ("kind", "value", "currency", "notes", "meeting")} == {
        "kind": "pilot", "value": 50_000, "currency": "EUR", "notes": "Signed",
        "meeting": meeting.pk,
    }
    assert (body["sme"]["id"], body["buyer"]["id"], body["organisation"]["id"]) == (
        sme_org.pk, buyer_org.pk, sme_org.pk)
    assert api_client("buyer").get(f"/api/v1/outcomes/{mine.pk}/").status_code == 404
    assert api_client("sme_owner").get(f"/api/v1/outcomes/{theirs.pk}/").status_code == 404


@pytest.mark.django_db
def test_outcome_pages_with_a_cursor(api_client, meeting, sme_org):
    made = [_outcome(meeting, sme_org, "contact").pk for _i in range(3)]
    client = api_client("sme_owner")
    first = client.get("/api/v1/outcomes/?page_size=2").json()
    second = client.get(first["next"]).json()
    assert [r["id"] for r in first["results"] + second["results"]] == sorted(made, reverse=True)
    assert second["next"] is None


@pytest.mark.django_db
def test_a_side_reports_an_outcome_through_the_service_with_its_messages(
    api_client, meeting, sme_org, buyer_org, sme_owner
):
    client = api_client("sme_owner")
    refused = client.post("/api/v1/outcomes/", {"meeting": meeting.pk, "kind": "contract",
                                                "value": 80_000}, content_type="application/json")
    assert refused.status_code == 400
    assert refused.json() == {"non_field_errors": ["Give a value together with its currency."]}
    negative = client.post("/api/v1/outcomes/", {"meeting": meeting.pk, "kind": "contract",
                                                 "value": -1, "currency": "EUR"},
                           content_type="application/json")
    assert negative.json() == {"non_field_errors": ["A value cannot be negative."]}
    nothing = client.post("/api/v1/outcomes/", {"kind": "contract"},
                          content_type="application/json")
    assert nothing.status_code == 400 and list(nothing.json()) == ["meeting"]
    assert Outcome.objects.count() == 0

    created = client.post(
        "/api/v1/outcomes/",
        {"meeting": meeting.pk, "kind": "contract", "value": 80_000, "currency": "EUR",
         "occurred_on": "2026-10-01", "notes": "  Framework contract  "},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    outcome = Outcome.objects.get()
    assert created.json()["id"] == outcome.pk
    assert (outcome.organisation_id, outcome.sme_id, outcome.buyer_id, outcome.mission_id,
            outcome.reported_by_id, outcome.kind, outcome.value, outcome.currency,
            str(outcome.occurred_on), outcome.notes) == (
        sme_org.pk, sme_org.pk, buyer_org.pk, meeting.mission_id, sme_owner.pk, "contract",
        80_000, "EUR", "2026-10-01", "Framework contract")


@pytest.mark.django_db
def test_outsiders_and_read_only_tokens_cannot_report(api_client, meeting, sme_owner):
    body = {"meeting": meeting.pk, "kind": "contact"}
    assert api_client("other_sme").post("/api/v1/outcomes/", body,
                                        content_type="application/json").status_code == 404
    assert api_client("staff").post("/api/v1/outcomes/", body,
                                    content_type="application/json").status_code == 404
    _token, secret = api_services.api_token_create(actor=sme_owner, name="CRM", scope="read")
    from django.test import Client

    read_only = Client().post("/api/v1/outcomes/", body, content_type="application/json",
                              **bearer(secret))
    assert read_only.status_code == 403
    assert Outcome.objects.count() == 0
