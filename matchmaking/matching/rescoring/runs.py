"""Scoring runs: start a full rescore, claim, fail and finish a run; what every rescore shares."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

import numpy as np
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from companies.rules import require_staff

from ... import scoring
from .. import dispatch, persistence
from ..models import ScoringRun
from ..persistence import Counts

logger = logging.getLogger(__name__)

# SMEs scored at once: memory is O(block × demands) per component. Against 2,000 demands,
# 500 used 570 MB and 2.0–2.4 s a chunk of 2,500 SMEs where 1,000 used 860 MB and 2.9 s;
# 400 peaks about 56 MiB below 500 for the same CPU time (a worker stays under 800 MiB).
BLOCK_SIZE = 400
DEFAULT_CHUNK_SIZE = 2500
STASH_TIMEOUT = 2 * 3600
MAX_ID = 2**62


# Redis (the cache and the broker) may restart while a run is under way: a step waits this
# long for it to answer again before the run counts as failed.
REDIS_OUTAGE_SECONDS = 180


def through_redis_outages[T](
    step: Callable[[], T], *, budget: float = REDIS_OUTAGE_SECONDS
) -> T:
    """``step()``, run again after a pause while Redis cannot be reached (up to ``budget``
    seconds). Every step of a rescore is idempotent, so running one again is safe."""
    import redis
    from kombu.exceptions import OperationalError

    deadline = time.monotonic() + budget
    pause = 0.5
    while True:
        try:
            return step()
        except (redis.ConnectionError, redis.TimeoutError, OperationalError) as error:
            if time.monotonic() + pause > deadline:
                raise
            logger.warning("Redis cannot be reached (%s); trying again in %.1f s", error, pause)
            time.sleep(pause)
            pause = min(pause * 2, 5.0)


# Set once a worker process has loaded what every rescore needs (see ``warm_up``).
_warm = threading.Event()
_warming: threading.Thread | None = None
WARM_UP_WAIT_SECONDS = 120


def warm_up() -> None:
    """Load what a fresh process lacks and every rescore needs: SciPy and scikit-learn,
    the Chinese–English dictionary and the Chinese word segmenter (several seconds of CPU,
    which the first chunk of a run would otherwise pay on each worker)."""
    from companies import bilingual

    start = time.monotonic()
    try:
        scoring.score_block  # noqa: B018 (imports the vectorised scoring, SciPy)
        scoring.TextModel  # noqa: B018 (scikit-learn)
        bilingual.dictionary()
        bilingual.segment("可再生能源")  # builds the jieba tokenizer
    except Exception:  # a failed warm-up only means the first rescore loads it instead
        logger.exception("warming up the matching code failed")
    else:
        logger.info("matching code warmed up in %.1f s", time.monotonic() - start)
    finally:
        _warm.set()


def warm_up_in_background() -> None:
    """Start ``warm_up`` in a thread of this process (called as a worker process starts, so
    that the worker is ready at once and warms up while it waits for work)."""
    global _warming
    if _warming is None:
        _warming = threading.Thread(target=warm_up, name="matching-warm-up", daemon=True)
        _warming.start()


def wait_for_warm_up() -> None:
    """Let a background warm-up finish before a rescore step uses what it loads (both
    loading the dictionary at once would only do the work twice)."""
    if _warming is not None:
        _warm.wait(WARM_UP_WAIT_SECONDS)


def top_k() -> int:
    return int(settings.MATCHING_TOP_K)


def weights() -> dict[str, float]:
    return scoring.resolve_weights(settings.MATCHING_WEIGHTS)


def run_token(run: ScoringRun) -> str:
    """The run's name in the cache: its id and creation time, so that a run whose id a
    recreated or restored database hands out again never meets an older run's data."""
    return f"run{run.pk}-{run.created_at.timestamp():.6f}"


def _run_key(run: ScoringRun, *parts: object) -> str:
    return ":".join(["matching", run_token(run), *map(str, parts)])


def _add_counts(run: ScoringRun, counts: Counts, *, pairs: int = 0, chunks: int = 0) -> None:
    ScoringRun.objects.filter(pk=run.pk).update(
        rows_created=F("rows_created") + counts.created,
        rows_updated=F("rows_updated") + counts.updated,
        rows_deleted=F("rows_deleted") + counts.deleted,
        rows_unchanged=F("rows_unchanged") + counts.unchanged,
        pairs_scored=F("pairs_scored") + pairs,
        chunks_done=F("chunks_done") + chunks,
    )


def _components_matrix(result: scoring.ScoreResult, rows, cols) -> np.ndarray:
    return np.stack([result.components[n][rows, cols] for n in scoring.COMPONENTS], axis=1)


# --- Runs ------------------------------------------------------------------------------


@transaction.atomic
def scoring_run_start_full(*, actor=None, chunks: int | None = None) -> ScoringRun:
    """Queue a full rescore; returns its run (the one already queued or running, if any).

    Side effect: after commit, queues ``matchmaking.rescore_full`` (which fans out).
    """
    if actor is not None:
        require_staff(actor)
    recent = timezone.now() - timezone.timedelta(hours=1)
    active = ScoringRun.objects.filter(
        scope=ScoringRun.Scope.FULL,
        status__in=[ScoringRun.Status.QUEUED, ScoringRun.Status.RUNNING],
        created_at__gte=recent,
    ).first()
    if active is not None:
        return active
    run = ScoringRun(
        scope=ScoringRun.Scope.FULL,
        algorithm_version=scoring.ALGORITHM_VERSION,
        started_by=actor,
    )
    run.full_clean()
    run.save()
    dispatch.full_rescore(run_id=run.pk, chunks=chunks)
    return run


def scoring_run_claim(*, run_id: int) -> ScoringRun | None:
    """Mark a queued run as running (conditional UPDATE); None when another took it."""
    claimed = ScoringRun.objects.filter(pk=run_id, status=ScoringRun.Status.QUEUED).update(
        status=ScoringRun.Status.RUNNING, started_at=timezone.now()
    )
    return ScoringRun.objects.get(pk=run_id) if claimed else None


def scoring_run_fail(*, run_id: int, error: str) -> None:
    ScoringRun.objects.filter(pk=run_id).exclude(status=ScoringRun.Status.DONE).update(
        status=ScoringRun.Status.FAILED, error=error[:2000], finished_at=timezone.now()
    )


def _other_running_full_runs(run: ScoringRun) -> list[int]:
    return list(
        ScoringRun.objects.filter(scope=ScoringRun.Scope.FULL, status=ScoringRun.Status.RUNNING)
        .exclude(pk=run.pk)
        .values_list("pk", flat=True)
    )


def scoring_run_finish(*, run: ScoringRun) -> ScoringRun:
    ScoringRun.objects.filter(pk=run.pk).update(
        status=ScoringRun.Status.DONE, finished_at=timezone.now()
    )
    if persistence.staging_available():
        persistence.clear_stage(keep_run_ids=_other_running_full_runs(run))
    run.refresh_from_db()
    return run
