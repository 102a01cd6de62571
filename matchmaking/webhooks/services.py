"""Writes of the webhooks area: register and remove hooks (owners), turn new events into
deliveries, and send the deliveries: claimed, signed, retried with back-off.

Delivery protocol, per row (one event to one hook), as the invitation outbox does it:
1. Rows are added with ``ignore_conflicts`` on the unique (hook, event key): an event is
   queued once however often it is collected.
2. A sender claims one due row with a conditional UPDATE (pending and due, or ``sending``
   with a claim older than ``WEBHOOK_CLAIM_TIMEOUT``) and counts the attempt.
3. It POSTs the stored payload, signed with the hook's secret and the time of sending, and
   marks the row delivered only after a 2xx answer, and only while the claim is its own.
4. Other answers put the row back to pending with an exponential back-off; after
   ``MAX_ATTEMPTS`` it is marked failed. Receivers see ``X-Webhook-Id`` to tell a
   delivery from a repeat in the one window no protocol closes: a sender killed between
   the receiver's 2xx and our UPDATE.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import os
import secrets
import socket
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from companies.models import Organisation
from companies.rules import is_owner

from . import dispatch, selectors
from .models import Event, Webhook, WebhookDelivery
from .signing import signature

MAX_ATTEMPTS = 8


# --- Hooks --------------------------------------------------------------------------------


def _check_target(url: str) -> None:
    """Refuse URLs that point into our own network (unless settings allow it, for tests
    and the embedded setup)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError({"url": _("Enter an http or https URL.")})
    if settings.WEBHOOK_ALLOW_PRIVATE_TARGETS:
        return
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(parts.hostname, None)}
    except OSError as error:
        raise ValidationError({"url": _("This host name cannot be resolved.")}) from error
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%")[0])
        if ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved:
            raise ValidationError({"url": _("Webhooks cannot point to a private address.")})


@transaction.atomic
def webhook_create(
    *, organisation: Organisation, actor, url: str, events: list[str], min_score: int = 70
) -> Webhook:
    """Register a hook for ``organisation`` (its owners only); returns it with its secret."""
    if not is_owner(actor, organisation.pk):
        raise PermissionDenied(_("Only the organisation's owners can manage its webhooks."))
    events = sorted(set(events))
    if not events or any(e not in Event.values for e in events):
        raise ValidationError({"events": _("Choose at least one event.")})
    _check_target(url)
    hook = Webhook(
        organisation=organisation, url=url, events=events, min_score=min_score,
        secret=secrets.token_hex(32), created_by=actor,
    )
    hook.full_clean()
    hook.save()
    return hook


@transaction.atomic
def webhook_delete(*, webhook: Webhook, actor) -> None:
    if not is_owner(actor, webhook.organisation_id):
        raise PermissionDenied(_("Only the organisation's owners can manage its webhooks."))
    webhook.delete()


# --- Events into deliveries ---------------------------------------------------------------


def webhook_events_collect() -> int:
    """Add a delivery for every new event an active hook wants; returns how many rows were
    new. Side effect: queues a sender after commit when there are new rows."""
    created = 0
    for hook in selectors.active_webhooks():
        rows = [
            WebhookDelivery(
                webhook=hook, event=event, event_key=key,
                payload={"event": event, "organisation": hook.organisation_id, "data": data},
            )
            for event, key, data in selectors.hook_events(hook)
        ]
        if rows:
            before = hook.deliveries.count()
            WebhookDelivery.objects.bulk_create(rows, ignore_conflicts=True)
            created += hook.deliveries.count() - before
    if created:
        dispatch.send_webhooks()
    return created


# --- Sending ------------------------------------------------------------------------------


def sender_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def backoff(attempts: int) -> dt.timedelta:
    """BASE, 2×BASE, 4×BASE … after each failed attempt, at most six hours."""
    base = settings.WEBHOOK_RETRY_SECONDS
    return dt.timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), 6 * 3600))


