"""Publishing sends one invitation per person; moves send updates, cancellations CANCEL;
answer links work without login; reminders the day before; the outbox claims and retries."""

import datetime as dt
import re
from unittest import mock

import icalendar
import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from matchmaking.meetings import outbox as invitations
from matchmaking.meetings.schedule import meeting_move, mission_schedule_publish
from matchmaking.meetings.services import meeting_cancel
from matchmaking.models import Meeting, OutboxMessage
from tests.matchmaking.conftest import meeting_between, slots_of


@pytest.fixture
def placed(meeting_mission, sme_org, other_sme_org, buyer_org, sme_owner, other_sme_owner, buyer):
    slots = slots_of(meeting_mission)
    first = meeting_between(meeting_mission, sme_org, buyer_org, slot=slots[0], table=1,
                            status=Meeting.Status.SCHEDULED,
                            demand=meeting_mission.demand_for[buyer_org.pk])
    second = meeting_between(meeting_mission, other_sme_org, buyer_org, slot=slots[1], table=1,
                             status=Meeting.Status.SCHEDULED)
    return meeting_mission, slots, first, second


def _publish(mission, staff_user, capture):
    with capture(execute=True):
        return mission_schedule_publish(mission=mission, actor=staff_user)


def _calendars(message) -> list[icalendar.Calendar]:
    return [
        icalendar.Calendar.from_ical(content)
        for _name, content, mimetype in message.attachments
        if mimetype.startswith("text/calendar")
    ]


def _event(calendar):
    return next(iter(calendar.walk("VEVENT")))


def test_publish_sends_one_invitation_per_person(placed, staff_user,
                                                 django_capture_on_commit_callbacks):
    mission, slots, first, second = placed
    counts = _publish(mission, staff_user, django_capture_on_commit_callbacks)
    assert counts == {"new": 2, "moved": 0, "withdrawn": 0}
    rows = OutboxMessage.objects.order_by("recipient")
    assert [(r.recipient, r.kind, r.sequence, r.status, r.attempts) for r in rows] == [
        ("buyer@jiangbei.example.cn", "invitation", 0, "sent", 1),
        ("owner@nordic-heat.example.com", "invitation", 0, "sent", 1),
        ("owner@solar-alps.example.com", "invitation", 0, "sent", 1),
    ]
    by_to = {m.to[0]: m for m in mail.outbox}
    assert len(mail.outbox) == 3 and set(by_to) == {r.recipient for r in rows}
    for row in rows:
        assert by_to[row.recipient].extra_headers["Message-ID"] == row.message_id
    buyer_mail = by_to["buyer@jiangbei.example.cn"]
    assert buyer_mail.subject == f"Your meetings at {mission.title}"
    assert [a.mimetype for a in buyer_mail.alternatives] == ["text/html"]
    uids = sorted(str(_event(c)["UID"]) for c in _calendars(buyer_mail))
    assert uids == sorted(f"{m.uid}@127.0.0.1" for m in (first, second))
    # Twice: text and HTML each hold a confirm and a decline link per meeting.
    assert len(re.findall(r"/matching/meetings/respond/", buyer_mail.body)) == 4
    assert "Nordic Heat Solutions" in buyer_mail.body and "Solar Alps GmbH" in buyer_mail.body
    assert Meeting.objects.get(pk=first.pk).status == "published"
    # Publishing again changes nothing and sends nothing.
    assert _publish(mission, staff_user, django_capture_on_commit_callbacks) == {
        "new": 0, "moved": 0, "withdrawn": 0
    }
    assert len(mail.outbox) == 3


