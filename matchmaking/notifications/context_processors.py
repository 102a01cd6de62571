"""The bell's unread count, for every page (one query, only when a template shows it)."""

from django.utils.functional import SimpleLazyObject

from . import selectors


def notifications(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: selectors.unread_count(user))}
