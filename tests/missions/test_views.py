"""What the pages show, and how many queries their lists cost."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from companies.selectors import profile_completeness
from missions import hooks
from missions.models import DemandProject, MissionApplication
from tests.factories import (
    AgendaSessionFactory,
    ApplicationFactory,
    BuyerOrganisationFactory,
    CompanyProfileFactory,
    DemandProjectFactory,
    MeetingDayFactory,
    MissionFactory,
    SectorFactory,
)

from .test_demand_projects import _csv, _rows


def test_agenda_times_are_shown_in_the_mission_zone_and_the_readers(
    mission, sme_owner, sme_owner_client,
):
    import datetime as dt

    from missions.services import agenda_session_generate_slots

    mission.time_zone = "America/New_York"
    mission.save()
    session = AgendaSessionFactory(
        day=MeetingDayFactory(mission=mission, date=dt.date(2027, 3, 14)),
        start_time=dt.time(1), end_time=dt.time(3, 30),
    )
    agenda_session_generate_slots(session=session)
    sme_owner.time_zone = "Asia/Shanghai"
    sme_owner.save()
    html = sme_owner_client.get(reverse("missions:mission_detail", args=[mission.slug])).content
    text = html.decode()
    # 01:00 EST is 14:00 in Shanghai; 01:30 EST → 03:00 EDT crosses the jump.
    assert '<span class="time-mission" title="America/New_York">01:00–01:30</span>' in text
    assert "Sun 14 Mar, 14:00–14:30 your time" in text
    assert '<span class="time-mission" title="America/New_York">01:30–03:00</span>' in text
    assert '<span class="time-mission" title="America/New_York">03:00–03:30</span>' in text
    assert "Sun 14 Mar, 15:00–15:30 your time" in text


@pytest.fixture
def score_provider():
    """Lets a test install its own provider of match scores (or none) and restores the app's."""
    original = hooks.application_score_provider()
    yield hooks.register_application_score_provider
    hooks.register_application_score_provider(original)


def test_dashboard_shows_applications_side_by_side_with_completeness(
    mission, staff_client, sme_org, sme_application, demand, score_provider,
):
    score_provider(None)
    sme_application.wanted_demands.set([demand])
    response = staff_client.get(reverse("missions:mission_dashboard", args=[mission.slug]))
    dashboard = response.context["dashboard"]
    assert [r.application for r in dashboard.reviews] == [sme_application]
    # Nine of twelve checks (the persona's profile has no logo, brochure or reference): the
    # same figure the SME's own page shows.
    assert dashboard.reviews[0].completeness == 75
    assert dashboard.reviews[0].completeness == profile_completeness(sme_org.profile).percent
    assert dashboard.counts == {"submitted": 1, "accepted": 0, "waitlisted": 0, "rejected": 0,
                                "withdrawn": 0}
    assert (dashboard.free_places, dashboard.demand_count, dashboard.has_scores) == (25, 1, False)
    text = response.content.decode()
    assert "Jiangbei heat network (Jiangbei Planning Bureau)" in text
    assert "Match score" not in text


def test_dashboard_shows_scores_when_matching_provides_them(
    mission, staff_client, sme_application, score_provider,
):
    score_provider(lambda mission, applications: {a.pk: 87 for a in applications})
    response = staff_client.get(reverse("missions:mission_dashboard", args=[mission.slug]))
    assert [r.score for r in response.context["dashboard"].reviews] == [87]
    assert "Match score: <strong>87</strong>" in response.content.decode()


def test_dashboard_offers_only_legal_transitions(mission, staff_client):
    response = staff_client.get(reverse("missions:mission_dashboard", args=[mission.slug]))
    assert [s.value for s in response.context["next_statuses"]] == ["selecting", "cancelled"]
    text = response.content.decode()
    assert 'data-to="selecting"' in text and 'data-to="cancelled"' in text
    assert 'data-to="confirmed"' not in text and 'data-to="completed"' not in text


