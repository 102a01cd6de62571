"""Reads of the webhooks area: an organisation's hooks and delivery log, and the events a
hook wants, read from the rows the other areas keep (matches, requests, meetings,
outcomes)."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Q, QuerySet

from missions.models import DemandProject

from ..matching.models import MatchScore
from ..meetings.models import Meeting, MeetingRequest
from ..outcomes.models import Outcome
from .models import Event, Webhook, WebhookDelivery

SCAN_LIMIT = 500


def webhooks_of(*, organisation_id: int) -> QuerySet[Webhook]:
    return Webhook.objects.filter(organisation_id=organisation_id).order_by("-created_at", "-pk")


def delivery_log(*, organisation_id: int, limit: int = 100) -> list[WebhookDelivery]:
    return list(
        WebhookDelivery.objects.filter(webhook__organisation_id=organisation_id)
        .select_related("webhook")
        .order_by("-created_at", "-pk")[:limit]
    )


def _org(organisation) -> dict:
    return {"id": organisation.pk, "name": organisation.name, "slug": organisation.slug}


def _known(hook: Webhook) -> set[str]:
    return set(hook.deliveries.values_list("event_key", flat=True))


def hook_events(hook: Webhook) -> Iterator[tuple[str, str, dict]]:
    """(event, event key, data) of every event since the hook was made that it wants and
    has no delivery for yet."""
    org, since, wanted, known = hook.organisation_id, hook.created_at, set(hook.events), _known(hook)
    if Event.MATCH_CREATED in wanted:
        matches = (
            MatchScore.objects.filter(Q(sme_id=org) | Q(demand__buyer_id=org))
            .filter(score__gte=hook.min_score, computed_at__gte=since,
                    demand__status=DemandProject.Status.OPEN)
            .select_related("sme", "demand")
            .order_by("pk")[:SCAN_LIMIT]
        )
        for m in matches:
            key = f"match:{m.sme_id}:{m.demand_id}"
            if key not in known:
                yield Event.MATCH_CREATED, key, {
                    "sme": _org(m.sme), "demand": {"id": m.demand_id, "title": m.demand.title},
                    "score": round(m.score, 2), "components": m.components,
                }
    requests = (
        MeetingRequest.objects.filter(Q(sme_id=org) | Q(buyer_id=org))
        .select_related("sme", "buyer")
        .order_by("pk")
    )
    if Event.REQUEST_RECEIVED in wanted:
        for r in requests.filter(created_at__gte=since)[:SCAN_LIMIT]:
            key = f"request-received:{r.pk}"
            if (r.mutual_interest or r.requested_by_org_id != org) and key not in known:
                yield Event.REQUEST_RECEIVED, key, _request(r)
    if Event.REQUEST_ANSWERED in wanted:
        answered = requests.filter(
            responded_at__gte=since,
            status__in=[MeetingRequest.Status.ACCEPTED, MeetingRequest.Status.DECLINED],
        )
        for r in answered[:SCAN_LIMIT]:
            key = f"request-answered:{r.pk}"
            if (r.mutual_interest or r.requested_by_org_id == org) and key not in known:
                yield Event.REQUEST_ANSWERED, key, _request(r)
    if wanted & {Event.MEETING_SCHEDULED, Event.MEETING_MOVED}:
        meetings = (
            Meeting.objects.filter(Q(sme_id=org) | Q(buyer_id=org))
            .filter(status=Meeting.Status.PUBLISHED, published_slot__isnull=False,
                    updated_at__gte=since)
            .select_related("sme", "buyer", "published_slot")
            .order_by("pk")[:SCAN_LIMIT]
        )
        for m in meetings:
            event = Event.MEETING_SCHEDULED if m.sequence == 0 else Event.MEETING_MOVED
            key = f"meeting:{m.uid}:{m.sequence}"
            if event in wanted and key not in known:
                yield event, key, {
                    "meeting": m.pk, "uid": str(m.uid), "sequence": m.sequence,
                    "mission": m.mission_id, "sme": _org(m.sme), "buyer": _org(m.buyer),
                    "starts_at": m.published_slot.starts_at.isoformat(),
                    "ends_at": m.published_slot.ends_at.isoformat(), "table": m.published_table,
                }
    if Event.OUTCOME_RECORDED in wanted:
        # Only the organisation that reported an outcome reads it, as on the pages.
        outcomes = (
            Outcome.objects.filter(organisation_id=org, reported_at__gte=since)
            .select_related("sme", "buyer")
            .order_by("pk")[:SCAN_LIMIT]
        )
        for o in outcomes:
            key = f"outcome:{o.pk}"
            if key not in known:
                yield Event.OUTCOME_RECORDED, key, _outcome(o)


def _request(r: MeetingRequest) -> dict:
    return {
        "meeting_request": r.pk, "status": r.status, "mission": r.mission_id,
        "sme": _org(r.sme), "buyer": _org(r.buyer), "demand": r.demand_id,
        "requested_by": r.requested_by_org_id, "mutual_interest": r.mutual_interest,
    }


def _outcome(o: Outcome) -> dict:
    return {
        "outcome": o.pk, "kind": o.kind, "mission": o.mission_id, "meeting": o.meeting_id,
        "demand": o.demand_id, "sme": _org(o.sme), "buyer": _org(o.buyer),
        "value": o.value, "currency": o.currency, "notes": o.notes,
        "occurred_on": o.occurred_on.isoformat() if o.occurred_on else None,
        "reported_at": o.reported_at.isoformat(),
    }


def active_webhooks() -> QuerySet[Webhook]:
    return Webhook.objects.filter(active=True).order_by("pk")
