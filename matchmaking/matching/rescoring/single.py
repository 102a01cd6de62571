"""Rescores of one SME or one demand project, after a save."""

from __future__ import annotations

import numpy as np
from django.db import transaction
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from companies.models import Organisation
from missions.models import DemandProject

from ... import scoring
from .. import context as scoring_context
from .. import dispatch
from ..context import ScoringContext
from ..models import MatchScore, ScoringRun
from ..persistence import Counts, write_rows
from ..records import feedback_for, sme_records
from .runs import BLOCK_SIZE, _components_matrix, top_k, weights

# --- Single rescores -------------------------------------------------------------------


def _thresholds_from_rows(context: ScoringContext) -> None:
    """Fill missing thresholds from the stored rows (K-th best per demand and per SME)."""
    k = top_k()
    if context.demand_threshold is None:
        kth = dict(
            MatchScore.objects.annotate(
                rank=Window(
                    RowNumber(),
                    partition_by=[F("demand_id")],
                    order_by=[F("score").desc(), F("sme_id").asc()],
                )
            )
            .filter(rank=k)
            .values_list("demand_id", "score")
        )
        context.demand_threshold = np.array(
            [kth.get(d.id, -np.inf) for d in context.demands], dtype=np.float64
        )
        context.sme_threshold = dict(
            MatchScore.objects.annotate(
                rank=Window(
                    RowNumber(),
                    partition_by=[F("sme_id")],
                    order_by=[F("score").desc(), F("demand_id").asc()],
                )
            )
            .filter(rank=k)
            .values_list("sme_id", "score")
        )
        scoring_context.save(context)


def _single_run(scope: str, **target) -> ScoringRun:
    run = ScoringRun(
        scope=scope,
        status=ScoringRun.Status.RUNNING,
        algorithm_version=scoring.ALGORITHM_VERSION,
        started_at=timezone.now(),
        **target,
    )
    run.save()
    return run


def _finish_single(run: ScoringRun, counts: Counts, pairs: int) -> ScoringRun:
    run.rows_created, run.rows_updated = counts.created, counts.updated
    run.rows_deleted, run.rows_unchanged = counts.deleted, counts.unchanged
    run.pairs_scored, run.chunks_total, run.chunks_done = pairs, 1, 1
    run.status, run.finished_at = ScoringRun.Status.DONE, timezone.now()
    run.save()
    return run


@transaction.atomic
def sme_rescore(*, organisation_id: int) -> ScoringRun:
    """Rescore one SME against all open demand projects; returns the run with its counts.

    Keeps the SME's top K and the pairs that reach a demand's current top K; an SME that
    is not published (any more) loses all its rows.
    """
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    run = _single_run(ScoringRun.Scope.SME, sme=organisation)
    existing = MatchScore.objects.filter(sme_id=organisation_id)
    smes = sme_records(organisation_ids=[organisation_id])
    if not smes:
        deleted = existing.count()
        existing.delete()
        return _finish_single(run, Counts(deleted=deleted), 0)
    context = scoring_context.current()
    _thresholds_from_rows(context)
    feedback = feedback_for(organisation_ids=[organisation_id])
    result = scoring.score_block(
        smes, context.demand_features, context.text_model, weights(), feedback
    )
    m = len(context.demands)
    keep = np.zeros(m, dtype=bool)
    keep[scoring.top_k_demands_per_sme(result.scores, top_k())[0]] = True
    keep |= result.scores[0].astype(np.float64) >= context.demand_threshold
    j = np.nonzero(keep)[0]
    i = np.zeros(len(j), dtype=np.intp)
    counts = write_rows(
        run=run,
        smes=smes,
        demands=context.demands,
        demand_features=context.demand_features,
        demand_fingerprints=context.demand_fingerprints,
        text_model=context.text_model,
        feedback=feedback,
        i=i,
        j=j,
        scores=result.scores[i, j],
        confidence=result.confidence[i, j],
        components=_components_matrix(result, i, j),
        existing=existing,
    )
    return _finish_single(run, counts, m)


@transaction.atomic
def demand_rescore(*, demand_id: int) -> ScoringRun:
    """Rescore one demand project against all published SMEs; returns the run.

    Keeps the demand's top K SMEs and the SMEs for which it reaches their own top K; a
    demand that is closed (or gone) loses all its rows.
    """
    demand_row = DemandProject.objects.filter(pk=demand_id).first()
    run = _single_run(ScoringRun.Scope.DEMAND, demand=demand_row)
    existing = MatchScore.objects.filter(demand_id=demand_id)
    context = scoring_context.current()
    position = context.demand_features.position.get(demand_id)
    if position is None:
        deleted = existing.count()
        existing.delete()
        return _finish_single(run, Counts(deleted=deleted), 0)
    _thresholds_from_rows(context)
    demand = context.demands[position]
    features = scoring.encode_demands([demand], context.text_model)
    smes = sme_records()
    if not smes:
        deleted = existing.count()
        existing.delete()
        return _finish_single(run, Counts(deleted=deleted), 0)
    feedback = feedback_for(demand_id=demand_id)
    scores, confidence, components = [], [], []
    for start in range(0, len(smes), BLOCK_SIZE):
        result = scoring.score_block(
            smes[start : start + BLOCK_SIZE], features, context.text_model, weights(), feedback
        )
        rows = np.arange(len(result.sme_ids))
        cols = np.zeros(len(rows), dtype=np.intp)
        scores.append(result.scores[:, 0])
        confidence.append(result.confidence[:, 0])
        components.append(_components_matrix(result, rows, cols))
    column = np.concatenate(scores)
    keep = np.zeros(len(smes), dtype=bool)
    keep[scoring.top_k_smes_per_demand(column[:, None], top_k())[0]] = True
    own = np.array([context.sme_threshold.get(s.id, np.inf) for s in smes], dtype=np.float64)
    keep |= column.astype(np.float64) >= own
    i = np.nonzero(keep)[0]
    j = np.zeros(len(i), dtype=np.intp)
    counts = write_rows(
        run=run,
        smes=smes,
        demands=[demand],
        demand_features=features,
        demand_fingerprints=[context.demand_fingerprints[position]],
        text_model=context.text_model,
        feedback=feedback,
        i=i,
        j=j,
        scores=column[i],
        confidence=np.concatenate(confidence)[i],
        components=np.concatenate(components)[i],
        existing=existing,
    )
    return _finish_single(run, counts, len(smes))


def sme_rescore_queued(*, organisation_id: int) -> ScoringRun:
    """The coalesced rescore of one SME starts: a save from now on queues another."""
    dispatch.pending_clear("sme", organisation_id)
    return sme_rescore(organisation_id=organisation_id)


def demand_rescore_queued(*, demand_id: int) -> ScoringRun:
    """The coalesced rescore of one demand project starts: a save from now on queues another."""
    dispatch.pending_clear("demand", demand_id)
    return demand_rescore(demand_id=demand_id)
