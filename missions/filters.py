"""FilterSets for the missions app's lists; applied inside the selectors."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import DemandProject, Market, Mission, MissionApplication


class StyledFilterSet(django_filters.FilterSet):
    @property
    def form(self):
        form = super().form
        for field in form.fields.values():
            css = "form-select" if hasattr(field, "choices") else "form-control"
            field.widget.attrs.setdefault("class", css)
        return form


class MissionFilter(StyledFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    status = django_filters.ChoiceFilter(
        choices=Mission.Status.choices, label=_("Status"), empty_label=_("All statuses")
    )
    target_market = django_filters.ChoiceFilter(
        choices=Market.choices, label=_("Target market"), empty_label=_("All markets")
    )

    class Meta:
        model = Mission
        fields = ["q", "status", "target_market"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(host_city__icontains=value))


class ApplicationFilter(StyledFilterSet):
    status = django_filters.ChoiceFilter(
        choices=MissionApplication.Status.choices, label=_("Status"), empty_label=_("All statuses")
    )

    class Meta:
        model = MissionApplication
        fields = ["status"]


class DemandProjectFilter(StyledFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    status = django_filters.ChoiceFilter(
        choices=DemandProject.Status.choices, label=_("Status"), empty_label=_("All statuses")
    )
    market = django_filters.ChoiceFilter(
        choices=Market.choices, label=_("Market"), empty_label=_("All markets")
    )
    mission = django_filters.ModelChoiceFilter(
        queryset=Mission.objects.all(),
        field_name="mission",
        label=_("Mission"),
        empty_label=_("All missions"),
    )

    class Meta:
        model = DemandProject
        fields = ["q", "status", "market", "mission"]

    def __init__(self, *args, mission_queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        if mission_queryset is not None:
            # Offer only the missions this reader may see.
            self.filters["mission"].queryset = mission_queryset

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(title__icontains=value) | Q(city__icontains=value) | Q(buyer__name__icontains=value)
        )
