"""A Chinese reader's invitation e-mail says it is Chinese and writes dates the Chinese way."""

import pytest


@pytest.mark.django_db
def test_chinese_invitation_email_declares_chinese(meeting_mission, sme_org, buyer_org, sme_owner,
                                                   staff_user, django_capture_on_commit_callbacks):
    from django.core import mail

    from matchmaking.meetings.schedule import mission_schedule_publish
    from matchmaking.models import Meeting
    from tests.matchmaking.conftest import meeting_between, slots_of

    sme_owner.language = "zh-hans"
    sme_owner.save(update_fields=["language"])
    meeting_between(meeting_mission, sme_org, buyer_org, slot=slots_of(meeting_mission)[0],
                    table=1, status=Meeting.Status.SCHEDULED)
    with django_capture_on_commit_callbacks(execute=True):
        mission_schedule_publish(mission=meeting_mission, actor=staff_user)
    [message] = [m for m in mail.outbox if m.to == [sme_owner.email]]
    html = message.alternatives[0][0]
    assert '<html lang="zh-hans">' in html
    assert "年" in html and " Jun " not in html
