"""Celery tasks of the outcomes area (run by beat): thin wrappers around services."""

import datetime as dt

from celery import shared_task

from . import services


@shared_task(name="matchmaking.queue_feedback_requests", soft_time_limit=120, time_limit=180)
def queue_feedback_requests() -> int:
    """Ask both sides of the meetings whose time has passed for feedback (once each)."""
    return services.feedback_requests_queue()


@shared_task(name="matchmaking.queue_follow_ups", soft_time_limit=240, time_limit=300)
def queue_follow_ups(*, as_of: str | None = None) -> int:
    """Create and send the 3- and 6-month follow-ups that are due (once per meeting, side
    and stage). ``as_of`` (an ISO date) replays a given day; beat passes nothing: today."""
    return services.follow_ups_queue(as_of=dt.date.fromisoformat(as_of) if as_of else None)
