"""Missions, applications and the delegation, demand projects, and the agenda."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from companies.models import Organisation, Sector, time_zone_choices


class Market(models.TextChoices):
    CHINA = "china", _("China")
    USA = "usa", _("USA")


class Mission(models.Model):
    """A delegation of SMEs travelling to a host city to meet its buyers."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open for applications")
        SELECTING = "selecting", _("Selecting")
        CONFIRMED = "confirmed", _("Confirmed")
        RUNNING = "running", _("Running")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    title = models.CharField(_("title"), max_length=200)
    title_zh = models.CharField(_("title (Chinese)"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    organisers = models.ManyToManyField(
        Organisation,
        related_name="organised_missions",
        limit_choices_to={"kind": Organisation.Kind.CLUSTER},
        verbose_name=_("organising clusters"),
    )
    target_market = models.CharField(_("target market"), max_length=10, choices=Market.choices)
    host_city = models.CharField(_("host city"), max_length=120)
    time_zone = models.CharField(
        _("time zone"), max_length=64, choices=time_zone_choices, default="Asia/Shanghai"
    )
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    capacity = models.PositiveSmallIntegerField(
        _("capacity (SMEs)"), default=25, validators=[MinValueValidator(1)]
    )
    application_deadline = models.DateTimeField(_("application deadline"))
    sector_focus = models.ManyToManyField(
        Sector, blank=True, related_name="missions", verbose_name=_("sector focus")
    )
    description = models.TextField(_("description"), blank=True)
    description_zh = models.TextField(_("description (Chinese)"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    request_expiry_days = models.PositiveSmallIntegerField(
        _("meeting requests expire after (days)"), default=7
    )
    max_requests_per_participant = models.PositiveSmallIntegerField(
        _("meeting requests per participant"), default=30
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("mission")
        verbose_name_plural = _("missions")
        ordering = ["start_date", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="mission_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def next_statuses(self) -> list[str]:
        """The statuses this mission may move to from where it is now."""
        return [status for status in self.Status.values if status in TRANSITIONS[self.status]]

    @property
    def is_open_for_applications(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def takes_decisions(self) -> bool:
        """Whether staff may still accept, wait-list or reject applications."""
        return self.status in DECISION_STATUSES


_S = Mission.Status
# The lifecycle: forward one step at a time, or cancelled from any state that is not final.
TRANSITIONS: dict[str, frozenset[str]] = {
    _S.DRAFT: frozenset({_S.OPEN, _S.CANCELLED}),
    _S.OPEN: frozenset({_S.SELECTING, _S.CANCELLED}),
    _S.SELECTING: frozenset({_S.CONFIRMED, _S.CANCELLED}),
    _S.CONFIRMED: frozenset({_S.RUNNING, _S.CANCELLED}),
    _S.RUNNING: frozenset({_S.COMPLETED, _S.CANCELLED}),
    _S.COMPLETED: frozenset(),
    _S.CANCELLED: frozenset(),
}
DECISION_STATUSES = frozenset({_S.OPEN, _S.SELECTING, _S.CONFIRMED})


class MissionApplication(models.Model):
    """An SME's application to join a mission's delegation."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        ACCEPTED = "accepted", _("Accepted")
        WAITLISTED = "waitlisted", _("Wait-listed")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="applications")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="mission_applications"
    )
    motivation = models.TextField(_("motivation"))
    sectors = models.ManyToManyField(Sector, blank=True, verbose_name=_("sectors"))
    wanted_demands = models.ManyToManyField(
        "DemandProject", blank=True, verbose_name=_("demand projects to meet")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mission application")
        verbose_name_plural = _("mission applications")
        constraints = [
            models.UniqueConstraint(
                fields=["mission", "organisation"], name="application_one_per_sme"
            ),
        ]
        indexes = [models.Index(fields=["mission", "status"])]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.mission}"

    @property
    def can_withdraw(self) -> bool:
        return self.status not in (self.Status.WITHDRAWN, self.Status.REJECTED) and (
            self.mission.status in (Mission.Status.OPEN, Mission.Status.SELECTING)
        )


class DemandProject(models.Model):
    """A buyer's need: what a city, utility or developer wants to buy or build."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    class BudgetBand(models.TextChoices):
        UNDER_100K = "<100k", _("under €100,000")
        UNDER_1M = "100k-1m", _("€100,000–1 million")
        UNDER_10M = "1m-10m", _("€1–10 million")
        OVER_10M = ">10m", _("over €10 million")

    class ProcurementStage(models.TextChoices):
        EXPLORING = "exploring", _("Exploring solutions")
        PLANNING = "planning", _("Planning and budgeting")
        TENDER = "tender", _("Tender in preparation")
        PILOT = "pilot", _("Looking for a pilot")
        INVESTMENT = "investment", _("Seeking investment partners")

    buyer = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="demand_projects",
        limit_choices_to={"kind__in": [Organisation.Kind.BUYER, Organisation.Kind.INVESTOR]},
        verbose_name=_("buyer"),
    )
    mission = models.ForeignKey(
        Mission,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="demand_projects",
        verbose_name=_("mission"),
    )
    # Chinese-first buyers: a demand is written in English, in Chinese or in both; at
    # least one language carries a title and a description (see Meta.constraints).
    title = models.CharField(_("title (English)"), max_length=200, blank=True)
    title_zh = models.CharField(_("title (Chinese)"), max_length=200, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_zh = models.TextField(_("description (Chinese)"), blank=True)
    sectors = models.ManyToManyField(
        Sector, blank=True, related_name="demand_projects", verbose_name=_("sectors needed")
    )
    technologies = models.JSONField(_("technologies needed"), default=list, blank=True)
    city = models.CharField(_("city"), max_length=120)
    market = models.CharField(_("market"), max_length=10, choices=Market.choices)
    budget_band = models.CharField(
        _("budget"), max_length=10, choices=BudgetBand.choices, blank=True
    )
    timeline = models.CharField(_("timeline"), max_length=120, blank=True)
    procurement_stage = models.CharField(
        _("procurement stage"),
        max_length=12,
        choices=ProcurementStage.choices,
        default=ProcurementStage.EXPLORING,
    )
    min_trl = models.PositiveSmallIntegerField(
        _("minimum TRL"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(9)],
    )
    required_certifications = models.JSONField(
        _("required certifications"), default=list, blank=True
    )
    language = models.CharField(
        _("working language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("demand project")
        verbose_name_plural = _("demand projects")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "market"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_trl__isnull=True) | models.Q(min_trl__gte=1, min_trl__lte=9),
                name="demand_min_trl_1_to_9",
            ),
            models.CheckConstraint(
                condition=(~models.Q(title="") & ~models.Q(description_en=""))
                | (~models.Q(title_zh="") & ~models.Q(description_zh="")),
                name="demand_written_in_one_language_at_least",
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.title_zh

    @property
    def any_title(self) -> str:
        """The English title, or the Chinese one for a demand written only in Chinese."""
        return self.title or self.title_zh

    @property
    def display_title(self) -> str:
        """The title in the active language where the buyer wrote one, else the other."""
        from django.utils.translation import get_language

        if (get_language() or "").startswith("zh"):
            return self.title_zh or self.title
        return self.any_title


class MeetingDay(models.Model):
    """A day of the mission on which bilateral meetings take place."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="days")
    date = models.DateField(_("date"))

    class Meta:
        verbose_name = _("meeting day")
        verbose_name_plural = _("meeting days")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["mission", "date"], name="meeting_day_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.mission} {self.date}"


class AgendaSession(models.Model):
    """A block of bilateral meetings on one day (morning or afternoon)."""

    class Part(models.TextChoices):
        MORNING = "morning", _("Morning")
        AFTERNOON = "afternoon", _("Afternoon")

    day = models.ForeignKey(MeetingDay, on_delete=models.CASCADE, related_name="sessions")
    part = models.CharField(_("part of day"), max_length=10, choices=Part.choices)
    start_time = models.TimeField(_("start (mission time)"))
    end_time = models.TimeField(_("end (mission time)"))
    slot_minutes = models.PositiveSmallIntegerField(
        _("slot length (minutes)"), default=30, validators=[MinValueValidator(5)]
    )
    break_minutes = models.PositiveSmallIntegerField(_("break between slots (minutes)"), default=0)
    tables = models.PositiveSmallIntegerField(
        _("tables"), default=10, validators=[MinValueValidator(1)]
    )

    class Meta:
        verbose_name = _("agenda session")
        verbose_name_plural = _("agenda sessions")
        ordering = ["day__date", "start_time"]
        constraints = [
            models.UniqueConstraint(fields=["day", "part"], name="agenda_session_unique"),
            models.CheckConstraint(
                condition=models.Q(end_time__gt=models.F("start_time")),
                name="agenda_session_times_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.get_part_display()}"


class Slot(models.Model):
    """One meeting slot, stored in UTC; generated from its session."""

    session = models.ForeignKey(AgendaSession, on_delete=models.CASCADE, related_name="slots")
    index = models.PositiveSmallIntegerField()
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))

    class Meta:
        verbose_name = _("slot")
        verbose_name_plural = _("slots")
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["session", "index"], name="slot_unique_index"),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="slot_times_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session} #{self.index}"


class Unavailability(models.Model):
    """A slot in which a participant (SME or buyer organisation) cannot meet."""

    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, related_name="unavailabilities")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="unavailabilities"
    )

    class Meta:
        verbose_name = _("unavailability")
        verbose_name_plural = _("unavailabilities")
        constraints = [
            models.UniqueConstraint(fields=["slot", "organisation"], name="unavailability_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ✗ {self.slot}"
