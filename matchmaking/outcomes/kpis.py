"""The funnel to investment, for funders: per mission and across missions, broken down by
the SME's country, cluster, sector and target market. Read-only.

Units, per stage:
- applied / selected: mission applications of SMEs (any status / accepted);
- meeting requests / accepted: meeting requests (any status / accepted);
- held / no-show: meetings that either side reported as held; meetings reported as a
  no-show by a side and as held by none;
- follow-ups, letters of intent, pilots and contracts, investment: distinct pairs (mission,
  SME, buyer) with at least one such outcome ("follow-ups" = contact continued).
Values are the reported outcome values, summed per currency, never across currencies. A
deal both sides reported counts once: per meeting (or, without one, per match) and kind, the
larger of the reported values in each currency. An SME with several countries' worth of
clusters, sectors or markets counts in each of them.

The investment pipeline (investors' interest in an SME through to an investment) comes from
the investors area through ``register_pipeline_source``, as plain rows: this area imports
no other area's code but matching's and meetings'.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from companies.models import CompanyProfile, Organisation
from missions.models import Mission, MissionApplication

from ..meetings.models import MeetingRequest
from .models import MeetingFeedback, Outcome

STAGES = (
    ("applied", _("SMEs applied")),
    ("selected", _("SMEs selected")),
    ("requests", _("Meeting requests")),
    ("accepted", _("Requests accepted")),
    ("held", _("Meetings held")),
    ("follow_ups", _("Follow-ups")),
    ("loi", _("Letters of intent")),
    ("pilots_contracts", _("Pilots and contracts")),
    ("investment", _("Joint ventures and investment")),
)
STAGE_KEYS = tuple(key for key, _label in STAGES)
# Outcome kinds per outcome stage of the funnel.
OUTCOME_STAGES = {
    "follow_ups": (Outcome.Kind.CONTACT,),
    "loi": (Outcome.Kind.LETTER_OF_INTENT,),
    "pilots_contracts": (Outcome.Kind.PILOT, Outcome.Kind.CONTRACT),
    "investment": (Outcome.Kind.JOINT_VENTURE, Outcome.Kind.INVESTMENT),
}
VALUED_STAGES = ("loi", "pilots_contracts", "investment")
DIMENSIONS = (
    ("country", _("Country")),
    ("cluster", _("Cluster")),
    ("sector", _("Sector")),
    ("market", _("Target market")),
)
NONE = "—"


@dataclass
class Funnel:
    counts: dict[str, int]
    no_shows: int
    values: dict[str, dict[str, int]]  # stage → currency → sum

    @property
    def acceptance_rate(self) -> float | None:
        """Accepted requests out of all meeting requests."""
        return self.counts["accepted"] / self.counts["requests"] if self.counts["requests"] else None

    @property
    def no_show_rate(self) -> float | None:
        """No-shows out of the meetings with feedback (held or no-show)."""
        reported = self.counts["held"] + self.no_shows
        return self.no_shows / reported if reported else None

    def stages(self) -> list[dict]:
        return [
            {"key": key, "label": label, "count": self.counts[key],
             "values": sorted(self.values.get(key, {}).items())}
            for key, label in STAGES
        ]


@dataclass
class Facts:
    """Every counted thing as (sme id, mission id, identity) per stage, and values as
    (stage, sme id, mission id, currency, value)."""

    items: dict[str, set] = field(default_factory=lambda: defaultdict(set))
    no_shows: set = field(default_factory=set)
    values: list[tuple[str, int, int, str, int]] = field(default_factory=list)

    def funnel(self, smes: set[int] | None = None, mission_id: int | None = None) -> Funnel:
        def keep(sme_id: int, of_mission: int) -> bool:
            return (smes is None or sme_id in smes) and (
                mission_id is None or of_mission == mission_id)

        counts = {
            key: sum(1 for sme_id, of_mission, _ident in self.items[key]
                     if keep(sme_id, of_mission))
            for key in STAGE_KEYS
        }
        values: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for stage, sme_id, of_mission, currency, value in self.values:
            if keep(sme_id, of_mission):
                values[stage][currency] += value
        return Funnel(
            counts=counts,
            no_shows=sum(1 for sme_id, of_mission, _i in self.no_shows
                         if keep(sme_id, of_mission)),
            values={stage: dict(by_currency) for stage, by_currency in values.items()},
        )


def collect_facts(*, mission: Mission | None = None) -> Facts:
    """Four queries: applications, requests, feedback, outcomes."""
    facts = Facts()
    applications = MissionApplication.objects.filter(organisation__kind=Organisation.Kind.SME)
    requests = MeetingRequest.objects.all()
    feedback = MeetingFeedback.objects.all()
    outcomes = Outcome.objects.all()
    if mission is not None:
        applications = applications.filter(mission=mission)
        requests = requests.filter(mission=mission)
        feedback = feedback.filter(meeting__mission=mission)
        outcomes = outcomes.filter(mission=mission)
    for pk, sme_id, of_mission, status in applications.values_list(
        "pk", "organisation_id", "mission_id", "status"
    ):
        facts.items["applied"].add((sme_id, of_mission, pk))
        if status == MissionApplication.Status.ACCEPTED:
            facts.items["selected"].add((sme_id, of_mission, pk))
    for pk, sme_id, of_mission, status in requests.values_list(
        "pk", "sme_id", "mission_id", "status"
    ):
        facts.items["requests"].add((sme_id, of_mission, pk))
        if status == MeetingRequest.Status.ACCEPTED:
            facts.items["accepted"].add((sme_id, of_mission, pk))
    no_show = set()
    for meeting_id, sme_id, of_mission, took_place in feedback.values_list(
        "meeting_id", "meeting__sme_id", "meeting__mission_id", "took_place"
    ):
        if took_place == MeetingFeedback.TookPlace.HELD:
            facts.items["held"].add((sme_id, of_mission, meeting_id))
        else:
            no_show.add((sme_id, of_mission, meeting_id))
    facts.no_shows = no_show - facts.items["held"]
    stage_of = {kind: stage for stage, kinds in OUTCOME_STAGES.items() for kind in kinds}
    deals: dict[tuple, tuple[str, int, int, int]] = {}
    for meeting_id, mission_id, sme_id, buyer_id, demand_id, kind, value, currency in (
        outcomes.values_list("meeting_id", "mission_id", "sme_id", "buyer_id", "demand_id",
                             "kind", "value", "currency")
    ):
        stage = stage_of[kind]
        facts.items[stage].add((sme_id, mission_id, (sme_id, buyer_id)))
        if value is not None and currency:
            key = (deal_key(meeting_id=meeting_id, mission_id=mission_id, sme_id=sme_id,
                            buyer_id=buyer_id, demand_id=demand_id, kind=kind), currency)
            if key not in deals or deals[key][3] < value:
                deals[key] = (stage, sme_id, mission_id, value)
    for (_deal, currency), (stage, sme_id, mission_id, value) in deals.items():
        facts.values.append((stage, sme_id, mission_id, currency, value))
    return facts


def deal_key(*, meeting_id: int | None, mission_id: int, sme_id: int, buyer_id: int,
             demand_id: int | None, kind: str) -> tuple:
    """One deal however many sides reported it: its meeting, or without one its match
    (mission, SME, buyer, demand project), and its kind."""
    if meeting_id is not None:
        return ("meeting", meeting_id, kind)
    return ("match", mission_id, sme_id, buyer_id, demand_id, kind)


def sme_dimensions(sme_ids: set[int]) -> dict[str, dict[str, set[int]]]:
    """dimension → group label → SME ids (an SME may be in several groups)."""
    zh = (get_language() or "").startswith("zh")
    groups: dict[str, dict[str, set[int]]] = {key: defaultdict(set) for key, _l in DIMENSIONS}
    organisations = Organisation.objects.filter(pk__in=sme_ids).values_list("pk", "country")
    for pk, country in organisations:
        groups["country"][str(countries.name(country)) if country else NONE].add(pk)
    profiles = CompanyProfile.objects.filter(organisation__in=sme_ids)
    in_cluster: set[int] = set()
    for sme_id, name in profiles.values_list("organisation_id", "clusters__name"):
        if name:
            groups["cluster"][name].add(sme_id)
            in_cluster.add(sme_id)
    in_sector: set[int] = set()
    for sme_id, code, parent_en, parent_zh, own_en, own_zh in profiles.values_list(
        "organisation_id", "sectors__code", "sectors__parent__name_en",
        "sectors__parent__name_zh", "sectors__name_en", "sectors__name_zh",
    ):
        if code:
            top = (parent_zh or own_zh) if zh else (parent_en or own_en)
            groups["sector"][top].add(sme_id)
            in_sector.add(sme_id)
    markets = dict(CompanyProfile.TargetMarket.choices)
    in_market: set[int] = set()
    for sme_id, chosen in profiles.values_list("organisation_id", "target_markets"):
        for market in chosen or []:
            groups["market"][str(markets.get(market, market))].add(sme_id)
            in_market.add(sme_id)
    for key, covered in (("cluster", in_cluster), ("sector", in_sector), ("market", in_market)):
        if sme_ids - covered:
            groups[key][NONE] |= sme_ids - covered
    return groups


# --- The investment pipeline ------------------------------------------------------------

PIPELINE_STAGES = (
    ("interest", _("Investor interest")),
    ("introduced", _("Introductions accepted")),
    ("due_diligence", _("Due diligence")),
    ("term_sheet", _("Term sheets")),
    ("investment", _("Investments and joint ventures")),
    ("closed", _("Closed deals")),
)
PIPELINE_KEYS = tuple(key for key, _label in PIPELINE_STAGES)
PIPELINE_DIMENSIONS = (("country", _("Country")), ("sector", _("Sector")))


@dataclass(frozen=True)
class PipelineRow:
    """One investor's pipeline with one SME as the KPIs read it: the furthest stage it
    reached (a key of ``PIPELINE_STAGES``) and, from the investment on, its value."""

    pipeline_id: int
    sme_id: int
    mission_id: int | None
    furthest: str
    value: int | None = None
    currency: str = ""


PipelineSource = Callable[[Mission | None], Iterable[PipelineRow]]
_pipeline_sources: list[PipelineSource] = []


def register_pipeline_source(source: PipelineSource) -> None:
    """``source(mission or None)`` gives the pipelines of that mission (or of all)."""
    if source not in _pipeline_sources:
        _pipeline_sources.append(source)


def pipeline_rows(mission: Mission | None = None) -> list[PipelineRow]:
    return [row for source in list(_pipeline_sources) for row in source(mission)]


@dataclass
class PipelineFunnel:
    """Pipelines that reached each stage (a pipeline counts in every stage up to its
    furthest) and the investment values per currency, never summed across currencies."""

    counts: dict[str, int]
    values: dict[str, int]

    def stages(self) -> list[dict]:
        return [
            {"key": key, "label": label, "count": self.counts[key],
             "values": sorted(self.values.items()) if key == "investment" else []}
            for key, label in PIPELINE_STAGES
        ]


def pipeline_funnel(rows: Iterable[PipelineRow]) -> PipelineFunnel:
    counts = dict.fromkeys(PIPELINE_KEYS, 0)
    values: dict[str, int] = defaultdict(int)
    invested = PIPELINE_KEYS.index("investment")
    for row in rows:
        reached = PIPELINE_KEYS.index(row.furthest)
        for key in PIPELINE_KEYS[: reached + 1]:
            counts[key] += 1
        if reached >= invested and row.value is not None and row.currency:
            values[row.currency] += row.value
    return PipelineFunnel(counts=counts, values=dict(sorted(values.items())))


@dataclass
class PipelineReport:
    total: PipelineFunnel
    by_mission: list[tuple[Mission, PipelineFunnel]]
    breakdowns: list[tuple[str, str, list[tuple[str, PipelineFunnel]]]]  # key, label, groups


def pipeline_report(*, mission: Mission | None = None) -> PipelineReport:
    """The investment pipeline of one mission (or of all), by mission, country and sector.
    Pipelines outside any mission count in the totals and breakdowns only."""
    rows = pipeline_rows(mission)
    dimensions = sme_dimensions({row.sme_id for row in rows})
    breakdowns = []
    for key, label in PIPELINE_DIMENSIONS:
        groups = sorted(dimensions[key].items(), key=lambda item: (item[0] == NONE, item[0]))
        breakdowns.append((key, label, [
            (group, pipeline_funnel(r for r in rows if r.sme_id in members))
            for group, members in groups
        ]))
    mission_ids = {row.mission_id for row in rows if row.mission_id is not None}
    by_mission = [
        (each, pipeline_funnel(r for r in rows if r.mission_id == each.pk))
        for each in Mission.objects.filter(pk__in=mission_ids).order_by("start_date", "pk")
    ]
    return PipelineReport(total=pipeline_funnel(rows), by_mission=by_mission,
                          breakdowns=breakdowns)


# --- Landing support ------------------------------------------------------------------------

# (mission or None) -> (SME id, host city, application status) per application; the landing
# support area answers (for a mission: the applications of its delegation's SMEs).
SupportSource = Callable[[Mission | None], Iterable[tuple[int, str, str]]]
_support_sources: list[SupportSource] = []


def register_support_source(source: SupportSource) -> None:
    if source not in _support_sources:
        _support_sources.append(source)


@dataclass
class SupportReport:
    """Landing support applications and packages held (accepted), per host city."""

    by_city: list[tuple[str, int, int]]  # city, applications, held

    @property
    def applications(self) -> int:
        return sum(applications for _city, applications, _held in self.by_city)

    @property
    def held(self) -> int:
        return sum(held for _city, _applications, held in self.by_city)


def support_report(*, mission: Mission | None = None) -> SupportReport:
    applications: dict[str, int] = defaultdict(int)
    held: dict[str, int] = defaultdict(int)
    for source in list(_support_sources):
        for _sme_id, city, status in source(mission):
            applications[city] += 1
            held[city] += status == "accepted"
    return SupportReport(by_city=[(city, applications[city], held[city])
                                  for city in sorted(applications)])


@dataclass
class Report:
    mission: Mission | None
    total: Funnel
    by_mission: list[tuple[Mission, Funnel]]
    breakdowns: list[tuple[str, str, list[tuple[str, Funnel]]]]  # key, label, groups
    rows: list[dict]
    pipeline: PipelineReport | None = None
    support: SupportReport | None = None


def kpi_report(*, mission: Mission | None = None) -> Report:
    """The funnel of one mission (or of all), its breakdowns and per-SME rows."""
    facts = collect_facts(mission=mission)
    sme_ids = {sme_id for items in facts.items.values() for sme_id, _m, _i in items}
    sme_ids |= {sme_id for sme_id, _m, _i in facts.no_shows}
    dimensions = sme_dimensions(sme_ids)
    breakdowns = [
        (key, label, [(group, facts.funnel(members)) for group, members in
                      sorted(dimensions[key].items(), key=lambda item: (item[0] == NONE, item[0]))])
        for key, label in DIMENSIONS
    ]
    by_mission = []
    if mission is None:
        mission_ids = {m for items in facts.items.values() for _s, m, _i in items}
        for each in Mission.objects.filter(pk__in=mission_ids).order_by("start_date", "pk"):
            by_mission.append((each, facts.funnel(mission_id=each.pk)))
    names = dict(Organisation.objects.filter(pk__in=sme_ids).values_list("pk", "name"))
    countries_of = dict(Organisation.objects.filter(pk__in=sme_ids).values_list("pk", "country"))
    rows = []
    for sme_id in sorted(sme_ids, key=lambda pk: (names.get(pk, ""), pk)):
        funnel = facts.funnel({sme_id})
        rows.append(
            {"sme": names.get(sme_id, ""), "country": countries_of.get(sme_id, ""),
             "counts": funnel.counts, "no_shows": funnel.no_shows, "values": funnel.values}
        )
    return Report(mission=mission, total=facts.funnel(), by_mission=by_mission,
                  breakdowns=breakdowns, rows=rows, pipeline=pipeline_report(mission=mission),
                  support=support_report(mission=mission))


def chart_bars(funnel: Funnel, *, width: int = 640, bar: int = 26, gap: int = 8) -> dict:
    """Geometry of a server-drawn SVG funnel chart (one bar per stage)."""
    peak = max(funnel.counts.values(), default=0) or 1
    label_width, chart_width = 240, width - 290
    bars = []
    for index, (key, label) in enumerate(STAGES):
        count = funnel.counts[key]
        bars.append({
            "key": key, "label": label, "count": count, "y": index * (bar + gap),
            "x": label_width, "width": max(round(chart_width * count / peak), 2 if count else 0),
            "text_y": index * (bar + gap) + bar * 0.68,
        })
    return {"bars": bars, "width": width, "height": len(STAGES) * (bar + gap), "bar": bar,
            "label_x": label_width - 8}


def group_bars(groups: list[tuple[str, Funnel]], stage: str, *, width: int = 640) -> dict:
    """Geometry of a bar chart of one stage's count per group of a breakdown."""
    bar, gap, label_width = 20, 6, 240
    peak = max((funnel.counts[stage] for _g, funnel in groups), default=0) or 1
    bars = []
    for index, (group, funnel) in enumerate(groups):
        count = funnel.counts[stage]
        bars.append({
            "key": group, "label": group, "count": count, "y": index * (bar + gap),
            "x": label_width, "width": max(round((width - 290) * count / peak), 2 if count else 0),
            "text_y": index * (bar + gap) + bar * 0.7,
        })
    return {"bars": bars, "width": width, "height": max(len(groups) * (bar + gap), bar),
            "bar": bar, "label_x": label_width - 8}


def pipeline_bars(funnel: PipelineFunnel, *, width: int = 640, bar: int = 26,
                  gap: int = 8) -> dict:
    """Geometry of the server-drawn SVG chart of the investment pipeline."""
    peak = max(funnel.counts.values(), default=0) or 1
    label_width, chart_width = 240, width - 290
    bars = []
    for index, (key, label) in enumerate(PIPELINE_STAGES):
        count = funnel.counts[key]
        bars.append({
            "key": key, "label": label, "count": count, "y": index * (bar + gap),
            "x": label_width, "width": max(round(chart_width * count / peak), 2 if count else 0),
            "text_y": index * (bar + gap) + bar * 0.68,
        })
    return {"bars": bars, "width": width, "height": len(PIPELINE_STAGES) * (bar + gap),
            "bar": bar, "label_x": label_width - 8}
