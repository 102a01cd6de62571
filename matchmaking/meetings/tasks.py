"""Celery tasks for meetings: thin wrappers that claim their work and hand off to services."""

from celery import shared_task

from . import outbox, schedule, services


@shared_task(name="matchmaking.schedule_mission", soft_time_limit=660, time_limit=720)
def schedule_mission(*, run_id: int) -> int | None:
    """Run one queued scheduler run (claimed queued → running, so redelivery is harmless)."""
    run = schedule.schedule_run_execute(run_id=run_id)
    return run.meetings_placed if run else None


@shared_task(name="matchmaking.send_outbox", soft_time_limit=270, time_limit=300)
def send_outbox(*, stale_after_seconds: float | None = None) -> int:
    """Send due outbox rows, each claimed with a conditional UPDATE; returns how many went.

    ``stale_after_seconds`` overrides how old a claim must be before another sender takes
    it over (the default suits production; tests shorten it).
    """
    stale_after = stale_after_seconds or outbox.STALE_CLAIM_SECONDS
    return outbox.outbox_send_due(stale_after=stale_after, budget=240)


@shared_task(name="matchmaking.queue_meeting_reminders", soft_time_limit=120, time_limit=180)
def queue_meeting_reminders() -> int:
    """Queue the reminders of meetings that take place tomorrow (mission's time zone)."""
    return outbox.outbox_add_reminders_and_send()


@shared_task(name="matchmaking.expire_meeting_requests", soft_time_limit=60, time_limit=120)
def expire_meeting_requests() -> int:
    """Mark pending meeting requests past their expiry as expired."""
    return services.meeting_requests_expire()
