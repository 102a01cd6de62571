"""The only code of notifications that queues Celery work, always after commit.

E-mails go through the meetings outbox; its sender task is looked up by name.
"""

from __future__ import annotations

from celery import current_app
from django.db import transaction

SEND_OUTBOX = "matchmaking.send_outbox"
TASK_NAMES = (SEND_OUTBOX,)


def send_outbox() -> None:
    """After commit, queue a sender for the outbox rows that are due."""
    transaction.on_commit(lambda: current_app.tasks[SEND_OUTBOX].delay())
