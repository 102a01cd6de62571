"""Signed answer links act for one person and one version of the meeting: they stop working
when that person leaves the organisation or is deactivated, and when the meeting moves (the
update brings new links and both answers start again)."""

import re

import pytest
from django.core import mail
from django.test import Client

from companies.models import Membership
from matchmaking.meetings.schedule import meeting_move
from matchmaking.models import Meeting
from tests.matchmaking.meetings.test_outbox import _publish, placed  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

SME_OWNER = "owner@nordic-heat.example.com"


def _link(to: str, label: str = "Confirm") -> str:
    message = next(m for m in reversed(mail.outbox) if m.to == [to])
    return re.search(rf"{label}: (\S+)", message.body).group(1).removeprefix(
        "http://127.0.0.1:8000"
    )


def test_a_link_works_for_its_person(placed, staff_user, django_capture_on_commit_callbacks):  # noqa: F811
    mission, _slots, first, _second = placed
    _publish(mission, staff_user, django_capture_on_commit_callbacks)
    response = Client().post(_link(SME_OWNER))
    assert response.status_code == 200
    assert Meeting.objects.get(pk=first.pk).sme_response == Meeting.Response.ACCEPTED


def test_a_link_stops_working_when_its_person_leaves_the_organisation(
    placed, staff_user, sme_owner, django_capture_on_commit_callbacks  # noqa: F811
):
    mission, _slots, first, _second = placed
    _publish(mission, staff_user, django_capture_on_commit_callbacks)
    link = _link(SME_OWNER)
    Membership.objects.filter(user=sme_owner).delete()
    response = Client().post(link)
    assert response.status_code == 410
    assert "no longer valid" in response.content.decode()
    assert Meeting.objects.get(pk=first.pk).sme_response == Meeting.Response.PENDING


def test_a_link_stops_working_when_its_person_is_deactivated(
    placed, staff_user, sme_owner, django_capture_on_commit_callbacks  # noqa: F811
):
    mission, _slots, first, _second = placed
    _publish(mission, staff_user, django_capture_on_commit_callbacks)
    link = _link(SME_OWNER, "Decline")
    sme_owner.is_active = False
    sme_owner.save(update_fields=["is_active"])
    assert Client().post(link).status_code == 410
    assert Meeting.objects.get(pk=first.pk).sme_response == Meeting.Response.PENDING


def test_moving_a_meeting_resets_both_answers_and_retires_the_old_links(
    placed, staff_user, django_capture_on_commit_callbacks  # noqa: F811
):
    mission, slots, first, _second = placed
    _publish(mission, staff_user, django_capture_on_commit_callbacks)
    old_link = _link(SME_OWNER)
    assert Client().post(old_link).status_code == 200
    Meeting.objects.filter(pk=first.pk).update(buyer_response=Meeting.Response.DECLINED)
    mail.outbox.clear()
    meeting_move(meeting=first, slot=slots[3], table=2, actor=staff_user)
    _publish(mission, staff_user, django_capture_on_commit_callbacks)
    first.refresh_from_db()
    assert (first.sme_response, first.buyer_response) == ("pending", "pending")
    # The answer given for the old time does not change the new one.
    assert Client().post(old_link).status_code == 410
    assert Meeting.objects.get(pk=first.pk).sme_response == Meeting.Response.PENDING
    # The update's own link answers for the new time.
    assert Client().post(_link(SME_OWNER)).status_code == 200
    assert Meeting.objects.get(pk=first.pk).sme_response == Meeting.Response.ACCEPTED
