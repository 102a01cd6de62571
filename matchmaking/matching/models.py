"""Match scores with their reasons, scoring runs, and what buyers and SMEs decide."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from companies.models import Organisation
from missions.models import DemandProject, Mission


class RunStatusMixin:
    """What the pages ask of a background run (scoring or scheduling): its ``status`` field
    takes the values of a ``Status`` enum with QUEUED, RUNNING, DONE and FAILED."""

    @property
    def is_active(self) -> bool:
        """Queued or running: the page keeps polling its progress."""
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE

    @property
    def is_failed(self) -> bool:
        return self.status == self.Status.FAILED


class ScoringRun(RunStatusMixin, models.Model):
    """One rescore: full (fanned out in chunks) or of a single SME or demand project."""

    class Scope(models.TextChoices):
        FULL = "full", _("Full rescore")
        SME = "sme", _("One SME")
        DEMAND = "demand", _("One demand project")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    algorithm_version = models.CharField(_("algorithm version"), max_length=40)
    mission = models.ForeignKey(
        Mission, null=True, blank=True, on_delete=models.SET_NULL, related_name="scoring_runs"
    )
    sme = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    demand = models.ForeignKey(
        DemandProject, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    chunks_total = models.PositiveIntegerField(default=0)
    chunks_done = models.PositiveIntegerField(default=0)
    pairs_scored = models.BigIntegerField(default=0)
    rows_created = models.PositiveIntegerField(default=0)
    rows_updated = models.PositiveIntegerField(default=0)
    rows_deleted = models.PositiveIntegerField(default=0)
    rows_unchanged = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("scoring run")
        verbose_name_plural = _("scoring runs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_scope_display()} {self.created_at:%Y-%m-%d %H:%M}"


class MatchScore(models.Model):
    """The score of one (published SME, open demand project) pair with its components.

    ``components`` maps a component name to its value in [0, 1]; ``reasons`` holds, per
    component, the plain context (matched sectors, shared keywords, TRL numbers, …) from
    which the sentence is written in the reader's language when shown.
    """

    # No single-column indexes: the unique pair and the ranking index lead with these
    # columns. A full rescore writes half a million rows, and every index costs. No
    # database constraints either: checking two foreign keys per row took 40% of the
    # database's time to write a full rescore (and locked every demand and SME row). The
    # rows are derived data: Django deletes them with their SME or demand (``CASCADE`` is
    # Django's, not the database's), and a full rescore deletes any row of a range that it
    # did not score.
    sme = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="match_scores",
        db_index=False,
        db_constraint=False,
    )
    demand = models.ForeignKey(
        DemandProject,
        on_delete=models.CASCADE,
        related_name="match_scores",
        db_index=False,
        db_constraint=False,
    )
    score = models.FloatField(_("score"))
    confidence = models.FloatField(_("confidence"), default=1.0)
    components = models.JSONField(_("components"), default=dict)
    reasons = models.JSONField(_("reasons"), default=dict)
    algorithm_version = models.CharField(_("algorithm version"), max_length=40)
    # The run that last wrote the row, for the record: nothing looks rows up by it, so it
    # has neither an index nor a database constraint (Django still sets it to NULL when
    # a run is deleted).
    run = models.ForeignKey(
        ScoringRun,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    computed_at = models.DateTimeField(_("computed"))
    # Hash of what the row shows (score, components, the inputs behind the reasons): a
    # rescore compares it before writing, so unchanged pairs are not written again.
    digest = models.CharField(max_length=32, blank=True, editable=False)

    class Meta:
        verbose_name = _("match score")
        verbose_name_plural = _("match scores")
        constraints = [
            models.UniqueConstraint(fields=["sme", "demand"], name="match_score_unique_pair"),
            models.CheckConstraint(
                condition=models.Q(score__gte=0, score__lte=100), name="match_score_0_to_100"
            ),
        ]
        # A demand's ranked suppliers need an index that leads with the demand; an SME's
        # matches (its top K and a few more) are found through the unique pair and sorted.
        indexes = [
            models.Index(fields=["demand", "-score"], name="match_demand_score_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.sme} × {self.demand}: {self.score:.0f}"


class BuyerDecision(models.Model):
    """A buyer's decision about one supplier on one demand project."""

    class Status(models.TextChoices):
        SHORTLISTED = "shortlisted", _("Shortlisted")
        DECLINED = "declined", _("Declined")

    demand = models.ForeignKey(
        DemandProject, on_delete=models.CASCADE, related_name="buyer_decisions"
    )
    sme = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(_("decision"), max_length=12, choices=Status.choices)
    reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), auto_now=True)

    class Meta:
        verbose_name = _("buyer decision")
        verbose_name_plural = _("buyer decisions")
        constraints = [
            models.UniqueConstraint(fields=["demand", "sme"], name="buyer_decision_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.demand} / {self.sme}: {self.status}"

    @property
    def is_shortlisted(self) -> bool:
        return self.status == self.Status.SHORTLISTED


class SmeFeedback(models.Model):
    """An SME's "interested" / "not relevant" on a demand project (seen by the buyer)."""

    class Verdict(models.TextChoices):
        INTERESTED = "interested", _("Interested")
        NOT_RELEVANT = "not_relevant", _("Not relevant")

    sme = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    demand = models.ForeignKey(DemandProject, on_delete=models.CASCADE, related_name="sme_feedback")
    verdict = models.CharField(_("verdict"), max_length=14, choices=Verdict.choices)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    given_at = models.DateTimeField(_("given"), auto_now=True)

    class Meta:
        verbose_name = _("SME feedback")
        verbose_name_plural = _("SME feedback")
        constraints = [
            models.UniqueConstraint(fields=["sme", "demand"], name="sme_feedback_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.sme} on {self.demand}: {self.verdict}"

    @property
    def is_interested(self) -> bool:
        return self.verdict == self.Verdict.INTERESTED

    @property
    def is_not_relevant(self) -> bool:
        return self.verdict == self.Verdict.NOT_RELEVANT
