"""Issue 15, acceptance 1, in a real browser, in English and in Chinese: an SME requests a
meeting with a message; the buyer is notified and accepts from the agenda; both exchange
two messages; once published, the SME downloads that meeting's calendar file."""

from pathlib import Path

import pytest

from matchmaking.matching import rescoring
from matchmaking.meetings.schedule import mission_schedule_publish
from matchmaking.models import Meeting, MeetingRequest, Message
from tests.browser import sign_in
from tests.factories import DemandProjectFactory, sector
from tests.matchmaking.conftest import slots_of


def _post_message(page, live_server, url: str, text: str) -> None:
    page.goto(live_server.url + url)
    page.fill("#message-body", text)
    page.click(".message-form button[type=submit]")
    page.wait_for_load_state()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_request_notify_answer_talk_and_download_the_meeting(
    page, live_server, artifacts_dir, language, meeting_mission, sme_org, sme_owner, buyer,
    buyer_org, staff_user,
):
    for person in (sme_owner, buyer):
        person.language = language
        person.save(update_fields=["language"])
    demand = DemandProjectFactory(
        buyer=buyer_org, mission=meeting_mission, title="Jiangbei heat network",
        description_en="Large heat pumps for district heating networks in Jiangbei.",
        technologies=["heat pumps", "district heating"],
    )
    demand.sectors.set([sector("district-heating.heat-networks")])
    rescoring.scoring_run_start_full()
    page.set_viewport_size({"width": 1280, "height": 900})
    shot = lambda name: page.screenshot(  # noqa: E731
        path=str(artifacts_dir / f"issue15-{language}-{name}.png"), full_page=True
    )

    # 1. The SME asks for a meeting, with a message and a preferred time.
    sign_in(page, live_server, sme_owner, language)
    page.goto(live_server.url + "/matching/mine/")
    page.click(f".demand-match[data-demand='{demand.pk}'] .request-meeting")
    page.fill("textarea[name=message]", "We would like to show you our large heat pumps.")
    # Each time reads in the mission's zone with the reader's own time beside it.
    boxes = page.locator(".preferred-slots input[type=checkbox]")
    assert page.locator(".preferred-slots .time-mission").count() == boxes.count() > 0
    assert page.locator(".preferred-slots .time-reader").count() == boxes.count()
    assert "Europe/Brussels" in page.inner_text(".preferred-slots .time-reader >> nth=0")
    boxes.first.check()
    shot("1-request-form")
    page.click(".meeting-request-form button[type=submit]")
    page.wait_for_load_state()
    request = MeetingRequest.objects.get()
    assert (request.requested_by_org_id, request.message) == (
        sme_org.pk, "We would like to show you our large heat pumps."
    )
    assert request.preferred_slots.count() == 1
    page.goto(live_server.url + "/matching/mine/")
    assert page.locator(f".demand-match[data-demand='{demand.pk}'] .request-meeting").count() == 0
    assert page.locator(f".demand-match[data-demand='{demand.pk}'] .meeting-requested").count() == 1

    # 2. The buyer sees the bell, and accepts from the agenda with one click.
    sign_in(page, live_server, buyer, language)
    page.goto(live_server.url + "/")
    assert page.locator(".unread-count").first.inner_text().split()[0] == "1"
    page.goto(live_server.url + "/matching/notifications/")
    shot("2-notifications")
    assert page.locator(".notification.unread").count() == 1
    page.goto(live_server.url + "/matching/agenda/")
    assert "We would like to show you" in page.inner_text(f"[data-request='{request.pk}']")
    shot("3-buyer-agenda")
    page.click(f"#received [data-request='{request.pk}'] .request-accept")
    page.wait_for_load_state()
    request.refresh_from_db()
    assert request.status == "accepted"

    # 3. Both sides exchange two messages.
    thread = f"/matching/messages/{demand.pk}/{sme_org.pk}/"
    _post_message(page, live_server, thread, "Welcome. Could you bring a reference list?")
    sign_in(page, live_server, sme_owner, language)
    _post_message(page, live_server, thread, "Certainly, see https://example.org/references")
    sign_in(page, live_server, buyer, language)
    _post_message(page, live_server, thread, "Thank you, see you in Nanjing.")
    sign_in(page, live_server, sme_owner, language)
    _post_message(page, live_server, thread, "Looking forward to it.")
    assert Message.objects.count() == 4
    assert page.locator(".message").count() == 4
    assert page.locator(".message a[rel=nofollow]").count() == 1
    shot("4-thread")

    # 4. Staff publish the schedule; the SME downloads that meeting's calendar file.
    meeting = Meeting.objects.get(request=request)
    slot = slots_of(meeting_mission)[0]
    Meeting.objects.filter(pk=meeting.pk).update(slot=slot, table=1, status="scheduled")
    mission_schedule_publish(mission=meeting_mission, actor=staff_user)
    meeting.refresh_from_db()
    page.goto(live_server.url + "/matching/agenda/")
    shot("5-sme-agenda")
    with page.expect_download() as download:
        page.click(f"#meeting-{meeting.pk} .meeting-ics")
    body = Path(download.value.path()).read_text(encoding="utf-8").replace("\r\n ", "")
    assert f"UID:{meeting.uid}" in body
    assert body.count("BEGIN:VEVENT") == 1
    assert page.locator("html").get_attribute("lang") == language
