"""Reads of the investors area: who is an investor, the pipelines each person may see, the
SMEs and delegations an investor browses, and the pipeline rows the KPIs count."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from companies.models import CompanyProfile, Organisation, Sector
from companies.rules import is_staff, organisation_ids, user_organisations
from missions import hooks as mission_hooks
from missions.models import Mission, MissionApplication

from ..outcomes.kpis import PipelineRow, deal_key
from ..outcomes.models import Outcome
from .models import DEAL_STAGES, ORDER, Pipeline, PipelineStep, Stage

# Missions whose delegation an investor browses: published ones, not called off.
BROWSABLE_MISSIONS = (
    Mission.Status.OPEN,
    Mission.Status.SELECTING,
    Mission.Status.CONFIRMED,
    Mission.Status.RUNNING,
    Mission.Status.COMPLETED,
)
# Outcome kinds an investor sees as counts on an SME's card.
SHOWN_OUTCOMES = (Outcome.Kind.LETTER_OF_INTENT, Outcome.Kind.PILOT, Outcome.Kind.CONTRACT)


def investor_of(user) -> Organisation | None:
    """The investor organisation ``user`` acts for (approved or not), if any."""
    found = user_organisations(user, kinds=[Organisation.Kind.INVESTOR])
    return found[0] if found else None


def approved_investor_of(user) -> Organisation | None:
    """The investor organisation ``user`` acts for once staff approved it (the same flag
    and the same staff page as buyers)."""
    investor = investor_of(user)
    return investor if investor is not None and investor.buyer_approved else None


def introduced(investor_id: int, sme_id: int) -> bool:
    """Whether the SME accepted the investor's introduction (the rule companies asks before
    it shows an SME's contact details to an investor)."""
    return Pipeline.objects.filter(
        investor_id=investor_id, sme_id=sme_id, introduced_at__isnull=False
    ).exists()


def pipeline_for_viewer(*, user, pk: int) -> Pipeline | None:
    """The pipeline if ``user`` may see it: a member of its investor or SME, or staff."""
    pipelines = Pipeline.objects.select_related("investor", "sme", "mission")
    if not is_staff(user):
        ids = organisation_ids(user)
        pipelines = pipelines.filter(Q(investor__in=ids) | Q(sme__in=ids))
    return pipelines.filter(pk=pk).first()


def pipelines_visible_to(user, *, mission: Mission | None = None) -> QuerySet[Pipeline]:
    """Staff: every pipeline; others: those of their own organisations."""
    pipelines = Pipeline.objects.select_related("investor", "sme", "mission").order_by(
        "-updated_at", "-pk"
    )
    if not is_staff(user):
        ids = organisation_ids(user)
        pipelines = pipelines.filter(Q(investor__in=ids) | Q(sme__in=ids))
    if mission is not None:
        pipelines = pipelines.filter(mission=mission)
    return pipelines


def pipeline_steps(pipeline: Pipeline) -> list[PipelineStep]:
    return list(pipeline.steps.select_related("moved_by", "organisation"))


def latest_delegation_mission(sme: Organisation) -> Mission | None:
    """The most recent browsable mission whose delegation the SME is in."""
    return (
        Mission.objects.filter(
            status__in=BROWSABLE_MISSIONS,
            applications__organisation=sme,
            applications__status=MissionApplication.Status.ACCEPTED,
        )
        .order_by("-start_date", "-pk")
        .first()
    )


