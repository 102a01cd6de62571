"""The address links in e-mails point to.

``SITE_URL`` from the environment wins. Without it, the address the site was last reached
at (scheme, host and port of a request whose host passed ``ALLOWED_HOSTS``) is used, so
links in e-mails sent from tasks match the links allauth builds from the request; the
default ``SITE_URL`` is the last resort.
"""

import os

from django.conf import settings
from django.core.cache import cache

CACHE_KEY = "site:origin"
_origin: str | None = None


def configured() -> bool:
    return bool(os.environ.get("SITE_URL")) or getattr(settings, "SITE_URL_CONFIGURED", False)


def remember_origin(request) -> None:
    """Remember where the site is reached (once per change; cheap on every request)."""
    global _origin
    if configured():
        return
    try:
        origin = f"{request.scheme}://{request.get_host()}"
    except Exception:  # noqa: BLE001 - a disallowed host is Django's to refuse, not ours
        return
    if origin != _origin:
        _origin = origin
        cache.set(CACHE_KEY, origin, None)


def site_url() -> str:
    """The base URL (no trailing slash) for absolute links outside a request."""
    if configured():
        return settings.SITE_URL
    return _origin or cache.get(CACHE_KEY) or settings.SITE_URL
