"""Reads that turn published profiles and open demand projects into scoring records.

A handful of queries whatever the number of rows (one per table, no per-row query), so a
full rescore of 10,000 SMEs loads them in about a second. Sector suggestions for a
profile are computed once per profile version and kept in the cache.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable

from django.core.cache import cache

from companies.models import CompanyProfile, ReferenceProject
from companies.sector_suggest import suggest_sectors
from companies.text import Reference
from missions.models import DemandProject, MissionApplication

from ..scoring.records import DemandRecord, SmeRecord
from .models import SmeFeedback

SUGGESTIONS_TIMEOUT = 30 * 24 * 3600


def _suggestion_key(profile_id: int, updated_at) -> str:
    return f"matching:suggested:{profile_id}:{updated_at.timestamp():.6f}"


def _suggested_sectors(rows: list[dict]) -> dict[int, tuple[str, ...]]:
    """Suggested (unconfirmed) sectors per profile id, from the cache or computed."""
    keys = {_suggestion_key(r["id"], r["updated_at"]): r for r in rows}
    found = cache.get_many(list(keys))
    missing = {}
    for key, row in keys.items():
        if key in found:
            continue
        suggestions = suggest_sectors(
            row["description_en"],
            row["technologies"] or (),
            row["references"],
            description_zh=row["description_zh"],
            # A suggestion the SME dismissed stops counting.
            exclude=[*row["sectors"], *(row.get("dismissed_sectors") or ())],
        )
        found[key] = missing[key] = tuple(s.code for s in suggestions)
    if missing:
        cache.set_many(missing, SUGGESTIONS_TIMEOUT)
    return {row["id"]: tuple(found[key]) for key, row in keys.items()}


def sme_records(
    *,
    organisation_ids: Iterable[int] | None = None,
    id_range: tuple[int, int] | None = None,
) -> list[SmeRecord]:
    """Published SME profiles as scoring records, ordered by organisation id.

    ``SmeRecord.id`` is the organisation id (what ``MatchScore.sme`` points to).
    """
    profiles = CompanyProfile.objects.filter(status=CompanyProfile.Status.PUBLISHED)
    if organisation_ids is not None:
        profiles = profiles.filter(organisation_id__in=list(organisation_ids))
    if id_range is not None:
        profiles = profiles.filter(organisation__pk__gte=id_range[0], organisation__pk__lte=id_range[1])
    rows = list(
        profiles.order_by("organisation_id").values(
            "id",
            "organisation_id",
            "organisation__name",
            "description_en",
            "description_zh",
            "technologies",
            "trl",
            "certifications",
            "target_markets",
            "dismissed_sectors",
            "updated_at",
        )
    )
    if not rows:
        return []
    # The same selection as a subquery, not a list of ids: with 10,000 profiles, sending and
    # parsing three lists of 10,000 parameters took most of the time these reads take.
    profile_ids = profiles.values("id")
    org_ids = profiles.values("organisation_id")
    sectors: dict[int, list[str]] = defaultdict(list)
    for profile_id, code in CompanyProfile.sectors.through.objects.filter(
        companyprofile_id__in=profile_ids
    ).values_list("companyprofile_id", "sector__code"):
        sectors[profile_id].append(code)
    references: dict[int, list[Reference]] = defaultdict(list)
    for profile_id, title, description, code in (
        ReferenceProject.objects.filter(profile_id__in=profile_ids)
        .order_by("profile_id", "pk")
        .values_list("profile_id", "title", "description", "sector__code")
    ):
        references[profile_id].append(Reference(title, description, code))
    missions: dict[int, list[int]] = defaultdict(list)
    for org_id, mission_id in (
        MissionApplication.objects.filter(
            organisation_id__in=org_ids, status=MissionApplication.Status.ACCEPTED
        )
        .order_by("mission_id")
        .values_list("organisation_id", "mission_id")
    ):
        missions[org_id].append(mission_id)
    for row in rows:
        row["sectors"] = sorted(sectors[row["id"]])
        row["references"] = tuple(references[row["id"]])
    suggested = _suggested_sectors(rows)
    return [
        SmeRecord(
            id=row["organisation_id"],
            name=row["organisation__name"],
            description=row["description_en"],
            description_zh=row["description_zh"],
            technologies=tuple(row["technologies"] or ()),
            sectors=tuple(row["sectors"]),
            suggested_sectors=suggested[row["id"]],
            trl=row["trl"],
            certifications=tuple(row["certifications"] or ()),
            markets=tuple(row["target_markets"] or ()),
            references=row["references"],
            missions=tuple(missions[row["organisation_id"]]),
        )
        for row in rows
    ]


def demand_records(*, demand_ids: Iterable[int] | None = None) -> list[DemandRecord]:
    """Open demand projects as scoring records, ordered by id (two queries)."""
    demands = DemandProject.objects.filter(status=DemandProject.Status.OPEN)
    if demand_ids is not None:
        demands = demands.filter(pk__in=list(demand_ids))
    rows = list(
        demands.order_by("pk").values(
            "id",
            "title",
            "title_zh",
            "description_en",
            "description_zh",
            "technologies",
            "min_trl",
            "required_certifications",
            "market",
            "mission_id",
            "mission__title",
            "city",
        )
    )
    sectors: dict[int, list[str]] = defaultdict(list)
    for demand_id, code in DemandProject.sectors.through.objects.filter(
        demandproject_id__in=demands.values("id")
    ).values_list("demandproject_id", "sector__code"):
        sectors[demand_id].append(code)
    return [
        DemandRecord(
            id=row["id"],
            title=row["title"],
            description=row["description_en"],
            title_zh=row["title_zh"],
            description_zh=row["description_zh"],
            sectors=tuple(sorted(sectors[row["id"]])),
            technologies=tuple(row["technologies"] or ()),
            min_trl=row["min_trl"],
            certifications=tuple(row["required_certifications"] or ()),
            market=row["market"] or None,
            mission=row["mission_id"],
            mission_name=row["mission__title"] or "",
            city=row["city"],
        )
        for row in rows
    ]


def open_demands_stamp() -> str:
    """Changes whenever an open demand project is added, changed, closed or removed."""
    digest = hashlib.blake2b(digest_size=16)
    for pk, updated_at in (
        DemandProject.objects.filter(status=DemandProject.Status.OPEN)
        .order_by("pk")
        .values_list("pk", "updated_at")
    ):
        digest.update(f"{pk}:{updated_at.timestamp()};".encode())
    return digest.hexdigest()


def feedback_for(
    *,
    organisation_ids: Iterable[int] | None = None,
    id_range: tuple[int, int] | None = None,
    demand_id: int | None = None,
) -> dict[tuple[int, int], bool]:
    """SME feedback as (sme id, demand id) → interested?, for the given SMEs or demand."""
    rows = SmeFeedback.objects.all()
    if organisation_ids is not None:
        rows = rows.filter(sme_id__in=list(organisation_ids))
    if id_range is not None:
        rows = rows.filter(sme__pk__gte=id_range[0], sme__pk__lte=id_range[1])
    if demand_id is not None:
        rows = rows.filter(demand_id=demand_id)
    return {
        (sme_id, demand_id): verdict == SmeFeedback.Verdict.INTERESTED
        for sme_id, demand_id, verdict in rows.values_list("sme_id", "demand_id", "verdict")
    }
