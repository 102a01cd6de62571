"""Celery tasks of the matching app: thin wrappers that hand off to services."""

import socket

from celery import shared_task

from .models import WorkerHeartbeat


@shared_task(name="matchmaking.record_worker_heartbeat", soft_time_limit=30, time_limit=60)
def record_worker_heartbeat(*, label: str = "") -> int:
    """Write one heartbeat row from the worker that runs this; returns its id."""
    hostname = socket.gethostname()
    heartbeat = WorkerHeartbeat.objects.create(hostname=f"{hostname} {label}".strip())
    return heartbeat.pk
