"""Celery's entry point for the app's tasks: importing each area's ``tasks`` registers them."""

from .consortia import tasks as consortia_tasks
from .matching import tasks as matching_tasks
from .meetings import tasks as meetings_tasks
from .notifications import tasks as notifications_tasks
from .outcomes import tasks as outcomes_tasks
from .site import tasks as site_tasks
from .webhooks import tasks as webhooks_tasks

__all__ = [
    "consortia_tasks",
    "matching_tasks",
    "meetings_tasks",
    "notifications_tasks",
    "outcomes_tasks",
    "site_tasks",
    "webhooks_tasks",
]
