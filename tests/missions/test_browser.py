"""Acceptance 1, through the real pages in a real browser.

A staff member creates a mission and opens it, three SMEs apply, staff accept two and
wait-list one, confirm the mission, and every SME has its decision by e-mail.
"""

import datetime as dt

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.utils import timezone

from missions.models import Mission, MissionApplication
from tests.factories import (
    ClusterFactory,
    CompanyProfileFactory,
    MembershipFactory,
    StaffFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def contexts(browser):
    """Browser contexts made by the test, closed before the live server stops."""
    made = []
    yield made
    for context in made:
        context.close()


def _context_for(browser, live_server, user, contexts):
    """A browser context logged in as ``user`` (a session made by the test client)."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(locale="en-GB", timezone_id="Europe/Stockholm")
    context.add_cookies([{
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": live_server.url,
    }])  # fmt: skip
    contexts.append(context)
    return context


def test_staff_run_a_call_for_applications_end_to_end(browser, live_server, artifacts_dir,
                                                     contexts):
    cluster = ClusterFactory(name="Sustainable Business Hub")
    staff = StaffFactory(email="eva@hub.example", time_zone="Europe/Stockholm")
    MembershipFactory(user=staff, organisation=cluster)
    smes = []
    for name, email in [("Aqua Filter AB", "anna@aqua.example"),
                        ("Bright Grid ApS", "mikkel@bright.example"),
                        ("Clear Air SAS", "claire@clear.example")]:
        organisation = CompanyProfileFactory(organisation__name=name).organisation
        user = UserFactory(email=email)
        MembershipFactory(user=user, organisation=organisation)
        smes.append((organisation, user))

    start = timezone.now().date() + dt.timedelta(days=200)
    deadline = timezone.now().date() + dt.timedelta(days=100)

    staff_page = _context_for(browser, live_server, staff, contexts).new_page()
    staff_page.goto(f"{live_server.url}/missions/new/")
    staff_page.fill("#id_title", "Shenzhen Clean Water 2027")
    staff_page.get_by_label("Sustainable Business Hub").check()
    staff_page.select_option("#id_target_market", "china")
    staff_page.fill("#id_host_city", "Shenzhen")
    staff_page.select_option("#id_time_zone", "Asia/Shanghai")
    staff_page.fill("#id_start_date", start.isoformat())
    staff_page.fill("#id_end_date", (start + dt.timedelta(days=2)).isoformat())
    staff_page.fill("#id_capacity", "2")
    staff_page.fill("#id_application_deadline", f"{deadline.isoformat()}T23:59")
    staff_page.fill("#id_description", "Water treatment buyers in Shenzhen.")
    staff_page.screenshot(path=str(artifacts_dir / "missions-01-create.png"), full_page=True)
    staff_page.get_by_role("button", name="Save mission").click()
    staff_page.wait_for_url("**/shenzhen-clean-water-2027/dashboard/")
    assert "Mission created as a draft." in staff_page.content()

    mission = Mission.objects.get(slug="shenzhen-clean-water-2027")
    assert (mission.status, mission.capacity, mission.host_city) == ("draft", 2, "Shenzhen")
    assert list(mission.organisers.all()) == [cluster]

    staff_page.click('button[data-to="open"]')
    staff_page.wait_for_selector("text=The mission is now “Open for applications”.")
    mission.refresh_from_db()
    assert mission.status == Mission.Status.OPEN

    for organisation, user in smes:
        page = _context_for(browser, live_server, user, contexts).new_page()
        page.goto(f"{live_server.url}/missions/{mission.slug}/")
        page.get_by_role("link", name="Apply to this mission").click()
        page.fill("#id_motivation", f"{organisation.name} treats water and air.")
        page.get_by_role("button", name="Send application").click()
        page.wait_for_selector("text=Your application has been sent to the organisers.")
    assert MissionApplication.objects.filter(mission=mission, status="submitted").count() == 3

    staff_page.goto(f"{live_server.url}/missions/{mission.slug}/dashboard/")
    staff_page.screenshot(path=str(artifacts_dir / "missions-02-applications.png"), full_page=True)
    for (organisation, _user), decision in zip(smes, ["accepted", "accepted", "waitlisted"],
                                                strict=True):
        staff_page.click(
            f'article[data-organisation="{organisation.name}"] button[data-decision="{decision}"]'
        )
        staff_page.wait_for_selector("text=The SME is informed by e-mail.")
    assert staff_page.inner_text('[data-count="accepted"]') == "2"
    assert staff_page.inner_text('[data-count="free"]') == "0"

    staff_page.click('button[data-to="selecting"]')
    staff_page.wait_for_selector("text=The mission is now “Selecting”.")
    staff_page.click('button[data-to="confirmed"]')
    staff_page.wait_for_selector("text=The mission is now “Confirmed”.")
    staff_page.screenshot(path=str(artifacts_dir / "missions-03-confirmed.png"), full_page=True)

    mission.refresh_from_db()
    assert mission.status == Mission.Status.CONFIRMED
    assert dict(mission.applications.values_list("organisation__name", "status")) == {
        "Aqua Filter AB": "accepted", "Bright Grid ApS": "accepted",
        "Clear Air SAS": "waitlisted",
    }  # fmt: skip
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == [
        ("anna@aqua.example", "Shenzhen Clean Water 2027: your application is Accepted"),
        ("claire@clear.example", "Shenzhen Clean Water 2027: your application is Wait-listed"),
        ("mikkel@bright.example", "Shenzhen Clean Water 2027: your application is Accepted"),
    ]

    sme_page = _context_for(browser, live_server, smes[0][1], contexts).new_page()
    sme_page.goto(f"{live_server.url}/missions/{mission.slug}/")
    assert "Aqua Filter AB" in sme_page.inner_text("#delegation")
    assert "Accepted" in sme_page.inner_text("#application-box")
    sme_page.screenshot(path=str(artifacts_dir / "missions-04-sme-view.png"), full_page=True)
