"""Filters of the matching pages."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from companies.filters import clusters, country_choices

from .models import MatchScore


def cluster_choices() -> list[tuple[int, str]]:
    """The clusters by name, as (id, name)."""
    return [(pk, name) for pk, _slug, name in clusters()]


class SupplierFilter(django_filters.FilterSet):
    # A callable, so the names follow the reader's language (a list would keep the
    # language active when this module was imported).
    country = django_filters.ChoiceFilter(
        label=_("Country"), field_name="sme__country", choices=country_choices,
        empty_label=_("All countries"),
    )
    # Plain choices from the cached list: a model choice field reads its options through a
    # server-side cursor (three round trips) on every page.
    cluster = django_filters.ChoiceFilter(
        label=_("Cluster"),
        field_name="sme__profile__clusters",
        choices=cluster_choices,
        empty_label=_("Any cluster"),
    )
    min_score = django_filters.NumberFilter(
        label=_("Minimum score"),
        field_name="score",
        lookup_expr="gte",
        widget=forms.NumberInput(attrs={"min": 0, "max": 100, "step": 5}),
    )

    class Meta:
        model = MatchScore
        fields = ["country", "cluster", "min_score"]
