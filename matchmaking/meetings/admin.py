"""Admin pages of the matching app."""

from django.contrib import admin

from .models import Meeting, MeetingRequest, OutboxMessage, ScheduleRun

# --- Meetings (requests, meetings, schedule runs, outbox) -----------------------------------


@admin.register(MeetingRequest)
class MeetingRequestAdmin(admin.ModelAdmin):
    list_display = ["mission", "buyer", "sme", "requested_by_org", "status", "expires_at"]
    list_filter = ["status", "mutual_interest", "mission"]
    search_fields = ["sme__name", "buyer__name"]
    raw_id_fields = ["mission", "sme", "buyer", "demand", "requested_by_org", "requested_by"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["pk", "mission", "buyer", "sme", "slot", "table", "status", "sequence"]
    list_filter = ["status", "mission"]
    search_fields = ["sme__name", "buyer__name", "uid"]
    raw_id_fields = ["mission", "sme", "buyer", "request", "demand", "slot", "published_slot"]
    filter_horizontal = ["after"]
    readonly_fields = ["uid", "sequence", "published_slot", "published_table"]


@admin.register(ScheduleRun)
class ScheduleRunAdmin(admin.ModelAdmin):
    list_display = ["mission", "status", "progress", "meetings_placed", "total_gaps", "created_at"]
    list_filter = ["status"]
    readonly_fields = [field.name for field in ScheduleRun._meta.fields]


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["recipient", "kind", "sequence", "status", "attempts", "sent_at"]
    list_filter = ["status", "kind", "mission"]
    search_fields = ["recipient", "subject_key", "message_id"]
    readonly_fields = [field.name for field in OutboxMessage._meta.fields]
