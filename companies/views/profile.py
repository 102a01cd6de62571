"""Editing an SME's company profile, its reference projects and publishing it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import profile_import, selectors, services
from ..forms import ProfileForm, ReferenceProjectForm
from ..models import ReferenceProject, Sector
from ..rules import is_member
from .access import profile_for_editor


def sector_suggestions_for(profile) -> list[dict]:
    """Sectors suggested from the saved profile's own words, with those words; confirmed
    sectors are left out, dismissed ones are listed as dismissed (ticked in the form)."""
    from companies import taxonomy
    from companies.sector_suggest import suggest_sectors

    confirmed = [s.code for s in profile.sectors.all()]
    suggestions = suggest_sectors(
        profile.description_en,
        profile.technologies,
        [(r.title + " " + r.description) for r in profile.references.all()],
        description_zh=profile.description_zh,
        # Suggestions made at import are shown ticked in the sector list instead.
        exclude=confirmed + list(profile.suggested_sectors or ()),
    )
    pks = dict(
        Sector.objects.filter(code__in=[s.code for s in suggestions]).values_list("code", "pk")
    )
    return [
        {
            "code": s.code,
            "pk": pks.get(s.code),
            "name": taxonomy.name(s.code, get_language() or "en"),
            "words": list(s.matched_words),
            "dismissed": s.code in (profile.dismissed_sectors or ()),
        }
        for s in suggestions
    ]


@login_required
def profile_edit(request: HttpRequest, slug: str) -> HttpResponse:
    profile = profile_for_editor(request, slug)
    initial = ProfileForm.initial_for(profile)
    # Sectors suggested when cluster staff imported the profile: ticked for the SME's own
    # people to confirm (or untick) with their first save; staff leave them waiting.
    sme_side = is_member(request.user, profile.organisation_id)
    pending = profile_import.pending_sectors(profile) if sme_side else []
    initial["sectors"] = [*initial["sectors"], *pending]
    form = ProfileForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        was_published = profile.is_published
        arguments = form.service_arguments()
        if sme_side:
            arguments = profile_import.with_suggestions_settled(profile, arguments)
        services.profile_update(profile=profile, **arguments)
        if was_published and not profile.is_published:
            # Saying only "saved" here hid that the profile left the directory.
            messages.warning(
                request,
                _(
                    "The profile has been saved, but it is no longer published: it lacks "
                    "%(missing)s. Buyers cannot find it in the directory until you add this "
                    "and publish it again."
                )
                % {"missing": ", ".join(services.missing_for_publishing(profile))},
            )
        else:
            messages.success(request, _("The profile has been saved."))
        if "publish" in request.POST:
            return _publish(request, profile)
        return redirect("companies:organisation_manage", slug=slug)
    return render(
        request,
        "companies/profile_edit.html",
        {
            "profile": profile,
            "organisation": profile.organisation,
            "form": form,
            "sector_suggestions": sector_suggestions_for(profile),
            "pending_sectors": pending,
            "completeness": selectors.profile_completeness(profile),
        },
    )


def _publish(request: HttpRequest, profile) -> HttpResponse:
    try:
        services.profile_publish(profile=profile)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("companies:organisation_manage", slug=profile.organisation.slug)
    messages.success(request, _("The profile is published and listed in the directory."))
    return redirect("companies:profile_detail", slug=profile.organisation.slug)


@login_required
@require_POST
def profile_publish(request: HttpRequest, slug: str) -> HttpResponse:
    return _publish(request, profile_for_editor(request, slug))


@login_required
@require_POST
def profile_unpublish(request: HttpRequest, slug: str) -> HttpResponse:
    profile = profile_for_editor(request, slug)
    services.profile_unpublish(profile=profile)
    messages.success(request, _("The profile is a draft again and no longer listed."))
    return redirect("companies:organisation_manage", slug=slug)


@login_required
def references(request: HttpRequest, slug: str) -> HttpResponse:
    """The reference projects of a profile, with a form to add one."""
    profile = profile_for_editor(request, slug)
    form = ReferenceProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.reference_project_add(profile=profile, **form.cleaned_data)
        messages.success(request, _("The reference project has been added."))
        return redirect("companies:references", slug=slug)
    return render(
        request,
        "companies/references.html",
        {
            "profile": profile,
            "organisation": profile.organisation,
            "references": profile.references.all(),
            "form": form,
        },
    )


@login_required
@require_POST
def reference_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    profile = profile_for_editor(request, slug)
    reference = get_object_or_404(ReferenceProject, pk=pk, profile=profile)
    services.reference_project_delete(reference=reference)
    messages.success(request, _("The reference project has been removed."))
    return redirect("companies:references", slug=slug)
