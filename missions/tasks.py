"""Celery tasks of the missions app: thin wrappers that hand off to ``emails``."""

from celery import shared_task

from .emails import application_decision_send
from .models import MissionApplication


@shared_task(
    name="matchmaking.send_application_decision", soft_time_limit=60, time_limit=90
)
def send_application_decision(*, application_id: int, status: str) -> int:
    """E-mail the decision ``status`` on an application to its SME; returns mails sent."""
    application = (
        MissionApplication.objects.select_related("mission", "organisation")
        .filter(pk=application_id)
        .first()
    )
    if application is None:
        return 0
    return application_decision_send(application=application, status=status)
