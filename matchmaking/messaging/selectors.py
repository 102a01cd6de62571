"""Reads of message threads: who may open one, what each reader sees of it."""

import re
from dataclasses import dataclass

from django.db.models import Q

from companies.models import CompanyProfile, Organisation
from companies.rules import is_staff, organisation_ids
from companies.selectors import can_see_contacts
from missions.models import DemandProject

from ..matching.models import BuyerDecision
from ..meetings.models import MeetingRequest
from .models import Message, MessageThread

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
PHONE = re.compile(r"(?<![\w/])\+?\d[\d ()./-]{6,}\d")


def mask_contacts(text: str, hidden: str) -> str:
    """``text`` with e-mail addresses and telephone numbers replaced by ``hidden``."""
    return PHONE.sub(hidden, EMAIL.sub(hidden, text))


def thread_allowed(*, sme_id: int, demand: DemandProject) -> bool:
    """A thread opens once a meeting request joins the pair in the demand's mission, or the
    buyer shortlisted the SME for the demand."""
    if BuyerDecision.objects.filter(
        demand=demand, sme_id=sme_id, status=BuyerDecision.Status.SHORTLISTED
    ).exists():
        return True
    return bool(
        demand.mission_id
        and MeetingRequest.objects.filter(
            mission_id=demand.mission_id, sme_id=sme_id, buyer_id=demand.buyer_id
        ).exists()
    )


@dataclass
class ThreadAccess:
    """What the reader may do: ``side`` is their organisation in the thread (None: staff
    reading for moderation)."""

    side: Organisation | None
    other: Organisation
    can_write: bool
    sees_contacts: bool


def thread_access(*, user, sme: Organisation, demand: DemandProject) -> ThreadAccess | None:
    """None unless the user belongs to one side, or is staff of an organising cluster of
    the demand's mission (read only)."""
    ids = organisation_ids(user)
    profile = CompanyProfile.objects.filter(organisation=sme).first()
    if sme.pk in ids:
        return ThreadAccess(side=sme, other=demand.buyer, can_write=True, sees_contacts=True)
    if demand.buyer_id in ids:
        sees = bool(profile and can_see_contacts(user=user, profile=profile))
        return ThreadAccess(side=demand.buyer, other=sme, can_write=True, sees_contacts=sees)
    if is_staff(user) and demand.mission_id and (
        user.is_superuser
        or demand.mission.organisers.filter(pk__in=ids).exists()
    ):
        return ThreadAccess(side=None, other=sme, can_write=False, sees_contacts=True)
    return None


def thread_for(*, sme: Organisation, demand: DemandProject) -> MessageThread | None:
    return MessageThread.objects.filter(sme=sme, demand=demand).first()


def thread_messages(*, thread: MessageThread | None, access: ThreadAccess, hidden: str):
    """The thread's messages, oldest first; contact details masked for readers not entitled
    to them (in messages written by the other side)."""
    if thread is None:
        return []
    rows = list(
        Message.objects.filter(thread=thread).select_related("author", "author_organisation")
    )
    for row in rows:
        own = access.side is not None and row.author_organisation_id == access.side.pk
        row.shown = row.body if (access.sees_contacts or own) else mask_contacts(row.body, hidden)
        row.own = own
    return rows


def threads_for_user(user) -> list[MessageThread]:
    ids = organisation_ids(user)
    return list(
        MessageThread.objects.filter(Q(sme__in=ids) | Q(demand__buyer__in=ids))
        .select_related("sme", "demand", "demand__buyer")
        .order_by("-last_message_at", "-pk")[:100]
    )
