"""The full rescore, in chunks over the workers: plan, score, merge, persist."""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence

import numpy as np
from django.core.cache import cache

from ... import scoring
from .. import context as scoring_context
from .. import dispatch, persistence
from ..context import ScoringContext, fingerprint
from ..models import MatchScore, ScoringRun
from ..persistence import Counts, write_rows
from ..records import feedback_for, sme_records
from . import unchanged
from .runs import (
    BLOCK_SIZE,
    DEFAULT_CHUNK_SIZE,
    MAX_ID,
    STASH_TIMEOUT,
    _add_counts,
    _components_matrix,
    _other_running_full_runs,
    _run_key,
    run_token,
    scoring_run_claim,
    scoring_run_finish,
    through_redis_outages,
    top_k,
    weights,
)


def full_rescore_plan(
    *,
    run: ScoringRun,
    chunks: int | None = None,
    chunk_size: int | None = None,
    smes: list[scoring.SmeRecord] | None = None,
) -> list[tuple[int, int]]:
    """Fit the run's scoring context and split the SMEs into contiguous id ranges.

    The ranges cover every id, so rows of SMEs that are no longer published are removed by
    the chunk whose range holds them. Side effects: saves the context in the cache, and
    each range's SME records, so that a chunk neither queries nor parses them again.
    ``smes``: the published SMEs' records, when the caller has read them already.
    """
    if smes is None:
        smes = sme_records()
    context = scoring_context.build(run_token(run), smes=smes)
    scoring_context.save(context, current=False)
    ids = [s.id for s in smes]  # ordered by organisation id
    size = chunk_size or DEFAULT_CHUNK_SIZE
    if chunks:
        size = max(1, math.ceil(len(ids) / chunks))
    starts = ids[::size] or [0]
    ranges = []
    for n, first in enumerate(starts):
        low = 0 if n == 0 else first
        high = starts[n + 1] - 1 if n + 1 < len(starts) else MAX_ID
        ranges.append((low, high))
    cache.set_many(
        {
            _records_key(run, low): smes[
                bisect.bisect_left(ids, low) : bisect.bisect_right(ids, high)
            ]
            for low, high in ranges
        },
        STASH_TIMEOUT,
    )
    ScoringRun.objects.filter(pk=run.pk).update(chunks_total=2 * len(ranges))
    if persistence.staging_available():
        persistence.clear_stage(keep_run_ids=[run.pk, *_other_running_full_runs(run)])
    return ranges


def full_rescore_begin(*, run_id: int, chunks: int | None = None, queue: str | None = None) -> int:
    """Claim a queued full run, plan its chunks and fan them out; returns the chunk count.

    Side effect: queues one scoring task per chunk, then the merge (``dispatch``).
    """
    run = scoring_run_claim(run_id=run_id)
    if run is None:
        return 0

    def plan_and_fan_out() -> int:
        # Nothing changed since the last full run: nothing to score or write.
        if unchanged.skip_if_unchanged(run=run):
            return 0
        ranges = full_rescore_plan(run=run, chunks=chunks)
        dispatch.score_chunks(run_id=run.pk, ranges=ranges, queue=queue)
        return len(ranges)

    # Once claimed, a run is planned even across a Redis restart (the claim is not repeated).
    return through_redis_outages(plan_and_fan_out)


def _records_key(run: ScoringRun, first_id: int) -> str:
    return _run_key(run, "records", first_id)


def _stash_key(run: ScoringRun, first_id: int) -> str:
    return _run_key(run, "chunk", first_id)


def _offered_key(run: ScoringRun, first_id: int) -> str:
    return _run_key(run, "offered", first_id)


def _run_context(run: ScoringRun) -> ScoringContext:
    context = scoring_context.load(run_token(run))
    if context is None:
        raise RuntimeError(f"the scoring context of run {run.pk} is gone from the cache")
    return context


def _scored_pairs(
    result: scoring.ScoreResult,
    rows: np.ndarray,
    cols: np.ndarray,
    *,
    sme_ids: np.ndarray,
    sme_fp: np.ndarray,
    demand_ids: np.ndarray,
    demand_fp: np.ndarray,
    own: np.ndarray,
) -> persistence.ScoredPairs:
    """The pairs (rows[n], cols[n]) of a scored block, with their digests."""
    scores = result.scores[rows, cols]
    confidence = result.confidence[rows, cols]
    components = _components_matrix(result, rows, cols)
    return persistence.ScoredPairs(
        sme_id=sme_ids[rows],
        demand_id=demand_ids[cols],
        score=scores,
        confidence=confidence,
        components=components,
        digest=persistence.digest_values(
            sme_fp[rows], demand_fp[cols], scores, confidence, components
        ),
        own=own,
    )


