"""Reads of notifications: the bell's count, the list, the preferences."""

from django.db.models import QuerySet

from .models import Kind, Notification, NotificationPreference
from .texts import notification_text


def unread_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notifications_for(user, *, limit: int = 50) -> list[Notification]:
    """The user's newest notifications, each with ``text`` in the active language."""
    rows = list(Notification.objects.filter(recipient=user)[:limit])
    for row in rows:
        row.text = notification_text(row)
    return rows


def preferences_for(user) -> list[tuple[str, str, str]]:
    """(kind, label, delivery) for every kind; no stored row means immediately."""
    chosen = dict(
        NotificationPreference.objects.filter(user=user).values_list("kind", "delivery")
    )
    return [
        (kind, label, chosen.get(kind, NotificationPreference.Delivery.IMMEDIATELY))
        for kind, label in Kind.choices
    ]


def unread(user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user, read_at__isnull=True)
