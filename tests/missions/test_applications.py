"""Applications: applying while open, staff decisions, e-mails and the capacity."""

import datetime as dt
import threading

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from missions.models import Mission, MissionApplication
from missions.services import (
    application_decide,
    application_withdraw,
    mission_apply,
    mission_update,
)
from tests.factories import (
    ApplicationFactory,
    DemandProjectFactory,
    MissionFactory,
    OrganisationFactory,
    SectorFactory,
)

A = MissionApplication.Status


def test_an_sme_applies_with_sectors_and_demands(mission, demand, sme_owner, sme_org, db):
    sector = SectorFactory(code="district-heating")
    application = mission_apply(
        mission=mission,
        organisation=sme_org,
        actor=sme_owner,
        motivation="Our heat pumps fit Jiangbei.",
        sectors=[sector],
        wanted_demands=[demand],
    )
    application.refresh_from_db()
    assert (application.mission, application.organisation, application.status) == (
        mission, sme_org, A.SUBMITTED,
    )  # fmt: skip
    assert application.submitted_by == sme_owner
    assert application.motivation == "Our heat pumps fit Jiangbei."
    assert list(application.sectors.all()) == [sector]
    assert list(application.wanted_demands.all()) == [demand]


@pytest.mark.parametrize(
    "status",
    [s for s in Mission.Status.values if s != Mission.Status.OPEN],
)
def test_applying_is_refused_unless_the_mission_is_open(sme_owner, sme_org, status):
    mission = MissionFactory(status=status)
    with pytest.raises(ValidationError, match="not open for applications"):
        mission_apply(mission=mission, organisation=sme_org, actor=sme_owner,
                      motivation="x")
    assert MissionApplication.objects.count() == 0


def test_applying_after_the_deadline_is_refused(sme_owner, sme_org):
    mission = MissionFactory(application_deadline=timezone.now() - dt.timedelta(seconds=1))
    with pytest.raises(ValidationError, match="deadline has passed"):
        mission_apply(mission=mission, organisation=sme_org, actor=sme_owner,
                      motivation="x")
    assert MissionApplication.objects.count() == 0


def test_applying_twice_is_refused(mission, sme_application, sme_member, sme_org):
    with pytest.raises(ValidationError, match="already applied"):
        mission_apply(mission=mission, organisation=sme_org, actor=sme_member,
                      motivation="again")
    assert MissionApplication.objects.count() == 1


def test_only_members_of_an_sme_apply_for_it(mission, sme_org, other_sme_owner, buyer, buyer_org):
    with pytest.raises(PermissionDenied):
        mission_apply(mission=mission, organisation=sme_org, actor=other_sme_owner, motivation="x")
    with pytest.raises(ValidationError, match="Only SMEs"):
        mission_apply(mission=mission, organisation=buyer_org, actor=buyer, motivation="x")
    assert MissionApplication.objects.count() == 0


def test_demands_of_another_mission_cannot_be_chosen(mission, sme_owner, sme_org):
    elsewhere = DemandProjectFactory(mission=MissionFactory())
    with pytest.raises(ValidationError) as excinfo:
        mission_apply(mission=mission, organisation=sme_org, actor=sme_owner,
                      motivation="x", wanted_demands=[elsewhere])
    assert excinfo.value.message_dict == {
        "wanted_demands": ["Choose demand projects of this mission only."]
    }


