"""Django admin for missions, usable by every cluster staff member.

Status changes go through the services (admin actions), never through a form field, so the
lifecycle and the delegation's capacity hold in the admin too.
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from companies.rules import is_staff

from . import services
from .models import (
    AgendaSession,
    DemandProject,
    MeetingDay,
    Mission,
    MissionApplication,
    Slot,
    Unavailability,
)


class StaffAdmin(admin.ModelAdmin):
    """Cluster staff manage missions without per-model permissions being handed out."""

    def has_module_permission(self, request):
        return is_staff(request.user)

    def has_view_permission(self, request, obj=None):
        return is_staff(request.user)

    def has_add_permission(self, request):
        return is_staff(request.user)

    def has_change_permission(self, request, obj=None):
        return is_staff(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_staff(request.user)


class StaffInline(admin.TabularInline):
    def has_view_permission(self, request, obj=None):
        return is_staff(request.user)

    def has_add_permission(self, request, obj=None):
        return is_staff(request.user)

    def has_change_permission(self, request, obj=None):
        return is_staff(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_staff(request.user)


def _run(modeladmin, request, queryset, action, success) -> None:
    done = 0
    for obj in queryset:
        try:
            action(obj)
        except ValidationError as error:
            modeladmin.message_user(request, f"{obj}: {' '.join(error.messages)}", messages.ERROR)
        else:
            done += 1
    if done:
        modeladmin.message_user(request, success % {"count": done}, messages.SUCCESS)


def _transition_action(status: str, label):
    def action(modeladmin, request, queryset):
        _run(
            modeladmin,
            request,
            queryset,
            lambda mission: services.mission_transition(
                mission=mission, to_status=status, actor=request.user
            ),
            _("%(count)s missions moved."),
        )

    action.__name__ = f"move_to_{status}"
    action.short_description = label
    return action


def _decision_action(status: str, label):
    def action(modeladmin, request, queryset):
        _run(
            modeladmin,
            request,
            queryset.order_by("created_at"),
            lambda application: services.application_decide(
                application=application, status=status, actor=request.user
            ),
            _("%(count)s applications decided; the SMEs are informed by e-mail."),
        )

    action.__name__ = f"decide_{status}"
    action.short_description = label
    return action


class MeetingDayInline(StaffInline):
    model = MeetingDay
    extra = 0


@admin.register(Mission)
class MissionAdmin(StaffAdmin):
    list_display = ["title", "host_city", "target_market", "start_date", "capacity", "status"]
    list_filter = ["status", "target_market"]
    search_fields = ["title", "host_city"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["organisers", "sector_focus"]
    readonly_fields = ["status"]
    date_hierarchy = "start_date"
    inlines = [MeetingDayInline]
    actions = [
        _transition_action(status, format_lazy(_("Move to “{status}”"), status=label))
        for status, label in Mission.Status.choices
        if status != Mission.Status.DRAFT
    ]


@admin.register(MissionApplication)
class MissionApplicationAdmin(StaffAdmin):
    list_display = ["organisation", "mission", "status", "created_at", "decided_at"]
    list_filter = ["status", "mission"]
    search_fields = ["organisation__name", "mission__title"]
    list_select_related = ["organisation", "mission"]
    autocomplete_fields = ["mission"]
    raw_id_fields = ["organisation"]
    filter_horizontal = ["sectors", "wanted_demands"]
    readonly_fields = ["status", "submitted_by", "decided_by", "decided_at"]
    actions = [
        _decision_action(MissionApplication.Status.ACCEPTED, _("Accept (up to capacity)")),
        _decision_action(MissionApplication.Status.WAITLISTED, _("Wait-list")),
        _decision_action(MissionApplication.Status.REJECTED, _("Reject")),
    ]


@admin.register(DemandProject)
class DemandProjectAdmin(StaffAdmin):
    list_display = ["title", "buyer", "city", "market", "mission", "status"]
    list_filter = ["status", "market", "procurement_stage", "mission"]
    search_fields = ["title", "city", "buyer__name"]
    list_select_related = ["buyer", "mission"]
    autocomplete_fields = ["mission"]
    raw_id_fields = ["buyer"]
    filter_horizontal = ["sectors"]
    readonly_fields = ["created_by"]


class AgendaSessionInline(StaffInline):
    model = AgendaSession
    extra = 0


@admin.register(MeetingDay)
class MeetingDayAdmin(StaffAdmin):
    list_display = ["mission", "date"]
    list_filter = ["mission"]
    list_select_related = ["mission"]
    inlines = [AgendaSessionInline]


@admin.action(description=_("Regenerate slots (removes marked unavailabilities)"))
def regenerate_slots(modeladmin, request, queryset):
    for session in queryset.select_related("day__mission"):
        services.agenda_session_generate_slots(session=session)
    modeladmin.message_user(request, _("Slots regenerated."), messages.SUCCESS)


@admin.register(AgendaSession)
class AgendaSessionAdmin(StaffAdmin):
    list_display = ["day", "part", "start_time", "end_time", "slot_minutes", "tables"]
    list_filter = ["part", "day__mission"]
    list_select_related = ["day__mission"]
    actions = [regenerate_slots]


@admin.register(Slot)
class SlotAdmin(StaffAdmin):
    list_display = ["session", "index", "starts_at", "ends_at"]
    list_filter = ["session__day__mission"]
    list_select_related = ["session__day__mission"]
    readonly_fields = ["session", "index", "starts_at", "ends_at"]

    def has_add_permission(self, request):
        return False  # slots are generated from their session


@admin.register(Unavailability)
class UnavailabilityAdmin(StaffAdmin):
    list_display = ["organisation", "slot"]
    list_filter = ["slot__session__day__mission"]
    list_select_related = ["organisation", "slot__session__day__mission"]
    raw_id_fields = ["organisation", "slot"]
