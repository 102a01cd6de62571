"""Writes of the intelligence area: a new version of a market brief, an SME's readiness
checklist."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from companies.models import Organisation, Sector
from companies.rules import is_member, is_staff, require_staff
from companies.services import cache_forget
from missions.models import Market

from .models import MarketBrief, MarketBriefVersion, MarketReadiness
from .readiness import ANSWERED
from .selectors import BRIEF_LINKS_KEY

BRIEF_FIELDS = tuple(
    f.name
    for f in MarketBriefVersion._meta.get_fields()
    if f.name not in ("id", "brief", "number", "changed_by", "changed_at")
)


def _clean_certifications(value) -> list[str]:
    if isinstance(value, str):
        value = value.splitlines()
    seen: list[str] = []
    for name in value or ():
        name = " ".join(str(name).split())
        if name and name.casefold() not in {s.casefold() for s in seen}:
            seen.append(name)
    return seen


@transaction.atomic
def brief_save(
    *, market: str, sector: Sector, actor, fields: Mapping[str, object]
) -> MarketBriefVersion:
    """Save the brief of ``market`` and ``sector`` (created on first save) as a new version
    by ``actor`` (staff only). Saving the same text again adds no version: the current one
    is returned."""
    require_staff(actor)
    if market not in Market.values:
        raise ValidationError(_("Unknown market."))
    brief, _created = MarketBrief.objects.get_or_create(market=market, sector=sector)
    brief = MarketBrief.objects.select_for_update().get(pk=brief.pk)
    current = brief.versions.order_by("-number").first()
    values = {name: fields.get(name, getattr(current, name, None)) for name in BRIEF_FIELDS}
    values["certifications"] = _clean_certifications(values["certifications"])
    for name in BRIEF_FIELDS:
        if isinstance(values[name], str):
            values[name] = values[name].strip()
        if values[name] is None and name != "market_size_year":
            values[name] = ""
    if current is not None and all(getattr(current, n) == values[n] for n in BRIEF_FIELDS):
        return current
    version = MarketBriefVersion(
        brief=brief, number=(current.number + 1) if current else 1, changed_by=actor, **values
    )
    version.full_clean()
    version.save()
    return version


def brief_links_forget(**_signal) -> None:
    """Forget the cached list of briefs with a version (``selectors.BRIEF_LINKS_KEY``);
    connected to every save and delete of a brief, a version or a sector."""
    cache_forget(BRIEF_LINKS_KEY)


@transaction.atomic
def readiness_save(
    *, sme: Organisation, market: str, actor, answers: Mapping[str, bool]
) -> MarketReadiness:
    """Store the SME's checklist for ``market`` (its own people or staff)."""
    if not (is_staff(actor) or is_member(actor, sme.pk)):
        raise PermissionDenied(_("Only the company's people or staff can fill this in."))
    if market not in Market.values:
        raise ValidationError(_("Unknown market."))
    record, _created = MarketReadiness.objects.select_for_update().get_or_create(
        sme=sme, market=market
    )
    for item in ANSWERED:
        setattr(record, item, bool(answers.get(item)))
    record.updated_by = actor
    record.full_clean()
    record.save()
    return record
