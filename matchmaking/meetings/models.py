"""Meeting requests, meetings, schedule runs and the invitation outbox (outcomes live in
the outcomes area)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from companies.models import Organisation
from missions.models import DemandProject, Mission, Slot

from ..matching.models import RunStatusMixin


class MeetingRequest(models.Model):
    """One side asks the other for a bilateral meeting inside a mission.

    Pending requests never hold a slot; they expire after the mission's expiry days.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        EXPIRED = "expired", _("Expired")

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="meeting_requests")
    sme = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    buyer = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    demand = models.ForeignKey(
        DemandProject, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_by_org = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    message = models.TextField(_("message"), blank=True, max_length=2000)
    # Slots the requesting side prefers; the scheduler places the meeting in one when it can.
    preferred_slots = models.ManyToManyField(
        Slot, blank=True, related_name="+", verbose_name=_("preferred times")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    mutual_interest = models.BooleanField(_("from mutual interest"), default=False)
    expires_at = models.DateTimeField(_("expires"))
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("meeting request")
        verbose_name_plural = _("meeting requests")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["mission", "sme", "buyer"],
                condition=models.Q(status__in=["pending", "accepted"]),
                name="meeting_request_one_open_per_pair",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.buyer} ↔ {self.sme} ({self.status})"


class Meeting(models.Model):
    """An accepted bilateral meeting; placed in a slot and at a table by the scheduler.

    ``uid`` is the stable calendar UID; ``sequence`` rises on every change that attendees
    must see (time, table, cancellation).
    """

    class Status(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted, not scheduled")
        SCHEDULED = "scheduled", _("Scheduled")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="meetings")
    sme = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    buyer = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    request = models.OneToOneField(
        MeetingRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="meeting"
    )
    demand = models.ForeignKey(
        DemandProject, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    slot = models.ForeignKey(
        Slot, null=True, blank=True, on_delete=models.SET_NULL, related_name="meetings"
    )
    table = models.PositiveSmallIntegerField(_("table"), null=True, blank=True)
    fixed = models.BooleanField(_("fixed by staff"), default=False)
    after = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="before",
        verbose_name=_("takes place after"),
    )
    class Response(models.TextChoices):
        PENDING = "pending", _("Not answered yet")
        ACCEPTED = "accepted", _("Confirmed")
        DECLINED = "declined", _("Declined")

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACCEPTED
    )
    # Each side's answer to the published invitation (accept / decline links in the e-mail).
    sme_response = models.CharField(
        _("SME's answer"), max_length=10, choices=Response.choices, default=Response.PENDING
    )
    buyer_response = models.CharField(
        _("buyer's answer"), max_length=10, choices=Response.choices, default=Response.PENDING
    )
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    published_slot = models.ForeignKey(
        Slot, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_table = models.PositiveSmallIntegerField(null=True, blank=True)
    unplaced_reason = models.TextField(_("why not placed"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            # The database is the last line of defence for the scheduler's rules.
            models.UniqueConstraint(
                fields=["slot", "table"],
                condition=~models.Q(status="cancelled") & models.Q(slot__isnull=False),
                name="meeting_one_per_table_and_slot",
            ),
            models.UniqueConstraint(
                fields=["slot", "sme"],
                condition=~models.Q(status="cancelled") & models.Q(slot__isnull=False),
                name="meeting_sme_once_per_slot",
            ),
            models.UniqueConstraint(
                fields=["slot", "buyer"],
                condition=~models.Q(status="cancelled") & models.Q(slot__isnull=False),
                name="meeting_buyer_once_per_slot",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.buyer} ↔ {self.sme}"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def is_declined(self) -> bool:
        """One side declined the published invitation: staff should act on it."""
        return self.Response.DECLINED in (self.sme_response, self.buyer_response)


class ScheduleRun(RunStatusMixin, models.Model):
    """One run of the scheduler for a mission, with its figures."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="schedule_runs")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    fresh = models.BooleanField(_("fresh schedule"), default=False)
    time_limit = models.FloatField(default=30.0)
    meetings_total = models.PositiveIntegerField(default=0)
    meetings_placed = models.PositiveIntegerField(default=0)
    total_gaps = models.PositiveIntegerField(null=True, blank=True)
    worst_gaps = models.PositiveIntegerField(null=True, blank=True)
    optimal = models.BooleanField(default=False)
    unplaced = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("schedule run")
        verbose_name_plural = _("schedule runs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.mission} {self.created_at:%Y-%m-%d %H:%M}"


class OutboxMessage(models.Model):
    """One e-mail to send, exactly once: unique per (subject, recipient, kind, sequence).

    A sender claims a row with a conditional UPDATE (pending → sending) and marks it sent
    only after the SMTP server accepted it; failures go back to pending with a back-off.
    """

    class Kind(models.TextChoices):
        INVITATION = "invitation", _("Invitation")
        UPDATE = "update", _("Update")
        CANCELLATION = "cancellation", _("Cancellation")
        REMINDER = "reminder", _("Reminder")
        DECISION = "decision", _("Decision")
        NOTIFICATION = "notification", _("Notification")
        DIGEST = "digest", _("Daily digest")
        # Questionnaires about one meeting, asked of one side (outcomes area).
        FEEDBACK = "feedback", _("Feedback request")
        FOLLOW_UP = "follow_up", _("Follow-up questionnaire")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        # A newer message about the same subject replaced this one before it went out.
        SUPERSEDED = "superseded", _("Superseded")

    # What the message is about: a meeting, or a participant's whole agenda of a mission.
    subject_key = models.CharField(max_length=120)
    mission = models.ForeignKey(
        Mission, null=True, blank=True, on_delete=models.CASCADE, related_name="outbox"
    )
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.CASCADE, related_name="outbox"
    )
    participant = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    recipient = models.EmailField()
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=14, choices=Kind.choices)
    sequence = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=200, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    message_id = models.CharField(max_length=255, blank=True)
    # What the message says about its meeting (time, table) as of its sequence, so an
    # update or cancellation reads the same however late it goes out.
    payload = models.JSONField(default=dict, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        constraints = [
            models.UniqueConstraint(
                fields=["subject_key", "recipient", "kind", "sequence"],
                name="outbox_once_per_subject_recipient_kind_sequence",
            ),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.kind} #{self.sequence} → {self.recipient} ({self.status})"
