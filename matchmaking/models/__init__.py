"""Models of the matching app, one module per area (core, matching, meetings)."""

from .core import WorkerHeartbeat
from .matching import BuyerDecision, MatchScore, ScoringRun, SmeFeedback
from .meetings import Meeting, MeetingRequest, OutboxMessage, Outcome, ScheduleRun

__all__ = [
    "BuyerDecision",
    "MatchScore",
    "Meeting",
    "MeetingRequest",
    "OutboxMessage",
    "Outcome",
    "ScheduleRun",
    "ScoringRun",
    "SmeFeedback",
    "WorkerHeartbeat",
]
