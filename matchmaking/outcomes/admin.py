"""Admin pages of the outcomes area."""

from django.contrib import admin

from .models import FollowUp, MeetingFeedback, Outcome


@admin.register(MeetingFeedback)
class MeetingFeedbackAdmin(admin.ModelAdmin):
    list_display = ["meeting", "organisation", "took_place", "rating", "answered_at"]
    list_filter = ["took_place", "rating"]
    raw_id_fields = ["meeting", "organisation", "answered_by"]


@admin.register(FollowUp)
class FollowUpAdmin(admin.ModelAdmin):
    list_display = ["meeting", "organisation", "months", "due_on", "answered_at"]
    list_filter = ["months"]
    raw_id_fields = ["meeting", "organisation", "answered_by"]


@admin.register(Outcome)
class OutcomeAdmin(admin.ModelAdmin):
    list_display = ["mission", "sme", "buyer", "kind", "value", "currency", "reported_at"]
    list_filter = ["kind", "currency", "mission"]
    raw_id_fields = ["meeting", "sme", "buyer", "demand", "organisation", "follow_up",
                     "reported_by"]
