"""Reads for the missions app: what each reader may see, shaped for the pages."""

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from companies.models import CompanyProfile, Organisation
from companies.rules import is_staff
from companies.selectors import profile_completeness

from .filters import ApplicationFilter, DemandProjectFilter, MissionFilter
from .hooks import ApplicationReadinessProvider, ApplicationScoreProvider
from .models import (
    AgendaSession,
    DemandProject,
    MeetingDay,
    Mission,
    MissionApplication,
    Slot,
    Unavailability,
)

BUYER_KINDS = (Organisation.Kind.BUYER, Organisation.Kind.INVESTOR)


# --- Missions ---------------------------------------------------------------------------


def missions_visible_to(user) -> QuerySet[Mission]:
    """Staff see every mission; everyone else sees missions once they leave draft."""
    missions = Mission.objects.all()
    if not is_staff(user):
        missions = missions.exclude(status=Mission.Status.DRAFT)
    return missions


def mission_list(*, user, filters: Mapping | None = None) -> MissionFilter:
    """The missions ``user`` may see, filtered; ``.qs`` holds them with their counts."""
    queryset = (
        missions_visible_to(user)
        .annotate(
            accepted_count=Count(
                "applications",
                filter=Q(applications__status=MissionApplication.Status.ACCEPTED),
                distinct=True,
            ),
            demand_count=Count(
                "demand_projects",
                filter=Q(demand_projects__status=DemandProject.Status.OPEN),
                distinct=True,
            ),
        )
        .prefetch_related("organisers")
        .order_by("start_date", "title")
    )
    return MissionFilter(filters or None, queryset=queryset)


def mission_delegation(*, mission: Mission) -> list[MissionApplication]:
    """The accepted applications: the SMEs travelling with the mission."""
    return list(
        mission.applications.filter(status=MissionApplication.Status.ACCEPTED)
        .select_related("organisation")
        .prefetch_related("sectors")
        .order_by("organisation__name")
    )


def mission_demand_projects(*, mission: Mission) -> list[DemandProject]:
    """The open demand projects the mission's buyers bring."""
    return list(
        mission.demand_projects.filter(status=DemandProject.Status.OPEN)
        .select_related("buyer")
        .prefetch_related("sectors")
        .order_by("buyer__name", "title")
    )


def mission_agenda(*, mission: Mission) -> list[MeetingDay]:
    """The mission's days with their sessions and slots, in time order."""
    return list(
        mission.days.prefetch_related(
            Prefetch(
                "sessions",
                queryset=AgendaSession.objects.order_by("start_time").prefetch_related(
                    Prefetch("slots", queryset=Slot.objects.order_by("index"))
                ),
            )
        ).order_by("date")
    )


def application_of(*, mission: Mission, user) -> MissionApplication | None:
    """The application of the user's SME to ``mission``, if there is one."""
    if not user.is_authenticated:
        return None
    return (
        mission.applications.filter(
            organisation__memberships__user=user, organisation__kind=Organisation.Kind.SME
        )
        .select_related("organisation", "mission")
        .first()
    )


def mission_participant_organisations(*, mission: Mission, user) -> list[Organisation]:
    """The user's organisations taking part in ``mission``: an SME in the delegation, or a
    buyer bringing demand to it. They mark the slots in which they cannot meet."""
    if not user.is_authenticated:
        return []
    return list(
        Organisation.objects.filter(memberships__user=user)
        .filter(
            Q(
                kind=Organisation.Kind.SME,
                mission_applications__mission=mission,
                mission_applications__status=MissionApplication.Status.ACCEPTED,
            )
            | Q(kind__in=BUYER_KINDS, demand_projects__mission=mission)
        )
        .distinct()
        .order_by("name")
    )


def unavailable_slot_ids(*, mission: Mission, organisation: Organisation) -> set[int]:
    return set(
        Unavailability.objects.filter(
            organisation=organisation, slot__session__day__mission=mission
        ).values_list("slot_id", flat=True)
    )


# --- Staff dashboard --------------------------------------------------------------------

@dataclass
class ApplicationReview:
    application: MissionApplication
    profile: CompanyProfile | None
    completeness: int
    score: int | None
    readiness: int | None = None
    readiness_missing: tuple[str, ...] = ()


