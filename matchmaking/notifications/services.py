"""Writes of notifications: notify people, mark read, set preferences, send digests.

E-mails go through the meetings outbox (one row per notification or digest, sent exactly
once), written in the recipient's language and time zone when queued.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from companies.models import User
from companies.sites import site_url

from ..meetings.models import OutboxMessage
from . import dispatch
from .models import Kind, Notification, NotificationPreference
from .texts import notification_text

Delivery = NotificationPreference.Delivery


def _deliveries(users: list[User], kind: str) -> dict[int, str]:
    chosen = dict(
        NotificationPreference.objects.filter(user__in=users, kind=kind).values_list(
            "user_id", "delivery"
        )
    )
    return {user.pk: chosen.get(user.pk, Delivery.IMMEDIATELY) for user in users}


@transaction.atomic
def notify(
    *,
    recipients: Iterable[User],
    kind: str,
    params: dict,
    url: str = "",
    exclude=None,
    email: bool = True,
    email_message: Callable[[User], tuple[str, str]] | None = None,
) -> list[Notification]:
    """Tell each recipient (but ``exclude``) about one event; returns the notifications.

    Side effects: for recipients who want this kind immediately, an outbox e-mail row,
    sent after commit; daily-digest readers get it in the next digest; "off" creates
    nothing. ``email=False`` for events another app already e-mails (in-app only).
    ``email_message(user)`` writes the immediate e-mail's (subject, text) itself, in the
    active language, instead of the one-line notification e-mail.
    """
    users = [u for u in {u.pk: u for u in recipients if u.is_active}.values()]
    if exclude is not None and getattr(exclude, "pk", None):
        users = [u for u in users if u.pk != exclude.pk]
    if not users:
        return []
    deliveries = _deliveries(users, kind)
    created = Notification.objects.bulk_create(
        [
            Notification(recipient=u, kind=kind, params=params, url=url)
            for u in users
            if deliveries[u.pk] != Delivery.OFF
        ]
    )
    if not email:
        Notification.objects.filter(pk__in=[n.pk for n in created]).update(
            emailed_at=timezone.now()
        )
        return created
    now_rows = [n for n in created if deliveries[n.recipient_id] == Delivery.IMMEDIATELY]
    if now_rows:
        by_id = {u.pk: u for u in users}
        OutboxMessage.objects.bulk_create(
            [_outbox_row(n, by_id[n.recipient_id], email_message) for n in now_rows],
            ignore_conflicts=True,
        )
        Notification.objects.filter(pk__in=[n.pk for n in now_rows]).update(
            emailed_at=timezone.now()
        )
        dispatch.send_outbox()
    return created


def _reader(user: User):
    language = user.language or settings.LANGUAGE_CODE
    zone = ZoneInfo(user.time_zone or settings.DEFAULT_USER_TIME_ZONE)
    return language, zone


def _email_payload(user: User, notifications: list[Notification], *, digest: bool) -> dict:
    language, zone = _reader(user)
    with translation.override(language), timezone.override(zone):
        items = [
            {"text": notification_text(n), "url": site_url() + n.url if n.url else ""}
            for n in notifications
        ]
        context = {
            "recipient": user,
            "items": items,
            "digest": digest,
            "preferences_url": site_url() + "/matching/notifications/preferences/",
        }
        subject = (
            _("Your daily summary: %(count)d notifications") % {"count": len(items)}
            if digest
            else items[0]["text"]
        )
        text = render_to_string("matchmaking/notifications/email.txt", context)
        html = render_to_string("matchmaking/notifications/email.html", context)
    return {"subject": " ".join(subject.split())[:180], "text": text, "html": html}


def _own_payload(user: User, email_message: Callable[[User], tuple[str, str]]) -> dict:
    language, zone = _reader(user)
    with translation.override(language), timezone.override(zone):
        subject, text = email_message(user)
    return {"subject": " ".join(subject.split())[:180], "text": text, "html": ""}


def _outbox_row(
    notification: Notification, user: User, email_message=None
) -> OutboxMessage:
    key = f"notification:{notification.pk}"
    row = OutboxMessage(
        subject_key=key,
        recipient=user.email,
        recipient_user=user,
        kind=OutboxMessage.Kind.NOTIFICATION,
        payload=(
            _own_payload(user, email_message)
            if email_message
            else _email_payload(user, [notification], digest=False)
        ),
    )
    row.message_id = _message_id(key, user.email, row.kind)
    return row


def _message_id(key: str, recipient: str, kind: str) -> str:
    from ..meetings.outbox import message_id_for

    return message_id_for(subject_key=key, recipient=recipient, kind=kind, sequence=0)


@transaction.atomic
def notifications_mark_read(*, user: User, ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications read (all, or those of ``ids``); returns how many."""
    rows = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    return rows.update(read_at=timezone.now())


@transaction.atomic
def notification_preferences_set(*, user: User, deliveries: dict[str, str]) -> None:
    """Store how the user wants each kind delivered."""
    for kind, delivery in deliveries.items():
        if kind not in Kind.values or delivery not in Delivery.values:
            raise ValidationError(_("Unknown notification setting."))
        NotificationPreference.objects.update_or_create(
            user=user, kind=kind, defaults={"delivery": delivery}
        )


@transaction.atomic
def notification_digests_queue(*, now: dt.datetime | None = None) -> int:
    """Queue one digest e-mail per person with daily-digest notifications not yet e-mailed;
    returns how many digests were queued. At most one per person and day (outbox key)."""
    now = now or timezone.now()
    daily = NotificationPreference.objects.filter(delivery=Delivery.DAILY)
    pending = list(
        Notification.objects.filter(
            emailed_at__isnull=True,
            recipient__in=daily.values("user"),
            kind__in=daily.values("kind"),
        )
        .select_related("recipient")
        .order_by("recipient_id", "created_at")
    )
    wanted = set(daily.values_list("user_id", "kind"))
    by_user: dict[int, list[Notification]] = {}
    for notification in pending:
        if (notification.recipient_id, notification.kind) in wanted:
            by_user.setdefault(notification.recipient_id, []).append(notification)
    rows = []
    for notifications in by_user.values():
        user = notifications[0].recipient
        if not user.email or not user.is_active:
            continue
        key = f"digest:{user.pk}:{now.date().isoformat()}"
        rows.append(
            OutboxMessage(
                subject_key=key,
                recipient=user.email,
                recipient_user=user,
                kind=OutboxMessage.Kind.DIGEST,
                payload=_email_payload(user, notifications, digest=True),
                message_id=_message_id(key, user.email, OutboxMessage.Kind.DIGEST),
            )
        )
    OutboxMessage.objects.bulk_create(rows, ignore_conflicts=True)
    Notification.objects.filter(
        pk__in=[n.pk for ns in by_user.values() for n in ns]
    ).update(emailed_at=now)
    if rows:
        dispatch.send_outbox()
    return len(rows)
