"""Reads for the directory, profile pages and organisation pages."""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import F, Prefetch, QuerySet
from django.http import Http404, QueryDict
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from . import hooks
from .filters import DirectoryFilter, country_choices
from .models import CompanyProfile, Invitation, Membership, Organisation, Sector
from .rules import is_staff

PAGE_SIZE = 20
# A text search with more matches than this counts them only up to here ("> 5000
# companies"), sorts them by name instead of ranking every one, and pages through the
# first RANK_AT_MOST of them. Fewer matches are counted exactly and ranked.
RANK_AT_MOST = 5_000


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
    the list, where an OFFSET over whole rows would read every row it skips. ``count``,
    when the caller already knows it, saves the COUNT query.
    """

    def __init__(self, object_list, per_page, *, count: int | None = None):
        super().__init__(object_list, per_page)
        if count is not None:
            self.__dict__["count"] = count  # Paginator.count is a cached property

    def page(self, number) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = self.object_list.values("pk")[bottom:top]
        return self._get_page(list(self.object_list.filter(pk__in=ids)), number, self)

    def page_of(self, number: int, objects: list) -> Page:
        """Page ``number`` when its rows are fetched already."""
        return self._get_page(objects, self.validate_number(number), self)


# The directory's orders (see _ordering) over the columns of _search_page's subquery.
SEARCH_ORDER_SQL = {
    "relevance": "m_rank DESC, m_sort_name, m_id",
    "name": "m_sort_name, m_id",
    "newest": "m_published_at DESC NULLS LAST, m_id",
    "trl": "m_trl DESC NULLS LAST, m_sort_name, m_id",
}


def _search_page(queryset: QuerySet, *, sort: str, number: int) -> tuple[list[int], int | None]:
    """The ids of page ``number`` of a full-text search and how many profiles match (at
    most RANK_AT_MOST + 1), in one query that reads the matches once.

    The ids are right only when the matches are at most RANK_AT_MOST; the count is None
    when the page lies past the last one.
    """
    matches = queryset.order_by().values(
        m_id=F("pk"), m_rank=F("rank"), m_sort_name=F("sort_name"),
        m_published_at=F("published_at"), m_trl=F("trl"),
    )[: RANK_AT_MOST + 1]
    sql, params = matches.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            # Only the ORM's own SQL and a fixed ORDER BY; the values go as parameters.
            f"SELECT m_id, count(*) OVER () FROM ({sql}) AS matches "
            f"ORDER BY {SEARCH_ORDER_SQL[sort]} LIMIT %s OFFSET %s",
            [*params, PAGE_SIZE, (number - 1) * PAGE_SIZE],
        )
        rows = cursor.fetchall()
    return [row[0] for row in rows], (rows[0][1] if rows else None)


def _page_number(value: str | int | None) -> int:
    try:
        return max(1, int(value or 1))
    except (TypeError, ValueError):
        return 1


def profile_counts() -> tuple[int, int]:
    """(all, published) profiles, read from the counter the database keeps exact with
    triggers on every write (migration 0005): one row instead of a COUNT over the table."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT total, published FROM companies_profile_counter WHERE id = 1")
        row = cursor.fetchone()
    return (int(row[0]), int(row[1])) if row else (0, 0)


def _unfiltered_count(*, data: dict, staff: bool) -> int | None:
    """The exact count of an unfiltered directory from the counter, or None when any
    filter or search is in use (then the database counts the matches)."""
    if any(value not in (None, "", []) for name, value in data.items()
           if name not in ("sort", "status")):
        return None
    total, published = profile_counts()
    if not staff:
        return published  # anonymous visitors, SMEs and buyers see published profiles only
    status = data.get("status")
    if status == CompanyProfile.Status.PUBLISHED:
        return published
    if status == CompanyProfile.Status.DRAFT:
        return total - published
    return total


EXCERPT_LENGTH = 240
CARD_DEFERRED = ("search_vector", "contact_name", "contact_email", "contact_phone")


@dataclass(frozen=True)
class DirectoryCard:
    """What a directory card shows of a profile, in the reader's language."""

    profile: CompanyProfile
    name: str
    url: str
    place: str
    excerpt: str
    logo_url: str
    sector_names: list[str]
    market_labels: list[str]


def _excerpt(text: str, length: int = EXCERPT_LENGTH) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "\u2026"


def directory_cards(profiles: list[CompanyProfile]) -> list[DirectoryCard]:
    """Cards for one page of profiles; one query for their sectors.

    Built here rather than in the template: the same lookups made field by field in the
    template took most of the page's rendering time.
    """
    chinese = (get_language() or "").startswith("zh")
    sector_names: dict[int, list[str]] = {profile.pk: [] for profile in profiles}
    if profiles:
        rows = (
            CompanyProfile.sectors.through.objects.filter(companyprofile_id__in=list(sector_names))
            .order_by("sector__code")
            .values_list("companyprofile_id", "sector__name_en", "sector__name_zh")
        )
        for profile_id, name_en, name_zh in rows:
            sector_names[profile_id].append(name_zh if chinese else name_en)
    countries = dict(country_choices())
    # One reverse() for the page; a slug needs no quoting in a path.
    url_prefix = reverse("companies:profile_detail", args=["slug"]).removesuffix("slug/")
    markets = {value: str(label) for value, label in CompanyProfile.TargetMarket.choices}
    cards = []
    for profile in profiles:
        organisation = profile.organisation
        country = countries.get(organisation.country.code, organisation.country.code)
        description = (
            profile.description_zh if chinese and profile.description_zh else profile.description_en
        )
        cards.append(DirectoryCard(
            profile=profile,
            name=organisation.name,
            url=f"{url_prefix}{organisation.slug}/",
            place=f"{country} · {organisation.city}" if organisation.city else country,
            excerpt=_excerpt(description),
            logo_url=profile.logo.url if profile.logo else "",
            sector_names=sector_names[profile.pk],
            market_labels=[markets.get(value, value) for value in profile.target_markets],
        ))
    return cards