@dataclass
class MissionDashboard:
    filter: ApplicationFilter
    reviews: list[ApplicationReview]
    counts: dict[str, int]
    free_places: int
    demand_count: int
    has_scores: bool
    has_readiness: bool = False
    order: str = ""


DASHBOARD_ORDERS = ("readiness", "score")


def mission_dashboard(
    *,
    mission: Mission,
    filters: Mapping | None = None,
    score_provider: ApplicationScoreProvider | None = None,
    readiness_provider: ApplicationReadinessProvider | None = None,
    order: str = "",
) -> MissionDashboard:
    """Everything staff need to select a delegation, applications side by side.

    Scores come from ``score_provider`` (the matching app) and market-entry readiness from
    ``readiness_provider`` when given; otherwise the page shows none. ``order`` is one of
    ``DASHBOARD_ORDERS``: by application (default), by readiness or by match score, best
    first (applications without a value last).
    """
    counts = Counter(dict.fromkeys(MissionApplication.Status.values, 0))
    counts.update(mission.applications.values_list("status", flat=True))
    applications = (
        mission.applications.select_related("organisation", "organisation__profile")
        .prefetch_related(
            "sectors",
            Prefetch("wanted_demands", queryset=DemandProject.objects.select_related("buyer")),
            "organisation__profile__sectors",
            "organisation__profile__references",
        )
        .order_by("created_at", "pk")
    )
    application_filter = ApplicationFilter(filters or None, queryset=applications)
    rows = list(application_filter.qs)
    scores = dict(score_provider(mission, rows)) if score_provider else {}
    readiness = dict(readiness_provider(mission, rows)) if readiness_provider else {}
    reviews = []
    for application in rows:
        profile = getattr(application.organisation, "profile", None)
        reviews.append(
            ApplicationReview(
                application=application,
                profile=profile,
                completeness=profile_completeness(profile).percent if profile else 0,
                score=scores.get(application.pk),
                readiness=readiness[application.pk][0] if application.pk in readiness else None,
                readiness_missing=tuple(readiness.get(application.pk, (None, ()))[1]),
            )
        )
    order = order if order in DASHBOARD_ORDERS else ""
    if order:
        key = "readiness" if order == "readiness" else "score"
        # Best first, none last; the sort is stable, so ties keep the application order.
        reviews.sort(key=lambda r: (getattr(r, key) is None, -(getattr(r, key) or 0)))
    return MissionDashboard(
        filter=application_filter,
        reviews=reviews,
        counts=dict(counts),
        free_places=max(mission.capacity - counts[MissionApplication.Status.ACCEPTED], 0),
        demand_count=mission.demand_projects.count(),
        has_scores=score_provider is not None,
        has_readiness=readiness_provider is not None,
        order=order,
    )


# --- Demand projects --------------------------------------------------------------------


def demand_projects_visible_to(user) -> QuerySet[DemandProject]:
    """Staff see every demand project; a buyer sees those of its own organisations."""
    if is_staff(user):
        return DemandProject.objects.all()
    return DemandProject.objects.filter(buyer__memberships__user=user, buyer__kind__in=BUYER_KINDS)


def demand_project_list(*, user, filters: Mapping | None = None) -> DemandProjectFilter:
    """The demand projects ``user`` may manage, filtered; ``.qs`` holds them."""
    queryset = (
        demand_projects_visible_to(user)
        .select_related("buyer", "mission")
        .prefetch_related("sectors")
        .distinct()
        .order_by("-created_at", "-pk")
    )
    return DemandProjectFilter(
        filters or None, queryset=queryset, mission_queryset=missions_visible_to(user)
    )


# --- Applications -----------------------------------------------------------------------


def applications_visible_to(user) -> QuerySet[MissionApplication]:
    """Staff see every application; an SME's people see their own organisation's."""
    applications = MissionApplication.objects.select_related("mission", "organisation")
    if is_staff(user):
        return applications
    return applications.filter(
        organisation__memberships__user=user, organisation__kind=Organisation.Kind.SME
    ) if user.is_authenticated else applications.none()


def application_list(*, user, filters: Mapping | None = None) -> ApplicationFilter:
    """The applications ``user`` may see, filtered by status; ``.qs`` holds them."""
    queryset = applications_visible_to(user).prefetch_related("sectors").order_by("-pk")
    return ApplicationFilter(filters or None, queryset=queryset)
