"""The only code of matching that queues Celery work, always after the transaction commits.

Services call these functions; tasks call services. Tasks are looked up by their
registered name when the work is queued, so this module imports no task module and no
import cycle runs through it (``TASK_NAMES`` lists them; a test checks each is registered).
"""

from __future__ import annotations

import logging

from celery import chord, current_app
from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)

RESCORE_FULL = "matchmaking.rescore_full"
SCORE_CHUNK = "matchmaking.score_chunk"
MERGE_CHUNKS = "matchmaking.merge_chunks"
PERSIST_CHUNK = "matchmaking.persist_chunk"
FINISH_FULL = "matchmaking.finish_full"
RESCORE_SME = "matchmaking.rescore_sme"
RESCORE_DEMAND = "matchmaking.rescore_demand"
TASK_NAMES = (
    RESCORE_FULL,
    SCORE_CHUNK,
    MERGE_CHUNKS,
    PERSIST_CHUNK,
    FINISH_FULL,
    RESCORE_SME,
    RESCORE_DEMAND,
)

# Saves within this many seconds of each other are rescored once.
COALESCE_SECONDS = 3


def _task(name: str):
    return current_app.tasks[name]


def full_rescore(*, run_id: int, chunks: int | None = None) -> None:
    """After commit, queue the full rescore of ``run_id`` (which fans out in chunks)."""
    transaction.on_commit(lambda: _task(RESCORE_FULL).delay(run_id=run_id, chunks=chunks))


def _options(queue: str | None) -> dict:
    # Sub-tasks go to the queue their parent came from, so a deployment that routes
    # matching to its own queue keeps the whole run there.
    return {"queue": queue} if queue else {}


def _chunks(name: str, *, run_id: int, ranges: list, queue: str | None) -> list:
    return [
        _task(name).si(run_id=run_id, first_id=low, last_id=high).set(**_options(queue))
        for low, high in ranges
    ]


def score_chunks(*, run_id: int, ranges: list, queue: str | None = None) -> None:
    """After commit, score every chunk of a full run on any free worker, then merge."""
    header = _chunks(SCORE_CHUNK, run_id=run_id, ranges=ranges, queue=queue)
    callback = _task(MERGE_CHUNKS).s(run_id=run_id, ranges=ranges).set(**_options(queue))
    transaction.on_commit(lambda: chord(header)(callback))


def persist_chunks(*, run_id: int, ranges: list, queue: str | None = None) -> None:
    """After commit, write every chunk of a full run, then close the run."""
    header = _chunks(PERSIST_CHUNK, run_id=run_id, ranges=ranges, queue=queue)
    callback = _task(FINISH_FULL).si(run_id=run_id).set(**_options(queue))
    transaction.on_commit(lambda: chord(header)(callback))


def pending_key(kind: str, pk: int) -> str:
    """The cache key that marks a coalesced rescore of one entity as waiting."""
    return f"matching:pending:{kind}:{pk}"


def pending_clear(kind: str, pk: int) -> None:
    """The waiting rescore of one entity has started: the next save queues a new one."""
    cache.delete(pending_key(kind, pk))


def _coalesced(name: str, kind: str, pk: int, kwargs: dict) -> None:
    """After commit, queue ``name`` unless one for the same entity is already waiting."""

    def send() -> None:
        try:
            if cache.add(pending_key(kind, pk), 1, COALESCE_SECONDS + 120):
                _task(name).apply_async(kwargs=kwargs, countdown=COALESCE_SECONDS)
        except Exception:
            # A save must never fail because the broker is down; the next full rescore
            # catches up.
            logger.exception("could not queue %s for %s %s", name, kind, pk)

    transaction.on_commit(send)


def sme_rescore(*, organisation_id: int) -> None:
    _coalesced(RESCORE_SME, "sme", organisation_id, {"organisation_id": organisation_id})


def demand_rescore(*, demand_id: int) -> None:
    _coalesced(RESCORE_DEMAND, "demand", demand_id, {"demand_id": demand_id})


def on_profile_changed(organisation_id: int) -> None:
    """Hook for ``companies``: a profile changed, so rescore its SME."""
    sme_rescore(organisation_id=organisation_id)


def on_demand_changed(demand_id: int) -> None:
    """Hook for ``missions``: a demand project changed, so rescore it."""
    demand_rescore(demand_id=demand_id)
