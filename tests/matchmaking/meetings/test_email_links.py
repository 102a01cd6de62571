"""Links in the outbox's e-mails (meeting invitations, feedback requests, notifications)
point to the address the site is reached at, like the verification e-mails, not to the
default ``SITE_URL``."""

import pytest
from django.core import mail
from django.test import Client

from matchmaking.meetings.schedule import mission_schedule_publish
from matchmaking.models import Meeting
from matchmaking.notifications import services as notification_services
from matchmaking.notifications.models import Kind
from matchmaking.outcomes import services as outcome_services
from tests.companies.test_sites import HOST, ORIGIN, _hosts, _unknown_origin  # noqa: F401
from tests.matchmaking.conftest import meeting_between, slots_of
from tests.matchmaking.outcomes.conftest import done_mission, past_meeting  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _locmem_mail(settings):
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


def _reach_the_site() -> None:
    Client(HTTP_HOST=HOST).get("/")


def test_meeting_invitations_link_to_the_real_host(
    meeting_mission, sme_org, buyer_org, sme_owner, buyer, staff_user,
    django_capture_on_commit_callbacks,
):
    slot = slots_of(meeting_mission)[0]
    meeting_between(meeting_mission, sme_org, buyer_org, slot=slot, table=1,
                    status=Meeting.Status.SCHEDULED)
    _reach_the_site()
    with django_capture_on_commit_callbacks(execute=True):
        mission_schedule_publish(mission=meeting_mission, actor=staff_user)
    invitations = [m for m in mail.outbox if m.to in ([sme_owner.email], [buyer.email])]
    assert sorted(m.to[0] for m in invitations) == sorted([sme_owner.email, buyer.email])
    for message in invitations:
        html = message.alternatives[0].content
        assert "/matching/agenda/" in message.body
        assert "/matching/meetings/respond/" in html
        assert _hosts(message.body) == _hosts(html) == {ORIGIN + "/"}


def test_feedback_requests_link_to_the_real_host(
    past_meeting, buyer, django_capture_on_commit_callbacks  # noqa: F811
):
    _reach_the_site()
    with django_capture_on_commit_callbacks(execute=True):
        outcome_services.feedback_requests_queue()
    to_buyer = next(m for m in mail.outbox if m.to == [buyer.email])
    assert f"/matching/outcomes/meetings/{past_meeting.pk}/feedback/" in to_buyer.body
    assert _hosts(to_buyer.body) == {ORIGIN + "/"}


def test_notification_e_mails_link_to_the_real_host(
    sme_owner, django_capture_on_commit_callbacks
):
    _reach_the_site()
    with django_capture_on_commit_callbacks(execute=True):
        notification_services.notify(
            recipients=[sme_owner], kind=Kind.MESSAGE, params={"other": "Jiangbei"},
            url="/matching/messages/",
        )
    (message,) = mail.outbox
    assert "/matching/notifications/preferences/" in message.body
    assert _hosts(message.body) == {ORIGIN + "/"}