def test_an_illegal_transition_by_post_is_refused_with_a_message(mission, staff_client):
    url = reverse("missions:mission_transition", args=[mission.slug])
    response = staff_client.post(url, {"to_status": "completed"}, follow=True)
    mission.refresh_from_db()
    assert mission.status == "open"
    assert [str(m) for m in response.context["messages"]] == [
        "A mission that is “Open for applications” cannot become “Completed”. "
        "Allowed next steps: Selecting, Cancelled."
    ]


def test_full_mission_refuses_an_accept_on_the_page(mission, staff_client):
    mission.capacity = 1
    mission.save()
    ApplicationFactory(mission=mission, status=MissionApplication.Status.ACCEPTED)
    waiting = ApplicationFactory(mission=mission)
    url = reverse("missions:application_decide", args=[mission.slug, waiting.pk])
    response = staff_client.post(url, {"status": "accepted"}, follow=True)
    waiting.refresh_from_db()
    assert waiting.status == "submitted"
    assert [str(m) for m in response.context["messages"]] == [
        "The delegation is full (1 SMEs). Wait-list this SME instead."
    ]


def test_csv_import_page_reports_bad_rows_then_imports_the_fixed_file(staff_client, db):
    BuyerOrganisationFactory(slug="jiangbei-planning")
    BuyerOrganisationFactory(slug="nyc-resilience")
    MissionFactory(slug="nanjing-2027")
    SectorFactory(code="district-heating")
    SectorFactory(code="water-treatment")
    url = reverse("missions:demand_import")
    rows = _rows(500)
    for index in (2, 100, 400):
        rows[index]["title"] = ""
    upload = io.BytesIO(_csv(rows))
    upload.name = "demand.csv"
    response = staff_client.post(url, {"file": upload})
    assert response.status_code == 200
    assert response.context["result"].bad_lines == [4, 102, 402]
    text = response.content.decode()
    assert "Nothing was imported: 3 rows have errors." in text
    assert [line for line in (4, 102, 402) if f'data-line="{line}"' in text] == [4, 102, 402]
    assert DemandProject.objects.count() == 0
    fixed = io.BytesIO(_csv(_rows(500)))
    fixed.name = "demand.csv"
    response = staff_client.post(url, {"file": fixed})
    assert response.status_code == 302
    assert DemandProject.objects.count() == 500


def test_the_csv_template_downloads(staff_client):
    response = staff_client.get(reverse("missions:demand_import_template"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="demand-projects-template.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["buyer", "mission", "title"]
    assert len(rows) == 2


# --- Query counts: lists cost the same with 1 row and with 3 ---------------------------------


def _count(client, url) -> int:
    client.get(url)  # warm the session and caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _mission_with(n, mission, buyer_org):
    for _ in range(n):
        sme = CompanyProfileFactory().organisation
        ApplicationFactory(mission=mission, organisation=sme,
                           status=MissionApplication.Status.ACCEPTED)
        DemandProjectFactory(buyer=buyer_org, mission=mission)
        MissionFactory().organisers.set([])


@pytest.mark.parametrize(
    ("url_name", "persona", "with_slug"),
    [
        ("missions:mission_list", "sme_owner", False),
        ("missions:mission_detail", "sme_owner", True),
        ("missions:mission_dashboard", "staff", True),
        ("missions:demand_list", "buyer", False),
        ("missions:availability", "buyer", True),
    ],
)
def test_list_query_counts_do_not_grow_with_rows(personas, mission, buyer_org, url_name, persona,
                                                 with_slug):
    client = personas[persona].client
    url = reverse(url_name, args=[mission.slug] if with_slug else [])
    AgendaSessionFactory(day=MeetingDayFactory(mission=mission))
    _mission_with(1, mission, buyer_org)
    one = _count(client, url)
    _mission_with(2, mission, buyer_org)
    three = _count(client, url)
    assert one == three
    # A fixed cost per page: the navigation with its notification bell, and on the mission
    # pages the market briefs and the readiness beside each application.
    assert three <= 24
