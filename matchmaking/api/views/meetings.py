"""Meeting requests: ask, accept, decline, withdraw, through the meetings services."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from companies.models import Organisation
from companies.rules import organisation_ids
from missions.models import DemandProject

from ...meetings import services as meeting_services
from ..serializers import MeetingRequestSerializer, MeetingRequestWriteSerializer, MeetingSerializer
from .common import call_service
from .resources import MeetingRequestReadViewSet

ANSWERS = {
    "accept": meeting_services.meeting_request_accept,
    "decline": meeting_services.meeting_request_decline,
    "withdraw": meeting_services.meeting_request_withdraw,
}


@extend_schema_view(
    create=extend_schema(
        summary="Ask for a meeting between an SME and the buyer of a demand project",
        request=MeetingRequestWriteSerializer,
        responses={201: MeetingRequestSerializer},
    ),
)
class MeetingRequestViewSet(mixins.CreateModelMixin, MeetingRequestReadViewSet):
    def create(self, request, *args, **kwargs):
        incoming = MeetingRequestWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        # 404 unless the person is on one of the two sides, as on the page.
        ids = organisation_ids(request.user)
        demand = get_object_or_404(
            DemandProject.objects.select_related("mission", "buyer"), pk=data["demand"]
        )
        sme = get_object_or_404(Organisation, pk=data["sme"], kind=Organisation.Kind.SME)
        if demand.buyer_id not in ids and sme.pk not in ids:
            raise Http404
        created = call_service(
            meeting_services.meeting_request_create,
            demand=demand, sme=sme, actor=request.user, message=data.get("message", ""),
        )
        created = self.get_queryset().get(pk=created.pk)
        return Response(MeetingRequestSerializer(created).data, status=status.HTTP_201_CREATED)

    def _answer(self, request, pk, verb):
        meeting_request = self.get_object()
        result = call_service(ANSWERS[verb], meeting_request=meeting_request, actor=request.user)
        if verb == "accept":
            return Response(MeetingSerializer(result).data)
        return Response(MeetingRequestSerializer(self.get_queryset().get(pk=pk)).data)

    @extend_schema(summary="Accept a request (the invited side)", request=None,
                   responses=MeetingSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._answer(request, pk, "accept")

    @extend_schema(summary="Decline a request (the invited side)", request=None,
                   responses=MeetingRequestSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        return self._answer(request, pk, "decline")

    @extend_schema(summary="Withdraw a request your organisation sent", request=None,
                   responses=MeetingRequestSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self._answer(request, pk, "withdraw")
