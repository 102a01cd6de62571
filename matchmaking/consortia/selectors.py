"""Reads of the consortia area: the solver's input, proposals and consortia as shown, who
may see what, and the scheduler's extra participants. Never writes."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch, prefetch_related_objects
from django.utils.translation import get_language

from companies.models import CompanyProfile, Organisation, Sector
from companies.rules import is_staff, organisation_ids
from missions.models import DemandProject, MissionApplication

from ..consortia_cover import Candidate
from ..matching.models import MatchScore
from ..matching.selectors import explanations
from ..meetings.models import Meeting
from .models import Consortium, ConsortiumMember, ConsortiumProposal, ProposalMember

# --- The solver's input -----------------------------------------------------------------


def demand_sector_codes(demand: DemandProject) -> list[str]:
    return sorted(demand.sectors.values_list("code", flat=True))


def proposal_input(*, demand: DemandProject) -> tuple[list[str], list[Candidate], list]:
    """(requested sector codes, candidates, acquainted pairs) for ``demand`` (five queries).

    A candidate is a published SME with a stored match; it covers a requested sector that
    is one of its profile's sectors or the parent of one (a sub-sector of a broad demand),
    with its match score. SMEs know each other when they were in the same mission's
    delegation or are accepted members of the same consortium.
    """
    sectors = demand_sector_codes(demand)
    wanted = set(sectors)
    matches = dict(
        MatchScore.objects.filter(
            demand=demand, sme__profile__status=CompanyProfile.Status.PUBLISHED
        ).values_list("sme_id", "score")
    )
    covered: dict[int, set[str]] = defaultdict(set)
    for sme_id, code, parent_code in CompanyProfile.sectors.through.objects.filter(
        companyprofile__organisation_id__in=matches
    ).values_list("companyprofile__organisation_id", "sector__code", "sector__parent__code"):
        for candidate_code in (code, parent_code):
            if candidate_code in wanted:
                covered[sme_id] |= {candidate_code}
    countries = dict(
        Organisation.objects.filter(pk__in=list(covered)).values_list("pk", "country")
    )
    candidates = [
        Candidate(id=pk, country=str(countries.get(pk) or ""), scores=dict.fromkeys(
            sorted(codes), float(matches[pk])
        ))
        for pk, codes in sorted(covered.items())
    ]
    return sectors, candidates, acquainted_pairs(sme_ids=list(covered))


def acquainted_pairs(*, sme_ids: list[int]) -> list[tuple[int, int]]:
    """Pairs of these SMEs who know each other: same delegation, same consortium."""
    groups: dict[tuple[str, int], list[int]] = defaultdict(list)
    for mission_id, sme_id in MissionApplication.objects.filter(
        organisation_id__in=sme_ids, status=MissionApplication.Status.ACCEPTED
    ).values_list("mission_id", "organisation_id"):
        groups["mission", mission_id].append(sme_id)
    for consortium_id, sme_id in ConsortiumMember.objects.filter(
        sme_id__in=sme_ids, answer=ConsortiumMember.Answer.ACCEPTED
    ).values_list("consortium_id", "sme_id"):
        groups["consortium", consortium_id].append(sme_id)
    pairs = set()
    for members in groups.values():
        members = sorted(set(members))
        pairs |= {(a, b) for i, a in enumerate(members) for b in members[i + 1 :]}
    return sorted(pairs)


# --- Who may see what -------------------------------------------------------------------


def demand_for_proposals(*, user, pk: int) -> DemandProject | None:
    """An open demand project whose proposals ``user`` may see: staff, or a member of an
    SME matched to it; else None."""
    demand = (
        DemandProject.objects.select_related("buyer", "mission")
        .filter(pk=pk, status=DemandProject.Status.OPEN)
        .first()
    )
    if demand is None or not user.is_authenticated:
        return None
    if is_staff(user):
        return demand
    if MatchScore.objects.filter(demand=demand, sme_id__in=organisation_ids(user)).exists():
        return demand
    return None


def consortium_for_viewer(*, user, pk: int) -> Consortium | None:
    """A consortium staff, its members' people, or (once presented) its buyer's may see."""
    consortium = Consortium.objects.select_related("demand__buyer", "lead").filter(pk=pk).first()
    if consortium is None or not user.is_authenticated:
        return None
    if is_staff(user):
        return consortium
    mine = organisation_ids(user)
    if consortium.members.filter(sme_id__in=mine).exists():
        return consortium
    if consortium.is_presented and consortium.demand.buyer_id in mine:
        return consortium
    return None


def is_buyer_of(*, user, consortium: Consortium) -> bool:
    return consortium.demand.buyer_id in organisation_ids(user)


def member_of_user(*, user, consortium: Consortium) -> ConsortiumMember | None:
    return (
        consortium.members.filter(sme_id__in=organisation_ids(user)).select_related("sme").first()
    )


def may_form(*, user, demand: DemandProject) -> Organisation | None | bool:
    """Staff may form a consortium for anyone (True); an SME member for its SME (the SME
    matched to the demand); else False."""
    if is_staff(user):
        return True
    return (
        Organisation.objects.filter(
            pk__in=organisation_ids(user), kind=Organisation.Kind.SME, match_scores__demand=demand
        )
        .order_by("pk")
        .first()
        or False
    )


# --- Proposals and consortia as shown --------------------------------------------------


@dataclass
class MemberRow:
    sme: Organisation
    sectors: list[Sector]
    score: float
    reason: str = ""
    answer: str = ""
    answer_label: str = ""


@dataclass
class ProposalView:
    rank: int
    combined_score: float
    members: list[MemberRow]
    missing: list[Sector]
    countries: int
    acquainted_pairs: int
    consortium: Consortium | None = None

    @property
    def complete(self) -> bool:
        return not self.missing


def _sector_map(codes) -> dict[str, Sector]:
    return {s.code: s for s in Sector.objects.filter(code__in=set(codes))}


def _reasons(demand: DemandProject, sme_ids, language: str | None) -> dict[int, str]:
    """Each SME's reason sentence for ``demand``: its sector fit, as matching explains it."""
    out = {}
    for match in MatchScore.objects.filter(demand=demand, sme_id__in=set(sme_ids)):
        explained = explanations(match, language or get_language())
        sentence = next((e.sentence for e in explained if e.name == "sector"), "")
        out[match.sme_id] = sentence or (explained[0].sentence if explained else "")
    return out


