"""Django's entry point for the admin: each area registers its own models."""

from .meetings import admin as meetings_admin
from .outcomes import admin as outcomes_admin

__all__ = ["meetings_admin", "outcomes_admin"]
