"""Read resources: the directory and profiles, sectors, missions and applications, demand
projects, matches, meeting requests and meetings. Every query set comes from the selector
the matching page uses, so the API shows exactly what the page would."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.permissions import AllowAny

from companies import selectors as company_selectors
from companies.filters import DirectoryFilter
from companies.models import Organisation, Sector
from missions import selectors as mission_selectors
from missions.filters import ApplicationFilter, DemandProjectFilter, MissionFilter

from ...matching import selectors as matching_selectors
from ...meetings import selectors as meeting_selectors
from .. import selectors
from ..auth import TokenScope
from ..pagination import ApiCursorPagination, ByCodePagination, ByDatePagination, ByNamePagination
from ..serializers import (
    ApplicationSerializer,
    MeetingRequestSerializer,
    MeetingSerializer,
    MissionSerializer,
    ProfileDetailSerializer,
    ProfileSerializer,
    SectorSerializer,
)
from .common import SIGNED_IN, check_filters, filter_parameters

PUBLIC = [TokenScope, AllowAny]


@extend_schema_view(
    list=extend_schema(summary="The sector taxonomy (English and Chinese names)"),
    retrieve=extend_schema(summary="One sector"),
)
class SectorViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = SectorSerializer
    permission_classes = PUBLIC
    pagination_class = ByCodePagination
    lookup_field = "code"
    lookup_value_regex = r"[a-z0-9.\-]+"

    def get_queryset(self):
        return selectors.sectors()


@extend_schema_view(
    list=extend_schema(
        summary="The SME directory (public view)",
        parameters=filter_parameters(DirectoryFilter, exclude=("sort", "sector", "cluster")),
    ),
    retrieve=extend_schema(
        summary="One company profile; contact details for those entitled to them",
        responses=ProfileDetailSerializer,
    ),
)
class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    """Company profiles as the directory and the profile page show them."""

    serializer_class = ProfileSerializer
    permission_classes = PUBLIC
    pagination_class = ByNamePagination
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"

    def get_queryset(self):
        filterset, queryset, _sort, _searching = company_selectors.directory_queryset(
            params=self.request.query_params, user=self.request.user
        )
        check_filters(filterset)
        return (
            queryset.select_related("organisation")
            .defer(*company_selectors.CARD_DEFERRED)
            .prefetch_related(
                Prefetch("sectors", queryset=Sector.objects.only("id", "code")),
                Prefetch("clusters", queryset=Organisation.objects.only("id", "name")),
            )
        )

    def retrieve(self, request, *args, **kwargs):
        from rest_framework.response import Response

        profile = company_selectors.profile_for_viewer(slug=kwargs["slug"], user=request.user)
        show = company_selectors.can_see_contacts(user=request.user, profile=profile)
        serializer = ProfileDetailSerializer(
            profile, context={**self.get_serializer_context(), "show_contacts": show}
        )
        return Response(serializer.data)


@extend_schema_view(
    list=extend_schema(summary="Missions", parameters=filter_parameters(MissionFilter)),
    retrieve=extend_schema(summary="One mission"),
)
class MissionViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = MissionSerializer
    permission_classes = SIGNED_IN
    pagination_class = ByDatePagination
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"

    def get_queryset(self):
        if self.action == "retrieve":
            return mission_selectors.missions_visible_to(self.request.user).prefetch_related(
                "organisers", "sector_focus"
            )
        mission_filter = mission_selectors.mission_list(
            user=self.request.user, filters=self.request.query_params
        )
        check_filters(mission_filter)
        return mission_filter.qs.prefetch_related("sector_focus")


@extend_schema_view(
    list=extend_schema(
        summary="Mission applications (an SME's own; every one for staff)",
        parameters=filter_parameters(ApplicationFilter),
    ),
    retrieve=extend_schema(summary="One application"),
)
class ApplicationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ApplicationSerializer
    permission_classes = SIGNED_IN
    pagination_class = ApiCursorPagination

    def get_queryset(self):
        application_filter = mission_selectors.application_list(
            user=self.request.user,
            filters=self.request.query_params if self.action == "list" else None,
        )
        check_filters(application_filter)
        return application_filter.qs


@extend_schema_view(
    list=extend_schema(summary="Meeting requests sent or received by your organisations"),
    retrieve=extend_schema(summary="One meeting request"),
)
class MeetingRequestReadViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = MeetingRequestSerializer
    permission_classes = SIGNED_IN
    pagination_class = ApiCursorPagination

    def get_queryset(self):
        return meeting_selectors.requests_for_user(self.request.user)


@extend_schema_view(
    list=extend_schema(summary="Meetings on your organisations' published agenda (all: staff)"),
    retrieve=extend_schema(summary="One meeting"),
)
class MeetingViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = MeetingSerializer
    permission_classes = SIGNED_IN
    pagination_class = ApiCursorPagination

    def get_queryset(self):
        return meeting_selectors.meetings_visible_to(self.request.user)


def demand_for_buyer(user, pk) -> object:
    """The demand project whose matches ``user`` may see (its buyer's people, staff); 404."""
    demand = matching_selectors.demand_for_viewer(user=user, pk=pk)
    if demand is None:
        raise Http404
    return demand


def demand_visible(user, pk):
    return get_object_or_404(
        mission_selectors.demand_projects_visible_to(user).select_related("buyer", "mission"),
        pk=pk,
    )


class ListOnly(mixins.ListModelMixin, viewsets.GenericViewSet):
    pass


__all__ = [
    "ApplicationViewSet", "DemandProjectFilter", "ListOnly", "MeetingRequestReadViewSet",
    "MeetingViewSet", "MissionViewSet", "OrganisationViewSet", "SectorViewSet",
    "demand_for_buyer", "demand_visible",
]
