"""Acceptance 2 in a real browser, in English and once in Chinese: an SME forms a
consortium from a proposal, the two other members accept from the links in their e-mails,
the buyer sees it in the ranked list as one supplier, shortlists it and requests a meeting;
the lead accepts and the scheduler places that meeting with every member busy in its slot."""

import re

import pytest

from matchmaking.consortia import services
from matchmaking.consortia.models import Consortium
from matchmaking.meetings import schedule
from matchmaking.meetings.models import Meeting
from tests.browser import sign_in
from tests.matchmaking.conftest import meeting_between

LINK = re.compile(r"https?://\S+/consortia/invitation/[^/\s]+/")

WORDS = {
    "en": {"consortium": "Consortium", "shortlist": "Shortlist", "accept": "Accept",
           "meeting": "Request a meeting with the whole consortium", "subject": "Invitation to a consortium"},
    "zh-hans": {"consortium": "联合体", "shortlist": "加入候选名单", "accept": "接受",
                "meeting": "请求与整个联合体会面", "subject": "联合体邀请"},
}


def _context(browser, language: str, width: int = 1280):
    """A browser whose reader asks for ``language`` (as a Chinese browser would)."""
    return browser.new_context(
        viewport={"width": width, "height": 1000}, extra_http_headers={"Accept-Language": language}
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_an_sme_forms_a_consortium_the_members_accept_and_the_buyer_meets_it(
    language, browser, live_server, artifacts_dir, smtp_sink, trio, approved_buyer,
    buyer_org, staff_user,
):
    words = WORDS[language]
    tag = "en" if language == "en" else "zh"
    errors: list[str] = []
    lead_context = _context(browser, language)
    page = lead_context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    for owner in trio.owners.values():
        owner.language = language
        owner.save(update_fields=["language"])
    services.proposals_compute(demand_id=trio.demand.pk)
    lead = trio.heat.organisation

    # The lead SME finds the proposals from its matches and forms the first one.
    page.set_viewport_size({"width": 1280, "height": 1000})
    sign_in(page, live_server, trio.owners[lead.pk])
    page.goto(live_server.url + "/matching/mine/")
    assert page.get_attribute("html", "lang") == language
    page.click(f"li.demand-match[data-demand='{trio.demand.pk}'] a.consortium-proposals")
    proposal = page.locator("li.proposal[data-rank='1']")
    assert proposal.locator("li.member").count() == 3
    assert proposal.locator(".reason").count() == 3
    page.screenshot(path=str(artifacts_dir / f"consortia-proposals-{tag}.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(artifacts_dir / f"consortia-proposals-{tag}-390.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 1000})
    proposal.locator("button[type='submit']").click()
    page.wait_for_selector(".consortium-status[data-status='forming']")
    consortium = Consortium.objects.get()
    assert consortium.lead_id == lead.pk

    # The two other members answer from the links in their e-mails, signed in or not.
    assert sorted(m["To"] for m in smtp_sink.messages) == ["bems@example.org", "water@example.org"]
    for number, message in enumerate(smtp_sink.messages):
        assert words["subject"] in message["Subject"]
        url = LINK.search(message.get_content()).group(0)
        assert url.startswith(live_server.url)
        member_context = _context(browser, language, width=390 if number else 1280)
        member_page = member_context.new_page()
        member_page.goto(url)
        member_page.click("button[name='answer'][value='accepted']")
        member_page.wait_for_selector(".my-answer[data-answer='accepted']")
        assert words["accept"] in member_page.inner_text("form button[value='accepted']")
        member_page.screenshot(
            path=str(artifacts_dir / f"consortia-invitation-{tag}-{number}.png"), full_page=True
        )
        member_context.close()

    # Every member accepted: the lead presents it to the buyer.
    page.reload()
    page.wait_for_selector(".consortium-status[data-status='ready']")
    page.click("form[action$='/present/'] button")
    page.wait_for_selector(".consortium-status[data-status='presented']")
    page.screenshot(path=str(artifacts_dir / f"consortia-detail-{tag}.png"), full_page=True)

    # The buyer sees one supplier with three members, shortlists it and asks for a meeting.
    buyer_context = _context(browser, language)
    buyer_page = buyer_context.new_page()
    buyer_page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(buyer_page, live_server, approved_buyer)
    buyer_page.goto(f"{live_server.url}/matching/demands/{trio.demand.pk}/")
    card = buyer_page.locator(f"li.supplier.consortium[data-consortium='{consortium.pk}']")
    assert card.count() == 1
    text = card.inner_text()
    assert words["consortium"] in text
    for name in ("Nordic Heat Grid", "Aqua Flanders", "Danish Building Brains"):
        assert name in text
    assert card.locator("li.member").count() == 3
    assert buyer_page.locator("li.supplier").count() == 4  # the consortium and its 3 members
    assert words["shortlist"] in card.locator(".consortium-shortlist").inner_text()
    card.locator(".consortium-shortlist").click()
    card = buyer_page.locator(f"li.supplier.consortium[data-consortium='{consortium.pk}']")
    card.locator("[data-decision='shortlisted']").wait_for()
    assert words["meeting"] in card.locator(".consortium-meeting").inner_text()
    card.locator(".consortium-meeting").click()
    buyer_page.locator(
        f"li.supplier.consortium[data-consortium='{consortium.pk}'] .meeting-requested"
    ).wait_for()
    buyer_page.screenshot(path=str(artifacts_dir / f"consortia-buyer-{tag}.png"), full_page=True)
    buyer_page.set_viewport_size({"width": 390, "height": 844})
    buyer_page.screenshot(path=str(artifacts_dir / f"consortia-buyer-{tag}-390.png"), full_page=True)
    buyer_context.close()
    consortium.refresh_from_db()
    assert consortium.buyer_decision == Consortium.Decision.SHORTLISTED
    assert consortium.meeting_request.sme_id == lead.pk

    # The lead accepts; the scheduler keeps every member busy in that meeting's slot, even
    # the water member, who has a meeting of its own with another buyer.
    page.reload()
    page.click("form[action$='/meeting/accept/'] button")
    page.wait_for_selector(".meeting-state")
    meeting = Meeting.objects.get(request=consortium.meeting_request)
    own = meeting_between(trio.mission, trio.water.organisation, buyer_org)
    run = schedule.mission_schedule_start(mission=trio.mission, actor=staff_user)
    schedule.schedule_run_execute(run_id=run.pk)
    meeting.refresh_from_db()
    own.refresh_from_db()
    assert meeting.slot_id is not None and own.slot_id is not None
    members = set(consortium.members.values_list("sme_id", flat=True))
    others = Meeting.objects.filter(mission=trio.mission).exclude(pk=meeting.pk)
    assert not [m for m in others if m.sme_id in members and m.slot_id == meeting.slot_id]
    lead_context.close()
    assert errors == []