def demand_proposals(*, demand: DemandProject, language: str | None = None) -> list[ProposalView]:
    """The demand's proposals with members, the sectors each covers and their reason
    sentences, and what stays uncovered (five queries whatever the number)."""
    proposals = list(
        ConsortiumProposal.objects.filter(demand=demand)
        .prefetch_related(
            Prefetch("members", queryset=ProposalMember.objects.select_related("sme"))
        )
        .order_by("rank")
    )
    codes = [c for p in proposals for c in p.missing] + [
        c for p in proposals for m in p.members.all() for c in m.sectors
    ]
    sectors = _sector_map(codes)
    reasons = _reasons(demand, [m.sme_id for p in proposals for m in p.members.all()], language)
    return [
        ProposalView(
            rank=p.rank,
            combined_score=p.combined_score,
            members=[
                MemberRow(
                    sme=m.sme,
                    sectors=[sectors[c] for c in m.sectors if c in sectors],
                    score=m.score,
                    reason=reasons.get(m.sme_id, ""),
                )
                for m in p.members.all()
            ],
            missing=[sectors[c] for c in p.missing if c in sectors],
            countries=p.countries,
            acquainted_pairs=p.acquainted_pairs,
        )
        for p in proposals
    ]


@dataclass
class ConsortiumView:
    consortium: Consortium
    members: list[MemberRow] = field(default_factory=list)
    missing: list[Sector] = field(default_factory=list)
    combined_score: float = 0.0


