"""Demand projects: posting, editing, and the all-or-nothing CSV import."""

import csv
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from missions.demand_import import COLUMNS, demand_projects_import_csv, template_csv
from missions.models import DemandProject
from missions.services import demand_project_create, demand_project_update
from tests.factories import BuyerOrganisationFactory, MissionFactory, SectorFactory


def test_a_buyer_posts_a_demand_project_for_its_organisation(buyer, buyer_org, mission):
    sector = SectorFactory(code="water-treatment")
    demand = demand_project_create(
        actor=buyer, buyer=buyer_org, sectors=[sector], mission=mission,
        title="Sponge city drainage", description_en="Rainwater retention for 4 km².",
        city="Nanjing", market="china", min_trl=7, technologies=["permeable paving"],
    )
    demand.refresh_from_db()
    assert (demand.buyer, demand.mission, demand.created_by, demand.status) == (
        buyer_org, mission, buyer, DemandProject.Status.OPEN,
    )  # fmt: skip
    assert demand.technologies == ["permeable paving"]
    assert list(demand.sectors.all()) == [sector]


def test_staff_post_on_a_buyers_behalf_but_others_cannot(
    staff_user, buyer, approved_buyer_org, sme_owner, sme_org,
):
    fields = dict(title="Bus depot charging", description_en="Chargers for 200 buses.",
                  city="New York", market="usa")
    demand = demand_project_create(actor=staff_user, buyer=approved_buyer_org, **fields)
    assert demand.buyer == approved_buyer_org and demand.created_by == staff_user
    with pytest.raises(PermissionDenied):
        demand_project_create(actor=buyer, buyer=approved_buyer_org, **fields)
    with pytest.raises(ValidationError):
        demand_project_create(actor=sme_owner, buyer=sme_org, **fields)
    assert DemandProject.objects.count() == 1


def test_a_buyer_closes_its_demand_project_and_cannot_touch_others(
    demand, buyer, buyer_org, approved_buyer, approved_buyer_org,
):
    demand_project_update(demand_project=demand, actor=buyer, status="closed")
    demand.refresh_from_db()
    assert demand.status == DemandProject.Status.CLOSED
    with pytest.raises(PermissionDenied):
        demand_project_update(demand_project=demand, actor=approved_buyer, status="open")
    with pytest.raises(PermissionDenied):
        demand_project_update(demand_project=demand, actor=buyer, buyer=approved_buyer_org)
    demand.refresh_from_db()
    assert (demand.status, demand.buyer) == (DemandProject.Status.CLOSED, buyer_org)


def test_an_invalid_trl_is_refused(buyer, buyer_org):
    with pytest.raises(ValidationError) as excinfo:
        demand_project_create(actor=buyer, buyer=buyer_org, title="x", description_en="y",
                              city="Nanjing", market="china", min_trl=12)
    assert list(excinfo.value.message_dict) == ["min_trl"]


# --- CSV import ----------------------------------------------------------------------------


@pytest.fixture
def import_world(buyer_org, approved_buyer_org):
    """The rows below name the buyer personas' organisations by slug."""
    assert (buyer_org.slug, approved_buyer_org.slug) == ("jiangbei-planning", "nyc-resilience")
    MissionFactory(slug="nanjing-2027")
    SectorFactory(code="district-heating")
    SectorFactory(code="water-treatment")


def _rows(count: int) -> list[dict]:
    rows = []
    for n in range(count):
        rows.append({
            "buyer": "jiangbei-planning" if n % 2 else "nyc-resilience",
            "mission": "nanjing-2027" if n % 3 == 0 else "",
            "title": f"Demand {n:03}",
            "description_en": f"Need number {n}.",
            "description_zh": "需求" if n % 5 == 0 else "",
            "sectors": "district-heating;water-treatment" if n % 4 == 0 else "district-heating",
            "technologies": "heat pumps; storage",
            "city": "Nanjing" if n % 2 else "New York",
            "market": "china" if n % 2 else "usa",
            "budget_band": "1m-10m",
            "timeline": "2027",
            "procurement_stage": "planning",
            "min_trl": str(5 + n % 4),
            "required_certifications": "ISO 9001",
            "language": "en",
            "contact_name": "Project office",
            "contact_email": f"office{n}@example.org",
            "status": "open",
        })  # fmt: skip
    return rows


