"""Celery tasks of notifications: the daily digest and the scan for new strong matches."""

from celery import shared_task

from . import events, services


@shared_task(name="matchmaking.queue_notification_digests", soft_time_limit=240, time_limit=300)
def queue_notification_digests() -> int:
    """Queue one digest e-mail per person who chose the daily digest (once a day)."""
    return services.notification_digests_queue()


@shared_task(name="matchmaking.notify_new_matches", soft_time_limit=240, time_limit=300)
def notify_new_matches() -> int:
    """Tell buyers and SMEs about matches above the threshold they were not told about."""
    return events.new_matches_notify()
