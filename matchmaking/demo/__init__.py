"""The deterministic demo data: the builder and the content it draws from."""

from .builder import (
    DEMO_LOGINS,
    DEMO_PASSWORD,
    DEMO_STAFF_TOTP_SECRET,
    seed_demo,
    seed_demo_matches_and_meetings,
)

__all__ = [
    "DEMO_LOGINS",
    "DEMO_PASSWORD",
    "DEMO_STAFF_TOTP_SECRET",
    "seed_demo",
    "seed_demo_matches_and_meetings",
]
