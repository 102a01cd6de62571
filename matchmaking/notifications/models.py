"""Notifications (one per recipient and event) and per-kind delivery preferences."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    MEETING_REQUEST = "meeting_request", _("Meeting requests")
    MEETING_ANSWER = "meeting_answer", _("Answers to meeting requests and invitations")
    MEETING_WITHDRAWN = "meeting_withdrawn", _("Withdrawn meeting requests")
    MEETING_EXPIRED = "meeting_expired", _("Expired meeting requests")
    SCHEDULE_CHANGE = "schedule_change", _("Schedule changes")
    MEETING_CANCELLED = "meeting_cancelled", _("Cancelled meetings")
    BUYER_APPROVED = "buyer_approved", _("Approval of your buyer organisation")
    APPLICATION_DECISION = "application_decision", _("Decisions on mission applications")
    NEW_MATCH = "new_match", _("New strong matches")
    MESSAGE = "message", _("Messages")
    INVESTOR_INTEREST = "investor_interest", _("Investors' interest and introductions")
    INVESTMENT_PIPELINE = "investment_pipeline", _("Moves of investment pipelines")
    LANDING_SUPPORT = "landing_support", _("Landing support applications and decisions")


class Notification(models.Model):
    """One event told to one person. The text is written when shown, in the reader's
    language, from ``kind`` and ``params``."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    params = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # When it went by e-mail (immediately or in a digest); null: not yet, or never.
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id}"


class NotificationPreference(models.Model):
    """How one person wants one kind delivered (no row: immediately)."""

    class Delivery(models.TextChoices):
        IMMEDIATELY = "immediately", _("Immediately")
        DAILY = "daily", _("Daily digest")
        OFF = "off", _("Off")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    delivery = models.CharField(
        _("delivery"), max_length=12, choices=Delivery.choices, default=Delivery.IMMEDIATELY
    )

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: {self.delivery}"
