"""In a real browser: the KPI page's charts in English and Chinese at 1280 and 390 px
(screenshots in var/test-artifacts/outcomes-kpis-*.png), and an SME giving feedback from the
agenda card."""

import pytest

from tests.browser import sign_in

from .kpi_world import build_world


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_kpi_charts_render_in_english_and_chinese(page, live_server, artifacts_dir, staff_user,
                                                  language):
    build_world()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, live_server, staff_user, language)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server.url}/matching/kpis/")
        funnel = page.locator("#kpi-funnel svg.kpi-chart")
        funnel.wait_for()
        bars = funnel.locator("g.kpi-bar")
        assert bars.count() == 9
        held = funnel.locator("g.kpi-bar[data-stage=held]")
        assert held.get_attribute("data-count") == "3"
        box = held.locator("rect").bounding_box()
        assert box is not None and box["width"] > 10 and box["height"] > 5
        label = held.locator("text").first.text_content()
        assert label == ("已举行的会面" if language == "zh-hans" else "Meetings held")
        assert page.locator(".kpi-breakdown svg.kpi-chart").count() == 4
        # The chart fits the page: nothing wider than the viewport.
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, overflow
        page.screenshot(path=str(artifacts_dir / f"outcomes-kpis-{language}-{width}.png"),
                        full_page=True)
    assert errors == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_sme_gives_feedback_from_the_agenda_card(page, live_server, artifacts_dir,
                                                    past_meeting, sme_owner):
    sign_in(page, live_server, sme_owner, "en")
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(f"{live_server.url}/matching/agenda/")
    card = page.locator(f".feedback-due-card[data-meeting='{past_meeting.pk}']")
    card.locator("a").click()
    page.check("input[name=took_place][value=held]")
    page.check("input[name=rating][value=follow_up]")
    page.fill("textarea[name=next_step]", "Send a quotation")
    page.click("#save-feedback")
    page.wait_for_selector(".alert-success")
    page.screenshot(path=str(artifacts_dir / "outcomes-feedback-390.png"), full_page=True)
    past_meeting.feedback.get()
    assert list(past_meeting.feedback.values_list("took_place", "rating", "next_step")) == [
        ("held", "follow_up", "Send a quotation")]
