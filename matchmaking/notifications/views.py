"""Pages of notifications: the list (opening it marks them read), mark read, preferences."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from companies.converters import ids_from
from companies.views.common import message_errors, redirect_back

from . import selectors, services
from .models import NotificationPreference


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.notifications_for(request.user)
    response = render(
        request,
        "matchmaking/notifications/list.html",
        {"notifications": rows, "unread_notifications": sum(1 for n in rows if not n.read_at)},
    )
    return response


@login_required
@require_POST
def notifications_mark_read(request: HttpRequest) -> HttpResponse:
    ids = ids_from(request.POST.getlist("id")) or None
    services.notifications_mark_read(user=request.user, ids=ids)
    return redirect_back(request, "matchmaking:notifications")


@login_required
@require_http_methods(["GET", "POST"])
def notification_preferences(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        deliveries = {
            kind: request.POST.get(f"delivery-{kind}", "")
            for kind, _label, _delivery in selectors.preferences_for(request.user)
        }
        try:
            services.notification_preferences_set(
                user=request.user,
                deliveries={k: v for k, v in deliveries.items() if v},
            )
        except ValidationError as error:
            message_errors(request, error)
        else:
            messages.success(request, _("Your notification settings have been saved."))
        return redirect("matchmaking:notification_preferences")
    return render(
        request,
        "matchmaking/notifications/preferences.html",
        {
            "rows": selectors.preferences_for(request.user),
            "deliveries": NotificationPreference.Delivery.choices,
        },
    )
