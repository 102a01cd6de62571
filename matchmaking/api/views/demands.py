"""Demand projects with their ranked suppliers and the buyer's decisions, and an SME's
matches with its feedback: reads through the pages' selectors, writes through the same
services as the pages."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from companies.rules import read_memberships, user_organisations
from missions import selectors as mission_selectors
from missions import services as mission_services
from missions.filters import DemandProjectFilter
from missions.models import DemandProject

from ...matching import selectors as matching_selectors
from ...matching import services as matching_services
from ...matching.filters import SupplierFilter
from ...matching.models import MatchScore
from ..pagination import ApiCursorPagination, ListCursorPagination
from ..serializers import (
    BuyerDecisionSerializer,
    BuyerDecisionWriteSerializer,
    DemandProjectSerializer,
    DemandProjectWriteSerializer,
    SmeFeedbackWriteSerializer,
    SmeMatchSerializer,
    SupplierMatchSerializer,
)
from .common import SIGNED_IN, call_service, check_filters, filter_parameters
from .resources import demand_for_buyer, demand_visible


def _language(request) -> str:
    return getattr(request, "LANGUAGE_CODE", None) or "en"


@extend_schema_view(
    list=extend_schema(
        summary="Your buyers' demand projects (all: staff)",
        parameters=filter_parameters(DemandProjectFilter),
    ),
    retrieve=extend_schema(summary="One demand project"),
    create=extend_schema(
        summary="Post a demand project",
        request=DemandProjectWriteSerializer,
        responses={201: DemandProjectSerializer},
    ),
    partial_update=extend_schema(
        summary="Change a demand project (open or close it too)",
        request=DemandProjectWriteSerializer,
        responses=DemandProjectSerializer,
    ),
)
class DemandProjectViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = DemandProjectSerializer
    permission_classes = SIGNED_IN
    pagination_class = ApiCursorPagination
    lookup_value_regex = r"[0-9]+"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator, no person
            return DemandProject.objects.none()
        demand_filter = mission_selectors.demand_project_list(
            user=self.request.user,
            filters=self.request.query_params if self.action == "list" else None,
        )
        check_filters(demand_filter)
        return demand_filter.qs

    def get_object(self):
        return demand_visible(self.request.user, self.kwargs["pk"])

    def _fields(self, data: dict) -> tuple[dict, list | None]:
        data = dict(data)
        data.pop("buyer", None)
        sectors = data.pop("sectors", None)
        return data, sectors

    def create(self, request, *args, **kwargs):
        incoming = DemandProjectWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        buyer = incoming.validated_data.get("buyer")
        if buyer is None:
            buyers = user_organisations(request.user, kinds=mission_selectors.BUYER_KINDS)
            if len(buyers) != 1:
                raise ValidationError(
                    {"buyer": [_("Say which of your buyer organisations posts it.")]}
                )
            buyer = buyers[0]
        fields, sectors = self._fields(incoming.validated_data)
        demand = call_service(
            mission_services.demand_project_create,
            actor=request.user, buyer=buyer, sectors=sectors or (), **fields,
        )
        demand = demand_visible(request.user, demand.pk)
        return Response(DemandProjectSerializer(demand).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        demand = self.get_object()
        incoming = DemandProjectWriteSerializer(data=request.data, partial=True)
        incoming.is_valid(raise_exception=True)
        fields, sectors = self._fields(incoming.validated_data)
        call_service(
            mission_services.demand_project_update,
            demand_project=demand, actor=request.user, sectors=sectors, **fields,
        )
        return Response(DemandProjectSerializer(demand_visible(request.user, demand.pk)).data)

    @extend_schema(
        summary="The demand project's ranked suppliers, each with its components and reasons",
        parameters=filter_parameters(SupplierFilter),
        responses=SupplierMatchSerializer(many=True),
    )
    @action(detail=True, methods=["get"], pagination_class=ListCursorPagination)
    def matches(self, request, pk=None):
        demand = demand_for_buyer(request.user, pk)
        # As on the page: the contact rule reads the person's memberships once, not per row.
        read_memberships(request.user)
        suppliers = matching_selectors.demand_suppliers(
            demand=demand, user=request.user, params=request.query_params,
            language=_language(request),
        )
        check_filters(suppliers.filterset)
        matching_services.match_reasons_save(
            matches=[row.match for row in suppliers.rows if row.reasons_new]
        )
        paginator = ListCursorPagination()
        rows = paginator.paginate_list(suppliers.rows, request)
        return paginator.get_paginated_response(SupplierMatchSerializer(rows, many=True).data)

    @extend_schema(
        summary="Shortlist or decline a supplier (status 'clear' undoes the decision)",
        request=BuyerDecisionWriteSerializer,
        responses={200: BuyerDecisionSerializer, 204: None},
    )
    @action(detail=True, methods=["post"], url_path="decisions")
    def decide(self, request, pk=None):
        demand = demand_for_buyer(request.user, pk)
        incoming = BuyerDecisionWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        match = get_object_or_404(
            MatchScore.objects.select_related("sme"), demand=demand, sme_id=data["sme"]
        )
        if data["status"] == "clear":
            call_service(matching_services.buyer_decision_clear, demand=demand, sme=match.sme)
            return Response(status=status.HTTP_204_NO_CONTENT)
        decision = call_service(
            matching_services.buyer_decide,
            demand=demand, sme=match.sme, status=data["status"], actor=request.user,
            reason=data.get("reason", ""),
        )
        return Response(BuyerDecisionSerializer(decision).data)


@extend_schema_view(
    list=extend_schema(summary="The demand projects that fit your SME, with their reasons"),
)
class SmeMatchViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = SmeMatchSerializer
    permission_classes = SIGNED_IN
    pagination_class = ListCursorPagination
    lookup_url_kwarg = "demand_id"
    lookup_value_regex = r"[0-9]+"

    def _own_sme(self):
        organisation = matching_selectors.sme_organisation_for(self.request.user)
        if organisation is None:
            from django.http import Http404

            raise Http404
        return organisation

    def list(self, request, *args, **kwargs):
        rows = matching_selectors.sme_demands(
            organisation=self._own_sme(), language=_language(request)
        )
        matching_services.match_reasons_save(matches=[r.match for r in rows if r.reasons_new])
        paginator = ListCursorPagination()
        page = paginator.paginate_list(rows, request)
        return paginator.get_paginated_response(SmeMatchSerializer(page, many=True).data)

    @extend_schema(
        summary="Say whether a matched demand project interests your SME (null withdraws)",
        parameters=[OpenApiParameter("demand_id", int, OpenApiParameter.PATH)],
        request=SmeFeedbackWriteSerializer,
        responses={200: SmeFeedbackWriteSerializer},
    )
    @action(detail=True, methods=["post"])
    def feedback(self, request, demand_id=None):
        organisation = self._own_sme()
        match = get_object_or_404(
            MatchScore.objects.select_related("demand"), sme=organisation, demand_id=demand_id
        )
        incoming = SmeFeedbackWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        feedback = call_service(
            matching_services.sme_feedback_give,
            sme=organisation, demand=match.demand, verdict=incoming.validated_data["verdict"],
            actor=request.user,
        )
        return Response({"verdict": feedback.verdict if feedback else None})
