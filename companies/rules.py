"""Who may do what: one definition of each rule that every app asks.

Apps never test ``user.is_staff`` or walk memberships themselves; they call these, so the
staff check, and "the organisations of this user", give the same answer everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, prefetch_related_objects
from django.utils.translation import gettext as _

from .models import Membership, Organisation


def is_staff(user) -> bool:
    """Cluster staff: an active, signed-in account with the staff flag."""
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and user.is_active
        and user.is_staff
    )


def require_staff(user) -> None:
    """Raise ``PermissionDenied`` unless ``user`` is cluster staff (see ``is_staff``)."""
    if not is_staff(user):
        raise PermissionDenied(_("Only cluster staff may do this."))


def read_memberships(user) -> None:
    """Read ``user``'s memberships with their organisations once, for a page that asks for
    them several times: ``organisation_ids``, ``User.primary_membership`` (the navigation's
    role) and the pages' "own organisation" lookups then take them from the user. Nothing
    for anonymous users, or when they are read already."""
    if user is None or not getattr(user, "is_authenticated", False):
        return
    if "memberships" not in getattr(user, "_prefetched_objects_cache", {}):
        prefetch_related_objects(
            [user],
            Prefetch("memberships", queryset=Membership.objects.select_related("organisation")),
        )


def organisation_ids(user) -> set[int]:
    """Ids of the organisations ``user`` is a member of (none for anonymous users).

    A page that asks several times reads the memberships once (``read_memberships``):
    they are taken from the user then."""
    if user is None or not getattr(user, "is_authenticated", False):
        return set()
    prefetched = getattr(user, "_prefetched_objects_cache", {})
    if "memberships" in prefetched:
        return {membership.organisation_id for membership in prefetched["memberships"]}
    return set(Membership.objects.filter(user=user).values_list("organisation_id", flat=True))


def user_organisations(user, *, kinds: Iterable[str] | None = None) -> list[Organisation]:
    """The organisations ``user`` is a member of, of ``kinds`` if given, by name."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    organisations = Organisation.objects.filter(memberships__user=user)
    if kinds is not None:
        organisations = organisations.filter(kind__in=list(kinds))
    return list(organisations.distinct().order_by("name", "pk"))


def is_member(user, organisation_id: int) -> bool:
    """Whether ``user`` (active) is a member of organisation ``organisation_id``."""
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and user.is_active
        and Membership.objects.filter(user=user, organisation_id=organisation_id).exists()
    )


def is_owner(user, organisation_id: int) -> bool:
    """Whether ``user`` (active) is an owner of organisation ``organisation_id``: owners
    manage its people, API tokens, webhooks, and its data export and deletion."""
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and user.is_active
        and Membership.objects.filter(
            user=user, organisation_id=organisation_id, role=Membership.Role.OWNER
        ).exists()
    )
