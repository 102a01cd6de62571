"""Per-request user preferences: the reader's time zone and language."""

import zoneinfo
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation

from companies.models import known_time_zones
from companies.sites import remember_origin

TIME_ZONE_COOKIE = "tz"


def valid_time_zone(name: str | None) -> str | None:
    """Return ``name`` if it is an IANA time zone this machine knows, else None."""
    if not name or name not in known_time_zones():
        return None
    return name


class UserPreferencesMiddleware:
    """Activate the reader's time zone (profile, else browser cookie, else the default) and,
    for signed-in users without an explicit language choice in this session, their language.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        remember_origin(request)
        user = getattr(request, "user", None)
        tz_name = None
        if user is not None and user.is_authenticated:
            tz_name = valid_time_zone(user.time_zone)
            if user.language and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
                translation.activate(user.language)
                request.LANGUAGE_CODE = translation.get_language()
        tz_name = tz_name or valid_time_zone(request.COOKIES.get(TIME_ZONE_COOKIE))
        tz_name = tz_name or settings.DEFAULT_USER_TIME_ZONE
        timezone.activate(zoneinfo.ZoneInfo(tz_name))
        request.time_zone = tz_name
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
