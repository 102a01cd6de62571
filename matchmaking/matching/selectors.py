"""Reads for the matching pages: ranked suppliers, an SME's matches, runs, explanations.

Every list is a fixed number of queries whatever its length (see the query-count tests).
Sentences are written from the stored reasons in the reader's language when shown.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Max, Q, QuerySet
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from companies.filters import clusters
from companies.models import CompanyProfile, Organisation
from companies.rules import is_staff, organisation_ids
from companies.selectors import contacts_rule
from missions.models import DemandProject, Mission, MissionApplication

from .. import scoring
from . import context as scoring_context
from . import hooks
from .filters import SupplierFilter
from .list_rows import cluster_links, demand_card_records, supplier_records
from .models import BuyerDecision, MatchScore, ScoringRun, SmeFeedback
from .records import demand_records, feedback_for, sme_records

COMPONENT_LABELS = {
    "sector": _("Sector fit"),
    "text": _("Text relevance"),
    "keywords": _("Technologies"),
    "maturity": _("Maturity"),
    "certifications": _("Certifications"),
    "market": _("Market"),
    "references": _("References"),
    "mission": _("Mission"),
    "feedback": _("Feedback"),
}
LIST_LIMIT = 100
# Cards per page of the match lists: a card with its reasons and buttons is long, and a
# hundred of them took most of a second to render.
PAGE_SIZE = 20
REASONS_OPEN = 3


# --- Who may see what ---------------------------------------------------------------------


def demand_for_viewer(*, user, pk: int) -> DemandProject | None:
    """A demand project its buyer's members (or staff) may see matches of; else None."""
    if not user.is_authenticated:
        return None
    try:
        # get(), not first(): it leaves out the ordering, a sixth of the query's building.
        demand = DemandProject.objects.select_related("buyer", "mission").get(pk=pk)
    except DemandProject.DoesNotExist:
        return None
    if is_staff(user) or demand.buyer_id in organisation_ids(user):
        return demand
    return None


def sme_organisation_for(user) -> Organisation | None:
    """The SME the user belongs to (their first SME membership), or None."""
    if not user.is_authenticated:
        return None
    membership = user.first_membership(kind=Organisation.Kind.SME)
    return membership.organisation if membership else None


def buyer_demands(*, user) -> QuerySet[DemandProject]:
    """The user's buyers' demand projects with their match counts (staff: all)."""
    demands = DemandProject.objects.select_related("buyer")
    if not is_staff(user):
        demands = demands.filter(buyer_id__in=organisation_ids(user))
    return demands.annotate(
        matches=Count("match_scores", distinct=True),
        best=Max("match_scores__score"),
        shortlisted=Count(
            "buyer_decisions",
            filter=Q(buyer_decisions__status=BuyerDecision.Status.SHORTLISTED),
            distinct=True,
        ),
    ).order_by("-created_at", "-pk")


# --- Explanations ---------------------------------------------------------------------------


@dataclass
class Explained:
    """One component of a match as shown: label, value in percent, sentence."""

    name: str
    label: str
    percent: int
    sentence: str
    scored: bool = True  # False: left out of the score for want of data ("not scored")


def _tie_breaks() -> list:
    """Equal scores are ordered by the next most telling parts (text, then technologies,
    then sector fit), not by a name."""
    return [F(f"components__{name}").desc(nulls_last=True) for name in scoring.TIE_BREAK]


@functools.lru_cache(maxsize=8)
def _component_labels(language: str) -> dict[str, str]:
    """The components' labels in ``language``, translated once per process (a list of
    twenty matches asked for the same nine labels 180 times)."""
    with translation.override(language):
        return {name: str(label) for name, label in COMPONENT_LABELS.items()}


def explanations(match: MatchScore, language: str | None = None) -> list[Explained]:
    """The components of a stored match with a sentence each, in ``language``."""
    language = language or get_language() or "en"
    labels = _component_labels(language)
    out = []
    for name in scoring.COMPONENTS:
        context = (match.reasons or {}).get(name)
        if context is None:
            continue
        if name == "mission" and context.get("mission") is None:
            continue
        if name == "feedback" and context.get("flag") is None:
            continue
        if name == "market" and context.get("market") is None:
            continue
        value = float((match.components or {}).get(name, 0.0))
        out.append(
            Explained(
                name=name,
                label=labels[name],
                percent=round(100 * value),
                sentence=scoring.explain(name, value, context, language),
                scored=scoring.is_scored(name, context),
            )
        )
    return out


