"""The only code of the outcomes area that queues Celery work, always after commit.

Tasks are looked up by their registered name, so this module imports no task module.
"""

from __future__ import annotations

from celery import current_app
from django.db import transaction

# The meetings area's outbox sender delivers the feedback requests and questionnaires.
SEND_OUTBOX = "matchmaking.send_outbox"
TASK_NAMES = (SEND_OUTBOX,)


def _task(name: str):
    return current_app.tasks[name]


def send_outbox() -> None:
    """After commit, queue a sender for the questionnaires just added to the outbox."""
    transaction.on_commit(lambda: _task(SEND_OUTBOX).delay())