def full_rescore_score_chunk(*, run: ScoringRun, first_id: int, last_id: int) -> dict:
    """Score SMEs with ids in [first_id, last_id] against all open demand projects.

    Returns each SME's K-th best score. Side effects: stages (PostgreSQL) or stashes (other
    databases) each SME's own top K for ``full_rescore_persist_chunk``, and leaves each
    demand's best K SMEs of this chunk in the cache for ``full_rescore_merge``.
    """
    context = _run_context(run)
    k, w = top_k(), weights()
    smes = cache.get(_records_key(run, first_id))
    if smes is None:  # evicted: read them again
        smes = sme_records(id_range=(first_id, last_id))
    feedback = feedback_for(id_range=(first_id, last_id))
    m = len(context.demands)
    demand_keys = {
        "demand_ids": np.array(context.demand_features.ids, dtype=np.int64),
        "demand_fp": np.asarray(context.demand_fingerprints, dtype=np.uint64),
    }
    owned: list[persistence.ScoredPairs] = []
    offered: list[persistence.ScoredPairs] = []
    sme_threshold: dict[int, float | None] = {}
    # Each demand's K best scores in the blocks so far. Blocks come in SME id order, so a
    # later block's pair joins a demand's best K of the chunk only by beating the K-th
    # (a tie goes to the smaller id): the pairs that cannot are neither built nor sorted.
    best = np.full((m, k), -np.inf, dtype=np.float32)
    for start in range(0, len(smes), BLOCK_SIZE):
        block = smes[start : start + BLOCK_SIZE]
        result = scoring.score_block(block, context.demand_features, context.text_model, w, feedback)
        n = len(block)
        keys = {
            "sme_ids": np.array([s.id for s in block], dtype=np.int64),
            "sme_fp": np.array([fingerprint(s) for s in block], dtype=np.uint64),
            **demand_keys,
        }
        per_sme = scoring.top_k_demands_per_sme(result.scores, k)
        own = np.zeros((n, m), dtype=bool)
        np.put_along_axis(own, per_sme, True, axis=1)
        rows, cols = np.nonzero(own)
        owned.append(_scored_pairs(result, rows, cols, own=np.ones(len(rows), bool), **keys))
        per_demand = scoring.top_k_smes_per_demand(result.scores, k)
        demand_scores = result.scores[per_demand, np.arange(m)[:, None]]
        kth_best = best[:, -1] if k else np.full(m, np.inf, dtype=np.float32)
        cols, slots = np.nonzero(demand_scores > kth_best[:, None])
        rows = per_demand[cols, slots]
        offered.append(_scored_pairs(result, rows, cols, own=own[rows, cols], **keys))
        best = -np.sort(-np.concatenate([best, demand_scores], axis=1), axis=1)[:, :k]
        # None: fewer than K demands, so every demand is in the SME's top K.
        kth = (
            result.scores[np.arange(n), per_sme[:, -1]].tolist()
            if per_sme.shape[1] == k
            else [None] * n
        )
        sme_threshold.update(zip(keys["sme_ids"].tolist(), kth, strict=True))
    own_pairs = persistence.ScoredPairs.concat(owned)
    candidates = persistence.ScoredPairs.concat(offered)
    # Only the chunk's own best K per demand can be in a demand's global best K.
    candidates = candidates.take(
        scoring.top_k_by_group(candidates.demand_id, candidates.sme_id, candidates.score, k)
    )
    if persistence.staging_available():
        persistence.stage_own_rows(
            run=run, first_id=first_id, last_id=last_id, pairs=own_pairs
        )
    else:
        stash = {"smes": smes, "feedback": feedback, "own": own_pairs}
        cache.set(_stash_key(run, first_id), stash, STASH_TIMEOUT)
    cache.set(
        _offered_key(run, first_id),
        {"candidates": candidates, "own_rows": len(own_pairs)},
        STASH_TIMEOUT,
    )
    _add_counts(run, Counts(), pairs=len(smes) * m, chunks=1)
    return {"sme_threshold": sme_threshold}


