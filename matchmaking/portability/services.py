"""Writes of the portability area: erasing an organisation at its owner's request.

What goes: the people who belong only to this organisation (their accounts, e-mail
addresses, sessions, notifications, tokens), its invitations, API tokens and webhooks,
the messages its people wrote, the e-mails queued to them, the profile's texts, contacts,
references and files, and every free text that names the organisation or its people.

What stays, anonymised, for the funders' aggregated KPIs: the organisation row (renamed
"[deleted] #N", in no language, with its kind and country), its applications, meeting requests,
meetings, feedback ratings, follow-ups and outcomes (texts blanked), and the profile's
sectors, clusters, target markets and size bands (the KPI breakdowns); the profile leaves
the directory.

Models are read through the app registry, as the export does; a person who also belongs to
another organisation, and staff, keep their account and lose only this membership.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.apps import apps
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from companies.models import CompanyProfile, Membership, Organisation, User
from companies.rules import is_owner

from .selectors import organisation_files, people_of

ERASED = "[deleted]"
# Shorter names would match inside unrelated words.
MIN_IDENTIFIER = 4


@dataclass(frozen=True)
class Erasure:
    organisation_id: int
    accounts_deleted: int
    memberships_removed: int
    files_deleted: int
    texts_scrubbed: int


def _model(label: str) -> type[models.Model]:
    return apps.get_model(label)


def _identifiers(organisation: Organisation, people: list[User]) -> list[str]:
    """The names and addresses that identify the organisation and its people: its members,
    and the contact persons on its profile and demand projects."""
    found = {organisation.name, organisation.website}
    for person in people:
        found |= {person.email, person.full_name}
    contacts = [
        *CompanyProfile.objects.filter(organisation=organisation).values_list(
            "contact_name", "contact_email"),
        *_model("missions.DemandProject").objects.filter(buyer=organisation).values_list(
            "contact_name", "contact_email"),
    ]
    for name, email in contacts:
        found |= {name, email}
    return sorted((i for i in found if i and len(i) >= MIN_IDENTIFIER), key=len, reverse=True)


def _scrub_value(value, identifiers: list[str]):
    if isinstance(value, str):
        for identifier in identifiers:
            if identifier.lower() in value.lower():
                start = value.lower().find(identifier.lower())
                while start >= 0:
                    value = value[:start] + ERASED + value[start + len(identifier):]
                    start = value.lower().find(identifier.lower(), start + len(ERASED))
        return value
    if isinstance(value, list):
        return [_scrub_value(v, identifiers) for v in value]
    if isinstance(value, dict):
        return {k: _scrub_value(v, identifiers) for k, v in value.items()}
    return value


def _text_fields(model: type[models.Model]) -> list[models.Field]:
    return [
        f for f in model._meta.concrete_fields
        if isinstance(f, (models.CharField, models.TextField, models.JSONField))
        and not f.choices and not f.primary_key and not isinstance(f, models.FileField)
    ]


def texts_scrub(identifiers: list[str]) -> int:
    """Replace every occurrence of ``identifiers`` in every text and JSON column of every
    model by "[deleted]"; returns how many rows changed."""
    changed = 0
    for model in apps.get_models():
        # The taxonomy is shared vocabulary, never one organisation's data.
        if model._meta.proxy or not model._meta.managed or model._meta.label == "companies.Sector":
            continue
        for field in _text_fields(model):
            query = Q()
            for identifier in identifiers:
                query |= Q(**{f"{field.attname}__icontains": identifier})
                if isinstance(field, models.JSONField):
                    escaped = json.dumps(identifier)[1:-1]
                    query |= Q(**{f"{field.attname}__icontains": escaped})
            for pk, value in model._base_manager.filter(query).values_list("pk", field.attname):
                cleaned = _scrub_value(value, identifiers)
                if cleaned != value:
                    if isinstance(field, models.CharField) and field.max_length:
                        cleaned = cleaned[: field.max_length]
                    model._base_manager.filter(pk=pk).update(**{field.attname: cleaned})
                    changed += 1
    return changed


def _sessions_delete(user_ids: set[int]) -> None:
    ids = {str(pk) for pk in user_ids}
    for session in Session.objects.all().iterator():
        if str(session.get_decoded().get("_auth_user_id")) in ids:
            session.delete()


def _profile_strip(organisation: Organisation) -> list[tuple]:
    """Blank the profile's texts, contacts, references and files; keep what the KPIs group
    by. Returns the stored files to delete after commit."""
    profile = CompanyProfile.objects.filter(organisation=organisation).first()
    if profile is None:
        return []
    files = [(f.storage, f.name) for f in organisation_files(organisation)]
    profile.references.all().delete()
    CompanyProfile.objects.filter(pk=profile.pk).update(
        description_en="", description_zh="", technologies=[], certifications=[],
        contact_name="", contact_email="", contact_phone="", logo="", brochure="",
        status=CompanyProfile.Status.DRAFT, published_at=None,
    )
    return files


@transaction.atomic
def organisation_erase(*, organisation: Organisation, actor: User) -> Erasure:
    """Erase ``organisation``'s personal data and files (its owners only), keeping the
    anonymised rows the funders' KPIs count. Side effects: deletes accounts, sessions and,
    after commit, the stored files."""
    if not is_owner(actor, organisation.pk):
        raise PermissionDenied(_("Only the organisation's owners can delete its data."))
    org = organisation.pk
    people = people_of(organisation)
    identifiers = _identifiers(organisation, people)
    elsewhere = set(
        Membership.objects.filter(user__in=people).exclude(organisation=organisation)
        .values_list("user_id", flat=True)
    )
    leaving = {p.pk for p in people if p.pk not in elsewhere and not p.is_staff
               and not p.is_superuser}

    files = _profile_strip(organisation)
    _model("companies.Invitation").objects.filter(organisation=org).delete()
    _model("matchmaking.ApiToken").objects.filter(organisation=org).delete()
    _model("matchmaking.Webhook").objects.filter(organisation=org).delete()
    _model("matchmaking.Message").objects.filter(author_organisation=org).delete()
    _model("matchmaking.OutboxMessage").objects.filter(participant=org).delete()
    _model("missions.DemandProject").objects.filter(buyer=org).update(
        contact_name="", contact_email=""
    )
    _model("missions.MissionApplication").objects.filter(organisation=org).update(motivation="")
    _model("matchmaking.MeetingRequest").objects.filter(Q(sme=org) | Q(buyer=org)).update(
        message=""
    )
    _model("matchmaking.MeetingFeedback").objects.filter(organisation=org).update(next_step="")
    _model("matchmaking.Outcome").objects.filter(organisation=org).update(notes="")
    _model("matchmaking.BuyerDecision").objects.filter(
        Q(sme=org) | Q(demand__buyer=org)
    ).update(reason="")
    memberships = Membership.objects.filter(organisation=org).delete()[0]
    Organisation.objects.filter(pk=org).update(
        name=f"{ERASED} #{org}",
        slug=f"deleted-{org}", city="", website="", buyer_approved=False,
    )
    _sessions_delete(leaving)
    User.objects.filter(pk__in=leaving).delete()
    scrubbed = texts_scrub(identifiers)
    for storage, name in files:
        transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))
    organisation.refresh_from_db()
    return Erasure(org, len(leaving), memberships, len(files), scrubbed)
