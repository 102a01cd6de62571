"""The SME directory's filters: sector (with its sub-sectors), country, cluster, target
market, minimum TRL, certification, size and free text."""

import functools
import re
from collections.abc import Iterator

import django_filters
from django import forms
from django.core.cache import cache
from django.db import connection
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from . import taxonomy
from .models import CompanyProfile, Organisation, Sector

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff]")
CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
# Letters and the accented forms a search for the plain letter should also find.
ACCENTED = {
    "a": "aàáâãäåāą", "c": "cçćč", "e": "eèéêëēęě", "i": "iìíîïī", "n": "nñńň",
    "o": "oòóôõöøō", "s": "sśšß", "u": "uùúûüūů", "y": "yýÿ", "z": "zźżž", "l": "lł",
    "d": "dď", "r": "rř", "t": "tť", "g": "gğ",
}


def fold_accents(text: str) -> str:
    """``text`` without its accents ("Wärme" → "Warme")."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("ø", "o")


def accent_pattern(word: str) -> str:
    """A case-insensitive regular expression matching ``word`` with or without accents."""
    return "".join(
        f"[{ACCENTED[c]}]" if c in ACCENTED else re.escape(c)
        for c in fold_accents(word).lower()
    )
SEARCH_CONFIG = "english"


def sector_choices() -> list[tuple[str, str]]:
    """Top-level sectors, each followed by its sub-sectors, in the reader's language."""
    chinese = (get_language() or "").startswith("zh")
    choices = []
    for node in taxonomy.SECTORS:
        name = node.name_zh if chinese else node.name_en
        choices.append((node.code, name if node.is_top_level else f"\u2003{name}"))
    return choices


class NormalizedChoices(BaseChoiceIterator):
    """(value, label) pairs of plain strings, already in the form Django's choice fields
    use: a field takes them as they are. Given as a plain list, every country was checked
    and normalized again, pair by pair, on every page that showed a country menu."""

    def __init__(self, choices: tuple[tuple[str, str], ...]):
        self.choices = choices

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self.choices)

    def __len__(self) -> int:
        return len(self.choices)


@functools.cache
def _country_choices(language: str) -> NormalizedChoices:
    return NormalizedChoices(tuple((code, str(name)) for code, name in countries))


def country_choices() -> NormalizedChoices:
    """Every country, named and sorted in the reader's language (cached per language)."""
    return _country_choices(get_language() or "en")


SORT_CHOICES = [
    ("relevance", _("Best match")),
    ("name", _("Name")),
    ("newest", _("Newest")),
    ("trl", _("Most mature (TRL)")),
]


def json_array_contains(field: str, value: str) -> Q:
    """Rows whose JSON list ``field`` holds ``value``.

    PostgreSQL answers ``@>`` from a GIN index; SQLite has no JSON containment, so it
    matches the quoted element in the stored text.
    """
    if connection.vendor == "postgresql":
        return Q(**{f"{field}__contains": [value]})
    return Q(**{f"{field}__icontains": f'"{value}"'})


# The clusters, offered by the directory's and the supplier lists' filters and named on the
# cards: a short list every such page read with a query of its own, kept in the cache. Any
# write to an organisation forgets it (``services.clusters_forget``); the timeout bounds how
# long a process without a shared cache can show a changed list.
CLUSTERS_KEY = "companies:clusters"
CLUSTERS_TIMEOUT = 300  # seconds


def clusters() -> list[tuple[int, str, str]]:
    """(id, slug, name) of every cluster, by name."""
    return cache.get_or_set(
        CLUSTERS_KEY,
        lambda: list(
            Organisation.objects.filter(kind=Organisation.Kind.CLUSTER)
            .order_by("name", "pk")
            .values_list("pk", "slug", "name")
        ),
        CLUSTERS_TIMEOUT,
    )


class DirectoryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Word, technology, name…")}),
    )
    sector = django_filters.ChoiceFilter(
        label=_("Sector"), choices=sector_choices, method="filter_sector", empty_label=_("All sectors")
    )
    country = django_filters.ChoiceFilter(
        label=_("Country"),
        choices=country_choices,
        field_name="organisation__country",
        empty_label=_("All countries"),
    )
    cluster = django_filters.ChoiceFilter(
        label=_("Cluster"), choices=[], method="filter_cluster", empty_label=_("All clusters")
    )
    market = django_filters.ChoiceFilter(
        label=_("Target market"),
        choices=CompanyProfile.TargetMarket.choices,
        method="filter_market",
        empty_label=_("All markets"),
    )
    min_trl = django_filters.ChoiceFilter(
        label=_("Minimum TRL"),
        choices=[(str(level), str(level)) for level in range(1, 10)],
        field_name="trl",
        lookup_expr="gte",
        empty_label=_("Any TRL"),
    )
    certification = django_filters.ChoiceFilter(
        label=_("Certification"),
        choices=[(name, name) for name in CompanyProfile.COMMON_CERTIFICATIONS],
        method="filter_certification",
        empty_label=_("Any certification"),
    )
    size = django_filters.ChoiceFilter(
        label=_("Size"),
        choices=CompanyProfile.EmployeesBand.choices,
        field_name="employees_band",
        empty_label=_("Any size"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=CompanyProfile.Status.choices,
        field_name="status",
        empty_label=_("Draft and published"),
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=SORT_CHOICES, method="filter_noop", empty_label=None
    )

    class Meta:
        model = CompanyProfile
        fields: list[str] = []

    def __init__(self, *args, staff: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        # The cluster choices, shared by validation and rendering.
        self.filters["cluster"].extra["choices"] = [(slug, name) for _pk, slug, name in clusters()]
        if not staff:
            del self.filters["status"]

    def filter_noop(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset  # sorting is applied by the selector, after every filter

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """Every word must match. Chinese runs match as phrases (no word splitting in
        PostgreSQL's parsers); other words match whatever their accents ("warmepumpen"
        finds "Wärmepumpen"), and on PostgreSQL full-text matches are ranked too."""
        value = " ".join(value.split())[:200]
        if not value:
            return queryset
        chinese = CJK_RUN.findall(value)
        words = [w.strip("\"'") for w in CJK_RUN.sub(" ", value).split()]
        words = [w for w in words if w]
        for run in chinese:
            sector_hit = Sector.objects.filter(profiles=OuterRef("pk"), name_zh__icontains=run)
            queryset = queryset.filter(
                Q(description_zh__icontains=run)
                | Q(organisation__name__icontains=run)
                | Exists(sector_hit)
            )
        if not words:
            return queryset
        folded = Q()
        for word in words:
            pattern = accent_pattern(word)
            folded &= (
                Q(organisation__name__iregex=pattern)
                | Q(description_en__iregex=pattern)
                | Q(description_zh__iregex=pattern)
                | Q(organisation__city__iregex=pattern)
                | Q(technologies__icontains=fold_accents(word))
                | Q(technologies__icontains=word)
            )
        if connection.vendor == "postgresql":
            from django.contrib.postgres.search import SearchQuery, SearchRank

            query = SearchQuery(" ".join(words), config=SEARCH_CONFIG, search_type="websearch")
            return queryset.filter(Q(search_vector=query) | folded).annotate(
                rank=SearchRank(F("search_vector"), query)
            )
        return queryset.filter(folded)

    def filter_sector(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # A top-level sector includes its sub-sectors: their codes start with "<code>.".
        in_sector = Sector.objects.filter(profiles=OuterRef("pk")).filter(
            Q(code=value) | Q(code__startswith=f"{value}.")
        )
        return queryset.filter(Exists(in_sector))

    def filter_cluster(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        through = CompanyProfile.clusters.through
        return queryset.filter(
            Exists(through.objects.filter(companyprofile=OuterRef("pk"), organisation__slug=value))
        )

    def filter_market(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(json_array_contains("target_markets", value))

    def filter_certification(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(json_array_contains("certifications", value))
