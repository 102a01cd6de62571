"""Acceptance 6, in a real browser: staff schedule and publish a mission; an SME opens the
invitation's accept link and sees the meeting confirmed on its agenda."""

import re

import pytest
from django.core import mail

from matchmaking.models import Meeting
from tests.browser import sign_in
from tests.matchmaking.conftest import meeting_between


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_schedule_and_publish_then_sme_confirms_from_the_email(
    page, live_server, artifacts_dir, meeting_mission, sme_org, other_sme_org, buyer_org,
    sme_owner, other_sme_owner, buyer, staff_user,
):
    pytest.importorskip("matchmaking.scheduling.solver")
    first = meeting_between(meeting_mission, sme_org, buyer_org)
    second = meeting_between(meeting_mission, other_sme_org, buyer_org)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.set_viewport_size({"width": 1280, "height": 900})

    # Staff run the scheduler and publish.
    sign_in(page, live_server, staff_user)
    page.goto(f"{live_server.url}/matching/missions/{meeting_mission.pk}/schedule/")
    page.fill("#time-limit", "5")
    page.click("#run-scheduler")
    page.wait_for_selector(".schedule-run[data-status=done]", timeout=30_000)
    assert page.locator(".schedule-grid td[data-meeting]").count() == 2
    assert "2 of 2 meetings placed" in page.inner_text(".run-figures")
    page.screenshot(path=str(artifacts_dir / "meetings-schedule-run.png"), full_page=True)
    page.click("#publish")
    page.wait_for_selector(".alert-success")
    assert "Published: 2 new, 0 moved, 0 withdrawn meetings." in page.inner_text(".messages")
    page.screenshot(path=str(artifacts_dir / "meetings-schedule-published.png"), full_page=True)
    assert set(Meeting.objects.values_list("status", flat=True)) == {"published"}

    # The SME opens its invitation's accept link, not signed in.
    invitation = next(m for m in mail.outbox if m.to == [sme_owner.email])
    link = re.search(r"Confirm: (\S+)", invitation.body).group(1)
    page.context.clear_cookies()
    page.goto(re.sub(r"^https?://[^/]+", live_server.url, link))
    page.screenshot(path=str(artifacts_dir / "meetings-accept-link.png"), full_page=True)
    page.click("#confirm-answer")
    assert "the meeting is confirmed" in page.inner_text("#answer-recorded")

    # Signed in, the SME sees it confirmed on its agenda.
    sign_in(page, live_server, sme_owner)
    page.goto(f"{live_server.url}/matching/agenda/")
    row = page.locator(f".agenda-meeting[data-meeting='{first.pk}']")
    assert row.locator(".response-accepted").inner_text() == "Confirmed"
    assert "Jiangbei Planning Bureau" in row.inner_text()
    assert "Asia/Shanghai" in row.inner_text()
    page.screenshot(path=str(artifacts_dir / "meetings-agenda-confirmed.png"), full_page=True)
    assert errors == []
    first.refresh_from_db()
    assert (first.sme_response, first.buyer_response) == ("accepted", "pending")
    assert second.pk != first.pk
