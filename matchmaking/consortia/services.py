"""Writes of the consortia area: proposals, forming a consortium, members' answers,
presenting it to the buyer, the buyer's decision and the meeting with the whole consortium."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.core.validators import ProhibitNullCharactersValidator
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from companies.models import Organisation, User
from companies.rules import is_member, is_staff
from companies.sites import site_url
from missions.models import DemandProject

from ..consortia_cover import propose
from ..meetings import services as meeting_services
from ..meetings.models import Meeting
from . import dispatch, selectors
from .models import Consortium, ConsortiumMember, ConsortiumProposal, ProposalMember

TOKEN_SALT = "consortium-invitation"
TOKEN_MAX_AGE = 60 * 60 * 24 * 30
MIN_MEMBERS, MAX_MEMBERS = 2, 4


# --- Proposals --------------------------------------------------------------------------


@transaction.atomic
def proposals_compute(*, demand_id: int) -> int:
    """Replace the demand's proposals with the best covers of its requested sectors.

    A demand asking for fewer than two sectors gets none. Returns how many are stored.
    """
    demand = DemandProject.objects.filter(pk=demand_id).first()
    ConsortiumProposal.objects.filter(demand_id=demand_id).delete()
    if demand is None or demand.status != DemandProject.Status.OPEN:
        return 0
    sectors, candidates, acquainted = selectors.proposal_input(demand=demand)
    if len(sectors) < 2:
        return 0
    result = propose(sectors, candidates, acquainted=acquainted)
    # Partial covers are worth showing only when no full one exists.
    covers = [c for c in result.covers if c.complete] if result.complete else result.covers
    now = timezone.now()
    scores = {c.id: c.scores for c in candidates}
    for rank, cover in enumerate(covers, start=1):
        proposal = ConsortiumProposal.objects.create(
            demand=demand,
            rank=rank,
            combined_score=cover.combined_score,
            missing=list(cover.missing),
            countries=cover.countries,
            acquainted_pairs=cover.acquainted_pairs,
            computed_at=now,
        )
        ProposalMember.objects.bulk_create(
            ProposalMember(
                proposal=proposal,
                sme_id=member,
                sectors=cover.sectors_of(member),
                score=max(scores[member].values()),
            )
            for member in cover.members
        )
    return len(covers)


# --- Forming ----------------------------------------------------------------------------


def _check_actor(*, actor, demand: DemandProject, lead: Organisation | None) -> None:
    if is_staff(actor):
        return
    if lead is None or not is_member(actor, lead.pk):
        raise PermissionDenied(_("Only staff or a member of the SME can form this consortium."))


@transaction.atomic
def consortium_form(
    *,
    demand: DemandProject,
    actor,
    members: Mapping[int, Sequence[str]],
    lead: Organisation | None = None,
    name: str = "",
    proposal_rank: int | None = None,
) -> Consortium:
    """Form a consortium of ``members`` ({SME id: sector codes it covers}) and invite them.

    The lead SME (the actor's, when an SME forms it) is a member and accepts by forming.
    Side effect: after commit, each other member's people get an e-mail with a signed link.
    """
    _check_actor(actor=actor, demand=demand, lead=lead)
    ProhibitNullCharactersValidator()(name)  # PostgreSQL cannot store them: a 500 there
    ids = sorted(set(members) | ({lead.pk} if lead else set()))
    if not MIN_MEMBERS <= len(ids) <= MAX_MEMBERS:
        raise ValidationError(_("A consortium has two to four members."))
    smes = {
        o.pk: o
        for o in Organisation.objects.filter(
            pk__in=ids, kind=Organisation.Kind.SME, match_scores__demand=demand
        )
    }
    if set(smes) != set(ids):
        raise ValidationError(_("Every member must be an SME matched to this demand project."))
    covers = selectors.covered_codes(demand=demand, sme_ids=ids)
    # Staff forming one name the first member lead: it holds the meeting for all.
    lead = lead or smes[ids[0]]
    lead_accepts = is_member(actor, lead.pk)
    consortium = Consortium(
        demand=demand,
        name=(name.strip() or " · ".join(smes[pk].name for pk in ids))[:200],
        lead=lead,
        proposal_rank=proposal_rank,
        created_by=actor,
    )
    consortium.full_clean()
    consortium.save()
    now = timezone.now()
    for pk in ids:
        sectors = [c for c in members.get(pk, ()) if c in covers[pk]] or covers[pk]
        ConsortiumMember.objects.create(
            consortium=consortium,
            sme_id=pk,
            sectors=sectors,
            answer=ConsortiumMember.Answer.ACCEPTED if lead_accepts and pk == lead.pk else (
                ConsortiumMember.Answer.INVITED
            ),
            answered_at=now if lead_accepts and pk == lead.pk else None,
        )
    dispatch.invitations_send(consortium_id=consortium.pk)
    return consortium


def consortium_form_from_proposal(
    *, demand: DemandProject, rank: int, actor, lead: Organisation | None = None
) -> Consortium:
    """Form the consortium a proposal describes (the lead must be one of its members)."""
    proposal = ConsortiumProposal.objects.filter(demand=demand, rank=rank).first()
    if proposal is None:
        raise ValidationError(_("This proposal no longer exists; the page shows the current ones."))
    members = {m.sme_id: m.sectors for m in proposal.members.all()}
    if lead is not None and lead.pk not in members:
        raise ValidationError(_("Your company is not part of this proposal."))
    return consortium_form(
        demand=demand, actor=actor, members=members, lead=lead, proposal_rank=rank
    )


# --- Invitations and answers -------------------------------------------------------------


def member_token(member: ConsortiumMember) -> str:
    return signing.dumps({"member": member.pk}, salt=TOKEN_SALT)


def member_from_token(token: str) -> ConsortiumMember | None:
    try:
        data = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        return None
    return (
        ConsortiumMember.objects.select_related("consortium__demand__buyer", "sme")
        .filter(pk=data.get("member"))
        .first()
    )


def invitations_email(*, consortium_id: int) -> int:
    """E-mail every invited member's people once (claimed by a conditional UPDATE), each in
    their language, with a signed link to answer. Returns the e-mails sent."""
    sent = 0
    members = ConsortiumMember.objects.filter(
        consortium_id=consortium_id, answer=ConsortiumMember.Answer.INVITED, emailed_at__isnull=True
    ).select_related("consortium__demand", "consortium__lead", "sme")
    for member in members:
        claimed = ConsortiumMember.objects.filter(pk=member.pk, emailed_at__isnull=True).update(
            emailed_at=timezone.now()
        )
        if not claimed:
            continue
        url = site_url() + reverse("consortia:invitation", args=[member_token(member)])
        recipients = User.objects.filter(
            memberships__organisation=member.sme_id, is_active=True
        ).exclude(email="").order_by("email").distinct()
        for user in recipients:
            with translation.override(user.language or settings.LANGUAGE_CODE):
                context = {"member": member, "consortium": member.consortium, "url": url}
                subject = render_to_string("matchmaking/consortia/email/invitation_subject.txt", context)
                body = render_to_string("matchmaking/consortia/email/invitation_body.txt", context)
            sent += EmailMessage(subject=" ".join(subject.split()), body=body, to=[user.email]).send()
    return sent


@transaction.atomic
def member_answer(*, member: ConsortiumMember, answer: str) -> ConsortiumMember:
    """A member accepts or declines. Once every member accepted, the consortium is ready."""
    if answer not in (ConsortiumMember.Answer.ACCEPTED, ConsortiumMember.Answer.DECLINED):
        raise ValidationError(_("Unknown answer."))
    consortium = Consortium.objects.select_for_update().get(pk=member.consortium_id)
    if consortium.status not in (Consortium.Status.FORMING, Consortium.Status.READY):
        raise ValidationError(_("This consortium can no longer be answered."))
    member.answer = answer
    member.answered_at = timezone.now()
    member.save(update_fields=["answer", "answered_at"])
    answers = set(consortium.members.values_list("answer", flat=True))
    consortium.status = (
        Consortium.Status.READY
        if answers == {ConsortiumMember.Answer.ACCEPTED}
        else Consortium.Status.FORMING
    )
    consortium.save(update_fields=["status"])
    return member


def _check_member_or_staff(*, actor, consortium: Consortium) -> None:
    if is_staff(actor):
        return
    if not consortium.members.filter(
        sme__memberships__user=actor, answer=ConsortiumMember.Answer.ACCEPTED
    ).exists():
        raise PermissionDenied(_("Only its members or staff can do this."))


@transaction.atomic
def consortium_present(*, consortium: Consortium, actor) -> Consortium:
    """Show a consortium whose members all accepted to the buyer, as one supplier."""
    _check_member_or_staff(actor=actor, consortium=consortium)
    if consortium.status != Consortium.Status.READY:
        raise ValidationError(_("Every member must accept before the buyer sees the consortium."))
    consortium.status = Consortium.Status.PRESENTED
    consortium.presented_at = timezone.now()
    consortium.save(update_fields=["status", "presented_at"])
    return consortium


# --- The buyer --------------------------------------------------------------------------


def _check_buyer(*, actor, consortium: Consortium) -> None:
    if not (is_staff(actor) or is_member(actor, consortium.demand.buyer_id)):
        raise PermissionDenied(_("Only the buyer can do this."))
    if not consortium.is_presented:
        raise ValidationError(_("This consortium has not been presented."))


@transaction.atomic
def consortium_decide(*, consortium: Consortium, actor, decision: str) -> Consortium:
    """The buyer shortlists or declines a presented consortium ("" undoes it)."""
    _check_buyer(actor=actor, consortium=consortium)
    if decision not in Consortium.Decision.values:
        raise ValidationError(_("Unknown decision."))
    consortium.buyer_decision = decision
    consortium.save(update_fields=["buyer_decision"])
    return consortium


@transaction.atomic
def consortium_meeting_request(*, consortium: Consortium, actor, message: str = "") -> Consortium:
    """The buyer asks for one meeting with the whole consortium, held with its lead SME
    (the scheduler keeps every member busy in that slot)."""
    _check_buyer(actor=actor, consortium=consortium)
    if consortium.meeting_request_id:
        raise ValidationError(_("A meeting with this consortium is already requested."))
    if consortium.lead is None:
        raise ValidationError(_("This consortium has no lead company to hold the meeting."))
    consortium.meeting_request = meeting_services.meeting_request_create(
        demand=consortium.demand, sme=consortium.lead, actor=actor, message=message
    )
    consortium.save(update_fields=["meeting_request"])
    return consortium


def consortium_meeting_accept(*, consortium: Consortium, actor) -> Meeting:
    """The lead SME accepts the buyer's request: the meeting goes to the scheduler."""
    if consortium.meeting_request is None:
        raise ValidationError(_("No meeting has been requested."))
    return meeting_services.meeting_request_accept(
        meeting_request=consortium.meeting_request, actor=actor
    )
