"""Hostile input on the missions forms a non-staff person submits (a buyer's demand project,
an SME's application), and on the staff's CSV import of demand projects: never a server
error; text within a field's limit reads back equal; anything else is refused with a message
and changes nothing. (tests/missions/test_hostile_input.py has the cases that were 500s.)"""

import csv
import io

import pytest
from django.urls import reverse
from hypothesis import example, given

from missions.demand_import import COLUMNS
from missions.models import DemandProject, MissionApplication
from tests.factories import MissionFactory
from tests.hostile_text import HOSTILE, SAMPLES, form_errors, hostile_text, rolled_back, stored

pytestmark = pytest.mark.django_db

NUL = "nul\x00byte"


def _fits(value: str, limit: int | None) -> bool:
    kept = stored(value)
    return "\x00" not in value and bool(kept) and (limit is None or len(kept) <= limit)


def _demand(**fields) -> dict:
    return {"title": "Sponge city drainage", "description_en": "Rainwater retention.",
            "city": "Nanjing", "market": "china", "language": "en", "status": "open",
            "procurement_stage": "planning", **fields}  # fmt: skip


DEMAND_TEXT = [("title", 200), ("description_en", None), ("city", 120), ("timeline", 120),
               ("contact_name", 200)]  # fmt: skip


@HOSTILE
@given(value=hostile_text(300))
@example(value="江北新区海绵城市排水系统改造，" * 300)
@example(value="مشروع تصريف مياه الأمطار 🌧️")
@example(value=NUL)
def test_a_demand_project_keeps_any_text_or_is_refused(approved_buyer_client, approved_buyer_org,
                                                       value):
    with rolled_back():
        for field, limit in DEMAND_TEXT:
            response = approved_buyer_client.post(reverse("missions:demand_create"),
                                                  _demand(**{field: value}))  # fmt: skip
            demands = list(DemandProject.objects.filter(buyer=approved_buyer_org).values(field))
            if _fits(value, limit):
                assert response.status_code == 302, (field, form_errors(response))
                assert demands == [{field: stored(value)}]
                DemandProject.objects.filter(buyer=approved_buyer_org).delete()
            else:
                assert response.status_code == 200 and field in form_errors(response), field
                assert demands == []


@HOSTILE
@given(motivation=hostile_text(4000))
@example(motivation="我们希望在南京会见区域供热的采购方。" * 200)
@example(motivation=NUL)
@example(motivation=SAMPLES[3] * 10)
def test_an_application_keeps_any_motivation_or_is_refused(sme_owner_client, sme_org, motivation):
    with rolled_back():
        mission = MissionFactory(slug="open-mission")
        url = reverse("missions:mission_apply", args=[mission.slug])
        response = sme_owner_client.post(url, {"motivation": motivation, "sectors": []})
        applied = list(MissionApplication.objects.filter(mission=mission, organisation=sme_org)
                       .values_list("motivation", flat=True))  # fmt: skip
        if _fits(motivation, 4000):
            assert response.status_code == 302, form_errors(response)
            assert applied == [stored(motivation)]
        else:
            assert response.status_code == 200 and "motivation" in form_errors(response)
            assert applied == []


# --- CSV files -------------------------------------------------------------------------------


def _csv(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, restval="")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _row(**fields) -> dict:
    return {"buyer": "jiangbei-planning", "title": "Heat network", "city": "Nanjing",
            "market": "china", "description_en": "Replace coal boilers.", **fields}  # fmt: skip


def _import(client, content: bytes, name: str = "demand.csv"):
    upload = io.BytesIO(content)
    upload.name = name
    return client.post(reverse("missions:demand_import"), {"file": upload})


BAD_FILES = [
    ("latin-1", _csv([_row(city="Malmö Köping")]).encode("latin-1"), "not UTF-8 encoded"),
    ("utf-16", _csv([_row()]).encode("utf-16"), "not UTF-8 encoded"),
    ("gb18030", _csv([_row(title="江北供热")]).encode("gb18030"), "not UTF-8 encoded"),
    ("empty", b"", "The submitted file is empty"),
    ("no header", b"\r\n\r\n", "Missing columns"),
    ("a picture", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "not UTF-8"),
    ("a NUL in a field", _csv([_row(title="Heat\x00network")]).encode(),
     "Null characters are not allowed."),
    ("a bare CR", _csv([_row(title="Heat\rnetwork")]).replace('"Heat\rnetwork"',
                                                               "Heat\rnetwork").encode(),
     "not valid CSV at line 2"),
    ("a field of 131,073 characters", _csv([_row(description_en="x" * 131_073)]).encode(),
     "not valid CSV at line 2"),
]


@pytest.mark.parametrize(("case", "content", "message"), BAD_FILES, ids=[c[0] for c in BAD_FILES])
def test_a_bad_csv_file_is_refused_with_a_message(staff_client, buyer_org, case, content,
                                                  message):
    response = _import(staff_client, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert DemandProject.objects.count() == 0


def test_a_csv_file_with_a_byte_order_mark_imports(staff_client, buyer_org):
    content = "\ufeff" + _csv([_row(title="江北供热 🔥", description_en=SAMPLES[1])])
    response = _import(staff_client, content.encode("utf-8"))
    assert response.status_code == 302
    assert list(DemandProject.objects.values_list("title", "description_en")) == [
        ("江北供热 🔥", SAMPLES[1])
    ]
