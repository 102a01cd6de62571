"""Celery tasks of matching: thin wrappers around ``rescoring``.

A full rescore is a chain of fan-outs: ``rescore_full`` plans the chunks, a chord of
``score_chunk`` tasks scores them on every free worker, ``merge_chunks`` picks each
demand's global top K, and a second chord of ``persist_chunk`` tasks writes the rows before
``finish_full`` closes the run. The services queue each step through ``dispatch``. Each
step outlasts a Redis restart (``rescoring.through_redis_outages``); only other errors fail
the run.
"""

import logging

from celery import shared_task
from celery.signals import worker_process_init

from . import rescoring
from .models import ScoringRun

logger = logging.getLogger(__name__)

CHUNK_LIMITS = {"soft_time_limit": 900, "time_limit": 960}


@worker_process_init.connect
def _warm_up_worker_process(**_kwargs) -> None:
    # In the background: the pool waits only a few seconds for a new process to start.
    rescoring.warm_up_in_background()


def _queue_of(task) -> str | None:
    return (task.request.delivery_info or {}).get("routing_key") or None


def _run(run_id: int) -> ScoringRun | None:
    return ScoringRun.objects.filter(pk=run_id).first()


def _failing(run_id: int, error: Exception) -> None:
    logger.exception("scoring run %s failed", run_id)
    rescoring.scoring_run_fail(run_id=run_id, error=f"{type(error).__name__}: {error}")


@shared_task(bind=True, name="matchmaking.rescore_full", **CHUNK_LIMITS)
def rescore_full(self, *, run_id: int, chunks: int | None = None) -> int:
    """Claim a queued full run, plan its chunks and fan them out; returns the chunk count."""
    rescoring.wait_for_warm_up()
    try:
        return rescoring.full_rescore_begin(run_id=run_id, chunks=chunks, queue=_queue_of(self))
    except Exception as error:
        _failing(run_id, error)
        raise


@shared_task(bind=True, name="matchmaking.score_chunk", **CHUNK_LIMITS)
def score_chunk(self, *, run_id: int, first_id: int, last_id: int) -> dict:
    rescoring.wait_for_warm_up()
    run = _run(run_id)
    if run is None or run.status != ScoringRun.Status.RUNNING:
        return {"sme_threshold": {}}
    try:
        return rescoring.through_redis_outages(
            lambda: rescoring.full_rescore_score_chunk(
                run=run, first_id=first_id, last_id=last_id
            )
        )
    except Exception as error:
        _failing(run_id, error)
        raise


@shared_task(bind=True, name="matchmaking.merge_chunks", **CHUNK_LIMITS)
def merge_chunks(self, results: list, *, run_id: int, ranges: list) -> None:
    run = _run(run_id)
    if run is None or run.status != ScoringRun.Status.RUNNING:
        return
    try:
        rescoring.through_redis_outages(
            lambda: rescoring.full_rescore_merge_then_persist(
                run=run, results=results, ranges=ranges, queue=_queue_of(self)
            )
        )
    except Exception as error:
        _failing(run_id, error)
        raise


@shared_task(bind=True, name="matchmaking.persist_chunk", **CHUNK_LIMITS)
def persist_chunk(self, *, run_id: int, first_id: int, last_id: int) -> dict:
    run = _run(run_id)
    if run is None or run.status != ScoringRun.Status.RUNNING:
        return {}
    try:
        counts = rescoring.through_redis_outages(
            lambda: rescoring.full_rescore_persist_chunk(
                run=run, first_id=first_id, last_id=last_id
            )
        )
    except Exception as error:
        _failing(run_id, error)
        raise
    return counts.__dict__


@shared_task(name="matchmaking.finish_full", soft_time_limit=60, time_limit=90)
def finish_full(*, run_id: int) -> None:
    run = _run(run_id)
    if run is not None and run.status == ScoringRun.Status.RUNNING:
        rescoring.full_rescore_finish(run=run)


@shared_task(name="matchmaking.rescore_sme", soft_time_limit=120, time_limit=150)
def rescore_sme(*, organisation_id: int) -> int:
    """Rescore one SME (after its profile or feedback changed); returns the run id."""
    rescoring.wait_for_warm_up()
    return rescoring.sme_rescore_queued(organisation_id=organisation_id).pk


@shared_task(name="matchmaking.rescore_demand", soft_time_limit=300, time_limit=360)
def rescore_demand(*, demand_id: int) -> int:
    """Rescore one demand project (after it was saved); returns the run id."""
    rescoring.wait_for_warm_up()
    return rescoring.demand_rescore_queued(demand_id=demand_id).pk
