"""Reads of the intelligence area: market briefs with their current version and history,
the briefs that concern a demand project or a mission, and market-entry readiness. Never
writes."""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Exists, OuterRef, Prefetch
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from companies.models import CompanyProfile, Organisation, Sector
from companies.rules import is_member, is_staff
from missions.models import DemandProject, Market, Mission, MissionApplication

from .models import MarketBrief, MarketBriefVersion, MarketReadiness
from .readiness import ANSWERED, CERTIFICATIONS, Readiness, readiness_score

ITEM_LABELS = {
    "local_partner": gettext_lazy("A local partner or representative"),
    "ip_filed": gettext_lazy("IP protection filed in this market"),
    "local_language": gettext_lazy("Material in the local language"),
    "comparable_references": gettext_lazy("References in comparable cities"),
    "export_experience": gettext_lazy("Export experience"),
}


# --- Briefs --------------------------------------------------------------------------------


@dataclass
class BriefView:
    brief: MarketBrief
    current: MarketBriefVersion | None

    @property
    def sector(self) -> Sector:
        return self.brief.sector


def _with_versions(briefs) -> list[BriefView]:
    briefs = list(
        briefs.select_related("sector").prefetch_related(
            Prefetch(
                "versions",
                queryset=MarketBriefVersion.objects.select_related("changed_by").order_by(
                    "-number"
                ),
            )
        )
    )
    return [BriefView(brief=b, current=next(iter(b.versions.all()), None)) for b in briefs]


def brief_list(*, market: str | None = None) -> list[BriefView]:
    """Every brief (of ``market`` if given) with its current version (two queries)."""
    briefs = MarketBrief.objects.order_by("market", "sector__code")
    if market:
        briefs = briefs.filter(market=market)
    return _with_versions(briefs)


def brief_get(*, pk: int) -> BriefView | None:
    views = _with_versions(MarketBrief.objects.filter(pk=pk))
    return views[0] if views else None


@dataclass
class HistoryRow:
    version: MarketBriefVersion
    # Labels of the fields this version changed against the one before (all for the first).
    changed: list[str]


HISTORY_FIELDS = (
    "market_size_en", "market_size_zh", "market_size_source", "market_size_year",
    "policy_en", "policy_zh", "certifications", "buyers_en", "buyers_zh",
    "channels_en", "channels_zh", "risks_en", "risks_zh",
)


def brief_history(*, brief: MarketBrief) -> list[HistoryRow]:
    """Every version, newest first, with who saved it, when, and which fields it changed."""
    versions = list(brief.versions.select_related("changed_by").order_by("number"))
    rows = []
    previous = None
    for version in versions:
        changed = [
            str(MarketBriefVersion._meta.get_field(name).verbose_name)
            for name in HISTORY_FIELDS
            if previous is None
            and getattr(version, name) not in ("", None, [])
            or previous is not None
            and getattr(version, name) != getattr(previous, name)
        ]
        rows.append(HistoryRow(version=version, changed=changed))
        previous = version
    return rows[::-1]


def _with_parents(sector_ids: Iterable[int]) -> set[int]:
    ids = set(sector_ids)
    ids |= {
        parent
        for parent in Sector.objects.filter(pk__in=ids).values_list("parent_id", flat=True)
        if parent
    }
    return ids


def briefs_for(*, market: str, sector_ids: Iterable[int]) -> list[BriefView]:
    """The briefs of ``market`` for these sectors or their parent sectors, that have text."""
    briefs = MarketBrief.objects.filter(market=market, sector_id__in=_with_parents(sector_ids))
    return [view for view in _with_versions(briefs.order_by("sector__code")) if view.current]


def briefs_for_demand(*, demand: DemandProject) -> list[BriefView]:
    return briefs_for(market=demand.market, sector_ids=demand.sectors.values_list("pk", flat=True))


def briefs_for_mission(*, mission: Mission) -> list[BriefView]:
    """The briefs of the mission's market for the sectors its demand projects ask for, or
    for every sector when it has none yet."""
    sector_ids = DemandProject.sectors.through.objects.filter(
        demandproject__mission=mission
    ).values_list("sector_id", flat=True)
    ids = set(sector_ids)
    if not ids:
        return [view for view in brief_list(market=mission.target_market) if view.current]
    return briefs_for(market=mission.target_market, sector_ids=ids)


