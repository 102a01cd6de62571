"""System checks for the secret that signs this app's links (member invitations)."""

from django.conf import settings
from django.core.checks import Error, Tags, register

# Keys that have been published (in this repository's history, its compose file and its
# development settings): anyone can sign invitation links with them.
PUBLISHED_SECRET_KEYS = frozenset(
    {
        "change-me-to-a-long-random-string-before-going-live-0123456789",
        "embedded-development-key-not-for-production-use-0123456789abcdef",
    }
)
# Words that mark a placeholder or development key rather than a generated one.
PLACEHOLDER_MARKERS = ("change-me", "changeme", "not-for-production", "django-insecure")


def secret_key_is_published(key: str) -> bool:
    """Whether ``key`` is a published, placeholder or development key."""
    lowered = key.lower()
    return key in PUBLISHED_SECRET_KEYS or any(marker in lowered for marker in PLACEHOLDER_MARKERS)


@register(Tags.security, deploy=True)
def check_secret_key_not_published(app_configs=None, **kwargs) -> list[Error]:
    """With DEBUG off, refuse a SECRET_KEY that anyone could know: it signs invitations."""
    if settings.DEBUG or not secret_key_is_published(settings.SECRET_KEY):
        return []
    return [
        Error(
            "SECRET_KEY is a published or development key: anyone can forge invitation "
            "links and other signed tokens with it.",
            hint="Set SECRET_KEY to a long random string, for example the output of "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))'.",
            id="companies.E001",
        )
    ]
