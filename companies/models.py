"""Organisations, their people, the sector taxonomy and SME company profiles."""

import functools
import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField


class UserManager(BaseUserManager):
    """Users log in by e-mail; there is no username."""

    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


@functools.cache
def known_time_zones() -> frozenset[str]:
    """The IANA zones this machine knows; read once, as the lookup walks the zone files."""
    return frozenset(zoneinfo.available_timezones())


def time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name) for name in sorted(known_time_zones())]


class User(AbstractUser):
    """A person. Their role follows from staff status and the organisation they belong to."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="Europe/Brussels", choices=time_zone_choices
    )
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, blank=True
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def first_membership(self, *, kind: str | None = None) -> "Membership | None":
        """The oldest membership, of an organisation of ``kind`` if given, with its
        organisation: taken from the memberships a page read already
        (``rules.read_memberships``), else read with one query."""
        read = getattr(self, "_prefetched_objects_cache", {}).get("memberships")
        if read is not None:
            return min(
                (m for m in read if kind is None or m.organisation.kind == kind),
                key=lambda m: (m.created_at, m.pk),
                default=None,
            )
        memberships = self.memberships.select_related("organisation")
        if kind is not None:
            memberships = memberships.filter(organisation__kind=kind)
        return memberships.order_by("created_at", "pk").first()

    @cached_property
    def primary_membership(self) -> "Membership | None":
        return self.first_membership()

    @cached_property
    def organisation(self) -> "Organisation | None":
        membership = self.primary_membership
        return membership.organisation if membership else None

    @cached_property
    def role(self) -> str:
        """``staff``, ``sme``, ``buyer`` or ``newcomer`` (signed in, no organisation yet)."""
        if self.is_staff:
            return "staff"
        organisation = self.organisation
        if organisation is None:
            return "newcomer"
        if organisation.kind == Organisation.Kind.SME:
            return "sme"
        if organisation.kind in (Organisation.Kind.BUYER, Organisation.Kind.INVESTOR):
            return "buyer"
        return "staff" if organisation.kind == Organisation.Kind.CLUSTER else "newcomer"


class Organisation(models.Model):
    """An SME, a buyer (city planner, utility, developer), a cluster or an investor."""

    class Kind(models.TextChoices):
        SME = "sme", _("SME")
        BUYER = "buyer", _("Buyer")
        CLUSTER = "cluster", _("Cluster")
        INVESTOR = "investor", _("Investor")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    country = CountryField(_("country"))
    city = models.CharField(_("city"), max_length=120, blank=True)
    website = models.URLField(_("website"), blank=True)
    # Buyers see supplier contact details only once staff have vouched for them.
    buyer_approved = models.BooleanField(_("approved buyer"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        indexes = [models.Index(fields=["kind", "name"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_buyer_side(self) -> bool:
        """Buyers and investors: they post demand and need staff approval."""
        return self.kind in (self.Kind.BUYER, self.Kind.INVESTOR)


class Membership(models.Model):
    """A person's place in an organisation; every organisation keeps at least one owner."""

    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        MEMBER = "member", _("Member")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation} ({self.role})"


