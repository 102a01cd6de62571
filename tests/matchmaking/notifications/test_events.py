"""Who is told about a withdrawn request, an expired request and a decision on an
application: in-app, and by e-mail through the outbox, as each person chose (immediately,
in the daily digest, or off)."""

import datetime as dt

import pytest
from django.core import mail

from companies.models import Membership
from matchmaking.meetings import services as meetings
from matchmaking.models import Notification, NotificationPreference, OutboxMessage
from matchmaking.notifications import services
from matchmaking.notifications.models import Kind
from missions.models import MissionApplication
from missions.services import application_decide
from tests.factories import ApplicationFactory, MembershipFactory, MissionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _locmem_mail(settings):
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


def _colleague(organisation, email: str, kind: str, delivery: str):
    """Another member of ``organisation`` who wants ``kind`` delivered as ``delivery``."""
    user = UserFactory(email=email)
    MembershipFactory(user=user, organisation=organisation, role=Membership.Role.MEMBER)
    NotificationPreference.objects.create(user=user, kind=kind, delivery=delivery)
    return user


def _told(kind: str) -> list[tuple[str, str]]:
    return sorted(
        Notification.objects.filter(kind=kind).values_list("recipient__email", "params__other")
    )


def _emails(kind: str) -> list[tuple[str, str]]:
    """(recipient, outbox kind) of the outbox rows written for notifications of ``kind``."""
    keys = [f"notification:{pk}" for pk in Notification.objects.filter(kind=kind).values_list(
        "pk", flat=True)]
    return sorted(
        OutboxMessage.objects.filter(subject_key__in=keys).values_list("recipient", "kind")
    )


def _digest_texts() -> dict[str, str]:
    return dict(OutboxMessage.objects.filter(kind="digest").values_list("recipient", "payload__text"))


def test_a_withdrawn_request_is_told_to_the_other_side_only(
    meeting_mission, sme_org, sme_owner, sme_member, buyer_org, buyer,
    django_capture_on_commit_callbacks,
):
    daily = _colleague(buyer_org, "daily@jiangbei.example.cn", Kind.MEETING_WITHDRAWN, "daily")
    _colleague(buyer_org, "off@jiangbei.example.cn", Kind.MEETING_WITHDRAWN, "off")
    demand = meeting_mission.demand_for[buyer_org.pk]
    with django_capture_on_commit_callbacks(execute=True):  # the request's own e-mails
        request = meetings.meeting_request_create(demand=demand, sme=sme_org, actor=sme_owner)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meetings.meeting_request_withdraw(meeting_request=request, actor=sme_owner)

    # In-app: the buyer's people who did not turn it off; nobody of the SME that withdrew.
    assert _told(Kind.MEETING_WITHDRAWN) == [
        (buyer.email, sme_org.name), (daily.email, sme_org.name)
    ]
    # E-mail now only for the one who wants it immediately; it went out once.
    assert _emails(Kind.MEETING_WITHDRAWN) == [(buyer.email, "notification")]
    assert [m.to for m in mail.outbox] == [[buyer.email]]
    assert mail.outbox[0].subject == (
        f"{sme_org.name} withdrew its meeting request about “{demand.title}”."
    )
    # The daily reader gets it in the next digest, once.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.notification_digests_queue() == 1
        assert services.notification_digests_queue() == 0
    assert list(_digest_texts()) == [daily.email]
    assert f"{sme_org.name} withdrew its meeting request" in _digest_texts()[daily.email]


