"""Pages of message threads: the list of one's threads, and a thread with its form."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from companies.models import Organisation
from companies.views.common import message_errors
from missions.models import DemandProject

from . import selectors, services


@login_required
def thread_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "matchmaking/messaging/threads.html",
        {"threads": selectors.threads_for_user(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def message_thread(request: HttpRequest, demand_id: int, sme_id: int) -> HttpResponse:
    demand = get_object_or_404(
        DemandProject.objects.select_related("buyer", "mission"), pk=demand_id
    )
    sme = get_object_or_404(Organisation, pk=sme_id, kind=Organisation.Kind.SME)
    access = selectors.thread_access(user=request.user, sme=sme, demand=demand)
    if access is None:
        raise Http404
    if request.method == "POST":
        try:
            services.message_post(
                sme=sme, demand=demand, actor=request.user, body=request.POST.get("body", "")
            )
        except (ValidationError, PermissionDenied) as error:
            message_errors(request, error)
        else:
            messages.success(request, _("Your message has been sent."))
            return redirect("matchmaking:message_thread", demand_id=demand.pk, sme_id=sme.pk)
    thread = selectors.thread_for(sme=sme, demand=demand)
    hidden = _("[contact details shown once the platform team has approved your organisation]")
    return render(
        request,
        "matchmaking/messaging/thread.html",
        {
            "demand": demand,
            "sme": sme,
            "access": access,
            "open": selectors.thread_allowed(sme_id=sme.pk, demand=demand),
            "thread_messages": selectors.thread_messages(
                thread=thread, access=access, hidden=hidden
            ),
        },
    )
