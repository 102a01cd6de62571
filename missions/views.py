"""Pages of the missions app: thin views over selectors (reads) and services (writes).

Each view looks its object up through an access helper that answers 404, never 403, when
the object belongs to someone else, so nothing leaks about what exists.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from companies.models import Organisation
from companies.rules import is_staff, require_staff, user_organisations
from companies.views.common import add_form_errors, message_errors

from . import hooks, selectors, services
from .demand_import import COLUMNS, demand_projects_import_csv, template_csv
from .forms import (
    AgendaSessionForm,
    ApplicationForm,
    DecisionForm,
    DemandImportForm,
    DemandProjectForm,
    MeetingDayForm,
    MissionForm,
    TransitionForm,
)
from .models import AgendaSession, DemandProject, MeetingDay, Mission, MissionApplication, Slot

# --- Access helpers -----------------------------------------------------------------------


def _mission_for_reader(request: HttpRequest, slug: str) -> Mission:
    return get_object_or_404(selectors.missions_visible_to(request.user), slug=slug)


def _mission_for_staff(request: HttpRequest, slug: str) -> Mission:
    require_staff(request.user)
    return get_object_or_404(Mission, slug=slug)


def _sme_organisation(request: HttpRequest) -> Organisation:
    organisations = user_organisations(request.user, kinds=[Organisation.Kind.SME])
    if not organisations:
        raise Http404
    return organisations[0]


def _participant_organisation(request: HttpRequest, mission: Mission) -> Organisation:
    organisations = selectors.mission_participant_organisations(
        mission=mission, user=request.user
    )
    if not organisations:
        raise Http404
    chosen = request.GET.get("organisation") or request.POST.get("organisation")
    for organisation in organisations:
        if str(organisation.pk) == chosen:
            return organisation
    return organisations[0]


def _demand_for_user(request: HttpRequest, pk: int) -> DemandProject:
    return get_object_or_404(
        selectors.demand_projects_visible_to(request.user).select_related("buyer", "mission"),
        pk=pk,
    )


def _buyer_or_staff(request: HttpRequest) -> list[Organisation]:
    """The buyer organisations the user posts for; staff post for any (empty list)."""
    if is_staff(request.user):
        return []
    buyers = user_organisations(request.user, kinds=selectors.BUYER_KINDS)
    if not buyers:
        raise Http404
    return buyers


# --- Missions -----------------------------------------------------------------------------


@login_required
@require_GET
def mission_list(request: HttpRequest) -> HttpResponse:
    mission_filter = selectors.mission_list(user=request.user, filters=request.GET)
    return render(
        request,
        "missions/mission_list.html",
        {"filter": mission_filter, "missions": mission_filter.qs},
    )


@login_required
@require_http_methods(["GET", "POST"])
def mission_create(request: HttpRequest) -> HttpResponse:
    require_staff(request.user)
    form = MissionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            mission = services.mission_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Mission created as a draft."))
            return redirect("missions:mission_dashboard", slug=mission.slug)
    return render(request, "missions/mission_form.html", {"form": form, "mission": None})


@login_required
@require_http_methods(["GET", "POST"])
def mission_edit(request: HttpRequest, slug: str) -> HttpResponse:
    mission = _mission_for_staff(request, slug)
    form = MissionForm(request.POST or None, instance=mission)
    if request.method == "POST" and form.is_valid():
        try:
            services.mission_update(mission=mission, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Mission saved."))
            return redirect("missions:mission_dashboard", slug=mission.slug)
    return render(request, "missions/mission_form.html", {"form": form, "mission": mission})


@login_required
@require_GET
def mission_detail(request: HttpRequest, slug: str) -> HttpResponse:
    mission = _mission_for_reader(request, slug)
    application = selectors.application_of(mission=mission, user=request.user)
    is_sme = bool(user_organisations(request.user, kinds=[Organisation.Kind.SME]))
    return render(
        request,
        "missions/mission_detail.html",
        {
            "mission": mission,
            "delegation": selectors.mission_delegation(mission=mission),
            "demand_projects": selectors.mission_demand_projects(mission=mission),
            "agenda": selectors.mission_agenda(mission=mission),
            "application": application,
            "can_apply": is_sme and application is None and mission.is_open_for_applications,
            "participates": bool(
                selectors.mission_participant_organisations(mission=mission, user=request.user)
            ),
        },
    )


@login_required
@require_POST
def mission_transition(request: HttpRequest, slug: str) -> HttpResponse:
    mission = _mission_for_staff(request, slug)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid status."))
    else:
        try:
            services.mission_transition(
                mission=mission, to_status=form.cleaned_data["to_status"], actor=request.user
            )
        except ValidationError as error:
            message_errors(request, error)
        else:
            messages.success(
                request,
                _("The mission is now “%(status)s”.") % {"status": mission.get_status_display()},
            )
    return redirect("missions:mission_dashboard", slug=mission.slug)


@login_required
@require_GET
def mission_dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    mission = _mission_for_staff(request, slug)
    dashboard = selectors.mission_dashboard(
        mission=mission,
        filters=request.GET,
        score_provider=hooks.application_score_provider(),
        readiness_provider=hooks.application_readiness_provider(),
        order=request.GET.get("order", ""),
    )
    return render(
        request,
        "missions/mission_dashboard.html",
        {
            "mission": mission,
            "dashboard": dashboard,
            "delegation": selectors.mission_delegation(mission=mission),
            "demand_projects": selectors.mission_demand_projects(mission=mission),
            "next_statuses": [Mission.Status(s) for s in mission.next_statuses],
            "decisions": DecisionForm.base_fields["status"].choices,
            "application_status": MissionApplication.Status,
            "mission_status": Mission.Status,
        },
    )


# --- Applications -------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def mission_apply(request: HttpRequest, slug: str) -> HttpResponse:
    mission = _mission_for_reader(request, slug)
    organisation = _sme_organisation(request)
    if selectors.application_of(mission=mission, user=request.user) is not None:
        messages.info(request, _("Your company has already applied to this mission."))
        return redirect("missions:mission_detail", slug=mission.slug)
    if not mission.is_open_for_applications:
        raise Http404
    initial = {}
    profile = getattr(organisation, "profile", None)
    if profile is not None:
        initial["sectors"] = list(profile.sectors.all())
    form = ApplicationForm(request.POST or None, mission=mission, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.mission_apply(
                mission=mission, organisation=organisation, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Your application has been sent to the organisers."))
            return redirect("missions:mission_detail", slug=mission.slug)
    return render(
        request,
        "missions/application_form.html",
        {"mission": mission, "organisation": organisation, "form": form},
    )


@login_required
@require_POST
def application_withdraw(request: HttpRequest, slug: str) -> HttpResponse:
    mission = _mission_for_reader(request, slug)
    application = selectors.application_of(mission=mission, user=request.user)
    if application is None:
        raise Http404
    try:
        services.application_withdraw(application=application, actor=request.user)
    except ValidationError as error:
        message_errors(request, error)
    else:
        messages.success(request, _("Your application has been withdrawn."))
    return redirect("missions:mission_detail", slug=mission.slug)


@login_required
@require_POST
def application_decide(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    mission = _mission_for_staff(request, slug)
    application = get_object_or_404(
        MissionApplication.objects.select_related("organisation"), mission=mission, pk=pk
    )
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid decision."))
    else:
        try:
            services.application_decide(
                application=application, status=form.cleaned_data["status"], actor=request.user
            )
        except ValidationError as error:
            message_errors(request, error)
        else:
            messages.success(
                request,
                _("%(company)s: %(status)s. The SME is informed by e-mail.")
                % {
                    "company": application.organisation.name,
                    "status": application.get_status_display(),
                },
            )
    return redirect("missions:mission_dashboard", slug=mission.slug)


# --- Agenda -------------------------------------------------------------------------------


@login_required
@require_GET
def agenda_manage(request: HttpRequest, slug: str) -> HttpResponse:
    mission = _mission_for_staff(request, slug)
    agenda = selectors.mission_agenda(mission=mission)
    for day in agenda:
        # One form per day, so each label points to its own day's inputs.
        day.session_form = AgendaSessionForm(auto_id=f"id_day{day.pk}_%s")
    return render(
        request,
        "missions/agenda_manage.html",
        {"mission": mission, "agenda": agenda, "day_form": MeetingDayForm()},
    )


@login_required
@require_POST
def agenda_day_add(request: HttpRequest, slug: str) -> HttpResponse:
    mission = _mission_for_staff(request, slug)
    form = MeetingDayForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Enter a valid date."))
        services.meeting_day_add(mission=mission, date=form.cleaned_data["date"], actor=request.user)
    except ValidationError as error:
        message_errors(request, error)
    else:
        messages.success(request, _("Meeting day added."))
    return redirect("missions:agenda_manage", slug=mission.slug)


@login_required
@require_POST
def agenda_session_add(request: HttpRequest, slug: str, day_pk: int) -> HttpResponse:
    mission = _mission_for_staff(request, slug)
    day = get_object_or_404(MeetingDay, mission=mission, pk=day_pk)
    form = AgendaSessionForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        services.agenda_session_add(day=day, actor=request.user, **form.cleaned_data)
    except ValidationError as error:
        message_errors(request, error)
    else:
        messages.success(request, _("Session added and its slots generated."))
    return redirect("missions:agenda_manage", slug=mission.slug)


@login_required
@require_POST
def agenda_session_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    mission = _mission_for_staff(request, slug)
    session = get_object_or_404(AgendaSession, day__mission=mission, pk=pk)
    services.agenda_session_delete(session=session, actor=request.user)
    messages.success(request, _("Session removed."))
    return redirect("missions:agenda_manage", slug=mission.slug)


@login_required
@require_GET
def availability(request: HttpRequest, slug: str) -> HttpResponse:
    mission = _mission_for_reader(request, slug)
    organisation = _participant_organisation(request, mission)
    return render(
        request,
        "missions/availability.html",
        {
            "mission": mission,
            "organisation": organisation,
            "organisations": selectors.mission_participant_organisations(
                mission=mission, user=request.user
            ),
            "agenda": selectors.mission_agenda(mission=mission),
            "unavailable": selectors.unavailable_slot_ids(
                mission=mission, organisation=organisation
            ),
        },
    )


@login_required
@require_POST
def availability_toggle(request: HttpRequest, slug: str, slot_pk: int) -> HttpResponse:
    mission = _mission_for_reader(request, slug)
    organisation = _participant_organisation(request, mission)
    slot = get_object_or_404(
        Slot.objects.select_related("session__day__mission"), session__day__mission=mission,
        pk=slot_pk,
    )
    try:
        unavailable = services.unavailability_toggle(
            slot=slot, organisation=organisation, actor=request.user
        )
    except PermissionDenied as error:
        raise Http404 from error
    if request.htmx:
        return render(
            request,
            "missions/_availability_cell.html",
            {"mission": mission, "organisation": organisation, "slot": slot,
             "unavailable": {slot.pk} if unavailable else set()},
        )
    url = reverse("missions:availability", args=[mission.slug])
    return redirect(f"{url}?organisation={organisation.pk}")


# --- Demand projects ----------------------------------------------------------------------


@login_required
@require_GET
def demand_list(request: HttpRequest) -> HttpResponse:
    _buyer_or_staff(request)
    demand_filter = selectors.demand_project_list(user=request.user, filters=request.GET)
    return render(
        request,
        "missions/demand_list.html",
        {"filter": demand_filter, "demand_projects": demand_filter.qs},
    )


@login_required
@require_GET
def demand_detail(request: HttpRequest, pk: int) -> HttpResponse:
    demand = _demand_for_user(request, pk)
    return render(request, "missions/demand_detail.html", {"demand": demand})


def _demand_fields(form: DemandProjectForm) -> tuple[dict, list]:
    fields = dict(form.cleaned_data)
    sectors = fields.pop("sectors", [])
    return fields, sectors


@login_required
@require_http_methods(["GET", "POST"])
def demand_create(request: HttpRequest) -> HttpResponse:
    buyers = _buyer_or_staff(request)
    initial = {}
    if request.GET.get("mission"):
        initial["mission"] = selectors.missions_visible_to(request.user).filter(
            slug=request.GET["mission"]
        ).first()
    if buyers:
        initial.update(city=buyers[0].city, market="china" if buyers[0].country == "CN" else "usa")
    # A buyer reading Chinese most likely works in Chinese.
    if (translation.get_language() or "").startswith("zh"):
        initial["language"] = "zh-hans"
    form = DemandProjectForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields, sectors = _demand_fields(form)
        buyer = fields.pop("buyer", None) or buyers[0]
        try:
            demand = services.demand_project_create(
                actor=request.user, buyer=buyer, sectors=sectors, **fields
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Demand project saved."))
            return redirect("missions:demand_detail", pk=demand.pk)
    return render(request, "missions/demand_form.html", {"form": form, "demand": None})


@login_required
@require_http_methods(["GET", "POST"])
def demand_edit(request: HttpRequest, pk: int) -> HttpResponse:
    demand = _demand_for_user(request, pk)
    form = DemandProjectForm(request.POST or None, user=request.user, instance=demand)
    if request.method == "POST" and form.is_valid():
        fields, sectors = _demand_fields(form)
        try:
            services.demand_project_update(
                demand_project=demand, actor=request.user, sectors=sectors, **fields
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Demand project saved."))
            return redirect("missions:demand_detail", pk=demand.pk)
    return render(
        request,
        "missions/demand_form.html",
        {"form": form, "demand": demand, "sector_suggestions": _sector_suggestions(demand)},
    )


def _sector_suggestions(demand: DemandProject) -> list[dict]:
    """Sub-sectors suggested from the demand's own words (either language), with those
    words, that the buyer has not ticked; ticking one in the form adds it."""
    from companies import taxonomy
    from companies.models import Sector
    from companies.sector_suggest import suggest_sectors

    ticked = [s.code for s in demand.sectors.all()]
    english = "\n".join(filter(None, [demand.title, demand.description_en]))
    chinese = "\n".join(filter(None, [demand.title_zh, demand.description_zh]))
    suggestions = [
        s
        for s in suggest_sectors(english, demand.technologies, description_zh=chinese, exclude=ticked)
        if "." in s.code
    ]
    pks = dict(
        Sector.objects.filter(code__in=[s.code for s in suggestions]).values_list("code", "pk")
    )
    language = translation.get_language() or "en"
    return [
        {"pk": pks[s.code], "code": s.code, "name": taxonomy.name(s.code, language),
         "words": list(s.matched_words)}
        for s in suggestions
        if s.code in pks
    ]  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def demand_import(request: HttpRequest) -> HttpResponse:
    require_staff(request.user)
    form = DemandImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = demand_projects_import_csv(
            content=form.cleaned_data["file"].read(), actor=request.user
        )
        if not result.errors:
            messages.success(
                request,
                _("%(count)s demand projects imported.") % {"count": len(result.created)},
            )
            return redirect("missions:demand_list")
    return render(
        request,
        "missions/demand_import.html",
        {"form": form, "result": result, "columns": COLUMNS},
    )


@login_required
@require_GET
def demand_import_template(request: HttpRequest) -> HttpResponse:
    require_staff(request.user)
    response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="demand-projects-template.csv"'
    return response
