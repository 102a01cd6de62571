"""What browser tests share: signing a person in without a password round trip."""

from django.conf import settings
from django.test import Client


def sign_in(page, live_server, user, language: str | None = None) -> None:
    """Start ``page``'s browser context afresh with ``user``'s session (made by a test
    client) and, when given, the ``language`` cookie; other cookies are dropped."""
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    cookies = [{"name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url}]  # fmt: skip
    if language:
        cookies.append(
            {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}
        )
    page.context.clear_cookies()
    page.context.add_cookies(cookies)
