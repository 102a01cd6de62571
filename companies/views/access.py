"""Access helpers: look an organisation up for a person, or 404 if it is not theirs."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from ..models import CompanyProfile, Membership, Organisation
from ..rules import is_staff
from ..selectors import membership_of


def organisation_for_member(
    request: HttpRequest, slug: str
) -> tuple[Organisation, Membership | None]:
    """The organisation ``slug`` if the user belongs to it or is staff; else 404."""
    organisation = get_object_or_404(Organisation, slug=slug)
    membership = membership_of(user=request.user, organisation=organisation)
    if membership is None and not is_staff(request.user):
        raise Http404
    return organisation, membership


def organisation_for_owner(request: HttpRequest, slug: str) -> Organisation:
    """As ``organisation_for_member``; members who are not owners get 403."""
    organisation, membership = organisation_for_member(request, slug)
    if not is_staff(request.user) and membership.role != Membership.Role.OWNER:
        raise PermissionDenied
    return organisation


def profile_for_editor(request: HttpRequest, slug: str) -> CompanyProfile:
    """The SME profile of organisation ``slug`` for its members and staff; else 404."""
    organisation, _membership = organisation_for_member(request, slug)
    profile = CompanyProfile.objects.filter(organisation=organisation).first()
    if profile is None:
        raise Http404
    profile.organisation = organisation
    return profile