class Sector(models.Model):
    """A node of the two-level cleantech sector taxonomy (seeded from ``taxonomy.py``)."""

    code = models.CharField(_("code"), max_length=80, unique=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_zh = models.CharField(_("name (Chinese)"), max_length=120)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        from django.utils.translation import get_language

        return self.name_zh if (get_language() or "").startswith("zh") else self.name_en


class CompanyProfile(models.Model):
    """The public face of an SME: what it does, how mature, where it wants to sell."""

    # Offered as tick boxes; anything else is typed in as free text.
    COMMON_CERTIFICATIONS = ("CE", "ISO 14001", "ISO 9001", "China CCC", "UL")

    class TargetMarket(models.TextChoices):
        CHINA = "china", _("China")
        USA = "usa", _("USA")
        OTHER = "other", _("Other markets")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    class EmployeesBand(models.TextChoices):
        MICRO = "1-9", _("1–9 employees")
        SMALL = "10-49", _("10–49 employees")
        MEDIUM = "50-249", _("50–249 employees")

    class TurnoverBand(models.TextChoices):
        UNDER_2M = "<2m", _("under €2 million")
        UNDER_10M = "2-10m", _("€2–10 million")
        UNDER_50M = "10-50m", _("€10–50 million")

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="profile"
    )
    clusters = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="cluster_members",
        limit_choices_to={"kind": Organisation.Kind.CLUSTER},
        verbose_name=_("clusters"),
    )
    sectors = models.ManyToManyField(
        Sector, blank=True, related_name="profiles", verbose_name=_("sectors")
    )
    technologies = models.JSONField(_("technologies"), default=list, blank=True)
    # Sector codes the SME dismissed among the suggestions made from its own words: they
    # are no longer suggested, nor counted in the matching. Nullable so that adding the
    # column does not rebuild the table under the directory's SQLite triggers.
    dismissed_sectors = models.JSONField(
        _("dismissed sector suggestions"), null=True, blank=True
    )
    # Sector codes suggested from the profile's words when cluster staff imported it, waiting
    # for the SME to confirm or drop them on its first visit to the profile form.
    suggested_sectors = models.JSONField(
        _("sector suggestions awaiting confirmation"), null=True, blank=True
    )
    description_en = models.TextField(_("description (English)"), blank=True)
    description_zh = models.TextField(_("description (Chinese)"), blank=True)
    trl = models.PositiveSmallIntegerField(
        _("technology readiness level"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(9)],
    )
    certifications = models.JSONField(_("certifications"), default=list, blank=True)
    target_markets = models.JSONField(_("target markets"), default=list, blank=True)
    employees_band = models.CharField(
        _("employees"), max_length=10, choices=EmployeesBand.choices, blank=True
    )
    turnover_band = models.CharField(
        _("turnover"), max_length=10, choices=TurnoverBand.choices, blank=True
    )
    founded_year = models.PositiveSmallIntegerField(_("founded"), null=True, blank=True)
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True)
    brochure = models.FileField(_("brochure"), upload_to="brochures/", blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Filled by a database trigger on PostgreSQL (see migration 0003); unused on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)
    # The organisation's name, copied here by database triggers (migration 0005) so the
    # directory's alphabetical order is one index on this table, even for deep pages.
    sort_name = models.CharField(max_length=200, blank=True, editable=False, default="")

    class Meta:
        verbose_name = _("company profile")
        verbose_name_plural = _("company profiles")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(trl__isnull=True) | models.Q(trl__gte=1, trl__lte=9),
                name="profile_trl_1_to_9",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "trl"]),
            models.Index(fields=["status", "sort_name", "id"], name="profile_directory_order"),
        ]

    def __str__(self) -> str:
        return self.organisation.name

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class ReferenceProject(models.Model):
    """A project the SME has delivered, shown as proof of experience."""

    profile = models.ForeignKey(CompanyProfile, on_delete=models.CASCADE, related_name="references")
    title = models.CharField(_("title"), max_length=200)
    place = models.CharField(_("place"), max_length=120, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    sector = models.ForeignKey(
        Sector, null=True, blank=True, on_delete=models.SET_NULL, related_name="references"
    )

    class Meta:
        verbose_name = _("reference project")
        verbose_name_plural = _("reference projects")
        ordering = ["-year", "title"]

    def __str__(self) -> str:
        return self.title


class PendingOrganisation(models.Model):
    """The organisation a person named at sign-up, created once their address is verified.

    Until then nothing exists that staff would review (a buyer waiting for approval) or
    that the directory could list.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pending_organisation"
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Organisation.Kind.choices)
    country = CountryField(_("country"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organisation awaiting e-mail verification")
        verbose_name_plural = _("organisations awaiting e-mail verification")

    def __str__(self) -> str:
        return f"{self.name} ({self.user})"


class Invitation(models.Model):
    """An owner's invitation for a colleague to join their organisation.

    The link carries a signed token naming this row; it expires after
    ``INVITATION_MAX_AGE`` and works once.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(
        _("role"), max_length=10, choices=Membership.Role.choices, default=Membership.Role.MEMBER
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            # One waiting invitation per address and organisation: a repeat is refused.
            models.UniqueConstraint(
                fields=["organisation", "email"],
                condition=models.Q(accepted_at__isnull=True),
                name="companies_invitation_one_pending_per_email",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None