def _csv(rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # with the BOM spreadsheets write


def test_500_rows_with_3_bad_ones_import_nothing_and_report_those_rows(import_world, staff_user):
    rows = _rows(500)
    rows[9]["buyer"] = "no-such-buyer"  # file line 11
    rows[249]["min_trl"] = "12"  # line 251
    rows[499]["market"] = "mars"  # line 501
    rows[499]["contact_email"] = "not-an-address"
    result = demand_projects_import_csv(content=_csv(rows), actor=staff_user)
    assert result.bad_lines == [11, 251, 501]
    assert [(e.line, e.column) for e in result.errors] == [
        (11, "buyer"), (251, "min_trl"), (501, "market"), (501, "contact_email"),
    ]  # fmt: skip
    assert result.errors[0].message == "No buyer with this identifier."
    assert result.created == []
    assert DemandProject.objects.count() == 0


def test_the_fixed_file_imports_all_500(import_world, staff_user, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        result = demand_projects_import_csv(content=_csv(_rows(500)), actor=staff_user)
    assert result.errors == []
    assert len(result.created) == DemandProject.objects.count() == 500
    first = DemandProject.objects.get(title="Demand 000")
    assert (first.buyer.slug, first.mission.slug, first.market, first.min_trl) == (
        "nyc-resilience", "nanjing-2027", "usa", 5,
    )  # fmt: skip
    assert first.technologies == ["heat pumps", "storage"]
    assert sorted(first.sectors.values_list("code", flat=True)) == [
        "district-heating", "water-treatment"
    ]
    assert first.created_by == staff_user
    assert DemandProject.sectors.through.objects.count() == 500 + 125


def test_errors_name_the_file_line_past_blank_lines_and_quoted_line_breaks(
    import_world, staff_user
):
    rows = _rows(3)
    rows[0]["description_en"] = "Three lines:\nheat pumps,\nstorage."  # file lines 2–4
    rows[2]["buyer"] = "no-such-buyer"
    lines = _csv(rows).decode("utf-8").split("\r\n")
    content = "\r\n".join(lines[:2] + ["", ""] + lines[2:]).encode()  # two blank lines
    result = demand_projects_import_csv(content=content, actor=staff_user)
    # Header 1, the first row 2–4, blank lines 5–6, the second row 7, the bad row 8.
    assert [(e.line, e.column) for e in result.errors] == [(8, "buyer")]
    assert DemandProject.objects.count() == 0


def test_a_semicolon_separated_file_with_pipes_in_lists_imports(import_world, staff_user):
    rows = _rows(2)
    rows[0]["sectors"] = "district-heating|water-treatment"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, delimiter=";")
    writer.writeheader()
    writer.writerows(rows)
    result = demand_projects_import_csv(content=out.getvalue().encode(), actor=staff_user)
    assert result.errors == []
    first = DemandProject.objects.get(title="Demand 000")
    assert sorted(first.sectors.values_list("code", flat=True)) == [
        "district-heating", "water-treatment"
    ]
    assert first.technologies == ["heat pumps", "storage"]


def test_an_xlsx_workbook_imports_like_its_csv(import_world, staff_user):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(COLUMNS)
    for row in _rows(4):
        sheet.append([int(row[c]) if c == "min_trl" else row.get(c, "") for c in COLUMNS])
    out = io.BytesIO()
    workbook.save(out)
    result = demand_projects_import_csv(content=out.getvalue(), actor=staff_user)
    assert result.errors == []
    assert sorted(DemandProject.objects.values_list("title", "min_trl")) == [
        ("Demand 000", 5), ("Demand 001", 6), ("Demand 002", 7), ("Demand 003", 8),
    ]  # fmt: skip


def test_a_file_with_wrong_columns_is_refused_whole(import_world, staff_user):
    content = b"buyer,title,colour\njiangbei-planning,Heat,blue\n"
    result = demand_projects_import_csv(content=content, actor=staff_user)
    assert [(e.line, e.message) for e in result.errors] == [
        (1, "Missing columns: city, description_en, market."),
        (1, "Unknown columns: colour."),
    ]
    assert DemandProject.objects.count() == 0


def test_a_non_utf8_file_is_refused(import_world, staff_user):
    result = demand_projects_import_csv(content="buyer\nMalmö".encode("latin-1"), actor=staff_user)
    assert [e.message for e in result.errors] == ["The file is not UTF-8 encoded text."]


def test_the_template_is_a_valid_import_once_its_ids_exist(staff_user, db):
    BuyerOrganisationFactory(slug="jiangbei-new-area-planning")
    SectorFactory(code="district-heating")
    result = demand_projects_import_csv(content=template_csv().encode(), actor=staff_user)
    assert result.errors == []
    assert [d.title for d in result.created] == ["District heating retrofit, 12,000 homes"]


def test_only_staff_import(buyer):
    with pytest.raises(PermissionDenied):
        demand_projects_import_csv(content=b"", actor=buyer)


def test_demand_changes_are_announced_to_the_hooks(buyer, buyer_org, staff_user, import_world):
    from missions import hooks

    seen: list[int] = []
    hooks.register_demand_changed(seen.append)
    try:
        demand = demand_project_create(actor=buyer, buyer=buyer_org, title="Heat",
                                       description_en="x", city="Nanjing", market="china")
        demand_project_update(demand_project=demand, actor=buyer, status="closed")
        result = demand_projects_import_csv(content=_csv(_rows(3)), actor=staff_user)
    finally:
        hooks.unregister_demand_changed(seen.append)
    assert seen == [demand.pk, demand.pk, *[d.pk for d in result.created]]
    assert len(seen) == 5
