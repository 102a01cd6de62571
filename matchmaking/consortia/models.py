"""Consortium proposals (computed), consortia (formed by an SME or staff) and their members."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from companies.models import Organisation
from missions.models import DemandProject

from ..meetings.models import MeetingRequest


class ConsortiumProposal(models.Model):
    """One of a demand project's best covers, as the last computation left it."""

    demand = models.ForeignKey(
        DemandProject, on_delete=models.CASCADE, related_name="consortium_proposals"
    )
    rank = models.PositiveSmallIntegerField(_("rank"))
    combined_score = models.FloatField(_("combined score"))
    # Requested sector codes no member covers.
    missing = models.JSONField(_("uncovered sectors"), default=list, blank=True)
    countries = models.PositiveSmallIntegerField(default=1)
    acquainted_pairs = models.PositiveSmallIntegerField(default=0)
    computed_at = models.DateTimeField(_("computed"))

    class Meta:
        verbose_name = _("consortium proposal")
        verbose_name_plural = _("consortium proposals")
        ordering = ["demand", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["demand", "rank"], name="consortium_proposal_rank"),
        ]

    def __str__(self) -> str:
        return f"{self.demand} #{self.rank}"

    @property
    def complete(self) -> bool:
        return not self.missing


class ProposalMember(models.Model):
    proposal = models.ForeignKey(
        ConsortiumProposal, on_delete=models.CASCADE, related_name="members"
    )
    sme = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    sectors = models.JSONField(_("sectors covered"), default=list)
    score = models.FloatField(_("match score"))

    class Meta:
        ordering = ["proposal", "-score", "sme_id"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "sme"], name="proposal_member_once"),
        ]

    def __str__(self) -> str:
        return f"{self.proposal}: {self.sme}"


class Consortium(models.Model):
    """SMEs who answer one demand project together; shown to the buyer once all accepted."""

    class Status(models.TextChoices):
        FORMING = "forming", _("Waiting for members")
        READY = "ready", _("All members accepted")
        PRESENTED = "presented", _("Presented to the buyer")
        DISSOLVED = "dissolved", _("Dissolved")

    class Decision(models.TextChoices):
        NONE = "", _("No decision")
        SHORTLISTED = "shortlisted", _("Shortlisted")
        DECLINED = "declined", _("Declined")

    demand = models.ForeignKey(DemandProject, on_delete=models.CASCADE, related_name="consortia")
    name = models.CharField(_("name"), max_length=200)
    # The SME that formed it (None when staff did) speaks for it in meetings.
    lead = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposal_rank = models.PositiveSmallIntegerField(null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.FORMING
    )
    buyer_decision = models.CharField(
        _("buyer's decision"), max_length=12, choices=Decision.choices, blank=True, default=""
    )
    meeting_request = models.OneToOneField(
        MeetingRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="consortium"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    presented_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("consortium")
        verbose_name_plural = _("consortia")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_presented(self) -> bool:
        return self.status == self.Status.PRESENTED


class ConsortiumMember(models.Model):
    class Answer(models.TextChoices):
        INVITED = "invited", _("Invited")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    consortium = models.ForeignKey(Consortium, on_delete=models.CASCADE, related_name="members")
    sme = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    sectors = models.JSONField(_("sectors covered"), default=list, blank=True)
    answer = models.CharField(
        _("answer"), max_length=10, choices=Answer.choices, default=Answer.INVITED
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    # Set when the invitation e-mail is claimed for sending: each member is e-mailed once.
    emailed_at = models.DateTimeField(null=True, blank=True)
    invited_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("consortium member")
        verbose_name_plural = _("consortium members")
        ordering = ["consortium", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["consortium", "sme"], name="consortium_member_once"),
        ]

    def __str__(self) -> str:
        return f"{self.consortium}: {self.sme}"
