"""The only code of meetings that queues Celery work, always after the transaction commits.

Services call these functions; tasks call services. Tasks are looked up by their
registered name when the work is queued, so this module imports no task module and no
import cycle runs through it (``TASK_NAMES`` lists them; a test checks each is registered).
"""

from __future__ import annotations

from celery import current_app
from django.db import transaction

SCHEDULE_MISSION = "matchmaking.schedule_mission"
SEND_OUTBOX = "matchmaking.send_outbox"
TASK_NAMES = (SCHEDULE_MISSION, SEND_OUTBOX)


def _task(name: str):
    return current_app.tasks[name]


def schedule_mission(*, run_id: int) -> None:
    """After commit, queue the scheduler run ``run_id``."""
    transaction.on_commit(lambda: _task(SCHEDULE_MISSION).delay(run_id=run_id))


def send_outbox() -> None:
    """After commit, queue a sender for the outbox rows that are due."""
    transaction.on_commit(lambda: _task(SEND_OUTBOX).delay())
