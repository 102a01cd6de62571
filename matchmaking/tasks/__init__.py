"""Celery tasks, one module per area; imported here so the worker registers them all."""

from . import meetings  # noqa: F401  (registers the meeting tasks)
from .core import record_worker_heartbeat
from .matching import rescore_full  # noqa: F401  (registers the matching tasks)

__all__ = ["record_worker_heartbeat"]
