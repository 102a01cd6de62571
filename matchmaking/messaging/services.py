"""Writes of message threads: post a message (opening the thread on the first one)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from companies.models import Organisation
from missions.models import DemandProject

from ..meetings.selectors import organisation_recipients
from ..notifications.models import Kind
from ..notifications.services import notify
from . import selectors
from .models import MESSAGE_MAX_LENGTH, Message, MessageThread


@transaction.atomic
def message_post(*, sme: Organisation, demand: DemandProject, actor, body: str) -> Message:
    """Post ``body`` (plain text) to the thread of (``sme``, ``demand``) as the actor's side.

    Side effects: creates the thread on the first message; notifies the other side (in-app
    and, per their settings, by e-mail after commit).
    """
    access = selectors.thread_access(user=actor, sme=sme, demand=demand)
    if access is None or not access.can_write:
        raise PermissionDenied(_("Only the two organisations of this match can write here."))
    if not selectors.thread_allowed(sme_id=sme.pk, demand=demand):
        raise ValidationError(
            _("Messages open once a meeting is requested or the buyer shortlists the company.")
        )
    body = body.strip()
    ProhibitNullCharactersValidator()(body)  # PostgreSQL cannot store them: a 500 there
    if not body:
        raise ValidationError({"body": _("Write a message first.")})
    if len(body) > MESSAGE_MAX_LENGTH:
        raise ValidationError(
            {"body": _("A message has at most %(n)d characters.") % {"n": MESSAGE_MAX_LENGTH}}
        )
    thread, _created = MessageThread.objects.get_or_create(sme=sme, demand=demand)
    message = Message(
        thread=thread, author_organisation=access.side, author=actor, body=body
    )
    message.full_clean()
    message.save()
    MessageThread.objects.filter(pk=thread.pk).update(last_message_at=timezone.now())
    notify(
        recipients=organisation_recipients(access.other.pk),
        kind=Kind.MESSAGE,
        params={"other": access.side.name, "demand": demand.title},
        url=reverse("matchmaking:message_thread", args=[demand.pk, sme.pk]),
        exclude=actor,
    )
    return message