def outcome_counts(sme_ids: set[int]) -> dict[int, dict[str, int]]:
    """SME id → outcome kind → deals so far (a deal both sides reported counts once)."""
    deals: dict[int, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    for row in Outcome.objects.filter(sme__in=sme_ids, kind__in=SHOWN_OUTCOMES).values_list(
        "meeting_id", "mission_id", "sme_id", "buyer_id", "demand_id", "kind"
    ):
        meeting_id, mission_id, sme_id, buyer_id, demand_id, kind = row
        deals[sme_id][kind].add(deal_key(meeting_id=meeting_id, mission_id=mission_id,
                                         sme_id=sme_id, buyer_id=buyer_id,
                                         demand_id=demand_id, kind=kind))
    return {
        sme_id: {kind: len(deals[sme_id][kind]) if sme_id in deals else 0
                 for kind in SHOWN_OUTCOMES}
        for sme_id in sme_ids
    }


@dataclass
class SmeCard:
    """What an investor sees of an SME: no contact details, ever (those show on the SME's
    own profile page once the SME accepted the introduction)."""

    sme: Organisation
    profile: CompanyProfile
    readiness: int | None
    outcomes: dict[str, int]
    pipeline: Pipeline | None


def _profiles() -> QuerySet[CompanyProfile]:
    return (
        CompanyProfile.objects.filter(status=CompanyProfile.Status.PUBLISHED)
        .select_related("organisation")
        .defer("search_vector", "contact_name", "contact_email", "contact_phone")
        .prefetch_related(Prefetch("sectors", queryset=Sector.objects.select_related("parent")))
    )


def browsable_missions() -> list[Mission]:
    return list(Mission.objects.filter(status__in=BROWSABLE_MISSIONS).order_by("-start_date", "pk"))


def delegation_cards(*, mission: Mission, investor: Organisation | None) -> list[SmeCard]:
    """The mission's delegation with each SME's readiness for the mission's market (asked
    of the provider missions' selection dashboard uses) and its outcomes so far."""
    applications = list(
        MissionApplication.objects.filter(
            mission=mission, status=MissionApplication.Status.ACCEPTED,
            organisation__profile__status=CompanyProfile.Status.PUBLISHED,
        )
        .select_related("organisation")
        .prefetch_related(Prefetch("organisation__profile", queryset=_profiles()))
        .order_by("organisation__name")
    )
    provider = mission_hooks.application_readiness_provider()
    readiness = provider(mission, applications) if provider and applications else {}
    return _cards(
        [(a.organisation.profile, readiness.get(a.pk, (None, []))[0]) for a in applications],
        investor,
    )


def published_sme_cards(*, investor: Organisation | None, limit: int = 60) -> list[SmeCard]:
    """Published SMEs by name (readiness is per mission, so it shows in delegations)."""
    return _cards([(p, None) for p in _profiles().order_by("sort_name", "pk")[:limit]], investor)


def _cards(items: list[tuple[CompanyProfile, int | None]], investor) -> list[SmeCard]:
    sme_ids = {profile.organisation_id for profile, _score in items}
    counts = outcome_counts(sme_ids)
    pipelines = {}
    if investor is not None:
        pipelines = {
            p.sme_id: p for p in Pipeline.objects.filter(investor=investor, sme__in=sme_ids)
        }
    return [
        SmeCard(sme=profile.organisation, profile=profile, readiness=score,
                outcomes=counts[profile.organisation_id],
                pipeline=pipelines.get(profile.organisation_id))
        for profile, score in items
    ]


def sme_for_interest(*, slug: str) -> Organisation | None:
    """A published SME an investor may mark interest in."""
    return Organisation.objects.filter(
        slug=slug, kind=Organisation.Kind.SME, profile__status=CompanyProfile.Status.PUBLISHED
    ).first()


def meeting_demands(pipeline: Pipeline) -> list:
    """The investor's open demand projects in missions whose delegation holds the SME: the
    ones a meeting can be requested about (through the meetings area, as buyers do)."""
    from missions.models import DemandProject

    missions = MissionApplication.objects.filter(
        organisation=pipeline.sme_id, status=MissionApplication.Status.ACCEPTED
    ).values("mission")
    return list(
        DemandProject.objects.filter(
            buyer=pipeline.investor_id, mission__in=missions, status=DemandProject.Status.OPEN
        ).select_related("mission").order_by("title")
    )


def kpi_pipeline_rows(mission: Mission | None) -> list[PipelineRow]:
    """Each pipeline's furthest stage (from its steps: a dropped pipeline keeps how far it
    went) and its deal value, for the KPI funnel."""
    pipelines = Pipeline.objects.all()
    if mission is not None:
        pipelines = pipelines.filter(mission=mission)
    furthest: dict[int, str] = {}
    for pipeline_id, stage in PipelineStep.objects.filter(pipeline__in=pipelines).values_list(
        "pipeline_id", "to_stage"
    ):
        if stage in ORDER and ORDER[stage] >= ORDER.get(furthest.get(pipeline_id), -1):
            furthest[pipeline_id] = stage
    rows = []
    for pk, sme_id, mission_id, value, currency in pipelines.values_list(
        "pk", "sme_id", "mission_id", "value", "currency"
    ):
        stage = furthest.get(pk, Stage.INTEREST)
        key = "investment" if stage in DEAL_STAGES else str(stage)
        rows.append(PipelineRow(pipeline_id=pk, sme_id=sme_id, mission_id=mission_id,
                                furthest=key, value=value, currency=currency))
    return rows
