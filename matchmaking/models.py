"""Django's entry point for the app's models: each area keeps its own ``models.py``."""

from .api.models import ApiToken
from .consortia.models import Consortium, ConsortiumMember, ConsortiumProposal, ProposalMember
from .intelligence.models import MarketBrief, MarketBriefVersion, MarketReadiness
from .investors.models import Pipeline, PipelineStep
from .landing.models import PackageApplication, PackageProvider, SupportPackage
from .matching.models import BuyerDecision, MatchScore, ScoringRun, SmeFeedback
from .meetings.models import Meeting, MeetingRequest, OutboxMessage, ScheduleRun
from .messaging.models import Message, MessageThread
from .notifications.models import Notification, NotificationPreference
from .outcomes.models import FollowUp, MeetingFeedback, Outcome
from .site.models import WorkerHeartbeat
from .webhooks.models import Webhook, WebhookDelivery

__all__ = [
    "Consortium",
    "ConsortiumMember",
    "ConsortiumProposal",
    "MarketBrief",
    "MarketBriefVersion",
    "MarketReadiness",
    "ProposalMember",
    "ApiToken",
    "BuyerDecision",
    "FollowUp",
    "MatchScore",
    "Meeting",
    "MeetingFeedback",
    "MeetingRequest",
    "Message",
    "MessageThread",
    "Notification",
    "NotificationPreference",
    "OutboxMessage",
    "Outcome",
    "PackageApplication",
    "PackageProvider",
    "Pipeline",
    "PipelineStep",
    "ScheduleRun",
    "ScoringRun",
    "SmeFeedback",
    "SupportPackage",
    "Webhook",
    "WebhookDelivery",
    "WorkerHeartbeat",
]
