"""Reads of the portability area: everything the platform holds about an organisation.

The area reads every model through the app registry (``django.apps.apps``) rather than
importing the other areas, so a new model that points at an organisation or its people is
exported without a change here.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator

from django.apps import apps
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone

from companies.models import CompanyProfile, Organisation, User
from companies.portability import profile_csv

# The apps whose rows may belong to an organisation or its people (allauth's account app
# holds their e-mail addresses).
EXPORTED_APPS = ("companies", "missions", "matchmaking", "account")
# Stored secrets stay out of the export: a password hash, a token's hash, a hook's key.
SECRET_FIELDS = {
    "companies.user": {"password"},
    "matchmaking.apitoken": {"key_hash"},
    "matchmaking.webhook": {"secret"},
}
# Rows that belong to the organisation through a parent row rather than a direct key.
THROUGH_PARENT = {
    "companies.referenceproject": ("profile__organisation",),
    "matchmaking.webhookdelivery": ("webhook__organisation",),
    # Its conversations: both sides' messages in threads of the organisation.
    "matchmaking.message": ("thread__sme", "thread__demand__buyer"),
}


def people_of(organisation: Organisation) -> list[User]:
    """The organisation's members (everyone with a membership, whatever the role)."""
    return list(User.objects.filter(memberships__organisation=organisation).distinct().order_by("pk"))


def _relation_filter(model: type[models.Model], organisation_id: int, people: list[int]) -> Q:
    label = model._meta.label_lower
    if model is Organisation:
        return Q(pk=organisation_id)
    if model is User:
        return Q(pk__in=people)
    query = Q()
    for path in THROUGH_PARENT.get(label, ()):
        query |= Q(**{path: organisation_id})
    for field in model._meta.get_fields():
        if not field.concrete or not field.is_relation or field.related_model is None:
            continue
        if field.related_model is Organisation:
            query |= Q(**{field.name: organisation_id})
        elif field.related_model is User:
            query |= Q(**{f"{field.name}__in": people})
    return query


def organisation_querysets(organisation: Organisation) -> Iterator[tuple[str, QuerySet]]:
    """(model label, rows) for every model with rows of the organisation or its people."""
    people = [u.pk for u in people_of(organisation)]
    for model in apps.get_models():
        if model._meta.app_label not in EXPORTED_APPS:
            continue
        query = _relation_filter(model, organisation.pk, people)
        if query:
            yield model._meta.label_lower, model.objects.filter(query).distinct().order_by("pk")


def organisation_records(organisation: Organisation) -> dict[str, list[dict]]:
    """model label → its rows of the organisation, as plain data without stored secrets."""
    records: dict[str, list[dict]] = {}
    for label, rows in organisation_querysets(organisation):
        hidden = SECRET_FIELDS.get(label, set())
        data = serializers.serialize("python", rows)
        if not data:
            continue
        records[label] = [
            {"pk": row["pk"], **{k: v for k, v in row["fields"].items() if k not in hidden}}
            for row in data
        ]
    return records


def organisation_files(organisation: Organisation) -> list:
    """The stored files of the organisation (its profile's logo and brochure)."""
    profile = CompanyProfile.objects.filter(organisation=organisation).first()
    if profile is None:
        return []
    return [f for f in (profile.logo, profile.brochure) if f]


def organisation_export_zip(organisation: Organisation) -> bytes:
    """The zip an owner downloads: ``organisation.json`` (every record), ``profile.csv``
    (the profile as one row, to import again) and ``files/`` (logo, brochure)."""
    document = {
        "format": "cleantech-matchmaking-export/1",
        "exported_at": timezone.now(),
        "organisation": {"id": organisation.pk, "name": organisation.name,
                         "slug": organisation.slug},
        "records": organisation_records(organisation),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "organisation.json",
            json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1),
        )
        profile = CompanyProfile.objects.filter(organisation=organisation).first()
        if profile is not None:
            archive.writestr("profile.csv", profile_csv(profile))
        for stored in organisation_files(organisation):
            with stored.open("rb") as handle:
                archive.writestr(f"files/{stored.name}", handle.read())
    return buffer.getvalue()
