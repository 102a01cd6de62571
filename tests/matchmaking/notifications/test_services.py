"""Notifications: who is told what, the bell, mark read, per-kind settings, e-mail through
the outbox (immediately, daily digest or off), and the hooks of companies and missions."""

import pytest
from django.urls import reverse

from companies.services import buyer_set_approval
from matchmaking.models import Notification, NotificationPreference, OutboxMessage
from matchmaking.notifications import services
from matchmaking.notifications.models import Kind

pytestmark = pytest.mark.django_db


def test_notify_writes_in_app_and_outbox_rows_per_preference(sme_owner, sme_member):
    NotificationPreference.objects.create(user=sme_member, kind=Kind.MESSAGE, delivery="daily")
    created = services.notify(
        recipients=[sme_owner, sme_member], kind=Kind.MESSAGE,
        params={"other": "Jiangbei", "demand": "Heat"}, url="/x/",
    )
    assert sorted(n.recipient_id for n in created) == sorted([sme_owner.pk, sme_member.pk])
    rows = list(OutboxMessage.objects.values_list("recipient", "kind"))
    assert rows == [(sme_owner.email, "notification")]
    # The digest picks up the daily reader's notification, once.
    assert services.notification_digests_queue() == 1
    assert services.notification_digests_queue() == 0
    digest = OutboxMessage.objects.get(kind="digest")
    assert digest.recipient == sme_member.email
    assert "Jiangbei" in digest.payload["text"]


def test_off_creates_nothing(sme_owner):
    NotificationPreference.objects.create(user=sme_owner, kind=Kind.MESSAGE, delivery="off")
    assert services.notify(recipients=[sme_owner], kind=Kind.MESSAGE, params={}) == []
    assert Notification.objects.count() == OutboxMessage.objects.count() == 0


def test_chinese_reader_gets_chinese_email_with_lang(sme_owner):
    sme_owner.language = "zh-hans"
    sme_owner.save(update_fields=["language"])
    services.notify(recipients=[sme_owner], kind=Kind.MESSAGE,
                    params={"other": "江北", "demand": "热网"})
    payload = OutboxMessage.objects.get().payload
    assert '<html lang="zh-hans">' in payload["html"]
    assert "New message" not in payload["subject"]


def test_bell_list_and_mark_read(sme_owner, sme_owner_client):
    services.notify(recipients=[sme_owner], kind=Kind.MESSAGE, params={"other": "A"})
    services.notify(recipients=[sme_owner], kind=Kind.MESSAGE, params={"other": "B"})
    home = sme_owner_client.get(reverse("home")).content.decode()
    assert "unread-count" in home
    page = sme_owner_client.get(reverse("matchmaking:notifications"))
    assert [n.params["other"] for n in page.context["notifications"]] == ["B", "A"]
    first = Notification.objects.get(params__other="A")
    sme_owner_client.post(reverse("matchmaking:notifications_mark_read"), {"id": first.pk})
    assert list(Notification.objects.filter(read_at__isnull=True).values_list(
        "params__other", flat=True)) == ["B"]
    sme_owner_client.post(reverse("matchmaking:notifications_mark_read"))
    assert Notification.objects.filter(read_at__isnull=True).count() == 0


def test_notifications_are_private(sme_owner, other_sme_client):
    services.notify(recipients=[sme_owner], kind=Kind.MESSAGE, params={"other": "A"})
    note = Notification.objects.get()
    page = other_sme_client.get(reverse("matchmaking:notifications"))
    assert list(page.context["notifications"]) == []
    other_sme_client.post(reverse("matchmaking:notifications_mark_read"), {"id": note.pk})
    note.refresh_from_db()
    assert note.read_at is None


def test_preferences_page_saves_each_kind(sme_owner, sme_owner_client):
    sme_owner_client.post(
        reverse("matchmaking:notification_preferences"),
        {"delivery-message": "off", "delivery-meeting_request": "daily"},
    )
    assert dict(NotificationPreference.objects.filter(user=sme_owner).values_list(
        "kind", "delivery")) == {"message": "off", "meeting_request": "daily"}


def test_buyer_approval_reaches_notifications_through_the_companies_hook(
    buyer, buyer_org, staff_user
):
    buyer_set_approval(organisation=buyer_org, approved=True, actor=staff_user)
    note = Notification.objects.get(recipient=buyer)
    assert (note.kind, note.params["organisation"]) == ("buyer_approved", buyer_org.name)


def test_list_query_count_does_not_grow(sme_owner, sme_owner_client, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as ctx:
            sme_owner_client.get(reverse("matchmaking:notifications"))
        return len(ctx.captured_queries)

    services.notify(recipients=[sme_owner], kind=Kind.MESSAGE, params={"other": "A"})
    one = count()
    for name in "BC":
        services.notify(recipients=[sme_owner], kind=Kind.MESSAGE, params={"other": name})
    assert count() == one
