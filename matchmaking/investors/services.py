"""Writes of the investors area: an investor marks interest in an SME, the SME accepts or
declines the introduction, the investor moves the pipeline on.

Each is one named action with keyword-only arguments. Side effects: the other side is told
through the notifications area (in-app, and e-mail through the meetings outbox in the
reader's language and time zone).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from companies.models import CompanyProfile, Organisation
from companies.rules import is_member

from ..meetings.selectors import organisation_recipients
from ..notifications.models import Kind
from ..notifications.services import notify
from . import selectors
from .models import DEAL_STAGES, ENDED, ORDER, Pipeline, PipelineStep, Stage

NOTE_MAX_LENGTH = 1000


def _tell(organisation_id: int, *, kind: str, params: dict, pipeline: Pipeline, actor) -> None:
    notify(
        recipients=organisation_recipients(organisation_id),
        kind=kind,
        params={**params, "pipeline": pipeline.pk},
        url=reverse("investors:pipeline_detail", args=[pipeline.pk]),
        exclude=actor,
    )


def _step(pipeline: Pipeline, *, from_stage: str, actor, organisation, message: str = "") -> None:
    step = PipelineStep(
        pipeline=pipeline, from_stage=from_stage, to_stage=pipeline.stage, moved_by=actor,
        organisation=organisation, message=message.strip(),
    )
    step.full_clean()
    step.save()


@transaction.atomic
def interest_mark(*, investor: Organisation, sme: Organisation, note: str, actor) -> Pipeline:
    """An approved investor marks interest in a published SME; returns the new pipeline.

    The pipeline is tied to the latest mission whose delegation holds the SME (for the KPIs).
    Side effect: the SME's people are told and asked to accept or decline an introduction.
    """
    if investor.kind != Organisation.Kind.INVESTOR or not is_member(actor, investor.pk):
        raise PermissionDenied(_("Only a member of an investor organisation can do this."))
    if not investor.buyer_approved:
        raise PermissionDenied(_("Staff have not approved your organisation yet."))
    profile = CompanyProfile.objects.filter(organisation=sme).first()
    if sme.kind != Organisation.Kind.SME or profile is None or not profile.is_published:
        raise ValidationError(_("Interest can be marked only in published SMEs."))
    note = note.strip()
    if not note:
        raise ValidationError({"note": _("Write a short note to the SME.")})
    pipeline = Pipeline(
        investor=investor, sme=sme, note=note, created_by=actor,
        mission=selectors.latest_delegation_mission(sme),
    )
    pipeline.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            pipeline.save()
    except IntegrityError as error:
        raise ValidationError(_("Your organisation has already marked interest in this SME.")) \
            from error
    _step(pipeline, from_stage="", actor=actor, organisation=investor, message=note)
    _tell(sme.pk, kind=Kind.INVESTOR_INTEREST, pipeline=pipeline, actor=actor,
          params={"event": "interest", "other": investor.name})
    return pipeline


def _locked(pipeline: Pipeline) -> Pipeline:
    return Pipeline.objects.select_for_update().select_related("investor", "sme").get(
        pk=pipeline.pk
    )


@transaction.atomic
def introduction_answer(*, pipeline: Pipeline, accept: bool, actor, message: str = "") -> Pipeline:
    """The SME accepts or declines the investor's introduction; returns the pipeline.

    Accepting shows the SME's contact details to the investor from then on. Side effect:
    the investor's people are told.
    """
    locked = _locked(pipeline)
    if not is_member(actor, locked.sme_id):
        raise PermissionDenied(_("Only the SME can answer this introduction."))
    if locked.stage != Stage.INTEREST:
        raise ValidationError(_("This introduction has already been answered."))
    locked.stage = Stage.INTRODUCED if accept else Stage.DECLINED
    if accept:
        locked.introduced_at = timezone.now()
    locked.full_clean()
    locked.save(update_fields=["stage", "introduced_at", "updated_at"])
    _step(locked, from_stage=Stage.INTEREST, actor=actor, organisation=locked.sme,
          message=message)
    _tell(locked.investor_id, kind=Kind.INVESTOR_INTEREST, pipeline=locked, actor=actor,
          params={"event": "accepted" if accept else "declined", "other": locked.sme.name})
    pipeline.stage, pipeline.introduced_at = locked.stage, locked.introduced_at
    return locked


@transaction.atomic
def pipeline_move(
    *,
    pipeline: Pipeline,
    stage: str,
    actor,
    value: int | None = None,
    currency: str = "",
    stake_percent: Decimal | None = None,
    deal_date: dt.date | None = None,
    message: str = "",
) -> Pipeline:
    """The investor moves its pipeline forward (or closes or drops it); returns it.

    An investment or a joint venture needs its value and currency; the stake and the date
    are optional. A pipeline moves only once the SME accepted the introduction, never back,
    and not after it was closed, dropped or declined. Side effect: the SME's people are told.
    """
    locked = _locked(pipeline)
    if not is_member(actor, locked.investor_id):
        raise PermissionDenied(_("Only the investor can move its pipeline."))
    if stage not in Stage.values or stage in (Stage.INTEREST, Stage.DECLINED):
        raise ValidationError(_("Unknown stage: %(stage)s.") % {"stage": stage})
    if not locked.is_introduced:
        raise ValidationError(_("The SME has not accepted the introduction yet."))
    if locked.stage in ENDED:
        raise ValidationError(_("This pipeline is already “%(stage)s”.")
                              % {"stage": locked.get_stage_display()})
    if stage != Stage.DROPPED and ORDER[stage] <= ORDER[locked.stage] and not (
        stage in DEAL_STAGES and locked.stage in DEAL_STAGES and stage != locked.stage
    ):
        raise ValidationError(_("A pipeline moves forward only."))
    if stage in DEAL_STAGES:
        if value is None or not currency:
            raise ValidationError({"value": _("Give the value and its currency.")})
        locked.value, locked.currency = value, currency
        locked.stake_percent, locked.deal_date = stake_percent, deal_date
    from_stage = locked.stage
    locked.stage = stage
    locked.full_clean()
    locked.save()
    _step(locked, from_stage=from_stage, actor=actor, organisation=locked.investor,
          message=message)
    _tell(locked.sme_id, kind=Kind.INVESTMENT_PIPELINE, pipeline=locked, actor=actor,
          params={"event": stage, "other": locked.investor.name})
    pipeline.stage = locked.stage
    return locked
