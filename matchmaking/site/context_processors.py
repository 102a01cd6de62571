from django.conf import settings
from django.http import HttpRequest

from .navigation import ANONYMOUS, bar_for, entries_for


def navigation(request: HttpRequest) -> dict:
    """Role-aware navigation and the language switcher's choices for the base template."""
    user = getattr(request, "user", None)
    role = user.role if user is not None and user.is_authenticated else ANONYMOUS
    return {
        "nav_role": role,
        "nav_entries": entries_for(role),
        "nav_bar": bar_for(role),
        "reader_time_zone": getattr(request, "time_zone", settings.DEFAULT_USER_TIME_ZONE),
    }
