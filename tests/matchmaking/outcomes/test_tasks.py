"""Acceptance 2: the 3- and 6-month follow-ups go out exactly once per held meeting and side,
through a real Celery worker and a real SMTP server, with beat's task run twice and the
worker killed in between (in the middle of sending)."""

import os
import signal
import time
from collections import Counter

import psutil
import pytest

from matchmaking.celery import app
from matchmaking.models import FollowUp, MeetingFeedback, OutboxMessage
from matchmaking.outcomes import selectors
from tests.fixtures import BuyerOrganisationFactory, MembershipFactory, UserFactory
from tests.matchmaking.conftest import delegate
from tests.matchmaking.outcomes.conftest import past_mission, published_meeting
from tests.workers import celery_worker, wait_for

PAIRS = 3  # three held meetings, one person per side: 6 follow-ups per stage
KILL_AFTER = 2


def _send(worker, name: str, **kwargs) -> None:
    app.send_task(name, kwargs=kwargs, queue=worker.queue)


def _send_until_all_sent(worker) -> bool:
    """What beat's outbox-send does every minute; claims older than 2 s count as abandoned."""
    if OutboxMessage.objects.exclude(status="sent").exists():
        _send(worker, "matchmaking.send_outbox", stale_after_seconds=2)
        time.sleep(1)
        return False
    return True


@pytest.mark.services
@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored")
@pytest.mark.django_db(transaction=True)
def test_follow_ups_go_once_per_held_meeting_and_side_with_beat_twice_and_a_killed_worker(
    smtp_sink,
):
    from tests.fixtures import CompanyProfileFactory

    mission = past_mission(days_ago=10)
    meetings, people = [], []
    for index in range(PAIRS):
        sme = CompanyProfileFactory(organisation__name=f"Follow-up SME {index}").organisation
        buyer = BuyerOrganisationFactory(name=f"Follow-up Buyer {index}")
        delegate(mission, sme)
        for organisation, kind in ((sme, "sme"), (buyer, "buyer")):
            user = UserFactory(email=f"{kind}{index}@follow-up.example.org")
            MembershipFactory(user=user, organisation=organisation)
            people.append(user.email)
        meeting = published_meeting(mission, sme, buyer, index=0, table=index + 1)
        MeetingFeedback.objects.create(
            meeting=meeting, organisation=sme, took_place="held", rating="useful")
        meetings.append(meeting)
    day = selectors.meeting_day(meetings[0])
    three = selectors.add_months(day, 3).isoformat()
    six = selectors.add_months(day, 6).isoformat()
    env = {"MAILER_URL": smtp_sink.url}
    killed = {}

    # Beat's first run at three months, then a sender that dies in the middle of sending.
    with celery_worker(extra_env=env) as first:
        _send(first, "matchmaking.queue_follow_ups", as_of=three)
        assert wait_for(lambda: FollowUp.objects.count() == 2 * PAIRS, timeout=60), first.log()
        assert wait_for(
            lambda: OutboxMessage.objects.filter(kind="follow_up").count() == 2 * PAIRS,
            timeout=30)

        def kill_mid_run(accepted: int) -> None:
            if accepted == KILL_AFTER and not killed:
                killed["at"] = accepted
                for child in psutil.Process(first.pid).children(recursive=True):
                    os.kill(child.pid, signal.SIGKILL)
                os.kill(first.pid, signal.SIGKILL)

        smtp_sink.on_mail = kill_mid_run
        _send(first, "matchmaking.send_outbox")
        assert wait_for(lambda: first.process.poll() is not None, timeout=60), first.log()
    assert killed == {"at": KILL_AFTER}
    assert len(smtp_sink.messages) == KILL_AFTER
    assert OutboxMessage.objects.filter(status="sending").count() == 1
    smtp_sink.on_mail = None

    # A new worker: beat runs the three-month task a second time, then the six-month one.
    with celery_worker(extra_env=env) as second:
        _send(second, "matchmaking.queue_follow_ups", as_of=three)
        assert wait_for(lambda: _send_until_all_sent(second), timeout=120, interval=2), (
            second.log())
        assert FollowUp.objects.count() == 2 * PAIRS
        _send(second, "matchmaking.queue_follow_ups", as_of=six)
        assert wait_for(lambda: FollowUp.objects.count() == 4 * PAIRS, timeout=60), second.log()
        _send(second, "matchmaking.queue_follow_ups", as_of=six)
        assert wait_for(lambda: _send_until_all_sent(second), timeout=120, interval=2), (
            second.log())

    expected = {(m.pk, side, months) for m in meetings for side in (m.sme_id, m.buyer_id)
                for months in (3, 6)}
    assert set(FollowUp.objects.values_list("meeting_id", "organisation_id", "months")) == expected
    assert FollowUp.objects.count() == len(expected) == 12
    ids = smtp_sink.message_ids()
    assert len(ids) == 12 and Counter(ids).most_common(1)[0][1] == 1  # none twice
    received = Counter((m["To"], m["Subject"].split(":")[0]) for m in smtp_sink.messages)
    assert received == Counter(
        {(email, stage): 1 for email in people for stage in ("Three months on", "Six months on")})
    rows = OutboxMessage.objects.filter(kind="follow_up")
    assert set(ids) == {row.message_id for row in rows}
    assert sorted(Counter(r.attempts for r in rows).items()) == [(1, 11), (2, 1)]