@pytest.mark.parametrize(
    ("decision", "subject", "phrase"),
    [
        (A.ACCEPTED, "Nanjing Smart Heat 2027: your application is Accepted",
         "Good news: Nordic Heat Solutions has been accepted into the delegation"),
        (A.WAITLISTED, "Nanjing Smart Heat 2027: your application is Wait-listed",
         "Nordic Heat Solutions is on the waiting list for Nanjing Smart Heat 2027."),
        (A.REJECTED, "Nanjing Smart Heat 2027: your application is Rejected",
         "We are sorry: Nordic Heat Solutions could not be selected"),
    ],
)
def test_each_decision_is_mailed_to_every_member_of_the_sme(
    sme_application, sme_member, staff_user, django_capture_on_commit_callbacks, decision, subject,
    phrase,
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        application_decide(application=sme_application, status=decision, actor=staff_user)
        assert mail.outbox == []  # nothing leaves before the commit
    assert len(callbacks) == 1
    sme_application.refresh_from_db()
    assert sme_application.status == decision
    assert sme_application.decided_by == staff_user
    assert sme_application.decided_at is not None
    assert sorted(m.to[0] for m in mail.outbox) == [
        "member@nordic-heat.example.com", "owner@nordic-heat.example.com"
    ]
    assert {m.subject for m in mail.outbox} == {subject}
    assert all(phrase in m.body for m in mail.outbox)
    assert all("/missions/nanjing-smart-heat-2027/" in m.body for m in mail.outbox)


def test_decision_mail_is_in_the_recipients_language(
    sme_application, sme_owner, staff_user, django_capture_on_commit_callbacks,
):
    sme_owner.language = "zh-hans"
    sme_owner.save()
    with django_capture_on_commit_callbacks(execute=True):
        application_decide(application=sme_application, status=A.ACCEPTED, actor=staff_user)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Nanjing Smart Heat 2027：您的申请状态为“已接受”"


def test_accepting_beyond_capacity_is_refused(mission, staff_user):
    mission.capacity = 2
    mission.save()
    first, second, third = ApplicationFactory.create_batch(3, mission=mission)
    application_decide(application=first, status=A.ACCEPTED, actor=staff_user)
    application_decide(application=second, status=A.ACCEPTED, actor=staff_user)
    with pytest.raises(ValidationError) as excinfo:
        application_decide(application=third, status=A.ACCEPTED, actor=staff_user)
    assert excinfo.value.code == "mission_full"
    assert excinfo.value.messages == [
        "The delegation is full (2 SMEs). Wait-list this SME instead."
    ]
    third.refresh_from_db()
    assert third.status == A.SUBMITTED
    application_decide(application=third, status=A.WAITLISTED, actor=staff_user)
    assert list(mission.applications.order_by("pk").values_list("status", flat=True)) == [
        A.ACCEPTED, A.ACCEPTED, A.WAITLISTED,
    ]  # fmt: skip


def test_capacity_cannot_drop_below_the_accepted_delegation(mission, staff_user):
    for application in ApplicationFactory.create_batch(2, mission=mission):
        application_decide(application=application, status=A.ACCEPTED, actor=staff_user)
    with pytest.raises(ValidationError) as excinfo:
        mission_update(mission=mission, actor=staff_user, capacity=1)
    assert excinfo.value.message_dict == {
        "capacity": ["2 SMEs are already accepted; capacity cannot be lower."]
    }
    mission.refresh_from_db()
    assert mission.capacity == 25


@pytest.mark.parametrize(
    "status", [Mission.Status.DRAFT, Mission.Status.RUNNING, Mission.Status.COMPLETED,
               Mission.Status.CANCELLED],
)
def test_no_decisions_outside_the_selection_period(staff_user, status):
    application = ApplicationFactory(mission=MissionFactory(status=status))
    with pytest.raises(ValidationError, match="Decisions cannot be taken"):
        application_decide(application=application, status=A.ACCEPTED, actor=staff_user)
    application.refresh_from_db()
    assert application.status == A.SUBMITTED


def test_repeating_a_decision_or_deciding_a_withdrawn_application_is_refused(
    sme_application, sme_owner, staff_user,
):
    application_decide(application=sme_application, status=A.WAITLISTED, actor=staff_user)
    with pytest.raises(ValidationError, match="already “Wait-listed”"):
        application_decide(application=sme_application, status=A.WAITLISTED, actor=staff_user)
    application_withdraw(application=sme_application, actor=sme_owner)
    with pytest.raises(ValidationError, match="withdrawn"):
        application_decide(application=sme_application, status=A.ACCEPTED, actor=staff_user)
    sme_application.refresh_from_db()
    assert sme_application.status == A.WITHDRAWN


def test_only_staff_decide(sme_application, sme_owner, buyer):
    for actor in (sme_owner, buyer):
        with pytest.raises(PermissionDenied):
            application_decide(application=sme_application, status=A.ACCEPTED, actor=actor)
    sme_application.refresh_from_db()
    assert sme_application.status == A.SUBMITTED


def test_an_unknown_decision_is_refused(sme_application, staff_user):
    with pytest.raises(ValidationError, match="Unknown decision: maybe"):
        application_decide(application=sme_application, status="maybe", actor=staff_user)
    sme_application.refresh_from_db()
    assert sme_application.status == A.SUBMITTED


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_parallel_accepts_never_exceed_capacity(staff_user):
    """Ten staff accept ten applicants at once; one place is free: exactly one wins."""
    mission = MissionFactory(capacity=3)
    for _ in range(2):
        ApplicationFactory(mission=mission, status=A.ACCEPTED)
    candidates = [ApplicationFactory(mission=mission, organisation=OrganisationFactory()) for _ in range(10)]
    barrier = threading.Barrier(len(candidates))
    outcomes: dict[int, str] = {}

    def accept(application):
        try:
            barrier.wait(timeout=10)
            application_decide(application=application, status=A.ACCEPTED, actor=staff_user)
            outcomes[application.pk] = "accepted"
        except ValidationError as error:
            outcomes[application.pk] = error.code
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(a,)) for a in candidates]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes.values()) == ["accepted"] + ["mission_full"] * 9
    assert mission.applications.filter(status=A.ACCEPTED).count() == mission.capacity == 3
    winner = next(pk for pk, outcome in outcomes.items() if outcome == "accepted")
    assert MissionApplication.objects.get(pk=winner).status == A.ACCEPTED
    assert set(
        MissionApplication.objects.filter(pk__in=[a.pk for a in candidates])
        .exclude(pk=winner)
        .values_list("status", flat=True)
    ) == {A.SUBMITTED}