def test_moved_meeting_sends_update_with_same_uid_and_higher_sequence(
    placed, staff_user, django_capture_on_commit_callbacks
):
    mission, slots, first, _second = placed
    _publish(mission, staff_user, django_capture_on_commit_callbacks)
    original = {m.to[0]: _calendars(m) for m in mail.outbox}
    mail.outbox.clear()
    meeting_move(meeting=first, slot=slots[3], table=2, actor=staff_user)
    assert Meeting.objects.get(pk=first.pk).status == "scheduled"
    assert _publish(mission, staff_user, django_capture_on_commit_callbacks)["moved"] == 1
    assert sorted(m.to[0] for m in mail.outbox) == [
        "buyer@jiangbei.example.cn", "owner@nordic-heat.example.com"
    ]
    before = next(
        _event(c) for c in original["owner@nordic-heat.example.com"]
    )
    update = mail.outbox[0]
    assert update.subject.startswith("Meeting moved")
    calendar = _calendars(update)[0]
    event = _event(calendar)
    assert calendar["METHOD"] == "REQUEST"
    assert event["UID"] == before["UID"]
    assert (int(before["SEQUENCE"]), int(event["SEQUENCE"])) == (0, 1)
    assert event.decoded("DTSTART") == slots[3].starts_at
    assert str(event["LOCATION"]).startswith("Table 2")
    rows = OutboxMessage.objects.filter(kind="update").values_list("sequence", "status")
    assert sorted(rows) == [(1, "sent"), (1, "sent")]


