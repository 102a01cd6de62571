"""Writes for meeting requests and meetings: request, accept, decline, withdraw, expire,
mutual-interest proposals, a participant's answer to an invitation, cancellation.

Every function is one named action with keyword-only arguments; side effects beyond the
rows named are listed in its docstring.
"""

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from companies.models import Organisation
from companies.rules import is_member, require_staff
from missions.models import DemandProject, Mission, Slot

from ..matching.models import BuyerDecision, SmeFeedback
from . import dispatch, hooks, selectors
from .models import Meeting, MeetingRequest, OutboxMessage
from .outbox import outbox_add_for_meeting

# Missions in which meetings can still be requested (one definition, in the selectors).
REQUESTING_STATUSES = selectors.REQUESTING_STATUSES


def _check_request_pair(*, mission: Mission | None, sme: Organisation) -> Mission:
    if mission is None:
        raise ValidationError(_("This demand project is not part of a mission."))
    if mission.status not in REQUESTING_STATUSES:
        raise ValidationError(_("Meetings can no longer be requested in this mission."))
    if sme.kind != Organisation.Kind.SME or not selectors.sme_in_delegation(
        mission=mission, sme=sme
    ):
        raise ValidationError(_("This SME is not in the mission's delegation."))
    return mission


def _check_limit(*, mission: Mission, organisation: Organisation) -> None:
    used = selectors.open_requests_involving(mission=mission, organisation=organisation)
    if used >= mission.max_requests_per_participant:
        raise ValidationError(
            _("%(name)s has reached the limit of %(limit)d meeting requests in this mission.")
            % {"name": organisation.name, "limit": mission.max_requests_per_participant}
        )


def _save_request(meeting_request: MeetingRequest) -> MeetingRequest:
    meeting_request.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            meeting_request.save()
    except IntegrityError as error:
        raise ValidationError(
            _("There is already an open meeting request between these two organisations.")
        ) from error
    return meeting_request


@transaction.atomic
def meeting_request_create(
    *,
    demand: DemandProject,
    sme: Organisation,
    actor,
    message: str = "",
    preferred_slots: Sequence[Slot] = (),
) -> MeetingRequest:
    """Ask for a meeting between ``sme`` and the buyer of ``demand`` in the demand's mission.

    The actor's organisation (the buyer or the SME) is the requesting side. Both sides must
    be under the mission's per-participant limit of open requests. ``preferred_slots`` (of
    the mission) are kept for the scheduler. Side effect: the other side is notified.
    """
    mission = _check_request_pair(mission=demand.mission, sme=sme)
    ProhibitNullCharactersValidator()(message)  # PostgreSQL cannot store them: a 500 there
    if is_member(actor, demand.buyer_id):
        requested_by = demand.buyer
    elif is_member(actor, sme.pk):
        requested_by = sme
    else:
        raise PermissionDenied(_("Only the buyer or the SME can request this meeting."))
    meeting_requests_expire(mission=mission)
    for organisation in (sme, demand.buyer):
        _check_limit(mission=mission, organisation=organisation)
    meeting_request = MeetingRequest(
        mission=mission,
        sme=sme,
        buyer=demand.buyer,
        demand=demand,
        requested_by_org=requested_by,
        requested_by=actor,
        message=message.strip(),
        expires_at=timezone.now() + dt.timedelta(days=mission.request_expiry_days),
    )
    _save_request(meeting_request)
    slots = [s for s in preferred_slots if s.session.day.mission_id == mission.pk]
    if slots:
        meeting_request.preferred_slots.set(slots)
    hooks.meeting_event(kind="meeting_request", meeting_request=meeting_request, actor=actor)
    return meeting_request


@transaction.atomic
def meeting_proposal_from_mutual_interest(
    *, sme: Organisation, demand: DemandProject
) -> MeetingRequest | None:
    """Turn mutual interest into a meeting proposal; returns it, or None when there is none.

    A no-op (None) unless the buyer shortlisted the SME for ``demand`` *and* the SME marked
    itself interested, the demand belongs to a mission, and the SME is in its delegation. An
    open request between the two already present is marked as mutual and returned. The
    proposal is a pending request either side may accept; it counts towards no one's limit.
    """
    mission = demand.mission
    mutual = (
        BuyerDecision.objects.filter(
            demand=demand, sme=sme, status=BuyerDecision.Status.SHORTLISTED
        ).exists()
        and SmeFeedback.objects.filter(
            demand=demand, sme=sme, verdict=SmeFeedback.Verdict.INTERESTED
        ).exists()
    )
    if not mutual or mission is None or mission.status not in REQUESTING_STATUSES:
        return None
    if not selectors.sme_in_delegation(mission=mission, sme=sme):
        return None
    existing = MeetingRequest.objects.filter(
        mission=mission, sme=sme, buyer=demand.buyer_id, status__in=selectors.OPEN_REQUEST
    ).first()
    if existing is not None:
        if not existing.mutual_interest:
            existing.mutual_interest = True
            existing.save(update_fields=["mutual_interest"])
        return existing
    proposal = MeetingRequest(
        mission=mission,
        sme=sme,
        buyer=demand.buyer,
        demand=demand,
        requested_by_org=demand.buyer,
        mutual_interest=True,
        expires_at=timezone.now() + dt.timedelta(days=mission.request_expiry_days),
    )
    return _save_request(proposal)