def _claimable(now: dt.datetime) -> Q:
    due = Q(status=WebhookDelivery.Status.PENDING) & (
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )
    stale = Q(
        status=WebhookDelivery.Status.SENDING,
        claimed_at__lt=now - dt.timedelta(seconds=settings.WEBHOOK_CLAIM_TIMEOUT),
    )
    return due | stale


def webhook_delivery_claim(*, worker: str) -> int | None:
    """Claim one due delivery for ``worker`` (conditional UPDATE); its id, or None."""
    now = timezone.now()
    for pk in WebhookDelivery.objects.filter(_claimable(now)).order_by("pk").values_list(
        "pk", flat=True
    )[:20]:
        claimed = WebhookDelivery.objects.filter(Q(pk=pk) & _claimable(now)).update(
            status=WebhookDelivery.Status.SENDING, claimed_at=timezone.now(),
            claimed_by=worker, attempts=F("attempts") + 1,
        )
        if claimed:
            return pk
    return None


def _post(delivery: WebhookDelivery) -> int:
    hook = delivery.webhook
    body = json.dumps(
        {"id": delivery.pk, "created_at": delivery.created_at.isoformat(), **delivery.payload},
        sort_keys=True, separators=(",", ":"),
    ).encode()
    timestamp = int(time.time())
    request = urllib.request.Request(
        hook.url, data=body, method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "cleantech-matchmaking-webhooks/1",
            "X-Webhook-Id": str(delivery.pk),
            "X-Webhook-Event": delivery.event,
            "X-Webhook-Timestamp": str(timestamp),
            "X-Webhook-Signature": signature(secret=hook.secret, timestamp=timestamp, body=body),
        },
    )
    with urllib.request.urlopen(request, timeout=settings.WEBHOOK_TIMEOUT_SECONDS) as response:
        return response.status


def webhook_delivery_send(*, delivery_id: int, worker: str) -> bool:
    """Send a delivery this worker claimed; True once the receiver answered 2xx."""
    delivery = WebhookDelivery.objects.select_related("webhook").get(pk=delivery_id)
    mine = WebhookDelivery.objects.filter(
        pk=delivery_id, status=WebhookDelivery.Status.SENDING, claimed_by=worker
    )
    try:
        _check_target(delivery.webhook.url)
        code = _post(delivery)
    except (urllib.error.URLError, OSError, ValidationError, ValueError) as error:
        code = getattr(error, "code", None)
        give_up = delivery.attempts >= MAX_ATTEMPTS
        mine.update(
            status=WebhookDelivery.Status.FAILED if give_up else WebhookDelivery.Status.PENDING,
            next_attempt_at=None if give_up else timezone.now() + backoff(delivery.attempts),
            response_code=code, last_error=f"{type(error).__name__}: {error}"[:2000],
        )
        return False
    mine.update(
        status=WebhookDelivery.Status.DELIVERED, delivered_at=timezone.now(),
        response_code=code, last_error="",
    )
    return True


def webhook_deliveries_send_due(*, budget: float = 240, worker: str | None = None) -> int:
    """Claim and send due deliveries one by one for up to ``budget`` seconds; returns how
    many arrived. Side effect: when deliveries wait for a retry, queues a sender for the
    earliest one."""
    worker = worker or sender_name()
    deadline = time.monotonic() + budget
    sent = claimed = 0
    while time.monotonic() < deadline:
        delivery_id = webhook_delivery_claim(worker=worker)
        if delivery_id is None:
            break
        claimed += 1
        sent += webhook_delivery_send(delivery_id=delivery_id, worker=worker)
    waiting = WebhookDelivery.objects.filter(status=WebhookDelivery.Status.PENDING)
    # Inline (no broker) a countdown is not honoured: retry only what this round tried.
    if waiting.exists() and (claimed or not settings.CELERY_TASK_ALWAYS_EAGER):
        earliest = waiting.order_by(F("next_attempt_at").asc(nulls_first=True)).first()
        due = earliest.next_attempt_at
        delay = max((due - timezone.now()).total_seconds(), 0) if due else 0
        dispatch.send_webhooks(countdown=delay)
    return sent
