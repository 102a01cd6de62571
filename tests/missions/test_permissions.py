"""Every view of the missions app, for every persona: exact responses and what changed.

Anonymous visitors are sent to log in; objects belonging to others answer 404, never 403;
staff pages answer 403 to everyone else.
"""

import datetime as dt

import pytest
from django.urls import reverse

from missions.models import (
    AgendaSession,
    DemandProject,
    MeetingDay,
    Mission,
    MissionApplication,
    Unavailability,
)
from missions.services import agenda_session_generate_slots
from tests.factories import (
    AgendaSessionFactory,
    ApplicationFactory,
    DemandProjectFactory,
    MeetingDayFactory,
    MissionFactory,
)
from tests.fixtures import PERSONAS

LOGIN = "login"


def expect(default, **exceptions) -> dict[str, object]:
    table = {name: exceptions.get(name, default) for name in PERSONAS}
    table["anonymous"] = LOGIN
    return table


STAFF_ONLY = expect(403, staff=200)
BUYERS_AND_STAFF = expect(404, buyer=200, approved_buyer=200, staff=200)
PARTICIPANTS = expect(404, sme_owner=200, sme_member=200, buyer=200)


@pytest.fixture
def mission_world(personas, mission, demand, sme_org, other_sme_org, approved_buyer_org):
    """An open mission: Nordic Heat (SME owner/member) accepted, the other SME applied, the buyer
    brings demand, a draft mission, the approved buyer's own demand project, one agenda slot."""
    accepted = ApplicationFactory(mission=mission, organisation=sme_org,
                                  status=MissionApplication.Status.ACCEPTED)
    pending = ApplicationFactory(mission=mission, organisation=other_sme_org)
    session = AgendaSessionFactory(day=MeetingDayFactory(mission=mission))
    slot = agenda_session_generate_slots(session=session)[0]
    return {
        "personas": personas,
        "mission": mission,
        "draft": MissionFactory(status=Mission.Status.DRAFT, slug="draft-mission"),
        "demand": demand,
        "other_demand": DemandProjectFactory(buyer=approved_buyer_org, title="Brooklyn microgrid"),
        "accepted": accepted,
        "pending": pending,
        "day": session.day,
        "session": session,
        "slot": slot,
    }


GET_VIEWS = {
    "mission_list": (lambda w: reverse("missions:mission_list"), expect(200)),
    "mission_detail": (lambda w: reverse("missions:mission_detail", args=[w["mission"].slug]),
                       expect(200)),
    # A draft is hidden from everyone but staff: 404, as for any object one may not see.
    "mission_detail_draft": (lambda w: reverse("missions:mission_detail", args=["draft-mission"]),
                             expect(404, staff=200)),
    "mission_create": (lambda w: reverse("missions:mission_create"), STAFF_ONLY),
    "mission_edit": (lambda w: reverse("missions:mission_edit", args=[w["mission"].slug]),
                     STAFF_ONLY),
    "mission_dashboard": (
        lambda w: reverse("missions:mission_dashboard", args=[w["mission"].slug]), STAFF_ONLY),
    "mission_apply": (lambda w: reverse("missions:mission_apply", args=[w["mission"].slug]),
                      expect(404, sme_owner=302, sme_member=302, other_sme=302)),
    "agenda_manage": (lambda w: reverse("missions:agenda_manage", args=[w["mission"].slug]),
                      STAFF_ONLY),
    "availability": (lambda w: reverse("missions:availability", args=[w["mission"].slug]),
                     PARTICIPANTS),
    "demand_list": (lambda w: reverse("missions:demand_list"), BUYERS_AND_STAFF),
    "demand_create": (lambda w: reverse("missions:demand_create"), BUYERS_AND_STAFF),
    "demand_detail": (lambda w: reverse("missions:demand_detail", args=[w["demand"].pk]),
                      expect(404, buyer=200, staff=200)),
    "demand_edit": (lambda w: reverse("missions:demand_edit", args=[w["demand"].pk]),
                    expect(404, buyer=200, staff=200)),
    "demand_import": (lambda w: reverse("missions:demand_import"), STAFF_ONLY),
    "demand_import_template": (lambda w: reverse("missions:demand_import_template"), STAFF_ONLY),
}  # fmt: skip


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("view", sorted(GET_VIEWS))
def test_get_views(mission_world, view, persona):
    url_for, expected = GET_VIEWS[view]
    url = url_for(mission_world)
    response = mission_world["personas"][persona].client.get(url)
    if expected[persona] == LOGIN:
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('account_login')}?next={url}"
    else:
        assert response.status_code == expected[persona]


