"""Celery tasks of matching: thin wrappers around ``services.matching``.

A full rescore is a chain of fan-outs: ``rescore_full`` plans the chunks, a chord of
``score_chunk`` tasks scores them on every free worker, ``merge_chunks`` picks each
demand's global top K, and a second chord of ``persist_chunk`` tasks writes the rows before
``finish_full`` closes the run. Sub-tasks go to the queue their parent came from, so a
deployment that routes matching to its own queue keeps the whole run there.
"""

import logging

from celery import chord, shared_task
from django.core.cache import cache
from django.db import transaction

from ..models import ScoringRun
from ..services import matching as services

logger = logging.getLogger(__name__)

# Saves within this many seconds of each other are rescored once.
COALESCE_SECONDS = 3
CHUNK_LIMITS = {"soft_time_limit": 900, "time_limit": 960}


def _queue_of(task) -> dict:
    queue = (task.request.delivery_info or {}).get("routing_key")
    return {"queue": queue} if queue else {}


def _run(run_id: int) -> ScoringRun | None:
    return ScoringRun.objects.filter(pk=run_id).first()


def _failing(run_id: int, error: Exception) -> None:
    logger.exception("scoring run %s failed", run_id)
    services.scoring_run_fail(run_id=run_id, error=f"{type(error).__name__}: {error}")


@shared_task(bind=True, name="matchmaking.rescore_full", **CHUNK_LIMITS)
def rescore_full(self, *, run_id: int, chunks: int | None = None) -> int:
    """Claim a queued full run, plan its chunks and fan them out; returns the chunk count."""
    run = services.scoring_run_claim(run_id=run_id)
    if run is None:
        return 0
    try:
        ranges = services.full_rescore_plan(run=run, chunks=chunks)
        options = _queue_of(self)
        header = [
            score_chunk.si(run_id=run_id, first_id=low, last_id=high).set(**options)
            for low, high in ranges
        ]
        callback = merge_chunks.s(run_id=run_id, ranges=ranges).set(**options)
        chord(header)(callback)
    except Exception as error:
        _failing(run_id, error)
        raise
    return len(ranges)


@shared_task(bind=True, name="matchmaking.score_chunk", **CHUNK_LIMITS)
def score_chunk(self, *, run_id: int, first_id: int, last_id: int) -> dict:
    run = _run(run_id)
    if run is None or run.status != ScoringRun.Status.RUNNING:
        return {"sme_threshold": {}}
    try:
        return services.full_rescore_score_chunk(run=run, first_id=first_id, last_id=last_id)
    except Exception as error:
        _failing(run_id, error)
        raise


@shared_task(bind=True, name="matchmaking.merge_chunks", **CHUNK_LIMITS)
def merge_chunks(self, results: list, *, run_id: int, ranges: list) -> None:
    run = _run(run_id)
    if run is None or run.status != ScoringRun.Status.RUNNING:
        return
    try:
        services.full_rescore_merge(run=run, results=results, ranges=ranges)
        options = _queue_of(self)
        header = [
            persist_chunk.si(run_id=run_id, first_id=low, last_id=high).set(**options)
            for low, high in ranges
        ]
        chord(header)(finish_full.si(run_id=run_id).set(**options))
    except Exception as error:
        _failing(run_id, error)
        raise


@shared_task(bind=True, name="matchmaking.persist_chunk", **CHUNK_LIMITS)
def persist_chunk(self, *, run_id: int, first_id: int, last_id: int) -> dict:
    run = _run(run_id)
    if run is None or run.status != ScoringRun.Status.RUNNING:
        return {}
    try:
        counts = services.full_rescore_persist_chunk(run=run, first_id=first_id, last_id=last_id)
    except Exception as error:
        _failing(run_id, error)
        raise
    return counts.__dict__


@shared_task(name="matchmaking.finish_full", soft_time_limit=60, time_limit=90)
def finish_full(*, run_id: int) -> None:
    run = _run(run_id)
    if run is not None and run.status == ScoringRun.Status.RUNNING:
        services.scoring_run_finish(run=run)


@shared_task(name="matchmaking.rescore_sme", soft_time_limit=120, time_limit=150)
def rescore_sme(*, organisation_id: int) -> int:
    """Rescore one SME (after its profile or feedback changed); returns the run id."""
    cache.delete(_pending_key("sme", organisation_id))
    return services.sme_rescore(organisation_id=organisation_id).pk


@shared_task(name="matchmaking.rescore_demand", soft_time_limit=300, time_limit=360)
def rescore_demand(*, demand_id: int) -> int:
    """Rescore one demand project (after it was saved); returns the run id."""
    cache.delete(_pending_key("demand", demand_id))
    return services.demand_rescore(demand_id=demand_id).pk


def _pending_key(kind: str, pk: int) -> str:
    return f"matching:pending:{kind}:{pk}"


def _queue_coalesced(task, kind: str, pk: int, kwargs: dict) -> None:
    """Queue ``task`` after commit unless one for the same entity is already waiting."""

    def send() -> None:
        try:
            if cache.add(_pending_key(kind, pk), 1, COALESCE_SECONDS + 120):
                task.apply_async(kwargs=kwargs, countdown=COALESCE_SECONDS)
        except Exception:
            # A save must never fail because the broker is down; the next full rescore
            # catches up.
            logger.exception("could not queue %s for %s %s", task.name, kind, pk)

    transaction.on_commit(send)


def queue_sme_rescore(*, organisation_id: int) -> None:
    _queue_coalesced(rescore_sme, "sme", organisation_id, {"organisation_id": organisation_id})


def queue_demand_rescore(*, demand_id: int) -> None:
    _queue_coalesced(rescore_demand, "demand", demand_id, {"demand_id": demand_id})


def on_profile_changed(organisation_id: int) -> None:
    queue_sme_rescore(organisation_id=organisation_id)


def on_demand_changed(demand_id: int) -> None:
    queue_demand_rescore(demand_id=demand_id)