def reasons_build(matches: Sequence[MatchScore]) -> list[MatchScore]:
    """Build, in memory, the reasons of shown rows that a full rescore stored without them.

    A full rescore stores hundreds of thousands of rows and leaves their reasons to the
    first page that shows them: this builds them (same ``ContextBuilder`` as the single
    rescores, with the scoring context's text model) and returns the rows it filled, which
    the view hands to ``services.match_reasons_save``. A constant number of queries
    whatever the number of rows; writes nothing.
    """
    missing = [m for m in matches if not m.reasons]
    if not missing:
        return []
    sme_ids = sorted({m.sme_id for m in missing})
    smes = sme_records(organisation_ids=sme_ids)
    demands = demand_records(demand_ids=sorted({m.demand_id for m in missing}))
    context = scoring_context.cached()
    model = context.text_model if context else scoring.text_model_for(smes, demands)
    demand_features = scoring.encode_demands(demands, model)
    builder = scoring.ContextBuilder(
        smes,
        scoring.encode_smes(smes, demand_features, model),
        demands,
        demand_features,
        model,
        feedback_for(organisation_ids=sme_ids),
    )
    sme_at = {s.id: i for i, s in enumerate(smes)}
    demand_at = {d.id: j for j, d in enumerate(demands)}
    filled = []
    for match in missing:
        i, j = sme_at.get(match.sme_id), demand_at.get(match.demand_id)
        if i is not None and j is not None:
            match.reasons = builder.context(i, j)
            filled.append(match)
    return filled


# --- Ranked suppliers of one demand project -------------------------------------------------


@dataclass
class SupplierRow:
    match: MatchScore
    profile: CompanyProfile | None
    clusters: list[str]  # the names of the clusters the SME belongs to
    decision: BuyerDecision | None
    feedback: SmeFeedback | None
    explained: list[Explained]
    show_contacts: bool
    reasons_new: bool = False
    rank: int = 0  # place in the whole ranked list (1 is the best), whatever the page
    # "allowed", "open" (a request is pending or accepted) or "" (no meeting possible).
    meeting_request: str = ""

    @property
    def explained_open(self) -> bool:
        """The best few matches show their reasons; the rest keep them one click away."""
        return self.rank <= REASONS_OPEN

    @property
    def can_request_meeting(self) -> bool:
        return self.meeting_request == hooks.REQUEST_ALLOWED

    @property
    def meeting_requested(self) -> bool:
        return self.meeting_request == hooks.REQUEST_OPEN


def _page_ids(
    ranked_ids: list[int], page_number: int | str | None
) -> tuple[Page | None, list[int], int]:
    """Page ``page_number`` of ``PAGE_SIZE`` cut from ``ranked_ids`` (all of them without
    a page number), its ids and the rank of the first. A number past the end gives the
    last page; no query counts the rows."""
    if page_number is None:
        return None, ranked_ids, 1
    page = Paginator(ranked_ids, PAGE_SIZE).get_page(page_number)
    return page, list(page.object_list), page.start_index()


# What a supplier card does not show of the SME's profile: its texts and lists, which make
# most of the row's width and decoding time.
CARD_PROFILE_DEFERRED = (
    "description_en", "description_zh", "technologies", "dismissed_sectors",
    "suggested_sectors", "certifications", "target_markets", "search_vector",
)


@dataclass
class SupplierList:
    filterset: SupplierFilter
    rows: list[SupplierRow] = field(default_factory=list)
    page: Page | None = None  # the page shown, when the list is paged


def _cluster_names(profile_ids: list[int]) -> dict[int, list[str]]:
    """The names of each profile's clusters, in the clusters' order (by name): the links
    from one narrow query, the names from the cached list of clusters (a prefetch of the
    clusters as organisations took five times as long)."""
    listed = clusters()
    order = {pk: n for n, (pk, _slug, _name) in enumerate(listed)}
    names = {pk: name for pk, _slug, name in listed}
    links = cluster_links(profile_ids)
    unlisted = {cluster for _profile, cluster in links if cluster not in names}
    if unlisted:  # a cluster newer than a process's own cached list
        names |= dict(Organisation.objects.filter(pk__in=unlisted).values_list("pk", "name"))
    by_profile: dict[int, list[int]] = {}
    for profile_id, cluster_id in links:
        by_profile.setdefault(profile_id, []).append(cluster_id)
    return {
        profile_id: [
            names[c] for c in sorted(ids, key=lambda c: (order.get(c, len(order)), names[c]))
        ]
        for profile_id, ids in by_profile.items()
    }


def _listed_suppliers(demand: DemandProject) -> QuerySet[MatchScore]:
    """The matches of ``demand`` its buyer's list may show: SMEs with a published profile."""
    return MatchScore.objects.filter(
        demand=demand, sme__profile__status=CompanyProfile.Status.PUBLISHED
    )


