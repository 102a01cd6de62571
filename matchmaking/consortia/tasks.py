"""Celery tasks of consortia: thin wrappers around ``services``."""

from celery import shared_task

from . import services


@shared_task(name="matchmaking.propose_consortia", soft_time_limit=60, time_limit=90)
def propose_consortia(*, demand_id: int) -> int:
    """Compute a demand project's consortium proposals; returns how many were stored."""
    return services.proposals_compute(demand_id=demand_id)


@shared_task(name="matchmaking.send_consortium_invitations", soft_time_limit=60, time_limit=90)
def send_consortium_invitations(*, consortium_id: int) -> int:
    """E-mail the members a consortium has not invited by e-mail yet; returns how many."""
    return services.invitations_email(consortium_id=consortium_id)