@dataclass
class BriefLink:
    """A brief as a link on a match card: no version is read."""

    brief: MarketBrief
    label: str = ""  # "market · sector", in the language of the page that read it

    @property
    def sector(self) -> Sector:
        return self.brief.sector


# The briefs that have a version, the only ones a match card links to: a short list (at most
# one per market and sector) that every SME's match list needs, kept in the cache. Reading
# it took two of the list's queries, an eighth of its time. Any write to a brief, a version
# or a sector forgets it (``services.brief_links_forget``); the timeout bounds how long a
# process without a shared cache (several workers and no Redis) can show a changed list.
BRIEF_LINKS_KEY = "intelligence:brief-links"
BRIEF_LINKS_TIMEOUT = 300  # seconds


def _brief_links() -> list[tuple[int, str, int, str, str, str]]:
    """(brief id, market, sector id, sector code, English and Chinese sector names) of each
    brief with a version, by sector code."""
    return cache.get_or_set(
        BRIEF_LINKS_KEY,
        lambda: list(
            MarketBrief.objects.filter(
                Exists(MarketBriefVersion.objects.filter(brief=OuterRef("pk")))
            )
            .order_by("sector__code", "market")
            .values_list(
                "pk", "market", "sector_id", "sector__code", "sector__name_en", "sector__name_zh"
            )
        ),
        BRIEF_LINKS_TIMEOUT,
    )


@functools.lru_cache(maxsize=512)
def _brief_link(
    language: str | None, pk: int, market: str, sector_id: int, code: str, name_en: str, name_zh: str
) -> BriefLink:
    """The link to a brief of ``_brief_links``, labelled in ``language`` (the active one):
    built once a process for each brief, name and language, not on every card (the label
    reads two translations). Pages only read it."""
    sector = Sector(pk=sector_id, code=code, name_en=name_en, name_zh=name_zh)
    brief = MarketBrief(pk=pk, market=market, sector=sector)
    return BriefLink(brief=brief, label=f"{brief.get_market_display()} · {sector.name}")


def briefs_by_demand(*, demands) -> dict[int, list[BriefLink]]:
    """For each demand project, the briefs of its market for its sectors or their parents
    that have a version (one query whatever the number of demands, and the cached list of
    briefs)."""
    demands = list(demands)
    if not demands:
        return {}
    sectors: dict[int, set[int]] = defaultdict(set)
    for demand_id, sector_id, parent_id in DemandProject.sectors.through.objects.filter(
        demandproject_id__in=[d.pk for d in demands]
    ).values_list("demandproject_id", "sector_id", "sector__parent_id"):
        sectors[demand_id] |= {sector_id} | ({parent_id} if parent_id else set())
    # Each brief's place in the list, under its market and sector.
    listed: dict[tuple[str, int], list[tuple[int, tuple]]] = defaultdict(list)
    for place, row in enumerate(_brief_links()):
        listed[(row[1], row[2])].append((place, row))
    language = get_language()
    out: dict[int, list[BriefLink]] = {}
    for demand in demands:
        market = demand.market
        found = sorted(
            entry for sector in sectors[demand.pk] for entry in listed.get((market, sector), ())
        )
        out[demand.pk] = [_brief_link(language, *row) for _place, row in found]
    return out


# --- Readiness -----------------------------------------------------------------------------


@dataclass
class ReadinessView:
    market: str
    market_label: str
    readiness: Readiness
    record: MarketReadiness | None
    held: list[str]
    needed: list[str]

    @property
    def score(self) -> int:
        return self.readiness.score

    @property
    def missing_labels(self) -> list[str]:
        return missing_labels(self.readiness)


def missing_labels(readiness: Readiness) -> list[str]:
    labels = []
    for item in readiness.missing:
        if item == CERTIFICATIONS:
            labels.append(
                _("Certifications: %(names)s") % {"names": ", ".join(readiness.uncertified)}
            )
        else:
            labels.append(str(ITEM_LABELS[item]))
    return labels


