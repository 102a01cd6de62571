"""Reads for the directory, profile pages and organisation pages."""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import F, Prefetch, QuerySet
from django.http import Http404, QueryDict
from django.utils.translation import gettext as _

from .filters import DirectoryFilter
from .models import CompanyProfile, Invitation, Membership, Organisation, Sector

PAGE_SIZE = 20
RANK_AT_MOST = 5_000  # matches a search ranks by relevance; beyond, it sorts by name


def is_staff(user) -> bool:
    return bool(user.is_authenticated and user.is_staff)


def visible_profiles(*, user) -> QuerySet:
    """Profiles ``user`` may see: published ones, and every one for staff."""
    queryset = CompanyProfile.objects.all()
    if not is_staff(user):
        queryset = queryset.filter(status=CompanyProfile.Status.PUBLISHED)
    return queryset


def _ordering(sort: str, ranked: bool) -> list:
    if sort == "relevance" and not ranked:
        sort = "name"  # only PostgreSQL's full-text search ranks; elsewhere: by name
    return {
        "relevance": [F("rank").desc(), "sort_name", "pk"],
        "name": ["sort_name", "pk"],
        "newest": [F("published_at").desc(nulls_last=True), "pk"],
        "trl": [F("trl").desc(nulls_last=True), "sort_name", "pk"],
    }.get(sort, ["sort_name", "pk"])


class DirectoryPaginator(Paginator):
    """Pages that fetch their ids first, then only those rows.

    The ids of a page come from an index-only scan of the directory's order even deep in
    the list, where an OFFSET over whole rows would read every row it skips.
    """

    def page(self, number) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = self.object_list.values("pk")[bottom:top]
        return self._get_page(list(self.object_list.filter(pk__in=ids)), number, self)


@dataclass
class DirectoryResult:
    filterset: DirectoryFilter
    page: Page | None
    sort: str
    searching: bool
    errors: dict = field(default_factory=dict)
    rank_skipped: bool = False

    @property
    def count(self) -> int:
        return self.page.paginator.count if self.page else 0


def directory_queryset(*, params: QueryDict, user) -> tuple[DirectoryFilter, QuerySet, str, bool]:
    """The filtered, ordered directory for ``params`` as ``user`` may see it."""
    filterset = DirectoryFilter(params, queryset=visible_profiles(user=user), staff=is_staff(user))
    queryset = filterset.qs  # validates the form; invalid values are ignored, not fatal
    data = filterset.form.cleaned_data if filterset.form.is_valid() else {}
    searching = bool((data.get("q") or "").strip())
    sort = data.get("sort") or ("relevance" if searching else "name")
    ranked = "rank" in queryset.query.annotations
    return filterset, queryset.order_by(*_ordering(sort, ranked)), sort, searching


def directory_search(*, params: QueryDict, user, page_number: str | int | None = 1) -> DirectoryResult:
    """One page of the directory with its exact result count (two queries plus sectors)."""
    filterset, queryset, sort, searching = directory_queryset(params=params, user=user)
    queryset = (
        queryset.select_related("organisation")
        .defer("search_vector", "contact_name", "contact_email", "contact_phone")
        .prefetch_related(
            Prefetch("sectors", queryset=Sector.objects.only("id", "code", "name_en", "name_zh"))
        )
    )
    paginator = DirectoryPaginator(queryset, PAGE_SIZE)
    rank_skipped = False
    if sort == "relevance" and "rank" in queryset.query.annotations and (
        paginator.count > RANK_AT_MOST
    ):
        # Ranking scores every match; past this many, order by name (an index walk) and
        # ask for more words instead. The count is exact either way.
        rank_skipped = True
        count = paginator.count
        paginator = DirectoryPaginator(queryset.order_by(*_ordering("name", False)), PAGE_SIZE)
        paginator.__dict__["count"] = count
    page = paginator.get_page(page_number)
    return DirectoryResult(
        filterset=filterset,
        page=page,
        sort=sort,
        searching=searching,
        errors=dict(filterset.form.errors),
        rank_skipped=rank_skipped,
    )


EXPORT_COLUMNS = [
    "name", "country", "city", "website", "status", "sectors", "technologies", "trl",
    "certifications", "target_markets", "employees", "turnover", "founded", "clusters",
    "contact_name", "contact_email", "contact_phone", "profile_url",
]


PHONE_NUMBER = re.compile(r"^\+[\d\s()./-]+$")


