"""Links in e-mails point to the address the site is reached at, as allauth's verification
links do: application decisions, member invitations, meeting invitations and feedback
requests, all sent outside the request, never to the default ``SITE_URL``."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from companies import sites
from missions.models import MissionApplication
from tests.factories import ApplicationFactory, MissionFactory

pytestmark = pytest.mark.django_db

HOST = "localhost:8765"
ORIGIN = f"http://{HOST}"
LINK = re.compile(r"https?://[^/\s\"]+/")


@pytest.fixture(autouse=True)
def _unknown_origin(monkeypatch, settings):
    """The site has not been reached yet, and no ``SITE_URL`` is configured."""
    monkeypatch.delenv("SITE_URL", raising=False)
    settings.SITE_URL = "http://127.0.0.1:8000"
    settings.SITE_URL_CONFIGURED = False
    monkeypatch.setattr(sites, "_origin", None)
    cache.clear()
    yield
    cache.clear()


def _hosts(body: str) -> set[str]:
    return set(LINK.findall(body))


def test_every_e_mail_links_to_the_host_the_site_is_reached_at(
    sme_org, sme_owner, staff_user, cluster_org, django_capture_on_commit_callbacks
):
    # A new person signs up: allauth's verification link is built from the request.
    visitor = Client(HTTP_HOST=HOST)
    visitor.post(reverse("account_signup"), {
        "kind": "sme", "organisation_name": "Graz Solar GmbH", "country": "AT",
        "full_name": "Franz Huber", "email": "franz@graz-solar.example.com",
        "password1": "a-long-Passphrase-2027", "password2": "a-long-Passphrase-2027",
    })
    verification = mail.outbox[-1]
    assert "/accounts/confirm-email/" in verification.body
    assert _hosts(verification.body) == {ORIGIN + "/"}

    # The SME owner invites a colleague (the e-mail is sent after commit).
    owner = Client(HTTP_HOST=HOST)
    owner.force_login(sme_owner, backend="django.contrib.auth.backends.ModelBackend")
    with django_capture_on_commit_callbacks(execute=True):
        owner.post(
            reverse("companies:member_invite", args=[sme_org.slug]),
            {"email": "colleague@nordic-heat.example.com", "role": "member"},
        )
    invitation = mail.outbox[-1]
    assert invitation.to == ["colleague@nordic-heat.example.com"]
    assert "/companies/invitations/" in invitation.body
    assert _hosts(invitation.body) == {ORIGIN + "/"}

    # Staff decide on the SME's application (the e-mail goes from a task).
    mission = MissionFactory(title="Nanjing Smart Heat 2027", slug="nanjing-smart-heat-2027")
    mission.organisers.set([cluster_org])
    application = ApplicationFactory(
        mission=mission, organisation=sme_org, submitted_by=sme_owner,
        status=MissionApplication.Status.SUBMITTED,
    )
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        from missions.services import application_decide

        application_decide(
            application=application, status=MissionApplication.Status.ACCEPTED, actor=staff_user
        )
    decisions = mail.outbox[sent:]
    assert [m.to for m in decisions] == [[sme_owner.email]]
    assert "/missions/nanjing-smart-heat-2027/" in decisions[0].body
    assert _hosts(decisions[0].body) == {ORIGIN + "/"}


def test_the_default_site_url_is_the_last_resort(sme_org, sme_owner):
    assert sites.site_url() == "http://127.0.0.1:8000"
    Client(HTTP_HOST=HOST).get("/healthz")
    assert sites.site_url() == ORIGIN


def test_a_configured_site_url_wins_over_the_host_of_requests(monkeypatch, settings):
    monkeypatch.setenv("SITE_URL", "https://match.example.org")
    settings.SITE_URL = "https://match.example.org"
    Client(HTTP_HOST=HOST).get("/healthz")
    assert sites.site_url() == "https://match.example.org"
