"""Market briefs (versioned, English and Chinese) and market-entry readiness checklists."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from companies.models import Organisation, Sector
from missions.models import Market


class MarketBrief(models.Model):
    """The Business-Intelligence template for one target market and sector; its text lives
    in versions, the newest being current."""

    market = models.CharField(_("target market"), max_length=10, choices=Market.choices)
    sector = models.ForeignKey(Sector, on_delete=models.CASCADE, related_name="market_briefs")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("market brief")
        verbose_name_plural = _("market briefs")
        ordering = ["market", "sector__code"]
        constraints = [
            models.UniqueConstraint(fields=["market", "sector"], name="market_brief_once"),
        ]

    def __str__(self) -> str:
        return f"{self.get_market_display()} · {self.sector}"


class MarketBriefVersion(models.Model):
    """One saved state of a brief: who changed it, when, and every field in both languages."""

    TEXT_FIELDS = ("market_size", "policy", "buyers", "channels", "risks")

    brief = models.ForeignKey(MarketBrief, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    market_size_en = models.TextField(_("market size (English)"), blank=True)
    market_size_zh = models.TextField(_("market size (Chinese)"), blank=True)
    market_size_source = models.CharField(_("source of the market size"), max_length=300, blank=True)
    market_size_year = models.PositiveSmallIntegerField(_("year of the market size"), null=True, blank=True)
    policy_en = models.TextField(_("policy drivers and regulations (English)"), blank=True)
    policy_zh = models.TextField(_("policy drivers and regulations (Chinese)"), blank=True)
    certifications = models.JSONField(_("certifications needed"), default=list, blank=True)
    buyers_en = models.TextField(_("typical buyers and how they procure (English)"), blank=True)
    buyers_zh = models.TextField(_("typical buyers and how they procure (Chinese)"), blank=True)
    channels_en = models.TextField(_("channels and partners (English)"), blank=True)
    channels_zh = models.TextField(_("channels and partners (Chinese)"), blank=True)
    risks_en = models.TextField(_("risks (English)"), blank=True)
    risks_zh = models.TextField(_("risks (Chinese)"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed"), auto_now_add=True)

    class Meta:
        verbose_name = _("market brief version")
        verbose_name_plural = _("market brief versions")
        ordering = ["brief", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["brief", "number"], name="market_brief_version_once"),
        ]

    def __str__(self) -> str:
        return f"{self.brief} v{self.number}"


class MarketReadiness(models.Model):
    """An SME's market-entry checklist for one target market (it fills it in itself).

    Certifications held are read from its profile against those the market's briefs for
    its sectors list; the other items are answered here.
    """

    sme = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="readiness")
    market = models.CharField(_("target market"), max_length=10, choices=Market.choices)
    local_partner = models.BooleanField(_("a local partner or representative"), default=False)
    ip_filed = models.BooleanField(_("IP protection filed in this market"), default=False)
    local_language = models.BooleanField(_("material in the local language"), default=False)
    comparable_references = models.BooleanField(_("references in comparable cities"), default=False)
    export_experience = models.BooleanField(_("export experience"), default=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("market-entry readiness")
        verbose_name_plural = _("market-entry readiness")
        constraints = [
            models.UniqueConstraint(fields=["sme", "market"], name="readiness_once_per_market"),
        ]

    def __str__(self) -> str:
        return f"{self.sme} · {self.get_market_display()}"
