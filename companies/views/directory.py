"""The SME directory, its CSV export and the public company page."""

import csv

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers

from .. import hooks, selectors
from ..models import Membership, Organisation
from ..rules import is_staff, require_staff


def directory(request: HttpRequest) -> HttpResponse:
    """Published SME profiles with filters, search, sort and pages; htmx gets the results."""
    result = selectors.directory_search(
        params=request.GET, user=request.user, page_number=request.GET.get("page") or 1
    )
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "result": result,
        "filter": result.filterset,
        "page": result.page,
        "query_string": params.urlencode(),
        "page_range": result.page.paginator.get_elided_page_range(
            result.page.number, on_each_side=2, on_ends=1
        ),
        "ellipsis": Paginator.ELLIPSIS,
        "is_staff": is_staff(request.user),
    }
    partial = request.htmx and not request.htmx.history_restore_request
    template = "companies/_directory_results.html" if partial else "companies/directory.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


class _Echo:
    def write(self, value: str) -> str:
        return value


@login_required
def directory_export(request: HttpRequest) -> HttpResponse:
    """The filtered directory as CSV, for staff (others get 404)."""
    require_staff(request.user)
    base_url = request.build_absolute_uri(reverse("companies:directory"))
    rows = selectors.directory_export_rows(params=request.GET, user=request.user, base_url=base_url)
    writer = csv.writer(_Echo())
    response = StreamingHttpResponse(
        (writer.writerow(row) for row in rows), content_type="text/csv; charset=utf-8"
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="sme-directory-{stamp}.csv"'
    return response


def profile_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A company's public page; drafts only for its own people and staff."""
    profile = selectors.profile_for_viewer(slug=slug, user=request.user)
    membership = selectors.membership_of(user=request.user, organisation=profile.organisation)
    viewer_organisation = request.user.organisation if request.user.is_authenticated else None
    return render(
        request,
        "companies/profile_detail.html",
        {
            "profile": profile,
            "organisation": profile.organisation,
            "show_contacts": selectors.can_see_contacts(user=request.user, profile=profile),
            "can_edit": is_staff(request.user) or membership is not None,
            "is_owner": membership is not None and membership.role == Membership.Role.OWNER,
            "viewer_is_buyer": viewer_organisation is not None
            and viewer_organisation.kind in (Organisation.Kind.BUYER, Organisation.Kind.INVESTOR),
            "viewer_is_approved_investor": viewer_organisation is not None
            and viewer_organisation.kind == Organisation.Kind.INVESTOR
            and viewer_organisation.buyer_approved,
            "packages_held": hooks.packages_held(organisation_id=profile.organisation_id),
        },
    )
