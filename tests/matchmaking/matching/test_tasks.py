"""Acceptance 2 with a real Celery worker on Redis and PostgreSQL: a saved profile is
rescored alone (coalesced), and a full rescore in 4 chunks stores the inline rows."""

from contextlib import contextmanager

import pytest

from companies import services as company_services
from matchmaking.celery import app
from matchmaking.matching import rescoring
from matchmaking.models import MatchScore, ScoringRun
from tests.matchmaking.matching.test_rescoring import _population
from tests.workers import celery_worker, wait_for

pytestmark = [
    pytest.mark.services,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("fresh_scoring_context"),
]


@contextmanager
def tasks_sent_to(worker):
    """Send this process's tasks to ``worker`` instead of running them inline."""
    eager, queue = app.conf.task_always_eager, app.conf.task_default_queue
    app.conf.task_always_eager, app.conf.task_default_queue = False, worker.queue
    try:
        yield
    finally:
        app.conf.task_always_eager, app.conf.task_default_queue = eager, queue


def snapshot() -> dict:
    return {
        (m.sme_id, m.demand_id): (m.score, m.confidence, m.components, m.reasons, m.digest)
        for m in MatchScore.objects.all()
    }


def test_saving_a_profile_rescores_that_sme_only_once(
    sme_org, other_sme_org, heat_demand, solar_demand
):
    rescoring.scoring_run_start_full()  # inline, in this process
    before = {(m.sme_id, m.demand_id): m for m in MatchScore.objects.all()}
    assert len(before) == 4
    profile = sme_org.profile

    with celery_worker() as worker, tasks_sent_to(worker):
        for technologies in (["heat pumps"], ["heat pumps", "solar"], ["photovoltaics"]):
            company_services.profile_update(profile=profile, data={"technologies": technologies})
        run = wait_for(
            lambda: ScoringRun.objects.filter(
                scope=ScoringRun.Scope.SME, status=ScoringRun.Status.DONE
            ).first(),
            timeout=60,
        )
        assert run is not None, worker.log()
        log = worker.log()

    # Three saves in a row: one rescore, of that SME, by the worker.
    assert ScoringRun.objects.filter(scope=ScoringRun.Scope.SME).count() == 1
    assert log.count("Task matchmaking.rescore_sme[") == 2  # received + succeeded
    assert run.sme_id == sme_org.pk
    assert (run.rows_updated, run.rows_created, run.rows_deleted) == (2, 0, 0)
    after = {(m.sme_id, m.demand_id): m for m in MatchScore.objects.all()}
    for demand in (heat_demand, solar_demand):
        theirs = (other_sme_org.pk, demand.pk)
        assert after[theirs].computed_at == before[theirs].computed_at
        assert after[theirs].run_id == before[theirs].run_id
        ours = (sme_org.pk, demand.pk)
        assert after[ours].run_id == run.pk
    assert after[(sme_org.pk, solar_demand.pk)].components["keywords"] == 1.0
    assert before[(sme_org.pk, solar_demand.pk)].components["keywords"] == 0.0


def test_full_rescore_in_four_chunks_on_workers_equals_the_inline_run(settings):
    settings.MATCHING_TOP_K = 3
    _population(16, 6)
    inline = rescoring.scoring_run_start_full(chunks=1)
    inline.refresh_from_db()
    assert inline.status == ScoringRun.Status.DONE
    expected = snapshot()
    assert 16 * 3 <= len(expected) < 16 * 6
    MatchScore.objects.all().delete()

    with (
        celery_worker(concurrency=2, extra_env={"MATCHING_TOP_K": "3"}) as worker,
        tasks_sent_to(worker),
    ):
        run = rescoring.scoring_run_start_full(chunks=4)
        done = wait_for(
            lambda: ScoringRun.objects.filter(
                pk=run.pk, status__in=[ScoringRun.Status.DONE, ScoringRun.Status.FAILED]
            ).first(),
            timeout=120,
        )
        assert done is not None, worker.log()
        log = worker.log()

    assert (done.status, done.error) == ("done", "")
    assert (done.chunks_total, done.chunks_done) == (8, 8)
    assert log.count("Task matchmaking.score_chunk[") == 8  # 4 received + 4 succeeded
    assert log.count("Task matchmaking.persist_chunk[") == 8
    assert done.rows_created == len(expected)
    assert snapshot() == expected
