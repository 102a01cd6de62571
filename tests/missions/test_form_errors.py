"""Staff and SME input that broke a rule the database checks: each is a form error on its
field (never "Constraint … is violated."), and bounds that were missing now hold."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from missions import services
from missions.models import AgendaSession, Mission, MissionApplication
from tests.matchmaking.conftest import MeetingDayFactory, MissionFactory

pytestmark = pytest.mark.django_db


def _mission_data(**overrides) -> dict:
    return {
        "title": "Nanjing heat 2027",
        "target_market": "china",
        "host_city": "Nanjing",
        "time_zone": "Asia/Shanghai",
        "start_date": "2027-06-15",
        "end_date": "2027-06-17",
        "capacity": "20",
        "application_deadline": "2027-04-01T12:00",
        **overrides,
    }


def test_mission_end_before_start_is_a_field_error(staff_client, cluster_org):
    mission = MissionFactory(start_date=dt.date(2027, 6, 15), end_date=dt.date(2027, 6, 17))
    mission.organisers.set([cluster_org])
    response = staff_client.post(
        reverse("missions:mission_edit", args=[mission.slug]),
        _mission_data(organisers=cluster_org.pk, end_date="2027-06-10"),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["end_date"]
    assert "Constraint" not in response.content.decode()
    assert Mission.objects.get().end_date == dt.date(2027, 6, 17)


def test_mission_capacity_has_a_sensible_bound(staff_client, cluster_org, staff_user):
    response = staff_client.post(
        reverse("missions:mission_create"),
        _mission_data(organisers=cluster_org.pk, capacity="100000"),
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["capacity"]
    with pytest.raises(ValidationError) as refused:
        services.mission_create(
            actor=staff_user, title="Big", target_market="china", host_city="Nanjing",
            time_zone="Asia/Shanghai", start_date=dt.date(2027, 6, 15),
            end_date=dt.date(2027, 6, 16),
            application_deadline=dt.datetime(2027, 4, 1, tzinfo=dt.UTC), capacity=30000,
        )
    assert list(refused.value.error_dict) == ["capacity"]


@pytest.mark.parametrize(
    ("status", "to_status"), [("confirmed", "running"), ("running", "completed")]
)
def test_a_mission_cannot_run_or_complete_before_its_dates(staff_user, status, to_status):
    mission = MissionFactory(status=status)  # starts in 90 days
    with pytest.raises(ValidationError) as refused:
        services.mission_transition(mission=mission, to_status=to_status, actor=staff_user)
    assert refused.value.code == "before_dates"
    mission.refresh_from_db()
    assert mission.status == status


def test_a_mission_runs_once_its_first_day_has_come(staff_user):
    today = dt.date.today()
    mission = MissionFactory(
        status="confirmed", start_date=today - dt.timedelta(days=1), end_date=today,
        application_deadline=dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
    )
    services.mission_transition(mission=mission, to_status="running", actor=staff_user)
    assert Mission.objects.get(pk=mission.pk).status == "running"


def test_session_end_before_start_is_a_readable_error(staff_client, cluster_org):
    mission = MissionFactory()
    mission.organisers.set([cluster_org])
    day = MeetingDayFactory(mission=mission, date=mission.start_date)
    response = staff_client.post(
        reverse("missions:agenda_session_add", args=[mission.slug, day.pk]),
        {"part": "morning", "start_time": "11:00", "end_time": "09:00", "slot_minutes": 30,
         "break_minutes": 0, "tables": 5},
        follow=True,
    )
    text = response.content.decode()
    assert "Constraint" not in text
    assert "The session must end after it starts." in text
    assert AgendaSession.objects.count() == 0


def test_session_form_labels_point_to_existing_inputs(staff_client, cluster_org):
    mission = MissionFactory()
    mission.organisers.set([cluster_org])
    MeetingDayFactory(mission=mission, date=mission.start_date)
    MeetingDayFactory(mission=mission, date=mission.end_date)
    html = staff_client.get(reverse("missions:agenda_manage", args=[mission.slug])).content.decode()
    targets = re.findall(r'<label[^>]*\bfor="([^"]+)"', html)
    ids = set(re.findall(r'\bid="([^"]+)"', html))
    assert len(targets) >= 12
    assert [t for t in targets if t not in ids] == []
    assert len(ids) == len(re.findall(r'\bid="([^"]+)"', html))  # no duplicate ids


def test_motivation_length_is_bounded_in_the_service(sme_owner, sme_org):
    mission = MissionFactory()
    with pytest.raises(ValidationError) as refused:
        services.mission_apply(
            mission=mission, organisation=sme_org, actor=sme_owner, motivation="x" * 22000
        )
    assert list(refused.value.error_dict) == ["motivation"]
    assert MissionApplication.objects.count() == 0
