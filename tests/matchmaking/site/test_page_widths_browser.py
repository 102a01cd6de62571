"""Issue 15, acceptance 2: no page of the main journeys is wider than the window, at 1280 px
and at 390 px, for each role, in English and in Chinese; on a phone the directory folds its
filters away and the agenda keeps "Your answer" on screen; long unbroken titles wrap."""

import pytest
from django.urls import reverse

from matchmaking.models import Meeting, MeetingRequest, Notification
from tests.browser import sign_in
from tests.factories import DemandProjectFactory
from tests.matchmaking.conftest import slots_of

LONG = "Ultra" + "x" * 195  # 200 characters and no place to break


@pytest.fixture
def world(meeting_mission, sme_org, buyer_org, sme_owner, buyer, staff_user, cluster_org):
    meeting_mission.title = LONG
    meeting_mission.save(update_fields=["title"])
    meeting_mission.organisers.set([cluster_org])
    demand = DemandProjectFactory(buyer=buyer_org, mission=meeting_mission, title=LONG[:180])
    request = MeetingRequest.objects.create(
        mission=meeting_mission, sme=sme_org, buyer=buyer_org, demand=demand,
        requested_by_org=sme_org, message="Hello " + LONG, expires_at=meeting_mission.created_at,
        status="accepted",
    )
    slot = slots_of(meeting_mission)[0]
    Meeting.objects.create(
        mission=meeting_mission, sme=sme_org, buyer=buyer_org, demand=demand, request=request,
        slot=slot, table=1, status="published", published_slot=slot, published_table=1,
    )
    Notification.objects.create(recipient=sme_owner, kind="message", params={"other": LONG})
    return meeting_mission, demand, request


def _pages(world, sme_org) -> dict[str, list[str]]:
    mission, demand, request = world
    thread = reverse("matchmaking:message_thread", args=[demand.pk, sme_org.pk])
    common = [reverse("home"), reverse("companies:directory"), reverse("missions:mission_list")]
    return {
        "anonymous": common,
        "sme": [*common, reverse("matchmaking:sme_matches"), reverse("matchmaking:my_agenda"),
                reverse("matchmaking:meeting_request_detail", args=[request.pk]), thread,
                reverse("matchmaking:notifications")],
        "buyer": [*common, reverse("matchmaking:buyer_demands"),
                  reverse("matchmaking:demand_suppliers", args=[demand.pk]),
                  reverse("matchmaking:my_agenda"), thread],
        "staff": [*common, reverse("missions:mission_dashboard", args=[mission.slug]),
                  reverse("matchmaking:mission_schedule", args=[mission.pk]),
                  reverse("matchmaking:scoring_runs") + f"?mission={mission.pk}", thread],
    }


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_no_page_is_wider_than_the_window(page, live_server, artifacts_dir, language, world,
                                          sme_org, sme_owner, buyer, staff_user):
    people = {"sme": sme_owner, "buyer": buyer, "staff": staff_user}
    too_wide = []
    for role, urls in _pages(world, sme_org).items():
        if role == "anonymous":
            page.context.clear_cookies()
            page.context.add_cookies(
                [{"name": "django_language", "value": language, "url": live_server.url}]
            )
        else:
            sign_in(page, live_server, people[role], language)
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 900})
            for url in urls:
                response = page.goto(live_server.url + url)
                assert response.status == 200, (role, url)
                scroll = page.evaluate("document.documentElement.scrollWidth")
                if scroll > width:
                    too_wide.append((role, width, url, scroll))
                    name = url.strip("/").replace("/", "-") or "home"
                    page.screenshot(path=str(artifacts_dir / f"wide-{language}-{role}-{width}-{name}.png"),
                                    full_page=True)
        if role == "sme":
            # The table column's header ("桌号" in Chinese) stays on one line at 1280 px,
            # even beside a long unbroken mission title.
            page.set_viewport_size({"width": 1280, "height": 900})
            page.goto(live_server.url + reverse("matchmaking:my_agenda"))
            header = ".agenda-meetings thead th:nth-child(4)"
            assert page.inner_text(header) == {"en": "Table", "zh-hans": "桌号"}[language]
            lines = page.evaluate(
                """(selector) => { const range = document.createRange();
                range.selectNodeContents(document.querySelector(selector));
                return range.getClientRects().length; }""",
                header,
            )
            assert lines == 1, f"the table column's header is on {lines} lines"
            page.set_viewport_size({"width": 390, "height": 800})
            page.goto(live_server.url + reverse("matchmaking:my_agenda"))
            answer = page.locator(".agenda-meeting .your-answer").first
            box = answer.bounding_box()
            assert answer.is_visible() and box["x"] + box["width"] <= 390
            page.screenshot(path=str(artifacts_dir / f"agenda-390-{language}.png"), full_page=True)
            page.goto(live_server.url + reverse("companies:directory"))
            assert page.locator("#id_q").is_visible()
            assert not page.locator("#directory-filter-fields").is_visible()
            page.click(".filters-toggle")
            # Bootstrap adds "show" once the folding animation is over.
            page.locator("#directory-filter-fields.show").wait_for(state="visible")
            page.screenshot(path=str(artifacts_dir / f"directory-390-{language}.png"), full_page=True)
        if role == "buyer":
            page.set_viewport_size({"width": 1280, "height": 900})
            page.goto(live_server.url + reverse("matchmaking:buyer_demands"))
            if page.locator(".navbar-toggler").is_visible():
                page.click(".navbar-toggler")
                page.locator("#user-menu").wait_for(state="visible")
            for selector in ("#user-menu", "#language-switcher"):
                box = page.locator(selector).bounding_box()
                assert box and box["x"] >= 0 and box["x"] + box["width"] <= 1280, selector
            page.screenshot(path=str(artifacts_dir / f"navbar-buyer-1280-{language}.png"))
    assert too_wide == []
