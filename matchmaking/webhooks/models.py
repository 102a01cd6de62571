"""Registered webhooks and their deliveries (an outbox: one row per hook and event)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from companies.models import Organisation


class Event(models.TextChoices):
    MATCH_CREATED = "match.created", _("A match above the threshold")
    REQUEST_RECEIVED = "meeting_request.received", _("A meeting request received")
    REQUEST_ANSWERED = "meeting_request.answered", _("A meeting request answered")
    MEETING_SCHEDULED = "meeting.scheduled", _("A meeting scheduled")
    MEETING_MOVED = "meeting.moved", _("A meeting moved")
    OUTCOME_RECORDED = "outcome.recorded", _("An outcome recorded")


class Webhook(models.Model):
    """A URL of an organisation that receives the events it chose, signed with ``secret``."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="webhooks"
    )
    url = models.URLField(_("URL"), max_length=500)
    events = models.JSONField(_("events"), default=list)
    min_score = models.PositiveSmallIntegerField(_("minimum match score"), default=70)
    secret = models.CharField(max_length=64, editable=False)
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.url


class WebhookDelivery(models.Model):
    """One event for one hook, delivered exactly once: unique per (hook, event key).

    A sender claims the row with a conditional UPDATE (pending → sending) and marks it
    delivered only after the receiver answered 2xx; failures go back to pending with a
    back-off, and a claim left by a lost worker is taken over once it is stale.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(_("event"), max_length=40, choices=Event.choices)
    event_key = models.CharField(max_length=120)
    payload = models.JSONField(default=dict)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=200, blank=True)
    response_code = models.PositiveSmallIntegerField(_("answer"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["webhook", "event_key"], name="webhook_delivery_once_per_event"
            ),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.event} → {self.webhook} ({self.status})"
