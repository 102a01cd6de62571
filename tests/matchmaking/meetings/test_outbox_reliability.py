"""Acceptance 3: 200 invitations through a real worker and a real SMTP server; the worker is
killed mid-run and a new one finishes: exactly 200 distinct messages, none twice."""

import datetime as dt
import os
import signal
import time
from collections import Counter

import psutil
import pytest

from matchmaking.celery import app
from matchmaking.meetings.schedule import mission_schedule_publish
from matchmaking.models import Meeting, OutboxMessage
from tests.factories import (
    BuyerOrganisationFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.matchmaking.conftest import delegate, mission_with_agenda, slots_of
from tests.workers import celery_worker, wait_for

PAIRS = 100  # 100 SMEs and 100 buyers, one person each: 200 invitations
KILL_AFTER = 80


@pytest.fixture
def big_mission(db):
    mission = mission_with_agenda(sessions=(("morning", dt.time(9), dt.time(11), 25),))
    slots = slots_of(mission)
    for index in range(PAIRS):
        sme = OrganisationFactory(name=f"Reliable SME {index}", slug=f"reliable-sme-{index}")
        buyer = BuyerOrganisationFactory(name=f"Reliable Buyer {index}", slug=f"rel-buyer-{index}")
        delegate(mission, sme)
        for organisation, kind in ((sme, "sme"), (buyer, "buyer")):
            user = UserFactory(email=f"{kind}{index}@reliable.example.org")
            MembershipFactory(user=user, organisation=organisation)
        Meeting.objects.create(
            mission=mission, sme=sme, buyer=buyer, slot=slots[index % 4],
            table=index // 4 + 1, status=Meeting.Status.SCHEDULED,
        )
    return mission


@pytest.mark.services
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_killed_worker_never_sends_twice_and_a_new_one_finishes(big_mission, staff_user, smtp_sink):
    env = {"MAILER_URL": smtp_sink.url}
    killed = {}
    with celery_worker(extra_env=env) as first:

        def kill_mid_run(accepted: int) -> None:
            # A client opening transaction KILL_AFTER + 1: kill the worker, its pool process
            # included, in the middle of that SMTP conversation (before MAIL is answered).
            if accepted == KILL_AFTER and not killed:
                killed["at"] = accepted
                for child in psutil.Process(first.pid).children(recursive=True):
                    os.kill(child.pid, signal.SIGKILL)
                os.kill(first.pid, signal.SIGKILL)

        smtp_sink.on_mail = kill_mid_run
        # The default queue, not task_routes: Celery builds its router once per process, so
        # routes set after an earlier test sent a task would be ignored.
        eager, queue = app.conf.task_always_eager, app.conf.task_default_queue
        app.conf.task_always_eager, app.conf.task_default_queue = False, first.queue
        try:
            mission_schedule_publish(mission=big_mission, actor=staff_user)  # queued on commit
        finally:
            app.conf.task_always_eager, app.conf.task_default_queue = eager, queue
        assert wait_for(lambda: first.process.poll() is not None, timeout=120), first.log()
    assert killed == {"at": KILL_AFTER}
    assert len(smtp_sink.messages) == KILL_AFTER
    stranded = OutboxMessage.objects.filter(status="sending")
    assert stranded.count() == 1  # claimed, mid-conversation, never accepted by the server

    with celery_worker(extra_env=env) as second:

        def all_sent() -> bool:
            if OutboxMessage.objects.exclude(status="sent").exists():
                # What beat does every minute; claims older than 2 s count as abandoned.
                app.send_task(
                    "matchmaking.send_outbox", kwargs={"stale_after_seconds": 2},
                    queue=second.queue,
                )
                time.sleep(1)
                return False
            return True

        assert wait_for(all_sent, timeout=180, interval=2), second.log()

    ids = smtp_sink.message_ids()
    assert len(ids) == 200
    assert Counter(ids).most_common(1)[0][1] == 1  # none twice
    rows = OutboxMessage.objects.all()
    assert set(ids) == {row.message_id for row in rows}
    assert sorted(r.recipient for r in rows) == sorted(
        f"{kind}{i}@reliable.example.org" for i in range(PAIRS) for kind in ("sme", "buyer")
    )
    assert sorted(Counter(r.attempts for r in rows).items()) == [(1, 199), (2, 1)]
