"""Django's entry point for the app's models: each area keeps its own ``models.py``."""

from .api.models import ApiToken
from .matching.models import BuyerDecision, MatchScore, ScoringRun, SmeFeedback
from .meetings.models import Meeting, MeetingRequest, OutboxMessage, ScheduleRun
from .outcomes.models import FollowUp, MeetingFeedback, Outcome
from .site.models import WorkerHeartbeat

__all__ = [
    "ApiToken",
    "BuyerDecision",
    "FollowUp",
    "MatchScore",
    "Meeting",
    "MeetingFeedback",
    "MeetingRequest",
    "OutboxMessage",
    "Outcome",
    "ScheduleRun",
    "ScoringRun",
    "SmeFeedback",
    "WorkerHeartbeat",
]
