"""Reads of the API area: a token by its secret, the tokens a person manages, sectors, and
outcomes as a query set for the cursor."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from companies.models import Membership, Sector
from companies.rules import is_owner, is_staff, organisation_ids
from missions.selectors import missions_visible_to

from ..outcomes.models import Outcome
from .keys import token_hash
from .models import ApiToken


def api_token_for_secret(secret: str) -> ApiToken | None:
    """The active token with this secret whose person may still use it, or None.

    An organisation token stops working once its maker is no longer an owner there.
    """
    token = (
        ApiToken.objects.select_related("user", "organisation")
        .filter(key_hash=token_hash(secret), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    if token.organisation_id is not None and not is_owner(token.user, token.organisation_id):
        return None
    return token


def api_tokens_managed_by(user) -> QuerySet[ApiToken]:
    """The person's own tokens and those of the organisations they own."""
    owned = Membership.objects.filter(user=user, role=Membership.Role.OWNER).values(
        "organisation_id"
    )
    return (
        ApiToken.objects.filter(Q(user=user) | Q(organisation_id__in=owned))
        .select_related("user", "organisation")
        .order_by("revoked_at", "-created_at", "-pk")
    )


def sectors() -> QuerySet[Sector]:
    """The sector taxonomy, parents before their children (by code)."""
    return Sector.objects.select_related("parent").order_by("code")


def outcomes_visible_to(user) -> QuerySet[Outcome]:
    """The outcomes the person's organisations reported, never another organisation's (the
    rule of ``outcomes.selectors.outcomes_of``); staff read those of the missions they see."""
    outcomes = Outcome.objects.select_related("mission", "sme", "buyer", "organisation")
    if is_staff(user):
        return outcomes.filter(mission__in=missions_visible_to(user))
    return outcomes.filter(organisation__in=organisation_ids(user))
