"""The only code of the webhooks area that queues Celery work, after the transaction commits."""

from __future__ import annotations

from celery import current_app
from django.db import transaction

SEND_WEBHOOKS = "matchmaking.send_webhooks"
COLLECT_WEBHOOK_EVENTS = "matchmaking.collect_webhook_events"
TASK_NAMES = (SEND_WEBHOOKS, COLLECT_WEBHOOK_EVENTS)


def _task(name: str):
    return current_app.tasks[name]


def send_webhooks(*, countdown: float = 0) -> None:
    """After commit, queue a sender for the deliveries due (in ``countdown`` seconds)."""
    transaction.on_commit(lambda: _task(SEND_WEBHOOKS).apply_async(countdown=countdown or None))


def collect_webhook_events() -> None:
    """After commit, queue a look for new events the registered hooks want."""
    transaction.on_commit(lambda: _task(COLLECT_WEBHOOK_EVENTS).delay())


def on_meeting_event(**_event) -> None:
    """Registered with the meetings area: any meeting event may be one a hook wants."""
    collect_webhook_events()


def on_outcome_recorded(**_event) -> None:
    """Registered with the outcomes area: the reporting organisation's hooks may want it."""
    collect_webhook_events()