def demand_suppliers(
    *,
    demand: DemandProject,
    user,
    params: Mapping,
    language: str | None = None,
    page_number: int | str | None = None,
    explain_folded: bool = True,
) -> SupplierList:
    """The best ``LIST_LIMIT`` suppliers of ``demand`` with explanations, filtered by
    ``params``; with ``page_number``, only that page of ``PAGE_SIZE`` of them (a number
    past the end gives the last page). Without ``explain_folded``, only the rows that show
    their reasons open (``REASONS_OPEN``) are explained: a page loads the others' when
    their card is opened (``listed_supplier_match``).

    Four queries whatever the number of suppliers (and those of ``reasons_build`` and
    of ``hooks.meeting_request_states``).
    """
    filterset = SupplierFilter(params or None, queryset=_listed_suppliers(demand))
    ordering = ["-score", *_tie_breaks(), "sme_id"]
    # The best ids first, from narrow rows, then only the shown rows in full: sorting and
    # de-duplicating every wide row of a demand (10,000 at 10,000 SMEs) took most of the
    # page's time. The page is cut from the ids, so no query counts the rows.
    # (A to-many filter, clusters, could name a match twice: each is kept once.)
    best = list(
        dict.fromkeys(filterset.qs.order_by(*ordering).values_list("pk", flat=True)[:LIST_LIMIT])
    )
    page, shown, start = _page_ids(best, page_number)
    explained = _explained_ranks(shown, start, explain_folded)
    # The rows with their SME, profile, decision and feedback: one query (list_rows).
    # Only the explained rows' reasons are read, the largest column by far.
    records = supplier_records(
        match_ids=shown, profile_deferred=CARD_PROFILE_DEFERRED, reasons_of=explained
    )
    matches = [record.match for record in records]
    cluster_names = _cluster_names([record.profile.pk for record in records if record.profile])
    sees_contacts = contacts_rule(user)
    built = {m.pk for m in reasons_build([m for m in matches if m.pk in explained])}
    meeting_states = hooks.meeting_request_states([(demand, m.sme_id) for m in matches])
    rows = []
    for rank, record in enumerate(records, start=start):
        match, profile = record.match, record.profile
        rows.append(
            SupplierRow(
                match=match,
                profile=profile,
                clusters=cluster_names.get(profile.pk, []) if profile else [],
                decision=record.decision,
                feedback=record.feedback,
                explained=explanations(match, language) if match.pk in explained else [],
                show_contacts=bool(profile and sees_contacts(profile)),
                reasons_new=match.pk in built,
                meeting_request=meeting_states.get((demand.pk, match.sme_id), ""),
                rank=rank,
            )
        )
    return SupplierList(filterset=filterset, rows=rows, page=page)


# --- An SME's matches -----------------------------------------------------------------------


@dataclass
class DemandRow:
    match: MatchScore
    feedback: SmeFeedback | None
    explained: list[Explained]
    reasons_new: bool = False
    meeting_request: str = ""
    rank: int = 0  # place in the whole ranked list (1 is the best), whatever the page

    @property
    def explained_open(self) -> bool:
        """The best few matches show their reasons; the rest keep them one click away."""
        return self.rank <= REASONS_OPEN

    @property
    def can_request_meeting(self) -> bool:
        return self.meeting_request == hooks.REQUEST_ALLOWED

    @property
    def meeting_requested(self) -> bool:
        return self.meeting_request == hooks.REQUEST_OPEN


def _sme_matches(organisation: Organisation) -> QuerySet[MatchScore]:
    """The SME's matches with open demand projects (none of a draft mission), best first."""
    return (
        MatchScore.objects.filter(sme=organisation, demand__status=DemandProject.Status.OPEN)
        # A draft mission is not announced yet: its demand projects wait with it.
        .exclude(demand__mission__status=Mission.Status.DRAFT)
        .select_related("demand", "demand__buyer", "demand__mission")
        .order_by("-score", *_tie_breaks(), "demand_id")
    )


# What an SME's match card reads of a demand project (and what the meeting and brief links
# need): the projects' descriptions and lists made most of a row's width and decoding time.
DEMAND_CARD_FIELDS = ("title", "title_zh", "city", "market", "status", "buyer", "mission")


def _explained_ranks(match_ids: Sequence[int], start: int, explain_folded: bool) -> set[int]:
    """Of ``match_ids`` (in rank order from ``start``), those to explain: all, or only
    those whose rank shows the reasons open."""
    return {
        pk for rank, pk in enumerate(match_ids, start=start) if explain_folded or rank <= REASONS_OPEN
    }


def _demand_rows(
    matches: list[MatchScore],
    feedback: dict[int, SmeFeedback],
    organisation: Organisation,
    language: str | None,
    explained: set[int],
    start: int = 1,
) -> list[DemandRow]:
    """The rows of ``matches`` (ranked from ``start``), with the SME's ``feedback`` by
    demand id; the matches ``explained`` with their reasons (built where missing)."""
    built = {m.pk for m in reasons_build([m for m in matches if m.pk in explained])}
    meeting_states = hooks.meeting_request_states([(m.demand, organisation.pk) for m in matches])
    return [
        DemandRow(
            match=m,
            feedback=feedback.get(m.demand_id),
            explained=explanations(m, language) if m.pk in explained else [],
            reasons_new=m.pk in built,
            meeting_request=meeting_states.get((m.demand_id, organisation.pk), ""),
            rank=rank,
        )
        for rank, m in enumerate(matches, start=start)
    ]


