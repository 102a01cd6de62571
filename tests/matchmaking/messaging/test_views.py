"""Message threads: open once a request exists or the SME is shortlisted, only for the two
organisations (staff of the mission read), plain text with safe links, contact details
masked for buyers not approved."""

import pytest
from django.urls import reverse

from matchmaking.models import BuyerDecision, MeetingRequest, Message, Notification
from tests.factories import DemandProjectFactory
from tests.matchmaking.conftest import mission_with_agenda

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(sme_org, buyer_org):
    mission = mission_with_agenda()
    demand = DemandProjectFactory(buyer=buyer_org, mission=mission, title="Heat grid")
    return mission, demand


def _url(demand, sme):
    return reverse("matchmaking:message_thread", args=[demand.pk, sme.pk])


def test_thread_opens_with_a_request_and_both_sides_write(
    pair, sme_org, buyer_org, sme_owner, buyer, sme_owner_client, buyer_client
):
    mission, demand = pair
    sme_owner_client.post(_url(demand, sme_org), {"body": "Too early"})
    assert Message.objects.count() == 0
    MeetingRequest.objects.create(
        mission=mission, sme=sme_org, buyer=buyer_org, requested_by_org=buyer_org,
        demand=demand, expires_at=mission.created_at,
    )
    sme_owner_client.post(_url(demand, sme_org), {"body": "Hello, see https://example.org"})
    buyer_client.post(_url(demand, sme_org), {"body": "Welcome"})
    assert list(Message.objects.values_list("author_organisation_id", "body")) == [
        (sme_org.pk, "Hello, see https://example.org"), (buyer_org.pk, "Welcome"),
    ]
    assert Notification.objects.filter(recipient=buyer, kind="message").count() == 1
    assert Notification.objects.filter(recipient=sme_owner, kind="message").count() == 1
    html = buyer_client.get(_url(demand, sme_org)).content.decode()
    assert 'href="https://example.org" rel="nofollow"' in html


def test_script_and_javascript_links_are_not_rendered(pair, sme_org, buyer_org, sme_owner_client,
                                                      buyer_client):
    _mission, demand = pair
    BuyerDecision.objects.create(demand=demand, sme=sme_org, status="shortlisted")
    sme_owner_client.post(_url(demand, sme_org),
                          {"body": "<script>alert(1)</script> javascript:alert(1)"})
    html = buyer_client.get(_url(demand, sme_org)).content.decode()
    assert "<script>alert(1)" not in html
    assert 'href="javascript' not in html


def test_contact_details_hidden_from_a_buyer_not_approved(pair, sme_org, buyer_org,
                                                         sme_owner_client, buyer_client):
    _mission, demand = pair
    BuyerDecision.objects.create(demand=demand, sme=sme_org, status="shortlisted")
    sme_owner_client.post(_url(demand, sme_org),
                          {"body": "Mail anna@nordic.example.com or call +46 40 123 45 67"})
    buyer_html = buyer_client.get(_url(demand, sme_org)).content.decode()
    assert "anna@nordic.example.com" not in buyer_html
    assert "123 45 67" not in buyer_html
    own_html = sme_owner_client.get(_url(demand, sme_org)).content.decode()
    assert "anna@nordic.example.com" in own_html


@pytest.mark.parametrize(
    ("persona", "status"),
    [("anonymous", 302), ("sme_owner", 200), ("sme_member", 200), ("other_sme", 404),
     ("buyer", 200), ("approved_buyer", 404), ("staff", 404)],
)
def test_who_may_open_a_thread(persona, status, persona_client, pair, sme_org):
    _mission, demand = pair
    assert persona_client(persona).get(_url(demand, sme_org)).status_code == status


def test_staff_of_an_organising_cluster_reads_but_cannot_write(
    pair, sme_org, staff_client, cluster_org, sme_owner_client
):
    mission, demand = pair
    mission.organisers.set([cluster_org])
    BuyerDecision.objects.create(demand=demand, sme=sme_org, status="shortlisted")
    sme_owner_client.post(_url(demand, sme_org), {"body": "Hi"})
    page = staff_client.get(_url(demand, sme_org))
    assert page.status_code == 200
    assert [m.body for m in page.context["thread_messages"]] == ["Hi"]
    staff_client.post(_url(demand, sme_org), {"body": "Moderator"})
    assert Message.objects.count() == 1
