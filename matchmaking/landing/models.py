"""Landing support in a host city: the packages staff or approved partner organisations
offer (space, registration, legal and IP help, recruitment, introductions, subsidies), and
SMEs' applications to them."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from companies.models import Organisation

from ..outcomes.models import Currency


class PackageProvider(models.Model):
    """A partner organisation (an innovation centre, a cluster office in the host city) that
    staff approved to publish packages; until approved it publishes nothing."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="package_provider"
    )
    approved = models.BooleanField(_("approved provider"), default=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("package provider")
        verbose_name_plural = _("package providers")

    def __str__(self) -> str:
        return str(self.organisation)


class SupportPackage(models.Model):
    """One offer in a host city, with a capacity of SMEs it can take."""

    class Kind(models.TextChoices):
        SPACE = "space", _("Office or lab space")
        REGISTRATION = "registration", _("Company registration")
        LEGAL_IP = "legal_ip", _("Legal and IP help")
        RECRUITMENT = "recruitment", _("Recruitment")
        GOVERNMENT = "government", _("Introductions to local government")
        SUBSIDIES = "subsidies", _("Subsidies")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CLOSED = "closed", _("Closed")

    # Empty: offered by the platform team itself.
    provider = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="+",
        verbose_name=_("provider"),
    )
    host_city = models.CharField(_("host city"), max_length=120)
    country = CountryField(_("country"))
    kind = models.CharField(_("kind of support"), max_length=14, choices=Kind.choices)
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_zh = models.CharField(_("title (Chinese)"), max_length=200, blank=True)
    description_en = models.TextField(_("description (English)"))
    description_zh = models.TextField(_("description (Chinese)"), blank=True)
    eligibility_en = models.TextField(_("eligibility (English)"), blank=True)
    eligibility_zh = models.TextField(_("eligibility (Chinese)"), blank=True)
    # No price: free of charge.
    price = models.PositiveBigIntegerField(_("cost"), null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("capacity (SMEs)"), validators=[MinValueValidator(1)]
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PUBLISHED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("support package")
        verbose_name_plural = _("support packages")
        ordering = ["host_city", "kind", "title_en"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(price__isnull=True) & Q(currency=""))
                | (Q(price__isnull=False) & ~Q(currency="")),
                name="package_price_has_currency",
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="package_capacity_positive"),
        ]

    def __str__(self) -> str:
        return self.title_en

    @property
    def title(self) -> str:
        zh = (get_language() or "").startswith("zh")
        return (self.title_zh or self.title_en) if zh else self.title_en

    @property
    def description(self) -> str:
        zh = (get_language() or "").startswith("zh")
        return (self.description_zh or self.description_en) if zh else self.description_en

    @property
    def eligibility(self) -> str:
        zh = (get_language() or "").startswith("zh")
        return (self.eligibility_zh or self.eligibility_en) if zh else self.eligibility_en

    @property
    def is_free(self) -> bool:
        return self.price is None


class PackageApplication(models.Model):
    """An SME's application to a package; the provider accepts, wait-lists or declines it."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        ACCEPTED = "accepted", _("Accepted")
        WAITLISTED = "waitlisted", _("Wait-listed")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    package = models.ForeignKey(
        SupportPackage, on_delete=models.CASCADE, related_name="applications"
    )
    sme = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    message = models.TextField(_("why this package, and when"), max_length=1000)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED
    )
    answer = models.TextField(_("message to the SME"), blank=True, max_length=1000)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("package application")
        verbose_name_plural = _("package applications")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["package", "sme"], name="package_application_one_per_sme"),
        ]
        indexes = [models.Index(fields=["package", "status"])]

    def __str__(self) -> str:
        return f"{self.sme} → {self.package}"
