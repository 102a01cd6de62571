"""Hostile input that used to end in a server error: each now gets a 404 or a form error
and changes nothing. Every test here failed on the code before its fix."""

import io

import pytest
from django.urls import reverse

from missions.models import DemandProject, Mission
from tests.factories import BuyerOrganisationFactory, MissionFactory, SectorFactory

from .test_demand_projects import _csv, _rows

pytestmark = pytest.mark.django_db

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
def test_an_oversized_id_in_a_demand_form_is_a_form_error(buyer_client, mission, field, value):
    SectorFactory(code="water-treatment")
    response = buyer_client.post(reverse("missions:demand_create"), _demand_data(**{field: value}))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert DemandProject.objects.count() == 0


def test_an_oversized_id_in_the_mission_form_is_a_form_error(staff_client):
    response = staff_client.post(
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
    staff_user, staff_client, cluster_org, reader_zone
):
    staff_user.time_zone = reader_zone
    staff_user.save(update_fields=["time_zone"])
    data = _mission_data(organisers=str(cluster_org.pk))
    response = staff_client.post(reverse("missions:mission_create"), data)
    assert response.status_code == 200
    assert "application_deadline" in response.context["form"].errors
    assert not Mission.objects.filter(title="Mission at the end of time").exists()


def test_editing_a_mission_to_year_9999_is_a_form_error(staff_client, cluster_org, mission):
    data = _mission_data(organisers=str(cluster_org.pk), title=mission.title)
    response = staff_client.post(reverse("missions:mission_edit", args=[mission.slug]), data)
    assert response.status_code == 200
    assert "application_deadline" in response.context["form"].errors
    mission.refresh_from_db()
    assert mission.start_date.year < 9999


def _import(client, content: bytes):
    upload = io.BytesIO(content)
    upload.name = "demand.csv"
    return client.post(reverse("missions:demand_import"), {"file": upload})


def _import_world():
    BuyerOrganisationFactory(slug="jiangbei-planning")
    BuyerOrganisationFactory(slug="nyc-resilience")
    MissionFactory(slug="nanjing-2027")
    SectorFactory(code="district-heating")
    SectorFactory(code="water-treatment")


def test_a_bare_carriage_return_in_an_unquoted_csv_field_is_reported(staff_client):
    _import_world()
    good = _csv(_rows(3)).decode()
    header, first, rest = good.split("\r\n", 2)
    broken = first.replace("Heat", "He\rat", 1) if "Heat" in first else first[:10] + "\r" + first[10:]
    response = _import(staff_client, f"{header}\r\n{broken}\r\n{rest}".encode())
    assert response.status_code == 200
    text = response.content.decode()
    assert "is not valid CSV" in text
    assert DemandProject.objects.count() == 0


def test_a_csv_field_over_the_parser_limit_is_reported(staff_client):
    _import_world()
    rows = _rows(2)
    rows[1]["description_en"] = "x" * 131_073
    response = _import(staff_client, _csv(rows))
    assert response.status_code == 200
    assert "is not valid CSV" in response.content.decode()
    assert DemandProject.objects.count() == 0
