"""An organisation's own pages: overview, details, members and invitations; buyer approval."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import selectors, services
from ..forms import InvitationForm, MembershipRoleForm, NewOrganisationForm, OrganisationForm
from ..models import Membership, Organisation
from ..rules import is_staff, require_staff
from .access import organisation_for_member, organisation_for_owner


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


@login_required
def my_organisation(request: HttpRequest) -> HttpResponse:
    """Go to one's organisation; someone without one creates it here."""
    organisation = request.user.organisation
    if organisation is not None:
        return redirect("companies:organisation_manage", slug=organisation.slug)
    if is_staff(request.user):
        return redirect("companies:directory")  # staff belong to clusters, made in the admin
    form = NewOrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = services.organisation_create(user=request.user, **form.cleaned_data)
        messages.success(request, _("Your organisation has been created."))
        if organisation.kind == Organisation.Kind.SME:
            return redirect("companies:profile_edit", slug=organisation.slug)
        return redirect("companies:organisation_manage", slug=organisation.slug)
    return render(request, "companies/organisation_new.html", {"form": form})


@login_required
def organisation_manage(request: HttpRequest, slug: str) -> HttpResponse:
    """Overview for the organisation's people (and staff): profile status, members."""
    organisation, membership = organisation_for_member(request, slug)
    members, pending = selectors.organisation_people(organisation=organisation)
    profile = getattr(organisation, "profile", None) if organisation.kind == Organisation.Kind.SME else None
    can_manage = is_staff(request.user) or (
        membership is not None and membership.role == Membership.Role.OWNER
    )
    return render(
        request,
        "companies/organisation_manage.html",
        {
            "organisation": organisation,
            "membership": membership,
            "profile": profile,
            "completeness": selectors.profile_completeness(profile) if profile else None,
            "members": members,
            "pending_invitations": pending,
            "can_manage": can_manage,
            "invitation_form": InvitationForm() if can_manage else None,
            "role_choices": Membership.Role.choices,
        },
    )


@login_required
def organisation_edit(request: HttpRequest, slug: str) -> HttpResponse:
    organisation, _membership = organisation_for_member(request, slug)
    initial = {
        "name": organisation.name,
        "country": organisation.country.code,
        "city": organisation.city,
        "website": organisation.website,
    }
    form = OrganisationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.organisation_update(organisation=organisation, **form.cleaned_data)
        messages.success(request, _("The organisation details have been saved."))
        return redirect("companies:organisation_manage", slug=organisation.slug)
    return render(
        request, "companies/organisation_edit.html", {"organisation": organisation, "form": form}
    )


@login_required
@require_POST
def member_invite(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = organisation_for_owner(request, slug)
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            invitation = services.invitation_create(
                organisation=organisation,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                invited_by=request.user,
            )
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(
                request, _("An invitation has been sent to %(email)s.") % {"email": invitation.email}
            )
    else:
        messages.error(request, _("Please enter a valid e-mail address."))
    return redirect("companies:organisation_manage", slug=organisation.slug)


def _membership(organisation: Organisation, pk: int) -> Membership:
    return get_object_or_404(Membership.objects.select_related("user"), pk=pk, organisation=organisation)


@login_required
@require_POST
def member_role(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = organisation_for_owner(request, slug)
    membership = _membership(organisation, pk)
    form = MembershipRoleForm(request.POST)
    if form.is_valid():
        try:
            services.membership_change_role(membership=membership, role=form.cleaned_data["role"])
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, _("The role of %(person)s has been changed.") % {"person": membership.user})
    return redirect("companies:organisation_manage", slug=organisation.slug)


@login_required
@require_POST
def member_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = organisation_for_owner(request, slug)
    membership = _membership(organisation, pk)
    try:
        services.membership_remove(membership=membership)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("%(person)s has been removed.") % {"person": membership.user})
        if membership.user_id == request.user.pk:
            return redirect("home")
    return redirect("companies:organisation_manage", slug=organisation.slug)


@login_required
def buyer_approvals(request: HttpRequest) -> HttpResponse:
    """Staff: buyers and investors, those still waiting for approval first."""
    require_staff(request.user)
    return render(
        request, "companies/buyer_approvals.html", {"buyers": selectors.buyers_for_approval()}
    )


@login_required
@require_POST
def buyer_approval_set(request: HttpRequest, slug: str) -> HttpResponse:
    require_staff(request.user)
    organisation = get_object_or_404(
        Organisation, slug=slug, kind__in=[Organisation.Kind.BUYER, Organisation.Kind.INVESTOR]
    )
    approved = request.POST.get("approved") == "1"
    services.buyer_set_approval(organisation=organisation, approved=approved, actor=request.user)
    if approved:
        messages.success(request, _("%(name)s is now an approved buyer.") % {"name": organisation})
    else:
        messages.success(request, _("The approval of %(name)s has been withdrawn.") % {"name": organisation})
    return redirect("companies:buyer_approvals")