def consortium_views(
    consortia: list[Consortium], *, language: str | None = None
) -> list[ConsortiumView]:
    """Consortia with members, coverage, reasons and combined score (a fixed number of
    queries): the combined score is the mean over the requested sectors of the score of
    the member covering each (an uncovered sector counts 0)."""
    if not consortia:
        return []
    members = list(
        ConsortiumMember.objects.filter(consortium__in=consortia)
        .select_related("sme")
        .order_by("consortium_id", "pk")
    )
    by_consortium: dict[int, list[ConsortiumMember]] = defaultdict(list)
    for member in members:
        by_consortium[member.consortium_id].append(member)
    demand_ids = {c.demand_id for c in consortia}
    requested: dict[int, list[str]] = defaultdict(list)
    for demand_id, code in DemandProject.sectors.through.objects.filter(
        demandproject_id__in=demand_ids
    ).values_list("demandproject_id", "sector__code"):
        requested[demand_id].append(code)
    scores = {
        (m.demand_id, m.sme_id): m.score
        for m in MatchScore.objects.filter(
            demand_id__in=demand_ids, sme_id__in={m.sme_id for m in members}
        )
    }
    sectors = _sector_map([c for codes in requested.values() for c in codes])
    reasons: dict[int, dict[int, str]] = {}
    for consortium in consortia:
        if consortium.demand_id not in reasons:
            reasons[consortium.demand_id] = _reasons(
                consortium.demand, [m.sme_id for m in members], language
            )
    out = []
    for consortium in consortia:
        wanted = sorted(requested[consortium.demand_id])
        covered: dict[str, float] = {}
        rows = []
        for member in by_consortium[consortium.pk]:
            score = scores.get((consortium.demand_id, member.sme_id), 0.0)
            for code in member.sectors:
                if code in wanted:
                    covered[code] = max(covered.get(code, 0.0), score)
            rows.append(
                MemberRow(
                    sme=member.sme,
                    sectors=[sectors[c] for c in member.sectors if c in sectors],
                    score=score,
                    reason=reasons[consortium.demand_id].get(member.sme_id, ""),
                    answer=member.answer,
                    answer_label=member.get_answer_display(),
                )
            )
        out.append(
            ConsortiumView(
                consortium=consortium,
                members=rows,
                missing=[sectors[c] for c in wanted if c not in covered and c in sectors],
                combined_score=round(sum(covered.values()) / len(wanted), 1) if wanted else 0.0,
            )
        )
    return out


def demands_with_proposals(*, demand_ids) -> set[int]:
    """Of ``demand_ids``, those with consortium proposals (one query, on the proposals alone:
    their default order joined the demand projects and widened the DISTINCT)."""
    return set(
        ConsortiumProposal.objects.filter(demand_id__in=list(demand_ids))
        .order_by()
        .values_list("demand_id", flat=True)
        .distinct()
    )


def presented_for_demand(*, demand: DemandProject) -> list[Consortium]:
    """The consortia presented to ``demand``'s buyer, oldest first. Most demand projects
    have none: one plain query says so, and the leads and meeting requests are read only
    when there are some (joining them on every match list took twice as long)."""
    consortia = list(
        Consortium.objects.filter(demand=demand, status=Consortium.Status.PRESENTED).order_by("pk")
    )
    if consortia:
        prefetch_related_objects(consortia, "lead", "meeting_request")
    for consortium in consortia:
        consortium.demand = demand
    return consortia


def consortia_of_user(*, user) -> list[Consortium]:
    """Consortia the user's organisations are members of (staff: all), newest first."""
    consortia = Consortium.objects.select_related("demand", "lead")
    if not is_staff(user):
        consortia = consortia.filter(members__sme_id__in=organisation_ids(user)).distinct()
    return list(consortia.order_by("-created_at", "-pk")[:100])


def smes_for_scratch(*, demand: DemandProject) -> list[MatchScore]:
    """The SMEs matched to ``demand`` one may invite into a consortium formed from scratch."""
    return list(
        MatchScore.objects.filter(
            demand=demand, sme__profile__status=CompanyProfile.Status.PUBLISHED
        )
        .select_related("sme")
        .order_by("-score", "sme__name")[:60]
    )


def covered_codes(*, demand: DemandProject, sme_ids: list[int]) -> dict[int, list[str]]:
    """For each SME, the demand's requested sectors it covers (own sector or its parent)."""
    wanted = set(demand_sector_codes(demand))
    out: dict[int, set[str]] = defaultdict(set)
    for sme_id, code, parent_code in CompanyProfile.sectors.through.objects.filter(
        companyprofile__organisation_id__in=sme_ids
    ).values_list("companyprofile__organisation_id", "sector__code", "sector__parent__code"):
        out[sme_id] |= {c for c in (code, parent_code) if c in wanted}
    return {pk: sorted(out.get(pk, ())) for pk in sme_ids}


# --- The scheduler ------------------------------------------------------------------------


def meeting_co_participants(meeting_ids) -> dict[int, list[int]]:
    """For meetings held with a consortium: the members besides the lead (who is the
    meeting's SME), so the scheduler keeps every member busy in that slot. One query."""
    out: dict[int, list[int]] = defaultdict(list)
    rows = (
        Meeting.objects.filter(pk__in=list(meeting_ids), request__consortium__isnull=False)
        .filter(request__consortium__members__answer=ConsortiumMember.Answer.ACCEPTED)
        .values_list("pk", "sme_id", "request__consortium__members__sme_id")
    )
    for meeting_id, lead_id, sme_id in rows:
        if sme_id != lead_id:
            out[meeting_id].append(sme_id)
    return {k: sorted(v) for k, v in out.items()}

