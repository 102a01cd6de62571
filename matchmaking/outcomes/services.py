"""Writes of the outcomes area: a side's feedback on a meeting, the feedback requests and
3- and 6-month follow-ups queued through the meetings outbox, and outcomes.

Every function is one named action with keyword-only arguments; side effects beyond the rows
named are listed in its docstring.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from companies.rules import is_member

from ..meetings.models import Meeting, OutboxMessage
from ..meetings.outbox import outbox_add_questionnaire, outbox_withdraw_questionnaire
from . import dispatch, hooks, selectors
from .models import Currency, FollowUp, MeetingFeedback, Outcome

FEEDBACK_STAGE = "feedback"


def _stage(months: int) -> str:
    return f"{months}m"


# --- Feedback ---------------------------------------------------------------------------


@transaction.atomic
def meeting_feedback_record(
    *,
    meeting: Meeting,
    organisation_id: int,
    actor,
    took_place: str,
    rating: str = "",
    next_step: str = "",
) -> MeetingFeedback:
    """Record (or change) one side's feedback on a meeting whose time has passed.

    A no-show carries no rating. Side effects: the side's unsent feedback e-mails are
    withdrawn.
    """
    if organisation_id not in (meeting.sme_id, meeting.buyer_id) or not is_member(
        actor, organisation_id
    ):
        raise PermissionDenied(_("Only the two sides of a meeting can give feedback on it."))
    slot = meeting.published_slot
    if meeting.status != Meeting.Status.PUBLISHED or slot is None:
        raise ValidationError(_("Feedback is asked only for meetings on the agenda."))
    if slot.starts_at > timezone.now():
        raise ValidationError(_("Feedback can be given once the meeting's time has come."))
    if took_place not in MeetingFeedback.TookPlace.values:
        raise ValidationError(_("Say whether the meeting took place."))
    if took_place == MeetingFeedback.TookPlace.NO_SHOW:
        rating = ""
    elif rating not in MeetingFeedback.Rating.values:
        raise ValidationError(_("Choose how useful the meeting was."))
    feedback = MeetingFeedback.objects.select_for_update().filter(
        meeting=meeting, organisation_id=organisation_id
    ).first() or MeetingFeedback(meeting=meeting, organisation_id=organisation_id)
    feedback.took_place = took_place
    feedback.rating = rating
    feedback.next_step = next_step.strip()[:2000]
    feedback.answered_by = actor
    feedback.full_clean(validate_constraints=False)
    feedback.save()
    outbox_withdraw_questionnaire(
        meeting=meeting, organisation_id=organisation_id, stage=FEEDBACK_STAGE
    )
    return feedback


def feedback_requests_queue(*, now: dt.datetime | None = None) -> int:
    """Ask both sides of every meeting whose time has passed (within the window) for
    feedback, once per person; returns how many e-mails were queued.

    Side effects: outbox rows, and a sender queued after commit when there are new ones.
    """
    created = 0
    with transaction.atomic():
        meetings = list(
            selectors.past_meetings(now=now).select_related("mission").order_by("pk")
        )
        answered = set(
            MeetingFeedback.objects.filter(meeting__in=[m.pk for m in meetings]).values_list(
                "meeting_id", "organisation_id"
            )
        )
        for meeting in meetings:
            path = reverse("matchmaking:meeting_feedback", args=[meeting.pk])
            for side in (meeting.sme_id, meeting.buyer_id):
                if (meeting.pk, side) in answered:
                    continue
                created += outbox_add_questionnaire(
                    meeting=meeting, organisation_id=side, kind=OutboxMessage.Kind.FEEDBACK,
                    stage=FEEDBACK_STAGE, path=path,
                )
        if created:
            dispatch.send_outbox()
    return created


# --- Follow-ups -------------------------------------------------------------------------


def follow_ups_queue(*, as_of: dt.date | None = None) -> int:
    """Create the 3- and 6-month follow-ups that are due by ``as_of`` (today) for every
    held meeting and side, and queue their questionnaires; returns how many were created.

    Each (meeting, side, months) row is unique: inserting it is the claim, and its e-mails
    are queued in the same transaction, so a second run, or a run racing this one, creates
    and sends nothing again. Side effects: outbox rows; a sender queued after commit.
    """
    as_of = as_of or timezone.localdate()
    created = 0
    with transaction.atomic():
        for meeting, side, months, due_on in selectors.follow_ups_due(as_of=as_of):
            try:
                with transaction.atomic():
                    follow_up = FollowUp.objects.create(
                        meeting=meeting, organisation_id=side, months=months, due_on=due_on
                    )
            except IntegrityError:
                continue  # another run created it first
            outbox_add_questionnaire(
                meeting=meeting, organisation_id=side, kind=OutboxMessage.Kind.FOLLOW_UP,
                stage=_stage(months),
                path=reverse("matchmaking:follow_up_answer", args=[follow_up.pk]),
            )
            created += 1
        if created:
            dispatch.send_outbox()
    return created


@transaction.atomic
def follow_up_answer(
    *, follow_up: FollowUp, actor, contact_continued: bool, outcomes: list[dict]
) -> FollowUp:
    """Record a side's answer to a follow-up: whether contact continued, and the outcomes
    it reports (each a dict of kind, value, currency, occurred_on).

    Side effects: one ``Outcome`` per reported item (and one "contact continued"), linked to
    the follow-up; answering again replaces what the earlier answer reported.
    """
    if not is_member(actor, follow_up.organisation_id):
        raise PermissionDenied(_("Only the organisation asked can answer this follow-up."))
    locked = FollowUp.objects.select_for_update().select_related("meeting__mission").get(
        pk=follow_up.pk
    )
    meeting = locked.meeting
    Outcome.objects.filter(follow_up=locked).delete()
    items = list(outcomes)
    if contact_continued:
        items.insert(0, {"kind": Outcome.Kind.CONTACT})
    for item in items:
        outcome_record(
            actor=actor,
            organisation_id=locked.organisation_id,
            mission=meeting.mission,
            sme_id=meeting.sme_id,
            buyer_id=meeting.buyer_id,
            demand_id=meeting.demand_id,
            meeting=meeting,
            follow_up=locked,
            **item,
        )
    locked.contact_continued = contact_continued
    locked.answered_at = timezone.now()
    locked.answered_by = actor
    locked.save(update_fields=["contact_continued", "answered_at", "answered_by"])
    outbox_withdraw_questionnaire(
        meeting=meeting, organisation_id=locked.organisation_id, stage=_stage(locked.months)
    )
    return locked


# --- Outcomes ---------------------------------------------------------------------------


@transaction.atomic
def outcome_record(
    *,
    actor,
    organisation_id: int,
    mission,
    sme_id: int,
    buyer_id: int,
    kind: str,
    demand_id: int | None = None,
    meeting: Meeting | None = None,
    value: int | None = None,
    currency: str = "",
    occurred_on: dt.date | None = None,
    notes: str = "",
    follow_up: FollowUp | None = None,
) -> Outcome:
    """Record what came of a meeting or a match, as ``organisation_id`` reports it.

    A value needs a currency (and a currency a value); values are never converted.
    Side effect: tells the ``outcome_recorded`` hooks (the reporting organisation's
    webhooks).
    """
    if organisation_id not in (sme_id, buyer_id) or not is_member(actor, organisation_id):
        raise PermissionDenied(_("Only the two sides can report an outcome."))
    if value is not None and value < 0:
        raise ValidationError(_("A value cannot be negative."))
    if (value is None) != (not currency):
        raise ValidationError(_("Give a value together with its currency."))
    if currency and currency not in Currency.values:
        raise ValidationError(_("Unknown currency."))
    outcome = Outcome(
        mission=mission,
        meeting=meeting,
        sme_id=sme_id,
        buyer_id=buyer_id,
        demand_id=demand_id,
        organisation_id=organisation_id,
        follow_up=follow_up,
        kind=kind,
        value=value,
        currency=currency or "",
        occurred_on=occurred_on,
        notes=notes.strip()[:4000],
        reported_by=actor,
    )
    outcome.full_clean(validate_constraints=False)
    outcome.save()
    hooks.outcome_recorded(outcome=outcome)
    return outcome
