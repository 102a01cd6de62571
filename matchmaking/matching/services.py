"""Writes for matching other than rescoring: buyer decisions, SME feedback, and the reasons
of rows a full rescore stored without them."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db import transaction
from django.utils.translation import gettext as _

from companies.models import Organisation
from missions.models import DemandProject

from . import dispatch
from .models import BuyerDecision, MatchScore, SmeFeedback

# --- Decisions and feedback ---------------------------------------------------------------


@transaction.atomic
def buyer_decide(
    *, demand: DemandProject, sme: Organisation, status: str, actor, reason: str = ""
) -> BuyerDecision:
    """Shortlist or decline a supplier for a demand project (a decline needs a reason).

    Deciding again replaces the earlier decision.
    """
    if status not in BuyerDecision.Status.values:
        raise ValidationError(_("Unknown decision."))
    reason = reason.strip()
    ProhibitNullCharactersValidator()(reason)  # PostgreSQL cannot store them: a 500 there
    if status == BuyerDecision.Status.DECLINED and not reason:
        raise ValidationError({"reason": _("Please say why you decline this supplier.")})
    decision, _created = BuyerDecision.objects.select_for_update().get_or_create(
        demand=demand, sme=sme, defaults={"status": status}
    )
    decision.status = status
    decision.reason = reason if status == BuyerDecision.Status.DECLINED else ""
    decision.decided_by = actor
    decision.full_clean()
    decision.save()
    return decision


@transaction.atomic
def buyer_decision_clear(*, demand: DemandProject, sme: Organisation) -> None:
    """Undo a shortlist or decline."""
    BuyerDecision.objects.filter(demand=demand, sme=sme).delete()


@transaction.atomic
def sme_feedback_give(
    *, sme: Organisation, demand: DemandProject, verdict: str | None, actor
) -> SmeFeedback | None:
    """Record an SME's "interested" / "not relevant" (None withdraws it).

    Side effect: after commit, queues a rescore of the SME (feedback is a component).
    """
    if verdict is None:
        SmeFeedback.objects.filter(sme=sme, demand=demand).delete()
        feedback = None
    else:
        if verdict not in SmeFeedback.Verdict.values:
            raise ValidationError(_("Unknown answer."))
        feedback, _created = SmeFeedback.objects.select_for_update().get_or_create(
            sme=sme, demand=demand, defaults={"verdict": verdict}
        )
        feedback.verdict = verdict
        feedback.given_by = actor
        feedback.full_clean()
        feedback.save()
    dispatch.sme_rescore(organisation_id=sme.pk)
    return feedback


# --- Reasons ------------------------------------------------------------------------------


def match_reasons_save(*, matches: Sequence[MatchScore]) -> int:
    """Store the reasons a page built for rows that a full rescore stored without them, so
    the next page reads them instead of building them again; returns the rows written."""
    filled = [m for m in matches if m.reasons]
    MatchScore.objects.bulk_update(filled, ["reasons"])
    return len(filled)
