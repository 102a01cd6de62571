"""Webhooks: events read from the rows, signed deliveries that arrive exactly once even
when the receiver fails first or a worker is killed."""

import datetime as dt
import time

import pytest

from matchmaking.models import MeetingRequest, WebhookDelivery
from matchmaking.webhooks import services
from matchmaking.webhooks.models import Event
from matchmaking.webhooks.signing import verify
from tests.workers import celery_worker, wait_for


def _request(mission, sme, buyer_org, buyer):
    return MeetingRequest.objects.create(
        mission=mission, sme=sme, buyer=buyer_org, requested_by_org=buyer_org,
        requested_by=buyer, demand=mission.demand_for[buyer_org.pk],
        expires_at=mission.application_deadline + dt.timedelta(days=30),
    )


def _valid(entry, secret) -> bool:
    headers = {k.lower(): v for k, v in entry["headers"].items()}
    return verify(
        secret=secret, timestamp=int(headers["x-webhook-timestamp"]), body=entry["body"],
        header=headers["x-webhook-signature"],
    ) and abs(time.time() - int(headers["x-webhook-timestamp"])) < 300


@pytest.mark.django_db
def test_only_owners_register_hooks_and_events_pass_through_once(
    receiver, settings, sme_org, sme_owner, sme_member, buyer_org, buyer, meeting_mission,
    django_capture_on_commit_callbacks,
):
    settings.WEBHOOK_RETRY_SECONDS = 0
    receiver.fail_first = 2
    with pytest.raises(Exception, match="owners"):
        services.webhook_create(organisation=sme_org, actor=sme_member, url=receiver.url,
                                events=[Event.REQUEST_RECEIVED])
    hook = services.webhook_create(organisation=sme_org, actor=sme_owner, url=receiver.url,
                                   events=[Event.REQUEST_RECEIVED])
    meeting_request = _request(meeting_mission, sme_org, buyer_org, buyer)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.webhook_events_collect() == 1  # sent inline: fails twice, arrives
    with django_capture_on_commit_callbacks(execute=True):
        assert services.webhook_events_collect() == 0
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("delivered", 3, 200)
    assert len(receiver.requests) == 3 and len(receiver.accepted) == 1
    accepted = receiver.accepted[0]
    assert _valid(accepted, hook.secret)
    assert accepted["json"]["event"] == "meeting_request.received"
    assert accepted["json"]["data"]["meeting_request"] == meeting_request.pk
    assert not _valid({**accepted, "body": accepted["body"] + b" "}, hook.secret)


@pytest.mark.django_db
def test_the_owner_sees_the_delivery_log_and_others_get_404(
    receiver, sme_org, sme_owner, sme_owner_client, sme_member_client, other_sme_client
):
    services.webhook_create(organisation=sme_org, actor=sme_owner, url=receiver.url,
                            events=[Event.MATCH_CREATED])
    page = sme_owner_client.get(f"/webhooks/{sme_org.slug}/")
    assert page.status_code == 200 and receiver.url in page.content.decode()
    assert sme_member_client.get(f"/webhooks/{sme_org.slug}/").status_code == 404
    assert other_sme_client.get(f"/webhooks/{sme_org.slug}/").status_code == 404


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_delivery_arrives_once_when_the_receiver_fails_twice_and_a_worker_is_killed(
    receiver, settings, sme_org, sme_owner, buyer_org, buyer, meeting_mission
):
    import signal
    import threading

    from matchmaking.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = True  # collecting here; sending in the workers
    hook = services.webhook_create(organisation=sme_org, actor=sme_owner, url=receiver.url,
                                   events=[Event.REQUEST_RECEIVED])
    _request(meeting_mission, sme_org, buyer_org, buyer)
    from matchmaking.webhooks import selectors

    rows = [WebhookDelivery(webhook=hook, event=e, event_key=k,
                            payload={"event": e, "organisation": sme_org.pk, "data": d})
            for e, k, d in selectors.hook_events(hook)]
    WebhookDelivery.objects.bulk_create(rows)
    receiver.hold = threading.Event()
    receiver.fail_first = 3  # the held request, then two refusals, then accepted
    env = {"WEBHOOK_RETRY_SECONDS": "0.5", "WEBHOOK_CLAIM_TIMEOUT": "2",
           "WEBHOOK_ALLOW_PRIVATE_TARGETS": "true"}
    with celery_worker(extra_env=env) as first:
        app.send_task("matchmaking.send_webhooks", queue=first.queue)
        assert receiver.arrived.wait(30)
        first.stop(sig=signal.SIGKILL)
    receiver.hold.set()
    with celery_worker(extra_env=env) as second:
        def delivered():
            app.send_task("matchmaking.send_webhooks", queue=second.queue)
            return WebhookDelivery.objects.filter(status="delivered").exists()

        assert wait_for(delivered, timeout=60, interval=1.5), second.log()[-3000:]
    delivery = WebhookDelivery.objects.get()
    assert len(receiver.accepted) == 1 and _valid(receiver.accepted[0], hook.secret)
    assert len(receiver.requests) == 4 and delivery.attempts == 4
    assert {r["json"]["id"] for r in receiver.requests} == {delivery.pk}