@dataclass
class DirectoryResult:
    filterset: DirectoryFilter
    page: Page | None
    sort: str
    searching: bool
    errors: dict = field(default_factory=dict)
    cards: list[DirectoryCard] = field(default_factory=list)
    # True when a text search matches more than RANK_AT_MOST profiles: ``count`` is then
    # RANK_AT_MOST, shown as "> 5000", and the matches are sorted by name.
    count_capped: bool = False

    @property
    def rank_skipped(self) -> bool:
        return self.count_capped and self.sort == "relevance"

    @property
    def count(self) -> int:
        return self.page.paginator.count if self.page else 0


def directory_queryset(*, params: QueryDict, user) -> tuple[DirectoryFilter, QuerySet, str, bool]:
    """The filtered, ordered directory for ``params`` as ``user`` may see it."""
    filterset = DirectoryFilter(params, queryset=visible_profiles(user=user), staff=is_staff(user))
    queryset = filterset.qs  # validates the form; invalid values are ignored, not fatal
    data = filterset.form.cleaned_data  # the valid values, the ones the filters applied
    searching = bool((data.get("q") or "").strip())
    sort = data.get("sort") or ("relevance" if searching else "name")
    ranked = "rank" in queryset.query.annotations
    return filterset, queryset.order_by(*_ordering(sort, ranked)), sort, searching


def directory_search(*, params: QueryDict, user, page_number: str | int | None = 1) -> DirectoryResult:
    """One page of the directory with its result count, in four queries: the cluster
    choices, the count (or, for a full-text search, the page's ids with the count), the
    page's rows and their sectors. A search page past the last one takes a fifth.

    The count is exact, except for a text search with more than RANK_AT_MOST matches,
    which says "more than" (``count_capped``). Without filters it comes from the
    database's profile counter rather than a COUNT over the table.
    """
    filterset, queryset, sort, searching = directory_queryset(params=params, user=user)
    queryset = queryset.select_related("organisation").defer(*CARD_DEFERRED)
    count = _unfiltered_count(data=filterset.form.cleaned_data, staff=is_staff(user))
    count_capped = False
    page = None
    if count is None and "rank" in queryset.query.annotations:
        # PostgreSQL full-text search: the page and the count (up to the cap) in one
        # query. Counting a very broad search exactly would read every match.
        number = _page_number(page_number)
        ids, count = _search_page(queryset, sort=sort, number=number)
        if count is None and number > 1:  # past the last page: count, show the last
            count = queryset.order_by().values("pk")[: RANK_AT_MOST + 1].count()
        count = count or 0
        if count > RANK_AT_MOST:
            count, count_capped = RANK_AT_MOST, True
            if sort == "relevance":
                # Ranking scores every match; order by name (an index walk) instead.
                queryset = queryset.order_by(*_ordering("name", False))
        elif ids:
            # The page's rows by primary key alone: the filters chose them already.
            rows = CompanyProfile.objects.filter(pk__in=ids).select_related("organisation")
            by_id = {row.pk: row for row in rows.defer(*CARD_DEFERRED)}
            paginator = DirectoryPaginator(queryset, PAGE_SIZE, count=count)
            page = paginator.page_of(number, [by_id[pk] for pk in ids if pk in by_id])
    if page is None:
        page = DirectoryPaginator(queryset, PAGE_SIZE, count=count).get_page(page_number)
    return DirectoryResult(
        filterset=filterset,
        page=page,
        sort=sort,
        searching=searching,
        errors=dict(filterset.form.errors),
        cards=directory_cards(list(page.object_list)),
        count_capped=count_capped,
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
        Prefetch("sectors", queryset=Sector.objects.only("id", "code", "name_en", "name_zh")),
        Prefetch("clusters", queryset=Organisation.objects.only("id", "name")),
    )
    yield EXPORT_COLUMNS
    for profile in queryset.iterator(chunk_size=500):
        organisation = profile.organisation
        row = [
            organisation.name, organisation.country.code, organisation.city,
            organisation.website, profile.status,
            # Sector names in the reader's language, not the taxonomy's codes.
            "; ".join(sector.name for sector in profile.sectors.all()),
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
    """Contact details go to staff, the company's own people and approved buyers only; an
    approved investor sees them once the SME accepted its introduction."""
    return contacts_rule(user)(profile)


def contacts_rule(user) -> Callable[[CompanyProfile], bool]:
    """``can_see_contacts`` for ``user`` as a function of the profile, for a list of many:
    what depends on the user alone (staff, memberships, own organisation) is read once."""
    if not user.is_authenticated:
        return lambda profile: False
    if is_staff(user):
        return lambda profile: True
    own = {m.organisation_id for m in user.memberships.all()}

    def sees(profile: CompanyProfile) -> bool:
        if profile.organisation_id in own:
            return True
        organisation = user.organisation  # read once, and only when needed
        if organisation is None or not organisation.buyer_approved:
            return False
        if organisation.kind == Organisation.Kind.INVESTOR:
            return hooks.investor_may_see_contacts(
                investor_id=organisation.pk, sme_id=profile.organisation_id
            )
        return organisation.kind == Organisation.Kind.BUYER

    return sees


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
