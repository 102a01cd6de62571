"""The only code of consortia that queues Celery work, always after the transaction commits.

Tasks are looked up by their registered name (``TASK_NAMES``), so this module imports no
task module.
"""

from __future__ import annotations

import logging

from celery import current_app
from django.db import transaction

logger = logging.getLogger(__name__)

PROPOSE_CONSORTIA = "matchmaking.propose_consortia"
SEND_CONSORTIUM_INVITATIONS = "matchmaking.send_consortium_invitations"
TASK_NAMES = (PROPOSE_CONSORTIA, SEND_CONSORTIUM_INVITATIONS)

# The demand's own rescore is coalesced for a few seconds (matching.dispatch); proposals
# read its scores, so they wait a little longer. Without a broker both run inline, in
# the order the hooks were registered: the rescore first.
PROPOSE_AFTER_SECONDS = 10


def _send(name: str, *, countdown: int = 0, **kwargs) -> None:
    def send() -> None:
        try:
            current_app.tasks[name].apply_async(kwargs=kwargs, countdown=countdown)
        except Exception:
            # A save must never fail because the broker is down.
            logger.exception("could not queue %s %s", name, kwargs)

    transaction.on_commit(send)


def proposals_compute(*, demand_id: int) -> None:
    _send(PROPOSE_CONSORTIA, countdown=PROPOSE_AFTER_SECONDS, demand_id=demand_id)


def invitations_send(*, consortium_id: int) -> None:
    _send(SEND_CONSORTIUM_INVITATIONS, consortium_id=consortium_id)


def on_demand_changed(demand_id: int) -> None:
    """Hook for ``missions``: a demand project changed; once it is rescored, propose again."""
    proposals_compute(demand_id=demand_id)