@pytest.mark.django_db
def test_an_outcome_reaches_the_hooks_of_the_organisation_that_recorded_it_once(
    receiver, sme_org, sme_owner, buyer_org, buyer, django_capture_on_commit_callbacks,
):
    from matchmaking.outcomes import services as outcome_services
    from tests.matchmaking.conftest import delegate
    from tests.matchmaking.outcomes.conftest import past_mission, published_meeting

    mission = past_mission()
    delegate(mission, sme_org)
    meeting = published_meeting(mission, sme_org, buyer_org)
    sme_hook = services.webhook_create(organisation=sme_org, actor=sme_owner,
                                       url=f"{receiver.url}/sme", events=[Event.OUTCOME_RECORDED])
    buyer_hook = services.webhook_create(organisation=buyer_org, actor=buyer,
                                         url=f"{receiver.url}/buyer",
                                         events=[Event.OUTCOME_RECORDED])
    services.webhook_create(organisation=sme_org, actor=sme_owner, url=f"{receiver.url}/other",
                            events=[Event.MEETING_MOVED])
    with django_capture_on_commit_callbacks(execute=True):
        outcome = outcome_services.outcome_record(
            actor=sme_owner, organisation_id=sme_org.pk, mission=mission, sme_id=sme_org.pk,
            buyer_id=buyer_org.pk, meeting=meeting, kind="pilot", value=120_000,
            currency="EUR", notes="Pilot in Jiangbei",
        )
    assert [r["path"] for r in receiver.requests] == ["/hook/sme"]
    accepted = receiver.accepted[0]
    assert _valid(accepted, sme_hook.secret)
    assert accepted["json"]["event"] == "outcome.recorded"
    assert accepted["json"]["organisation"] == sme_org.pk
    data = accepted["json"]["data"]
    assert {k: data[k] for k in ("outcome", "kind", "mission", "meeting", "value", "currency",
                                 "notes")} == {
        "outcome": outcome.pk, "kind": "pilot", "mission": mission.pk, "meeting": meeting.pk,
        "value": 120_000, "currency": "EUR", "notes": "Pilot in Jiangbei",
    }
    assert (data["sme"]["slug"], data["buyer"]["slug"]) == (sme_org.slug, buyer_org.slug)
    assert list(WebhookDelivery.objects.values_list("webhook", "event_key", "status")) == [
        (sme_hook.pk, f"outcome:{outcome.pk}", "delivered")
    ]
    # Collected again (beat does every minute): nothing new, nothing sent twice.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.webhook_events_collect() == 0
    assert len(receiver.requests) == 1

    # The buyer's own report goes to the buyer's hook only.
    with django_capture_on_commit_callbacks(execute=True):
        theirs = outcome_services.outcome_record(
            actor=buyer, organisation_id=buyer_org.pk, mission=mission, sme_id=sme_org.pk,
            buyer_id=buyer_org.pk, meeting=meeting, kind="loi",
        )
    assert [r["path"] for r in receiver.accepted] == ["/hook/sme", "/hook/buyer"]
    assert receiver.accepted[1]["json"]["data"]["outcome"] == theirs.pk
    assert _valid(receiver.accepted[1], buyer_hook.secret)
    assert sorted(WebhookDelivery.objects.values_list("webhook", "event_key")) == sorted(
        [(sme_hook.pk, f"outcome:{outcome.pk}"), (buyer_hook.pk, f"outcome:{theirs.pk}")]
    )
