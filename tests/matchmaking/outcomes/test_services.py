"""Feedback, feedback requests, follow-ups and outcomes: the services, on the database."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from matchmaking.models import FollowUp, MeetingFeedback, OutboxMessage, Outcome
from matchmaking.outcomes import selectors, services
from tests.fixtures import MembershipFactory, UserFactory
from tests.matchmaking.conftest import mission_with_agenda

from .conftest import past_mission, published_meeting

HELD, NO_SHOW = MeetingFeedback.TookPlace.HELD, MeetingFeedback.TookPlace.NO_SHOW


def test_add_months_keeps_the_day_or_takes_the_months_last():
    assert selectors.add_months(dt.date(2026, 1, 15), 3) == dt.date(2026, 4, 15)
    assert selectors.add_months(dt.date(2026, 11, 30), 3) == dt.date(2027, 2, 28)
    assert selectors.add_months(dt.date(2027, 8, 31), 6) == dt.date(2028, 2, 29)


def test_each_side_sees_only_its_own_answer_until_both_have_answered(
    past_meeting, sme_org, buyer_org, sme_owner, buyer
):
    services.meeting_feedback_record(
        meeting=past_meeting, organisation_id=sme_org.pk, actor=sme_owner, took_place=HELD,
        rating="deal_expected", next_step="Send the offer",
    )
    sme_view = selectors.feedback_for_side(meeting=past_meeting, organisation_id=sme_org.pk)
    buyer_view = selectors.feedback_for_side(meeting=past_meeting, organisation_id=buyer_org.pk)
    assert (sme_view.mine.rating, sme_view.theirs, sme_view.other_answered) == (
        "deal_expected", None, False)
    assert (buyer_view.mine, buyer_view.theirs, buyer_view.other_answered) == (None, None, True)

    services.meeting_feedback_record(
        meeting=past_meeting, organisation_id=buyer_org.pk, actor=buyer, took_place=HELD,
        rating="useful",
    )
    sme_view = selectors.feedback_for_side(meeting=past_meeting, organisation_id=sme_org.pk)
    assert sme_view.theirs.rating == "useful"
    assert MeetingFeedback.objects.count() == 2


def test_a_no_show_has_no_rating_and_answering_again_changes_the_answer(
    past_meeting, sme_org, sme_owner
):
    services.meeting_feedback_record(
        meeting=past_meeting, organisation_id=sme_org.pk, actor=sme_owner, took_place=HELD,
        rating="useful",
    )
    services.meeting_feedback_record(
        meeting=past_meeting, organisation_id=sme_org.pk, actor=sme_owner, took_place=NO_SHOW,
        rating="useful",
    )
    assert list(MeetingFeedback.objects.values_list("took_place", "rating")) == [("no_show", "")]


def test_feedback_is_refused_before_the_meeting_and_to_outsiders(
    db, sme_org, buyer_org, sme_owner, other_sme_owner
):
    future = mission_with_agenda()
    meeting = published_meeting(future, sme_org, buyer_org)
    with pytest.raises(ValidationError, match="once the meeting's time has come"):
        services.meeting_feedback_record(
            meeting=meeting, organisation_id=sme_org.pk, actor=sme_owner, took_place=HELD,
            rating="useful",
        )
    with pytest.raises(PermissionDenied):
        services.meeting_feedback_record(
            meeting=meeting, organisation_id=sme_org.pk, actor=other_sme_owner,
            took_place=HELD, rating="useful",
        )
    held_without_rating = pytest.raises(ValidationError, match="how useful")
    past = published_meeting(mission_with_agenda(day=dt.date(2026, 1, 5)), sme_org, buyer_org)
    with held_without_rating:
        services.meeting_feedback_record(
            meeting=past, organisation_id=sme_org.pk, actor=sme_owner, took_place=HELD,
        )
    assert MeetingFeedback.objects.count() == 0


def test_feedback_requests_go_once_per_person_and_stop_for_a_side_that_answered(
    past_meeting, sme_org, buyer_org, sme_owner, sme_member, buyer, settings,
    django_capture_on_commit_callbacks,
):
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        assert services.feedback_requests_queue() == 3  # two SME people, one buyer
    with django_capture_on_commit_callbacks(execute=True):
        assert services.feedback_requests_queue() == 0
    rows = OutboxMessage.objects.filter(kind="feedback")
    assert sorted(rows.values_list("recipient", "status")) == sorted(
        (user.email, "sent") for user in (sme_owner, sme_member, buyer))
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        u.email for u in (sme_owner, sme_member, buyer))
    to_buyer = next(m for m in mail.outbox if m.to == [buyer.email])
    assert to_buyer.subject == f"How was your meeting with {sme_org.name}?"
    assert f"/matching/outcomes/meetings/{past_meeting.pk}/feedback/" in to_buyer.body


def test_feedback_e_mail_reads_in_the_recipients_language(
    past_meeting, sme_org, buyer, settings, django_capture_on_commit_callbacks
):
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    buyer.language = "zh-hans"
    buyer.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        services.feedback_requests_queue()
    to_buyer = next(m for m in mail.outbox if m.to == [buyer.email])
    assert to_buyer.subject == f"您与 {sme_org.name} 的会面效果如何？"


def _held(meeting, sme_owner, days_ago=None):
    services.meeting_feedback_record(
        meeting=meeting, organisation_id=meeting.sme_id, actor=sme_owner, took_place=HELD,
        rating="follow_up",
    )


def test_follow_ups_at_three_and_six_months_are_created_once_per_meeting_and_side(
    past_meeting, sme_org, buyer_org, sme_owner, buyer, other_sme_org, settings,
    django_capture_on_commit_callbacks,
):
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    no_show = published_meeting(past_meeting.mission, other_sme_org, buyer_org, index=1)
    other_owner = UserFactory()
    MembershipFactory(user=other_owner, organisation=other_sme_org)
    services.meeting_feedback_record(
        meeting=no_show, organisation_id=other_sme_org.pk, actor=other_owner,
        took_place=NO_SHOW,
    )
    _held(past_meeting, sme_owner)
    day = selectors.meeting_day(past_meeting)
    three, six = selectors.add_months(day, 3), selectors.add_months(day, 6)
    created = []
    for as_of in (day + dt.timedelta(days=80), three - dt.timedelta(days=1), three,
                  three + dt.timedelta(days=20), six, six + dt.timedelta(days=200)):
        with django_capture_on_commit_callbacks(execute=True):
            created.append(services.follow_ups_queue(as_of=as_of))
    assert created == [0, 0, 2, 0, 2, 0]  # the no-show meeting gets none
    assert sorted(FollowUp.objects.values_list("meeting_id", "organisation_id", "months")) == sorted(
        (past_meeting.pk, side, months) for side in (sme_org.pk, buyer_org.pk) for months in (3, 6)
    )
    sent = sorted((m.to[0], m.subject) for m in mail.outbox if "months on" in m.subject)
    assert sent == sorted([
        (sme_owner.email, f"Three months on: your contact with {buyer_org.name}"),
        (buyer.email, f"Three months on: your contact with {sme_org.name}"),
        (sme_owner.email, f"Six months on: your contact with {buyer_org.name}"),
        (buyer.email, f"Six months on: your contact with {sme_org.name}"),
    ])


def test_a_follow_up_answer_records_outcomes_linked_to_meeting_match_and_mission(
    past_meeting, sme_org, buyer_org, sme_owner
):
    _held(past_meeting, sme_owner)
    services.follow_ups_queue(as_of=selectors.add_months(selectors.meeting_day(past_meeting), 3))
    follow_up = FollowUp.objects.get(organisation=sme_org)
    outcomes = [
        {"kind": "loi", "value": None, "currency": "", "occurred_on": dt.date(2026, 3, 1)},
        {"kind": "pilot", "value": 250_000, "currency": "CNY", "occurred_on": None},
    ]
    services.follow_up_answer(
        follow_up=follow_up, actor=sme_owner, contact_continued=True, outcomes=outcomes)
    # Answering again replaces what the first answer reported.
    services.follow_up_answer(
        follow_up=follow_up, actor=sme_owner, contact_continued=True, outcomes=outcomes)
    rows = Outcome.objects.order_by("pk").values_list(
        "kind", "value", "currency", "mission_id", "meeting_id", "sme_id", "buyer_id",
        "organisation_id", "demand_id")
    link = (past_meeting.mission_id, past_meeting.pk, sme_org.pk, buyer_org.pk, sme_org.pk, None)
    assert list(rows) == [
        ("contact", None, "", *link), ("loi", None, "", *link), ("pilot", 250_000, "CNY", *link)]


def test_an_outcome_needs_a_currency_with_its_value(past_meeting, sme_org, buyer_org, sme_owner,
                                                    other_sme_owner):
    common = {"actor": sme_owner, "organisation_id": sme_org.pk, "mission": past_meeting.mission,
              "sme_id": sme_org.pk, "buyer_id": buyer_org.pk, "meeting": past_meeting}
    with pytest.raises(ValidationError, match="currency"):
        services.outcome_record(kind="contract", value=1000, **common)
    with pytest.raises(ValidationError, match="currency"):
        services.outcome_record(kind="contract", currency="EUR", **common)
    with pytest.raises(PermissionDenied):
        services.outcome_record(**{**common, "actor": other_sme_owner}, kind="contract")
    services.outcome_record(kind="contract", value=1000, currency="EUR", **common)
    assert list(Outcome.objects.values_list("kind", "value", "currency")) == [
        ("contract", 1000, "EUR")]


def test_feedback_due_among_the_agenda_is_feedback_due_for_the_organisation(
    done_mission, sme_org, buyer_org, approved_buyer_org
):
    """The agenda takes the feedback card from its own meetings: the same meetings, in the
    same order, as reading them apart (over, answered, too old, not over, not published)."""
    from matchmaking.meetings.selectors import agenda_meetings_for_organisations

    answered = published_meeting(done_mission, sme_org, buyer_org, index=0)
    first = published_meeting(done_mission, sme_org, approved_buyer_org, index=1)
    second = published_meeting(done_mission, sme_org, buyer_org, index=2, table=2)
    MeetingFeedback.objects.create(meeting=answered, organisation=sme_org,
                                   took_place=HELD, rating="useful")
    MeetingFeedback.objects.create(meeting=first, organisation=buyer_org,  # the other side
                                   took_place=HELD, rating="useful")
    published_meeting(past_mission(days_ago=90), sme_org, buyer_org)  # out of the window
    published_meeting(mission_with_agenda(), sme_org, buyer_org)  # not over yet
    ids = {sme_org.pk}
    due = selectors.feedback_due_for(ids)
    assert [m.pk for m in due] == [second.pk, first.pk]
    among = selectors.feedback_due_among(agenda_meetings_for_organisations(ids), ids)
    assert [(m.pk, m.my_side, m.other.pk) for m in among] == [
        (m.pk, m.my_side, m.other.pk) for m in due
    ]


def test_the_agenda_page_shows_its_feedback_card_from_the_fields_it_reads(
    done_mission, sme_org, buyer_org, sme_owner_client
):
    """The agenda page reads only the fields it shows of its meetings; its feedback card
    takes them from there: a deferred field read by the card would cost a query a row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from matchmaking.meetings.selectors import AGENDA_PAGE_FIELDS, agenda_page_meetings

    meetings = [published_meeting(done_mission, sme_org, buyer_org, index=n) for n in (0, 1)]
    (read,) = agenda_page_meetings({sme_org.pk})[:1]
    assert "description" in read.mission.get_deferred_fields()
    assert not {"title", "time_zone"} & read.mission.get_deferred_fields()
    assert "published_slot__starts_at" in AGENDA_PAGE_FIELDS
    sme_owner_client.get(reverse("matchmaking:my_agenda"))  # the session settles
    with CaptureQueriesContext(connection) as one:
        sme_owner_client.get(reverse("matchmaking:my_agenda"))
    meetings.append(published_meeting(done_mission, sme_org, buyer_org, index=2, table=2))
    with CaptureQueriesContext(connection) as queries:
        page = sme_owner_client.get(reverse("matchmaking:my_agenda")).content.decode()
    assert page.count("feedback-due-card") == 3
    assert f"Meeting with {buyer_org.name}" in page and done_mission.title in page
    assert len(queries) == len(one)  # nothing read again for a third row
