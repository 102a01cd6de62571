"""Models of the matching app, one module per area (core, matching, meetings)."""

from .core import WorkerHeartbeat

__all__ = ["WorkerHeartbeat"]