def meeting_requests_expire(*, mission: Mission | None = None, now=None) -> int:
    """Mark pending requests past their expiry as expired; returns how many.

    Runs from beat and lazily before any answer, so an expired request is never accepted.
    """
    rows = MeetingRequest.objects.filter(
        status=MeetingRequest.Status.PENDING, expires_at__lte=now or timezone.now()
    )
    if mission is not None:
        rows = rows.filter(mission=mission)
    expired = list(rows.select_for_update().order_by("pk"))
    count = MeetingRequest.objects.filter(
        pk__in=[r.pk for r in expired], status=MeetingRequest.Status.PENDING
    ).update(status=MeetingRequest.Status.EXPIRED)
    for meeting_request in expired:
        meeting_request.status = MeetingRequest.Status.EXPIRED
        hooks.meeting_event(kind="meeting_expired", meeting_request=meeting_request)
    return count


def _lock_pending(meeting_request: MeetingRequest) -> MeetingRequest:
    locked = MeetingRequest.objects.select_for_update().get(pk=meeting_request.pk)
    if locked.status != MeetingRequest.Status.PENDING:
        raise ValidationError(
            _("This request is no longer pending (it is “%(status)s”).")
            % {"status": locked.get_status_display()}
        )
    return locked


def _expire_lazily(meeting_request: MeetingRequest) -> None:
    """Expire the request if its time has passed, in its own write, so the refusal that
    follows does not roll the expiry back."""
    MeetingRequest.objects.filter(
        pk=meeting_request.pk,
        status=MeetingRequest.Status.PENDING,
        expires_at__lte=timezone.now(),
    ).update(status=MeetingRequest.Status.EXPIRED)


def _answering_side(meeting_request: MeetingRequest, actor) -> None:
    """Receivers answer a request; for a mutual-interest proposal, either side may."""
    sides = [meeting_request.sme_id, meeting_request.buyer_id]
    if not meeting_request.mutual_interest:
        sides.remove(meeting_request.requested_by_org_id)
    if not any(is_member(actor, side) for side in sides):
        raise PermissionDenied(_("Only the invited organisation can answer this request."))


def meeting_request_accept(*, meeting_request: MeetingRequest, actor) -> Meeting:
    """Accept a pending request; returns the new meeting (accepted, not yet scheduled).

    Accepting never reserves a slot: the scheduler places the meeting later.
    """
    _answering_side(meeting_request, actor)
    _expire_lazily(meeting_request)
    with transaction.atomic():
        meeting = _accept(meeting_request)
        hooks.meeting_event(
            kind="meeting_accepted", meeting_request=meeting.request, meeting=meeting, actor=actor
        )
        return meeting


def _accept(meeting_request: MeetingRequest) -> Meeting:
    locked = _lock_pending(meeting_request)
    locked.status = MeetingRequest.Status.ACCEPTED
    locked.responded_at = timezone.now()
    locked.save(update_fields=["status", "responded_at"])
    meeting = Meeting(
        mission=locked.mission,
        sme=locked.sme,
        buyer=locked.buyer,
        request=locked,
        demand=locked.demand,
    )
    meeting.full_clean()
    meeting.save()
    return meeting


def meeting_request_decline(*, meeting_request: MeetingRequest, actor) -> MeetingRequest:
    """Decline a pending request."""
    _answering_side(meeting_request, actor)
    _expire_lazily(meeting_request)
    return _close(meeting_request, MeetingRequest.Status.DECLINED, actor=actor)


def meeting_request_withdraw(*, meeting_request: MeetingRequest, actor) -> MeetingRequest:
    """Withdraw a pending request the actor's organisation sent."""
    if not is_member(actor, meeting_request.requested_by_org_id):
        raise PermissionDenied(_("Only the organisation that asked can withdraw the request."))
    _expire_lazily(meeting_request)
    return _close(meeting_request, MeetingRequest.Status.WITHDRAWN, actor=actor)


@transaction.atomic
def _close(meeting_request: MeetingRequest, status: str, *, actor) -> MeetingRequest:
    locked = _lock_pending(meeting_request)
    locked.status = status
    locked.responded_at = timezone.now()
    locked.save(update_fields=["status", "responded_at"])
    hooks.meeting_event(kind=f"meeting_{status}", meeting_request=locked, actor=actor)
    return locked


@transaction.atomic
def meeting_respond(*, meeting: Meeting, organisation_id: int, response: str) -> Meeting:
    """Record one side's answer (accepted / declined) to a published meeting's invitation.

    Called from the signed accept / decline links, which prove who answers.
    """
    if response not in (Meeting.Response.ACCEPTED, Meeting.Response.DECLINED):
        raise ValidationError(_("Unknown answer."))
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.status != Meeting.Status.PUBLISHED:
        raise ValidationError(_("This meeting is no longer on the agenda."))
    if organisation_id == locked.sme_id:
        locked.sme_response = response
    elif organisation_id == locked.buyer_id:
        locked.buyer_response = response
    else:
        raise PermissionDenied(_("This link is not for this meeting."))
    locked.save(update_fields=["sme_response", "buyer_response", "updated_at"])
    hooks.meeting_event(kind="meeting_answer", meeting=locked, organisation_id=organisation_id)
    return locked


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, actor) -> Meeting:
    """Cancel a meeting (staff). Frees its slot and table.

    Side effects: when the meeting had been published, raises its sequence and queues a
    cancellation (METHOD:CANCEL) to both participants, sent after commit.
    """
    require_staff(actor)
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.status == Meeting.Status.CANCELLED:
        return locked
    was_published = locked.published_slot_id is not None
    locked.status = Meeting.Status.CANCELLED
    locked.slot = None
    locked.table = None
    if was_published:
        locked.sequence += 1
    locked.save()
    if was_published:
        outbox_add_for_meeting(meeting=locked, kind=OutboxMessage.Kind.CANCELLATION)
        dispatch.send_outbox()
    hooks.meeting_event(kind="meeting_cancelled", meeting=locked, actor=actor)
    return locked