def _needed_by_sector(market: str) -> dict[int, list[str]]:
    """Per sector id, the certifications the current brief of ``market`` lists (one query
    for the newest versions)."""
    out: dict[int, list[str]] = {}
    rows = (
        MarketBriefVersion.objects.filter(brief__market=market)
        .order_by("brief_id", "-number")
        .values_list("brief_id", "brief__sector_id", "certifications")
    )
    seen = set()
    for brief_id, sector_id, certifications in rows:
        if brief_id in seen:
            continue
        seen.add(brief_id)
        out[sector_id] = list(certifications or [])
    return out


def readiness_for_smes(*, sme_ids: Sequence[int], market: str) -> dict[int, ReadinessView]:
    """Each SME's readiness for ``market`` (four queries whatever the number): held
    certifications from its profile, needed ones from the market's current briefs for its
    sectors and their parents, and its answered checklist (all "no" when not filled in)."""
    held: dict[int, list[str]] = {pk: [] for pk in sme_ids}
    for org_id, certifications in CompanyProfile.objects.filter(
        organisation_id__in=list(sme_ids)
    ).values_list("organisation_id", "certifications"):
        held[org_id] = [str(c) for c in certifications or []]
    sectors: dict[int, set[int]] = defaultdict(set)
    for org_id, sector_id, parent_id in CompanyProfile.sectors.through.objects.filter(
        companyprofile__organisation_id__in=list(sme_ids)
    ).values_list("companyprofile__organisation_id", "sector_id", "sector__parent_id"):
        sectors[org_id] |= {sector_id} | ({parent_id} if parent_id else set())
    return _readiness(
        {pk: (held[pk], sectors.get(pk, set())) for pk in sme_ids}, market=market
    )


def _readiness(
    smes: dict[int, tuple[list[str], set[int]]], *, market: str
) -> dict[int, ReadinessView]:
    """Score SMEs given as {id: (certifications held, sector ids with their parents)} (two
    queries: the market's current briefs and the SMEs' checklists)."""
    needed_by_sector = _needed_by_sector(market)
    records = {
        r.sme_id: r for r in MarketReadiness.objects.filter(sme_id__in=list(smes), market=market)
    }
    label = str(Market(market).label)
    out = {}
    for sme_id, (held, sector_ids) in smes.items():
        needed: list[str] = []
        for sector_id in sorted(sector_ids):
            needed += [c for c in needed_by_sector.get(sector_id, ()) if c not in needed]
        record = records.get(sme_id)
        answers = {item: bool(getattr(record, item, False)) for item in ANSWERED}
        out[sme_id] = ReadinessView(
            market=market,
            market_label=label,
            readiness=readiness_score(held=held, needed=needed, answers=answers),
            record=record,
            held=held,
            needed=needed,
        )
    return out


def readiness_of_sme(*, sme: Organisation) -> list[ReadinessView]:
    """The SME's readiness for every target market."""
    return [readiness_for_smes(sme_ids=[sme.pk], market=m)[sme.pk] for m in Market.values]


def application_readiness(
    mission: Mission, applications: Sequence[MissionApplication]
) -> dict[int, tuple[int, list[str]]]:
    """The provider missions' selection dashboard asks: per application, the applicant's
    readiness for the mission's market and what it misses."""
    # The dashboard has loaded each applicant's profile and sectors already.
    smes: dict[int, tuple[list[str], set[int]]] = {}
    for application in applications:
        profile = getattr(application.organisation, "profile", None)
        sectors = list(profile.sectors.all()) if profile else []
        smes[application.organisation_id] = (
            [str(c) for c in (profile.certifications if profile else [])],
            {s.pk for s in sectors} | {s.parent_id for s in sectors if s.parent_id},
        )
    views = _readiness(smes, market=mission.target_market)
    return {
        a.pk: (views[a.organisation_id].score, views[a.organisation_id].missing_labels)
        for a in applications
    }


def sme_for_readiness(*, user, slug: str) -> Organisation | None:
    """The SME whose checklist ``user`` may see and fill in: its own people, or staff."""
    sme = Organisation.objects.filter(slug=slug, kind=Organisation.Kind.SME).first()
    if sme is None or not (is_staff(user) or is_member(user, sme.pk)):
        return None
    return sme