def _safe_cell(value) -> str:
    """Neutralise spreadsheet formulas (CSV injection): a leading =, +, - or @ is quoted
    (a plain international phone number is left as it is)."""
    text = "" if value is None else str(value)
    if PHONE_NUMBER.match(text):
        return text
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def directory_export_rows(*, params: QueryDict, user, base_url: str) -> Iterator[list[str]]:
    """The header and one row per profile of the filtered directory (staff only)."""
    if not is_staff(user):
        raise Http404
    _filterset, queryset, _sort, _searching = directory_queryset(params=params, user=user)
    queryset = queryset.select_related("organisation").defer("search_vector").prefetch_related(
        Prefetch("sectors", queryset=Sector.objects.only("id", "code")),
        Prefetch("clusters", queryset=Organisation.objects.only("id", "name")),
    )
    yield EXPORT_COLUMNS
    for profile in queryset.iterator(chunk_size=500):
        organisation = profile.organisation
        row = [
            organisation.name, organisation.country.code, organisation.city,
            organisation.website, profile.status,
            " ".join(sector.code for sector in profile.sectors.all()),
            "; ".join(profile.technologies), profile.trl or "",
            "; ".join(profile.certifications), "; ".join(profile.target_markets),
            profile.employees_band, profile.turnover_band, profile.founded_year or "",
            "; ".join(cluster.name for cluster in profile.clusters.all()),
            profile.contact_name, profile.contact_email, profile.contact_phone,
            f"{base_url}{organisation.slug}/",
        ]
        yield [_safe_cell(value) for value in row]


# --- One company ---------------------------------------------------------------------------


def membership_of(*, user, organisation: Organisation) -> Membership | None:
    if not user.is_authenticated:
        return None
    return next(
        (m for m in user.memberships.all() if m.organisation_id == organisation.pk), None
    )


def profile_for_viewer(*, slug: str, user) -> CompanyProfile:
    """A company's profile as ``user`` may see it; drafts only for its members and staff."""
    profile = (
        CompanyProfile.objects.select_related("organisation")
        .defer("search_vector")
        .prefetch_related(
            "sectors__parent", "clusters", "references__sector",
        )
        .filter(organisation__slug=slug)
        .first()
    )
    if profile is None:
        raise Http404
    if profile.is_published or is_staff(user):
        return profile
    if membership_of(user=user, organisation=profile.organisation) is not None:
        return profile
    raise Http404


def can_see_contacts(*, user, profile: CompanyProfile) -> bool:
    """Contact details go to staff, the company's own people and approved buyers only."""
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    if membership_of(user=user, organisation=profile.organisation) is not None:
        return True
    organisation = user.organisation
    return bool(
        organisation is not None
        and organisation.kind in (Organisation.Kind.BUYER, Organisation.Kind.INVESTOR)
        and organisation.buyer_approved
    )


@dataclass(frozen=True)
class CompletenessItem:
    key: str
    label: str
    done: bool
    required: bool


@dataclass(frozen=True)
class Completeness:
    items: list[CompletenessItem]

    @property
    def percent(self) -> int:
        return round(100 * sum(item.done for item in self.items) / len(self.items))

    @property
    def missing(self) -> list[CompletenessItem]:
        return [item for item in self.items if not item.done]

    @property
    def can_publish(self) -> bool:
        return all(item.done for item in self.items if item.required)


def profile_completeness(profile: CompanyProfile) -> Completeness:
    """What a profile has and lacks; the required items gate publishing."""
    organisation = profile.organisation
    checks = [
        ("description_en", _("A description in English"), bool(profile.description_en.strip()), True),
        ("sectors", _("At least one sector"), profile.sectors.exists(), True),
        ("technologies", _("Technologies (keywords)"), bool(profile.technologies), False),
        ("trl", _("Technology readiness level"), profile.trl is not None, False),
        ("target_markets", _("Target markets"), bool(profile.target_markets), False),
        ("size", _("Company size"), bool(profile.employees_band), False),
        ("founded_year", _("Year founded"), profile.founded_year is not None, False),
        ("contact", _("A contact person and e-mail"),
         bool(profile.contact_name and profile.contact_email), False),
        ("logo", _("A logo"), bool(profile.logo), False),
        ("brochure", _("A brochure (PDF)"), bool(profile.brochure), False),
        ("references", _("At least one reference project"), profile.references.exists(), False),
        ("website", _("A website"), bool(organisation.website), False),
    ]
    return Completeness(
        items=[CompletenessItem(key, str(label), done, required)
               for key, label, done, required in checks]
    )


def organisation_people(*, organisation: Organisation) -> tuple[list[Membership], list[Invitation]]:
    """Members (owners first) and pending invitations of an organisation."""
    members = list(
        organisation.memberships.select_related("user").order_by("-role", "user__email")
    )
    pending = list(organisation.invitations.filter(accepted_at__isnull=True))
    return members, pending


def buyers_for_approval() -> QuerySet:
    """Buyer and investor organisations, those awaiting approval first."""
    return Organisation.objects.filter(
        kind__in=[Organisation.Kind.BUYER, Organisation.Kind.INVESTOR]
    ).order_by("buyer_approved", "name").prefetch_related("memberships__user")
