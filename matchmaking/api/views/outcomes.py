"""Outcomes: each organisation reads the outcomes it reported and reports new ones through
the outcomes service, about a meeting or a match it is a side of, as on the outcome page."""

from __future__ import annotations

import django_filters
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from companies.rules import organisation_ids

from ...outcomes import selectors as outcome_selectors
from ...outcomes import services as outcome_services
from ...outcomes.models import Outcome
from .. import selectors
from ..pagination import ApiCursorPagination
from ..serializers import OutcomeSerializer, OutcomeWriteSerializer
from .common import SIGNED_IN, call_service, check_filters, filter_parameters


class OutcomeFilter(django_filters.FilterSet):
    mission = django_filters.NumberFilter(field_name="mission_id", label="Mission id")
    kind = django_filters.ChoiceFilter(choices=Outcome.Kind.choices, label="Outcome")

    class Meta:
        model = Outcome
        fields = ["mission", "kind"]


@extend_schema_view(
    list=extend_schema(
        summary="Outcomes your organisations reported (staff: those of the missions they see)",
        parameters=filter_parameters(OutcomeFilter),
    ),
    retrieve=extend_schema(summary="One outcome"),
    create=extend_schema(
        summary="Report an outcome of a meeting, or of a match, your organisation is a side of",
        request=OutcomeWriteSerializer,
        responses={201: OutcomeSerializer},
    ),
)
class OutcomeViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = OutcomeSerializer
    permission_classes = SIGNED_IN
    pagination_class = ApiCursorPagination
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator, no person
            return Outcome.objects.none()
        outcomes = selectors.outcomes_visible_to(self.request.user)
        if self.action != "list":
            return outcomes
        outcome_filter = OutcomeFilter(self.request.query_params or None, queryset=outcomes)
        check_filters(outcome_filter)
        return outcome_filter.qs

    def _subject(self, data: dict):
        """What the outcome is about, among the person's organisations' meetings and
        matches; 404 otherwise, as on the page."""
        ids = organisation_ids(self.request.user)
        if data.get("meeting") is not None:
            subject = outcome_selectors.outcome_subject_of_meeting(
                organisation_ids=ids, meeting_id=data["meeting"]
            )
        elif data.get("sme") is not None and data.get("demand") is not None:
            subject = outcome_selectors.outcome_subject_of_match(
                organisation_ids=ids, sme_id=data["sme"], demand_id=data["demand"]
            )
        else:
            raise ValidationError(
                {"meeting": [_("Name the meeting, or the SME and the demand project of the "
                               "match.")]}
            )
        if subject is None:
            raise Http404
        return subject

    def create(self, request, *args, **kwargs):
        incoming = OutcomeWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        subject = self._subject(data)
        outcome = call_service(
            outcome_services.outcome_record,
            actor=request.user,
            organisation_id=subject.organisation_id,
            mission=subject.mission,
            sme_id=subject.sme.pk,
            buyer_id=subject.buyer.pk,
            demand_id=subject.demand.pk if subject.demand else None,
            meeting=subject.meeting,
            kind=data["kind"],
            value=data["value"],
            currency=data["currency"],
            occurred_on=data["occurred_on"],
            notes=data["notes"],
        )
        outcome = selectors.outcomes_visible_to(request.user).get(pk=outcome.pk)
        return Response(OutcomeSerializer(outcome).data, status=status.HTTP_201_CREATED)
