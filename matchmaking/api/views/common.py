"""What every API view shares: Django's validation errors as 400 answers with the same
messages as the pages, filter errors, and OpenAPI parameters read from the pages' filters."""

from __future__ import annotations

from collections.abc import Callable

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError

from ..auth import SignedIn, TokenScope

SIGNED_IN = [TokenScope, SignedIn]


def call_service(service: Callable, **kwargs):
    """Run a service; its ``ValidationError`` becomes a 400 with the same messages."""
    try:
        return service(**kwargs)
    except DjangoValidationError as error:
        if hasattr(error, "error_dict"):
            raise ValidationError(error.message_dict) from error
        raise ValidationError({"non_field_errors": error.messages}) from error


def check_filters(filterset) -> None:
    """The pages ignore a filter value they cannot read; the API says so (400)."""
    if filterset.is_bound and not filterset.form.is_valid():
        raise ValidationError(dict(filterset.form.errors))


def filter_parameters(filterset_class, *, exclude: tuple[str, ...] = ()) -> list[OpenApiParameter]:
    """The query parameters of a page's FilterSet, for the schema."""
    parameters = []
    for name, field in filterset_class.base_filters.items():
        if name in exclude:
            continue
        kind = OpenApiTypes.NUMBER if isinstance(field, django_filters.NumberFilter) else (
            OpenApiTypes.INT if isinstance(field, django_filters.ModelChoiceFilter) else OpenApiTypes.STR
        )
        choices = field.extra.get("choices")
        enum = None
        if choices is not None and not callable(choices):
            enum = [str(value) for value, _label in choices]
        parameters.append(
            OpenApiParameter(name, kind, OpenApiParameter.QUERY, required=False, enum=enum,
                             description=str(field.label or ""))
        )
    return parameters
