"""The only code of missions that queues Celery work, always after the transaction commits.

Services call these functions; tasks call services (here ``emails``). Tasks are looked up
by their registered name, so this module imports no task module (a test checks each name
in ``TASK_NAMES`` is registered).
"""

from __future__ import annotations

from celery import current_app
from django.db import transaction

SEND_APPLICATION_DECISION = "matchmaking.send_application_decision"
TASK_NAMES = (SEND_APPLICATION_DECISION,)


def application_decision_send(*, application_id: int, status: str) -> None:
    """After commit, e-mail the decision ``status`` on an application to its SME."""
    transaction.on_commit(
        lambda: current_app.tasks[SEND_APPLICATION_DECISION].delay(
            application_id=application_id, status=status
        )
    )
