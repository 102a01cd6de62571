"""What came of a meeting: each side's feedback, the 3- and 6-month follow-ups, and the
outcomes (letters of intent, pilots, contracts, joint ventures, investment) for the funders.

Every row belongs to the organisation that answered; another organisation never reads it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from companies.models import Organisation
from missions.models import DemandProject, Mission

from ..meetings.models import Meeting


class Currency(models.TextChoices):
    """Currencies values are reported in; values are never summed across them."""

    EUR = "EUR", "EUR"
    USD = "USD", "USD"
    CNY = "CNY", "CNY"
    SEK = "SEK", "SEK"
    DKK = "DKK", "DKK"
    GBP = "GBP", "GBP"
    CHF = "CHF", "CHF"


class MeetingFeedback(models.Model):
    """One side's answer after a meeting: did it take place, how useful, what next."""

    class TookPlace(models.TextChoices):
        HELD = "held", _("It took place")
        NO_SHOW = "no_show", _("No-show")

    class Rating(models.TextChoices):
        NOT_USEFUL = "not_useful", _("Not useful")
        USEFUL = "useful", _("Useful")
        FOLLOW_UP = "follow_up", _("Follow-up agreed")
        DEAL_EXPECTED = "deal_expected", _("Deal expected")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="feedback")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    took_place = models.CharField(_("did the meeting take place?"), max_length=10,
                                  choices=TookPlace.choices)
    rating = models.CharField(_("how useful was it?"), max_length=14, choices=Rating.choices,
                              blank=True)
    next_step = models.TextField(_("next step (optional)"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("meeting feedback")
        verbose_name_plural = _("meeting feedback")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "organisation"], name="feedback_once_per_meeting_and_side"
            ),
            # A no-show has no rating; a held meeting always has one.
            models.CheckConstraint(
                condition=(Q(took_place="no_show") & Q(rating=""))
                | (Q(took_place="held") & ~Q(rating="")),
                name="feedback_rating_only_when_held",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.organisation} {self.took_place}"


class FollowUp(models.Model):
    """The questionnaire 3 or 6 months after a held meeting, to one side, created once.

    The unique (meeting, organisation, months) row is the claim: whoever inserts it queues the
    e-mails in the same transaction, so beat running twice or a worker dying sends nothing twice.
    """

    class Months(models.IntegerChoices):
        THREE = 3, _("3 months")
        SIX = 6, _("6 months")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="follow_ups")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    months = models.PositiveSmallIntegerField(_("after"), choices=Months.choices)
    due_on = models.DateField(_("due"))
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    contact_continued = models.BooleanField(_("contact continued"), null=True, blank=True)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "organisation", "months"],
                name="follow_up_once_per_meeting_side_and_stage",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.organisation} +{self.months}m"


class Outcome(models.Model):
    """What came of a meeting or a match, as one organisation reported it.

    It links to the mission, the match (SME and demand project) and, when there was one,
    the meeting. A value always carries its currency.
    """

    class Kind(models.TextChoices):
        CONTACT = "contact", _("Contact continued")
        LETTER_OF_INTENT = "loi", _("Letter of intent")
        PILOT = "pilot", _("Pilot project")
        CONTRACT = "contract", _("Contract")
        JOINT_VENTURE = "joint_venture", _("Joint venture")
        INVESTMENT = "investment", _("Investment")

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="outcomes")
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.CASCADE, related_name="outcomes"
    )
    sme = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    buyer = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    demand = models.ForeignKey(
        DemandProject, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("reported by")
    )
    follow_up = models.ForeignKey(
        FollowUp, null=True, blank=True, on_delete=models.SET_NULL, related_name="outcomes"
    )
    kind = models.CharField(_("outcome"), max_length=14, choices=Kind.choices)
    value = models.PositiveBigIntegerField(_("value"), null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, blank=True)
    occurred_on = models.DateField(_("date"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        constraints = [
            models.CheckConstraint(
                condition=(Q(value__isnull=True) & Q(currency=""))
                | (Q(value__isnull=False) & ~Q(currency="")),
                name="outcome_value_has_currency",
            ),
        ]
        indexes = [models.Index(fields=["mission", "kind"])]

    def __str__(self) -> str:
        return f"{self.buyer} ↔ {self.sme}: {self.get_kind_display()}"