def test_an_expired_request_is_told_to_both_sides(
    meeting_mission, sme_org, sme_owner, sme_member, buyer_org, buyer,
    django_capture_on_commit_callbacks,
):
    NotificationPreference.objects.create(
        user=sme_member, kind=Kind.MEETING_EXPIRED, delivery="daily"
    )
    NotificationPreference.objects.create(user=buyer, kind=Kind.MEETING_EXPIRED, delivery="off")
    demand = meeting_mission.demand_for[buyer_org.pk]
    with django_capture_on_commit_callbacks(execute=True):  # the request's own e-mails
        request = meetings.meeting_request_create(demand=demand, sme=sme_org, actor=buyer)
    mail.outbox.clear()
    later = request.expires_at + dt.timedelta(minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert meetings.meeting_requests_expire(now=later) == 1
    request.refresh_from_db()
    assert request.status == "expired"

    # The SME's two people are told (the buyer turned expiries off).
    assert _told(Kind.MEETING_EXPIRED) == [
        (sme_member.email, buyer_org.name), (sme_owner.email, buyer_org.name)
    ]
    assert _emails(Kind.MEETING_EXPIRED) == [(sme_owner.email, "notification")]
    assert [m.to for m in mail.outbox] == [[sme_owner.email]]
    assert mail.outbox[0].subject == (
        f"The meeting request with {buyer_org.name} about “{demand.title}” expired unanswered."
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.notification_digests_queue() == 1
    assert list(_digest_texts()) == [sme_member.email]
    assert "expired unanswered" in _digest_texts()[sme_member.email]


def test_a_decision_on_an_application_is_told_as_each_member_chose(
    sme_org, sme_owner, sme_member, staff_user, cluster_org, django_capture_on_commit_callbacks,
):
    NotificationPreference.objects.create(
        user=sme_member, kind=Kind.APPLICATION_DECISION, delivery="daily"
    )
    off = _colleague(sme_org, "off@nordic-heat.example.com", Kind.APPLICATION_DECISION, "off")
    mission = MissionFactory(title="Nanjing Smart Heat 2027", slug="nanjing-smart-heat-2027")
    mission.organisers.set([cluster_org])
    application = ApplicationFactory(
        mission=mission, organisation=sme_org, submitted_by=sme_owner,
        status=MissionApplication.Status.SUBMITTED,
    )
    with django_capture_on_commit_callbacks(execute=True):
        application_decide(
            application=application, status=MissionApplication.Status.ACCEPTED, actor=staff_user
        )

    told = sorted(
        Notification.objects.filter(kind=Kind.APPLICATION_DECISION).values_list(
            "recipient__email", "params__status")
    )
    assert told == [(sme_member.email, "accepted"), (sme_owner.email, "accepted")]
    assert off.email not in {email for email, _status in told}
    # The decision e-mail goes through the outbox, once, to the one who wants it now.
    assert _emails(Kind.APPLICATION_DECISION) == [(sme_owner.email, "notification")]
    assert [(m.to, m.subject) for m in mail.outbox] == [
        ([sme_owner.email], "Nanjing Smart Heat 2027: your application is Accepted")
    ]
    assert "has been accepted into the delegation" in mail.outbox[0].body
    assert "/missions/nanjing-smart-heat-2027/" in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        assert services.notification_digests_queue() == 1
    assert list(_digest_texts()) == [sme_member.email]
    assert "Decision on your application to Nanjing Smart Heat 2027: Accepted." in (
        _digest_texts()[sme_member.email]
    )
    assert [m.to for m in mail.outbox][1:] == [[sme_member.email]]


def test_the_decision_is_e_mailed_in_the_members_language(
    sme_org, sme_owner, staff_user, cluster_org, django_capture_on_commit_callbacks,
):
    sme_owner.language = "zh-hans"
    sme_owner.save(update_fields=["language"])
    mission = MissionFactory(title="Nanjing Smart Heat 2027", slug="nanjing-smart-heat-2027")
    mission.organisers.set([cluster_org])
    application = ApplicationFactory(
        mission=mission, organisation=sme_org, submitted_by=sme_owner,
        status=MissionApplication.Status.SUBMITTED,
    )
    with django_capture_on_commit_callbacks(execute=True):
        application_decide(
            application=application, status=MissionApplication.Status.ACCEPTED, actor=staff_user
        )
    assert [m.subject for m in mail.outbox] == ["Nanjing Smart Heat 2027：您的申请状态为“已接受”"]