def test_apply_page_sends_applicants_back_and_shows_the_form_to_others(mission_world):
    # Both SMEs already applied: the page sends them to the mission. A new SME gets the form.
    personas, mission = mission_world["personas"], mission_world["mission"]
    url = reverse("missions:mission_apply", args=[mission.slug])
    detail = reverse("missions:mission_detail", args=[mission.slug])
    for name in ("sme_owner", "sme_member", "other_sme"):
        assert personas[name].client.get(url)["Location"] == detail
    mission_world["pending"].delete()
    response = personas["other_sme"].client.get(url)
    assert response.status_code == 200
    assert response.context["organisation"] == personas["other_sme"].org


@pytest.mark.parametrize("persona", PERSONAS)
def test_mission_list_shows_drafts_to_staff_only(mission_world, persona):
    response = mission_world["personas"][persona].client.get(reverse("missions:mission_list"))
    if persona == "anonymous":
        assert response.status_code == 302
        return
    slugs = [m.slug for m in response.context["missions"]]
    expected = ["draft-mission", mission_world["mission"].slug] if persona == "staff" else [
        mission_world["mission"].slug
    ]
    assert sorted(slugs) == sorted(expected)


@pytest.mark.parametrize("persona", ["buyer", "approved_buyer", "staff"])
def test_demand_list_shows_own_projects_or_all_to_staff(mission_world, persona):
    response = mission_world["personas"][persona].client.get(reverse("missions:demand_list"))
    titles = sorted(d.title for d in response.context["demand_projects"])
    assert titles == {
        "buyer": ["Jiangbei heat network"],
        "approved_buyer": ["Brooklyn microgrid"],
        "staff": ["Brooklyn microgrid", "Jiangbei heat network"],
    }[persona]


def _post(mission_world, persona, url, data=None, **extra):
    return mission_world["personas"][persona].client.post(url, data or {}, **extra)


def _check(response, mission_world, persona, expected, url):
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('account_login')}?next={url}"
    else:
        assert response.status_code == expected


@pytest.mark.parametrize("persona", PERSONAS)
def test_transition(mission_world, persona):
    url = reverse("missions:mission_transition", args=[mission_world["mission"].slug])
    response = _post(mission_world, persona, url, {"to_status": "selecting"})
    _check(response, mission_world, persona, STAFF_ONLY[persona] if persona != "staff" else 302, url)
    mission_world["mission"].refresh_from_db()
    assert mission_world["mission"].status == ("selecting" if persona == "staff" else "open")


@pytest.mark.parametrize("persona", PERSONAS)
def test_decide(mission_world, persona):
    pending = mission_world["pending"]
    url = reverse("missions:application_decide", args=[mission_world["mission"].slug, pending.pk])
    response = _post(mission_world, persona, url, {"status": "waitlisted"})
    _check(response, mission_world, persona, 302 if persona == "staff" else STAFF_ONLY[persona], url)
    pending.refresh_from_db()
    assert pending.status == ("waitlisted" if persona == "staff" else "submitted")


@pytest.mark.parametrize("persona", PERSONAS)
def test_withdraw_touches_only_the_own_application(mission_world, persona):
    url = reverse("missions:application_withdraw", args=[mission_world["mission"].slug])
    response = _post(mission_world, persona, url)
    expected = expect(404, sme_owner=302, sme_member=302, other_sme=302)[persona]
    _check(response, mission_world, persona, expected, url)
    statuses = dict(MissionApplication.objects.values_list("organisation__name", "status"))
    assert statuses == {
        "Nordic Heat Solutions": "withdrawn" if persona in ("sme_owner", "sme_member") else "accepted",
        "Solar Alps GmbH": "withdrawn" if persona == "other_sme" else "submitted",
    }