def test_cancelled_meeting_sends_method_cancel(placed, staff_user,
                                               django_capture_on_commit_callbacks):
    mission, slots, first, _second = placed
    _publish(mission, staff_user, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meeting_cancel(meeting=first, actor=staff_user)
    assert len(mail.outbox) == 2
    calendar = _calendars(mail.outbox[0])[0]
    event = _event(calendar)
    assert (calendar["METHOD"], event["STATUS"], int(event["SEQUENCE"])) == ("CANCEL", "CANCELLED", 1)
    assert event.decoded("DTSTART") == slots[0].starts_at
    first.refresh_from_db()
    assert (first.status, first.slot, first.sequence) == ("cancelled", None, 1)


def test_accept_link_works_without_login_and_shows_on_agenda(
    placed, staff_user, sme_owner_client, django_capture_on_commit_callbacks
):
    mission, _slots, first, _second = placed
    _publish(mission, staff_user, django_capture_on_commit_callbacks)
    message = next(m for m in mail.outbox if m.to == ["owner@nordic-heat.example.com"])
    accept = re.search(r"Confirm: (\S+)", message.body).group(1)
    path = accept.removeprefix("http://127.0.0.1:8000")
    anonymous = Client()
    page = anonymous.get(path)
    assert page.status_code == 200 and "Confirm the meeting" in page.content.decode()
    assert Meeting.objects.get(pk=first.pk).sme_response == "pending"  # GET changes nothing
    done = anonymous.post(path)
    assert "the meeting is confirmed" in done.content.decode()
    first.refresh_from_db()
    assert (first.sme_response, first.buyer_response) == ("accepted", "pending")
    agenda = sme_owner_client.get("/matching/agenda/").content.decode()
    assert 'class="badge text-bg-success response-accepted">Confirmed<' in agenda
    # A tampered token is unknown.
    assert anonymous.get(path[:-3] + "xyz/").status_code == 404


def test_expired_answer_link_is_refused(placed, staff_user, settings,
                                        django_capture_on_commit_callbacks):
    from matchmaking.meetings import ics

    mission, _slots, first, _second = placed
    _publish(mission, staff_user, django_capture_on_commit_callbacks)
    url = ics.response_url(meeting=first, organisation_id=first.sme_id, response="accepted")
    old = timezone.now() - ics.RESPONSE_MAX_AGE - dt.timedelta(minutes=1)
    # Signing reads the clock; pretend the link was made long ago.
    with mock.patch("django.core.signing.time.time", return_value=old.timestamp()):
        url = ics.response_url(meeting=first, organisation_id=first.sme_id, response="accepted")
    response = Client().post(url.removeprefix(settings.SITE_URL))
    assert response.status_code == 410
    assert Meeting.objects.get(pk=first.pk).sme_response == "pending"


def test_reminders_go_out_the_day_before_in_the_missions_time_zone(
    placed, staff_user, django_capture_on_commit_callbacks
):
    mission, slots, _first, _second = placed
    _publish(mission, staff_user, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    local_day = slots[0].starts_at.astimezone(dt.timezone(dt.timedelta(hours=8))).date()
    two_days_before = dt.datetime.combine(
        local_day - dt.timedelta(days=2), dt.time(12), tzinfo=dt.timezone(dt.timedelta(hours=8))
    )
    assert invitations.outbox_add_reminders(now=two_days_before) == 0
    # 23:30 in Stockholm the evening before is already "the day before" in Shanghai.
    day_before = dt.datetime.combine(
        local_day - dt.timedelta(days=1), dt.time(9), tzinfo=dt.timezone(dt.timedelta(hours=8))
    )
    assert invitations.outbox_add_reminders(now=day_before) == 3
    assert invitations.outbox_add_reminders(now=day_before + dt.timedelta(hours=1)) == 0
    invitations.outbox_send_due()
    assert sorted(m.to[0] for m in mail.outbox) == [
        "buyer@jiangbei.example.cn", "owner@nordic-heat.example.com", "owner@solar-alps.example.com"
    ]
    assert all(m.subject.startswith("Tomorrow's meetings") for m in mail.outbox)


def test_claim_is_conditional_and_stale_claims_are_reclaimed(placed, staff_user):
    mission, *_ = placed
    mission_schedule_publish(mission=mission, actor=staff_user)  # on-commit never fires here
    first = invitations.outbox_claim_next(worker="a")
    second = invitations.outbox_claim_next(worker="b")
    assert first != second and None not in (first, second)
    assert OutboxMessage.objects.get(pk=first).claimed_by == "a"
    # A fresh claim is not taken over; an old one is.
    assert invitations.outbox_claim_next(worker="c", stale_after=300) not in (first, second)
    OutboxMessage.objects.filter(pk=first).update(claimed_at=timezone.now() - dt.timedelta(minutes=10))
    assert invitations.outbox_claim_next(worker="d", stale_after=300) == first
    row = OutboxMessage.objects.get(pk=first)
    assert (row.status, row.claimed_by, row.attempts) == ("sending", "d", 2)
    # The first sender's late success does not overwrite the new claim's bookkeeping.
    assert OutboxMessage.objects.filter(pk=first, claimed_by="a").count() == 0


def test_refused_message_backs_off_then_fails_permanently(placed, staff_user, smtp_sink):
    mission, *_ = placed
    mission_schedule_publish(mission=mission, actor=staff_user)
    smtp_sink.reply = "451 4.3.0 Try again later"
    before = timezone.now()
    assert invitations.outbox_send_due() == 0
    rows = list(OutboxMessage.objects.all())
    assert {(r.status, r.attempts) for r in rows} == {("pending", 1)}
    for row in rows:
        delay = (row.next_attempt_at - before).total_seconds()
        assert 59 <= delay <= 65, delay
        assert "451" in row.last_error
    # Not due yet: nothing is claimed.
    assert invitations.outbox_claim_next(worker="x") is None
    OutboxMessage.objects.update(next_attempt_at=timezone.now())
    smtp_sink.reply = "550 5.1.1 No such user"
    invitations.outbox_send_due()
    assert set(OutboxMessage.objects.values_list("status", "attempts")) == {("failed", 2)}
    assert smtp_sink.messages == []
    assert invitations.backoff(1) == dt.timedelta(minutes=1)
    assert invitations.backoff(4) == dt.timedelta(minutes=8)
    assert invitations.backoff(20) == dt.timedelta(hours=6)


def test_sent_through_real_smtp_only_after_acceptance(placed, staff_user, smtp_sink):
    mission, *_ = placed
    mission_schedule_publish(mission=mission, actor=staff_user)
    assert invitations.outbox_send_due() == 3
    ids = sorted(OutboxMessage.objects.values_list("message_id", flat=True))
    assert sorted(smtp_sink.message_ids()) == ids
    html = smtp_sink.messages[0].get_body(("html",)).get_content()
    assert "accept-link" in html