def full_rescore_merge(
    *, run: ScoringRun, results: Sequence[dict], ranges: Sequence[Sequence[int]]
) -> None:
    """Pick each demand's global top K from the chunks' candidates; record thresholds.

    Side effects: stages (or stashes) the pairs that only a demand's global top K keeps,
    and makes the run's context, with its thresholds, the current one for single
    rescores.
    """
    context = _run_context(run)
    k = top_k()
    found = cache.get_many([_offered_key(run, low) for low, _high in ranges])
    if len(found) != len(ranges):
        raise RuntimeError(f"run {run.pk} lost the candidates of a chunk from the cache")
    offers = [found[_offered_key(run, low)] for low, _high in ranges]
    candidates = persistence.ScoredPairs.concat([o["candidates"] for o in offers])
    best = scoring.top_k_by_group(candidates.demand_id, candidates.sme_id, candidates.score, k)
    # ``best`` runs demand by demand, best first: a demand's K-th pair ends its group.
    chosen = candidates.take(best)
    groups, starts, sizes = np.unique(chosen.demand_id, return_index=True, return_counts=True)
    full = sizes >= k
    last = starts[full] + sizes[full] - 1
    position = context.demand_features.position
    threshold = np.full(len(context.demands), -np.inf)
    for demand_id, score in zip(
        groups[full].tolist(), chosen.score[last].astype(np.float64).tolist(), strict=True
    ):
        threshold[position[demand_id]] = score
    context.demand_threshold = threshold
    context.sme_threshold = {
        int(s): -np.inf if v is None else v
        for result in results
        for s, v in result["sme_threshold"].items()
    }
    scoring_context.save(context)
    extra = chosen.take(np.nonzero(~chosen.own)[0])
    if persistence.staging_available():
        persistence.stage_extra_rows(run=run, pairs=extra)
        lows = np.array([low for low, _high in ranges], dtype=np.int64)
        extra_per_range = np.bincount(
            np.searchsorted(lows, extra.sme_id, side="right") - 1, minlength=len(ranges)
        )
        expected = {
            low: offer["own_rows"] + int(n)
            for (low, _high), offer, n in zip(ranges, offers, extra_per_range, strict=True)
        }
        cache.set(_run_key(run, "expected"), expected, STASH_TIMEOUT)
        return
    cache.set(_run_key(run, "extra"), extra, STASH_TIMEOUT)


def full_rescore_merge_then_persist(
    *, run: ScoringRun, results: Sequence[dict], ranges: list, queue: str | None = None
) -> None:
    """``full_rescore_merge``, then queue one persisting task per chunk and the finish."""
    full_rescore_merge(run=run, results=results, ranges=ranges)
    dispatch.persist_chunks(run_id=run.pk, ranges=ranges, queue=queue)


def full_rescore_persist_chunk(*, run: ScoringRun, first_id: int, last_id: int) -> Counts:
    """Write the rows of SMEs with ids in [first_id, last_id]; returns the counts."""
    if persistence.staging_available():
        expected = cache.get(_run_key(run, "expected"))
        if expected is None or first_id not in expected:
            raise RuntimeError(f"run {run.pk} has no merged candidates in the cache")
        counts = persistence.persist_staged(
            run=run, first_id=first_id, last_id=last_id, expected=expected[first_id]
        )
    else:
        counts = _persist_stashed(run=run, first_id=first_id, last_id=last_id)
    # Count a chunk once, even when a lost worker's task is delivered again.
    if cache.add(_run_key(run, "persisted", first_id), 1, STASH_TIMEOUT):
        _add_counts(run, counts, chunks=1)
    _forget_chunk(run, first_id)
    return counts


def _persist_stashed(*, run: ScoringRun, first_id: int, last_id: int) -> Counts:
    """``full_rescore_persist_chunk`` without a staging table: the chunk's own pairs and
    the merge's extra pairs come from the cache and go through ``write_rows``."""
    context = _run_context(run)
    stash = cache.get(_stash_key(run, first_id))
    extra = cache.get(_run_key(run, "extra"))
    if stash is None or extra is None:
        raise RuntimeError(f"chunk {first_id} of run {run.pk} has no scores in the cache")
    in_range = (extra.sme_id >= first_id) & (extra.sme_id <= last_id)
    pairs = persistence.ScoredPairs.concat([stash["own"], extra.take(np.nonzero(in_range)[0])])
    smes = stash["smes"]
    sme_position = {s.id: n for n, s in enumerate(smes)}
    demand_position = context.demand_features.position
    return write_rows(
        run=run,
        smes=smes,
        demands=context.demands,
        demand_features=context.demand_features,
        demand_fingerprints=context.demand_fingerprints,
        text_model=context.text_model,
        feedback=stash["feedback"],
        i=np.array([sme_position[s] for s in pairs.sme_id.tolist()], dtype=np.intp),
        j=np.array([demand_position[d] for d in pairs.demand_id.tolist()], dtype=np.intp),
        scores=pairs.score,
        confidence=pairs.confidence,
        components=pairs.components,
        existing=MatchScore.objects.filter(sme__pk__gte=first_id, sme__pk__lte=last_id),
        # Half a million rows: their reasons are written when a page first shows them.
        explain=False,
    )


def full_rescore_finish(*, run: ScoringRun) -> ScoringRun:
    """Close a full run whose chunks are all written, and record its digests for the next
    run to recognise unchanged data (``unchanged``)."""
    run = scoring_run_finish(run=run)
    unchanged.record_rows(run)
    return run


def _forget_chunk(run: ScoringRun, first_id: int) -> None:
    """Drop what a written chunk left in the cache (tens of MB for a large run)."""
    cache.delete_many(
        [_records_key(run, first_id), _offered_key(run, first_id), _stash_key(run, first_id)]
    )