@pytest.mark.parametrize("persona", PERSONAS)
def test_agenda_writes(mission_world, persona):
    slug = mission_world["mission"].slug
    expected = 302 if persona == "staff" else STAFF_ONLY[persona]
    day_url = reverse("missions:agenda_day_add", args=[slug])
    _check(_post(mission_world, persona, day_url, {"date": mission_world["mission"].end_date.isoformat()}),
           mission_world, persona, expected, day_url)
    session_url = reverse("missions:agenda_session_add", args=[slug, mission_world["day"].pk])
    data = {"part": "afternoon", "start_time": "14:00", "end_time": "15:00", "slot_minutes": 20,
            "break_minutes": 0, "tables": 5}
    _check(_post(mission_world, persona, session_url, data), mission_world, persona, expected, session_url)
    delete_url = reverse("missions:agenda_session_delete", args=[slug, mission_world["session"].pk])
    _check(_post(mission_world, persona, delete_url), mission_world, persona, expected, delete_url)
    days = sorted(MeetingDay.objects.filter(mission=mission_world["mission"]).values_list("date", flat=True))
    sessions = list(AgendaSession.objects.values_list("part", flat=True))
    if persona == "staff":
        assert days == [mission_world["mission"].start_date, mission_world["mission"].end_date]
        assert sessions == ["afternoon"]
        assert AgendaSession.objects.get().slots.count() == 3
    else:
        assert days == [mission_world["mission"].start_date]
        assert sessions == ["morning"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_availability_toggle(mission_world, persona):
    url = reverse("missions:availability_toggle", args=[mission_world["mission"].slug, mission_world["slot"].pk])
    response = _post(mission_world, persona, url, HTTP_HX_REQUEST="true")
    _check(response, mission_world, persona, PARTICIPANTS[persona], url)
    marked = list(Unavailability.objects.values_list("organisation__name", flat=True))
    assert marked == {
        "sme_owner": ["Nordic Heat Solutions"], "sme_member": ["Nordic Heat Solutions"],
        "buyer": ["Jiangbei Planning Bureau"],
    }.get(persona, [])
    if PARTICIPANTS[persona] == 200:
        assert b"Cannot meet" in response.content
        assert b"<html" not in response.content  # the htmx partial, not a page


@pytest.mark.parametrize("persona", PERSONAS)
def test_demand_edit_post(mission_world, persona):
    demand = mission_world["demand"]
    url = reverse("missions:demand_edit", args=[demand.pk])
    data = {"title": "Renamed", "description_en": "New text", "city": "Nanjing",
            "market": "china", "procurement_stage": "tender", "language": "en",
            "status": "closed", "buyer": mission_world["personas"]["buyer"].org.pk}
    response = _post(mission_world, persona, url, data)
    expected = expect(404, buyer=302, staff=302)[persona]
    _check(response, mission_world, persona, expected, url)
    demand.refresh_from_db()
    changed = persona in ("buyer", "staff")
    assert (demand.title, demand.status) == (
        ("Renamed", "closed") if changed else ("Jiangbei heat network", "open")
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_demand_create_post(mission_world, persona):
    url = reverse("missions:demand_create")
    data = {"title": "Heat storage", "description_en": "Seasonal storage.", "city": "Nanjing",
            "market": "china", "procurement_stage": "exploring", "language": "en",
            "status": "open", "buyer": mission_world["personas"]["approved_buyer"].org.pk}
    response = _post(mission_world, persona, url, data)
    _check(response, mission_world, persona, expect(404, buyer=302, approved_buyer=302, staff=302)[persona],
           url)
    owners = list(DemandProject.objects.filter(title="Heat storage")
                  .values_list("buyer__name", flat=True))
    # Buyers post for their own organisation whatever the form says; staff choose the buyer.
    assert owners == {"buyer": ["Jiangbei Planning Bureau"], "approved_buyer": ["NYC Resilience Office"],
                      "staff": ["NYC Resilience Office"]}.get(persona, [])


@pytest.mark.parametrize("persona", PERSONAS)
def test_mission_create_post(mission_world, persona):
    url = reverse("missions:mission_create")
    data = {"title": "Boston Water Week", "organisers": [mission_world["personas"]["staff"].org.pk],
            "target_market": "usa", "host_city": "Boston", "time_zone": "America/New_York",
            "start_date": "2027-09-13", "end_date": "2027-09-15", "capacity": 20,
            "application_deadline": "2027-07-01T23:59", "description": ""}
    response = _post(mission_world, persona, url, data)
    _check(response, mission_world, persona, 302 if persona == "staff" else STAFF_ONLY[persona], url)
    created = Mission.objects.filter(title="Boston Water Week")
    if persona == "staff":
        mission = created.get()
        assert (mission.slug, mission.status, mission.capacity) == ("boston-water-week", "draft", 20)
        # Typed in the mission's zone: 23:59 in New York is 03:59 UTC the next day.
        assert mission.application_deadline == dt.datetime(2027, 7, 2, 3, 59, tzinfo=dt.UTC)
        assert response["Location"] == reverse("missions:mission_dashboard", args=[mission.slug])
    else:
        assert not created.exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_apply_post(mission_world, persona):
    mission_world["pending"].delete()
    url = reverse("missions:mission_apply", args=[mission_world["mission"].slug])
    response = _post(mission_world, persona, url, {"motivation": "We fit.",
                                           "wanted_demands": [mission_world["demand"].pk]})
    expected = expect(404, sme_owner=302, sme_member=302, other_sme=302)[persona]
    _check(response, mission_world, persona, expected, url)
    applications = dict(MissionApplication.objects.values_list("organisation__name", "status"))
    expected_rows = {"Nordic Heat Solutions": "accepted"}
    if persona == "other_sme":
        expected_rows["Solar Alps GmbH"] = "submitted"
        application = MissionApplication.objects.get(organisation__name="Solar Alps GmbH")
        assert list(application.wanted_demands.all()) == [mission_world["demand"]]
        assert application.submitted_by == mission_world["personas"]["other_sme"].user
    assert applications == expected_rows
