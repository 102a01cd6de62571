"""A real Celery worker process on Redis writes to PostgreSQL."""

import os
import uuid

import psutil
import pytest

from matchmaking.celery import app
from matchmaking.models import WorkerHeartbeat
from tests.workers import celery_worker, wait_for


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_real_worker_runs_a_task_that_writes_to_postgresql():
    label = f"integration-{uuid.uuid4().hex[:8]}"
    with celery_worker() as worker:
        assert psutil.pid_exists(worker.pid)
        result = app.send_task(
            "matchmaking.record_worker_heartbeat", kwargs={"label": label}, queue=worker.queue
        )
        row = wait_for(
            lambda: WorkerHeartbeat.objects.filter(hostname__endswith=label).first(), timeout=60
        )
        assert row is not None, worker.log()
        assert result.get(timeout=30) == row.pk
        assert f"Task matchmaking.record_worker_heartbeat[{result.id}] succeeded" in worker.log()
        worker.stop()
        assert worker.process.returncode is not None
        assert not psutil.pid_exists(worker.pid) or psutil.Process(worker.pid).status() == "zombie"
    assert WorkerHeartbeat.objects.filter(hostname__endswith=label).count() == 1
    # The row was written by the worker process, not by this one.
    assert os.getpid() != worker.pid
