"""Celery tasks, one module per area; imported here so the worker registers them all."""

from .core import record_worker_heartbeat

__all__ = ["record_worker_heartbeat"]
