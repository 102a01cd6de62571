"""Investors' pipelines: one per investor organisation and SME, from a marked interest
through the SME's introduction to an investment or joint venture, with every move kept."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from companies.models import Organisation
from missions.models import Mission

from ..outcomes.models import Currency


class Stage(models.TextChoices):
    INTEREST = "interest", _("Interest")
    INTRODUCED = "introduced", _("Introduced")
    DUE_DILIGENCE = "due_diligence", _("Due diligence")
    TERM_SHEET = "term_sheet", _("Term sheet")
    INVESTMENT = "investment", _("Investment")
    JOINT_VENTURE = "joint_venture", _("Joint venture")
    CLOSED = "closed", _("Deal closed")
    DROPPED = "dropped", _("Dropped")
    DECLINED = "declined", _("Introduction declined")


# The road forward, in order; investment and joint venture are one step of it.
ORDER = {
    Stage.INTEREST: 0,
    Stage.INTRODUCED: 1,
    Stage.DUE_DILIGENCE: 2,
    Stage.TERM_SHEET: 3,
    Stage.INVESTMENT: 4,
    Stage.JOINT_VENTURE: 4,
    Stage.CLOSED: 5,
}
DEAL_STAGES = (Stage.INVESTMENT, Stage.JOINT_VENTURE)
ENDED = (Stage.CLOSED, Stage.DROPPED, Stage.DECLINED)


class Pipeline(models.Model):
    """An investor's interest in one SME and where it stands.

    The SME's contact details show to the investor only from ``introduced`` on, that is once
    the SME accepted the introduction (``introduced_at`` is set then and never cleared).
    """

    investor = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    sme = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    # The mission whose delegation the SME was in when the interest was marked (for the KPIs).
    mission = models.ForeignKey(
        Mission, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("note to the SME"), max_length=1000)
    stage = models.CharField(
        _("stage"), max_length=14, choices=Stage.choices, default=Stage.INTEREST
    )
    introduced_at = models.DateTimeField(_("introduced"), null=True, blank=True)
    value = models.PositiveBigIntegerField(_("value"), null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, blank=True)
    stake_percent = models.DecimalField(
        _("stake (%)"), max_digits=5, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    deal_date = models.DateField(_("date of the deal"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("investment pipeline")
        verbose_name_plural = _("investment pipelines")
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["investor", "sme"], name="pipeline_one_per_pair"),
            models.CheckConstraint(
                condition=(Q(value__isnull=True) & Q(currency=""))
                | (Q(value__isnull=False) & ~Q(currency="")),
                name="pipeline_value_has_currency",
            ),
            models.CheckConstraint(
                condition=Q(stage__in=["interest", "declined"]) | Q(introduced_at__isnull=False),
                name="pipeline_introduced_before_moving_on",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.investor} → {self.sme}: {self.stage}"

    @property
    def is_introduced(self) -> bool:
        return self.introduced_at is not None


class PipelineStep(models.Model):
    """One move of a pipeline: from which stage to which, who moved it and when."""

    pipeline = models.ForeignKey(Pipeline, on_delete=models.CASCADE, related_name="steps")
    from_stage = models.CharField(max_length=14, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=14, choices=Stage.choices)
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    moved_at = models.DateTimeField(auto_now_add=True)
    message = models.TextField(_("message"), blank=True, max_length=1000)

    class Meta:
        verbose_name = _("pipeline step")
        verbose_name_plural = _("pipeline steps")
        ordering = ["moved_at", "pk"]

    def __str__(self) -> str:
        return f"{self.pipeline_id}: {self.from_stage} → {self.to_stage}"
