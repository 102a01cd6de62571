"""Celery tasks of the webhooks area: thin wrappers around the services."""

from celery import shared_task

from . import services


@shared_task(name="matchmaking.collect_webhook_events", soft_time_limit=120, time_limit=180)
def collect_webhook_events() -> int:
    """Add a delivery for each new event a registered hook wants; returns how many."""
    return services.webhook_events_collect()


@shared_task(name="matchmaking.send_webhooks", soft_time_limit=270, time_limit=300)
def send_webhooks() -> int:
    """Send the due deliveries, each claimed with a conditional UPDATE; returns how many
    reached their receiver."""
    return services.webhook_deliveries_send_due(budget=240)
