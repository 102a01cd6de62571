"""Hostile input that used to end in a server error: each now gets a 404 or a form error
and changes nothing. Every test here failed on the code before its fix."""

import csv
import datetime as dt
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from missions.demand_import import COLUMNS
from missions.models import DemandProject, Mission

from ..fixtures import (
    BuyerOrganisationFactory,
    ClusterFactory,
    MembershipFactory,
    StaffFactory,
    UserFactory,
    _client_for,
)

pytestmark = pytest.mark.django_db


# Own people and a mission, so these tests stand apart from the persona fixtures.
@pytest.fixture
def cluster(db):
    return ClusterFactory(name="Hostile Input Cluster", slug="hostile-input-cluster")


@pytest.fixture
def staff_member(cluster):
    user = StaffFactory(email="staff@hostile.example.org", time_zone="UTC")
    MembershipFactory(user=user, organisation=cluster)
    return user


@pytest.fixture
def staff(staff_member) -> Client:
    return _client_for(staff_member)


@pytest.fixture
def hostile_buyer(db) -> Client:
    user = UserFactory(email="buyer@hostile.example.cn")
    MembershipFactory(user=user, organisation=BuyerOrganisationFactory(slug="hostile-buyer"))
    return _client_for(user)


@pytest.fixture
def hostile_mission(cluster):
    start = timezone.now().date() + dt.timedelta(days=90)
    mission = Mission.objects.create(
        title="Nanjing 2027", slug="nanjing-2027", target_market="china", host_city="Nanjing",
        time_zone="Asia/Shanghai", start_date=start, end_date=start + dt.timedelta(days=2),
        application_deadline=timezone.now() + dt.timedelta(days=30), capacity=25,
        status=Mission.Status.OPEN,
    )
    mission.organisers.set([cluster])
    return mission

HUGE_ID = str(2**70)


def _demand_data(**overrides) -> dict:
    return {
        "title": "Sponge city drainage",
        "description_en": "Rainwater retention.",
        "city": "Nanjing",
        "market": "china",
        "language": "en",
        "status": "open",
        **overrides,
    }


@pytest.mark.parametrize(
    ("field", "value"),
    [("sectors", HUGE_ID), ("sectors", "-" + HUGE_ID), ("mission", HUGE_ID)],
)
def test_an_oversized_id_in_a_demand_form_is_a_form_error(hostile_buyer, hostile_mission, field,
                                                         value):
    response = hostile_buyer.post(reverse("missions:demand_create"), _demand_data(**{field: value}))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert DemandProject.objects.count() == 0


def test_an_oversized_id_in_the_mission_form_is_a_form_error(staff):
    response = staff.post(
        reverse("missions:mission_create"),
        {
            "title": "Far mission", "organisers": HUGE_ID, "sector_focus": HUGE_ID,
            "target_market": "china", "host_city": "Nanjing", "time_zone": "Asia/Shanghai",
            "start_date": "2027-05-01", "end_date": "2027-05-03", "capacity": "20",
            "application_deadline": "2027-04-01T12:00",
        },
    )
    assert response.status_code == 200
    assert {"organisers", "sector_focus"} <= set(response.context["form"].errors)


def _mission_data(**overrides) -> dict:
    return {
        "title": "Mission at the end of time",
        "target_market": "usa",
        "host_city": "Pago Pago",
        "time_zone": "Pacific/Pago_Pago",
        "start_date": "9999-12-31",
        "end_date": "9999-12-31",
        "capacity": "20",
        "application_deadline": "9999-12-31T23:30",
        **overrides,
    }


@pytest.mark.parametrize("reader_zone", ["UTC", "Pacific/Pago_Pago", "Asia/Tokyo"])
def test_mission_dates_near_year_9999_in_a_far_west_zone_are_a_form_error(
    staff, staff_member, cluster, reader_zone
):
    staff_member.time_zone = reader_zone
    staff_member.save(update_fields=["time_zone"])
    data = _mission_data(organisers=str(cluster.pk))
    response = staff.post(reverse("missions:mission_create"), data)
    assert response.status_code == 200
    assert "application_deadline" in response.context["form"].errors
    assert not Mission.objects.filter(title="Mission at the end of time").exists()


def test_editing_a_mission_to_year_9999_is_a_form_error(staff, cluster, hostile_mission):
    data = _mission_data(organisers=str(cluster.pk), title=hostile_mission.title)
    response = staff.post(reverse("missions:mission_edit", args=[hostile_mission.slug]), data)
    assert response.status_code == 200
    assert "application_deadline" in response.context["form"].errors
    hostile_mission.refresh_from_db()
    assert hostile_mission.start_date.year < 9999


def _import(client, content: bytes):
    upload = io.BytesIO(content)
    upload.name = "demand.csv"
    return client.post(reverse("missions:demand_import"), {"file": upload})


def _row(**overrides) -> dict:
    return {
        "buyer": "jiangbei-planning", "title": "Heat network", "city": "Nanjing",
        "market": "china", "description_en": "Replace coal boilers.", **overrides,
    }


def _csv(rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, restval="")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def test_a_bare_carriage_return_in_an_unquoted_csv_field_is_reported(staff):
    header, first, rest = _csv([_row(), _row(), _row()]).decode().split("\r\n", 2)
    broken = first.replace("Heat network", "Heat\rnetwork", 1)
    response = _import(staff, f"{header}\r\n{broken}\r\n{rest}".encode())
    assert response.status_code == 200
    text = response.content.decode()
    assert "is not valid CSV at line 2" in text
    assert DemandProject.objects.count() == 0


def test_a_csv_field_over_the_parser_limit_is_reported(staff):
    response = _import(staff, _csv([_row(), _row(description_en="x" * 131_073)]))
    assert response.status_code == 200
    assert "is not valid CSV at line 3" in response.content.decode()
    assert DemandProject.objects.count() == 0