def sme_demands(*, organisation: Organisation, language: str | None = None) -> list[DemandRow]:
    """The best ``LIST_LIMIT`` open demand projects that fit ``organisation`` (none of a
    draft mission), best first (two queries, and those of ``reasons_build`` when rows
    still lack their reasons)."""
    matches = list(_sme_matches(organisation)[:LIST_LIMIT])
    feedback = {
        f.demand_id: f
        for f in SmeFeedback.objects.filter(
            sme=organisation, demand_id__in=[m.demand_id for m in matches]
        )
    }
    return _demand_rows(matches, feedback, organisation, language, {m.pk for m in matches})


def sme_demands_page(
    *,
    organisation: Organisation,
    page_number: int | str,
    language: str | None = None,
    explain_folded: bool = True,
) -> tuple[Page, list[DemandRow]]:
    """The page ``page_number`` of ``PAGE_SIZE`` of what ``sme_demands`` lists (a number
    past the end gives the last page), and its rows: the best ids, from which the page is
    cut (no query counts the rows), then the page's rows with their projects and the SME's
    feedback in one query (``list_rows``). ``explain_folded`` as for ``demand_suppliers``
    (the others' reasons: ``listed_sme_match``)."""
    best = list(_sme_matches(organisation).values_list("pk", flat=True)[:LIST_LIMIT])
    page, shown, start = _page_ids(best, page_number)
    explained = _explained_ranks(shown, start, explain_folded)
    # The ids were chosen by the filters: the page's rows are read by id alone (the draft
    # missions' exclusion, a subquery, took a fifth of the read). Only the explained rows'
    # reasons are read, the largest column by far.
    records = demand_card_records(
        match_ids=shown, demand_fields=DEMAND_CARD_FIELDS, reasons_of=explained
    )
    matches = [record.match for record in records]
    feedback = {record.match.demand_id: record.feedback for record in records if record.feedback}
    return page, _demand_rows(matches, feedback, organisation, language, explained, start)


# --- One match of a list, whose reasons a folded card loads ------------------------------


def listed_supplier_match(*, demand: DemandProject, sme_id: int) -> MatchScore | None:
    """The match of ``demand`` with the SME ``sme_id`` as the buyer's list shows it (a
    published profile), or None."""
    return _listed_suppliers(demand).filter(sme_id=sme_id).select_related("sme").first()


def listed_sme_match(*, organisation: Organisation, demand_id: int) -> MatchScore | None:
    """The match of ``organisation`` with the demand project ``demand_id`` as the SME's
    list shows it (an open project, not of a draft mission), or None."""
    return _sme_matches(organisation).filter(demand_id=demand_id).first()


def match_explained(match: MatchScore, language: str | None = None) -> tuple[list[Explained], bool]:
    """The explanations of ``match``, its reasons built first if a full rescore left them
    out; and whether they were (the view saves them: ``services.match_reasons_save``)."""
    built = bool(reasons_build([match]))
    return explanations(match, language), built


# --- Staff ------------------------------------------------------------------------------


def scoring_runs(*, limit: int = 20, mission: Mission | None = None) -> list[ScoringRun]:
    """The newest runs; for ``mission``, only those that scored its demand projects."""
    runs = ScoringRun.objects.select_related("started_by", "sme", "demand")
    if mission is not None:
        runs = runs.filter(Q(mission=mission) | Q(demand__mission=mission))
    return list(runs[:limit])


def mission_demands(*, mission: Mission, user) -> list[DemandProject]:
    """The mission's demand projects with their match counts (as on the buyer's list)."""
    return list(buyer_demands(user=user).filter(mission=mission))


def active_full_run() -> ScoringRun | None:
    return (
        ScoringRun.objects.filter(
            scope=ScoringRun.Scope.FULL,
            status__in=[ScoringRun.Status.QUEUED, ScoringRun.Status.RUNNING],
        )
        .order_by("-created_at")
        .first()
    )


def application_scores(
    mission: Mission, applications: Sequence[MissionApplication]
) -> dict[int, int]:
    """Each applicant's best match score over the mission's demand projects (one query)."""
    by_sme = dict(
        MatchScore.objects.filter(
            demand__mission=mission, sme_id__in=[a.organisation_id for a in applications]
        )
        .values("sme_id")
        .annotate(best=Max("score"))
        .values_list("sme_id", "best")
    )
    return {
        a.pk: round(by_sme[a.organisation_id])
        for a in applications
        if a.organisation_id in by_sme
    }
