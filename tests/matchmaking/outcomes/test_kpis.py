"""Acceptance 1: every number of the KPI page, and of its XLSX and CSV exports, equals a
count computed here independently from the rows (ORM counts, not the KPI module)."""

import csv
import io
from collections import defaultdict
from html.parser import HTMLParser

import pytest
from django.db.models import Q, Sum
from django.urls import reverse
from django_countries import countries

from companies.models import CompanyProfile, Organisation
from matchmaking.models import Meeting, MeetingRequest, Outcome
from missions.models import MissionApplication

from .kpi_world import build_world

STAGES = ["applied", "selected", "requests", "accepted", "held", "follow_ups", "loi",
          "pilots_contracts", "investment"]
OUTCOME_KINDS = {"follow_ups": ["contact"], "loi": ["loi"], "pilots_contracts": ["pilot", "contract"],
                 "investment": ["joint_venture", "investment"]}


def expected(mission=None, smes=None) -> dict:
    """The funnel by direct counts; ``smes`` limits it to those SMEs' rows."""
    def only(rows, field="sme"):
        rows = rows if mission is None else rows.filter(mission=mission)
        return rows if smes is None else rows.filter(**{f"{field}__in": smes})

    applications = only(MissionApplication.objects.filter(organisation__kind="sme"), "organisation")
    requests = only(MeetingRequest.objects.all())
    meetings = only(Meeting.objects.all())
    held = meetings.filter(feedback__took_place="held").distinct()
    no_show = meetings.filter(feedback__took_place="no_show").exclude(
        pk__in=held.values("pk")).distinct()
    figures = {
        "applied": applications.count(),
        "selected": applications.filter(status="accepted").count(),
        "requests": requests.count(),
        "accepted": requests.filter(status="accepted").count(),
        "held": held.count(),
        "no_shows": no_show.count(),
    }
    values = {}
    for stage, kinds in OUTCOME_KINDS.items():
        outcomes = only(Outcome.objects.filter(kind__in=kinds))
        figures[stage] = outcomes.values("mission", "sme", "buyer").distinct().count()
        values[stage] = {
            row["currency"]: row["total"]
            for row in outcomes.exclude(currency="").values("currency").annotate(total=Sum("value"))
        }
    figures["values"] = {stage: v for stage, v in values.items() if v}
    return figures


class KpiPage(HTMLParser):
    """Reads the figures out of the KPI page: totals and each breakdown's groups."""

    def __init__(self):
        super().__init__()
        self.section = None
        self.row = None
        self.cell = None
        self.text = ""
        self.figures = defaultdict(dict)  # (section, group) → stage → count
        self.values = defaultdict(dict)  # (section, group) → (stage, currency) → value

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section" and attrs.get("id"):
            self.section = attrs["id"]
        if tag == "tr" and ("data-stage" in attrs or "data-group" in attrs):
            self.row = attrs
        if tag in ("td", "span") and self.row is not None:
            self.cell, self.text = attrs, ""

    def handle_data(self, data):
        if self.cell is not None:
            self.text += data

    def handle_endtag(self, tag):
        if tag in ("td", "span") and self.cell is not None:
            cell, text, row = self.cell, self.text.strip(), self.row
            group = row.get("data-group", "total")
            key = (self.section, group)
            if "data-currency" in cell:
                stage = cell.get("data-stage") or row.get("data-stage")
                self.values[key][(stage, cell["data-currency"])] = int(text.split(" ")[-2])
            elif "kpi-count" in cell.get("class", ""):
                self.figures[key][row["data-stage"]] = int(text)
            elif "data-stage" in cell and "data-group" in row:
                self.figures[key][cell["data-stage"]] = int(text)
            self.cell = None
        if tag == "tr":
            self.row = None


def read_page(client, mission=None) -> KpiPage:
    url = reverse("matchmaking:kpis") + (f"?mission={mission.pk}" if mission else "")
    response = client.get(url)
    assert response.status_code == 200
    page = KpiPage()
    page.feed(response.content.decode())
    return page


def page_funnel(page, key) -> dict:
    figures = dict(page.figures[key])
    values = defaultdict(dict)
    for (stage, currency), value in page.values[key].items():
        values[stage][currency] = value
    figures["values"] = dict(values)
    return figures


def groups_of_smes(smes) -> dict:
    """dimension → label → SME ids, from the profiles (independently of the KPI module)."""
    groups = {"country": defaultdict(set), "cluster": defaultdict(set), "sector": defaultdict(set),
              "market": defaultdict(set)}
    for profile in CompanyProfile.objects.filter(organisation__in=smes).select_related(
        "organisation"
    ):
        sme = profile.organisation_id
        groups["country"][countries.name(profile.organisation.country)].add(sme)
        for cluster in profile.clusters.all() or [None]:
            groups["cluster"][cluster.name if cluster else "—"].add(sme)
        for sector in profile.sectors.all() or [None]:
            top = (sector.parent or sector).name_en if sector else "—"
            groups["sector"][top].add(sme)
        labels = {"china": "China", "usa": "USA"}
        for market in profile.target_markets or [None]:
            groups["market"][labels[market] if market else "—"].add(sme)
    return groups


@pytest.fixture
def world(db):
    return build_world()


def test_the_seeded_world_has_a_real_funnel(world):
    # A sanity check on the seed itself, so that equal numbers below are not all zero.
    assert {k: v for k, v in expected().items() if k != "values"} == {
        "applied": 7, "selected": 5, "requests": 7, "accepted": 4, "held": 3, "no_shows": 1,
        "follow_ups": 2, "loi": 1, "pilots_contracts": 2, "investment": 2}
    assert expected()["values"] == {
        "loi": {"EUR": 100_000, "CNY": 700_000}, "pilots_contracts": {"EUR": 250_000, "USD": 50_000},
        "investment": {"USD": 2_000_000, "EUR": 1_500_000}}


@pytest.mark.parametrize("which", ["all", "china", "usa"])
def test_every_number_on_the_kpi_page_equals_an_independent_count(world, staff_client, which):
    mission = {"all": None, "china": world.missions[0], "usa": world.missions[1]}[which]
    page = read_page(staff_client, mission)
    assert page_funnel(page, ("kpi-figures", "total")) == expected(mission)
    smes = [sme.pk for sme in world.smes]
    seen = 0
    for dimension, groups in groups_of_smes(smes).items():
        involved = {label: ids for label, ids in groups.items()
                    if any(expected(mission, [pk])["applied"] or expected(mission, [pk])["requests"]
                           for pk in ids)}
        on_page = {group for (section, group) in page.figures if section == f"kpi-by-{dimension}"}
        assert on_page == set(involved), dimension
        for label, ids in involved.items():
            assert page_funnel(page, (f"kpi-by-{dimension}", label)) == expected(mission, ids), (
                dimension, label)
            seen += 1
    assert seen >= 12
    if mission is None:
        for each in world.missions:
            assert page_funnel(page, ("kpi-missions", str(each.pk))) == expected(each)


def test_rates_on_the_page(world, staff_client):
    html = staff_client.get(reverse("matchmaking:kpis")).content.decode()
    # 4 of 7 requests accepted; 1 no-show among 4 meetings with feedback.
    assert 'id="acceptance-rate">57 %' in html
    assert 'id="no-show-rate">25 %' in html


def test_the_xlsx_holds_the_same_numbers(world, staff_client):
    from openpyxl import load_workbook

    response = staff_client.get(reverse("matchmaking:kpis_export", args=["xlsx"]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Funnel", "SMEs"]
    rows = list(workbook["Funnel"].iter_rows(values_only=True))
    labels = dict(zip(STAGES, [r[2] for r in rows[1:10]], strict=True))
    counts = {(r[0], r[1], r[2]): r[3] for r in rows[1:] if r[3] not in ("", None)}
    money = {(r[0], r[1], r[2], r[4]): r[5] for r in rows[1:] if r[4]}
    whole = expected()
    for stage in STAGES:
        assert counts[("All", "All", labels[stage])] == whole[stage], stage
        for currency, value in whole["values"].get(stage, {}).items():
            assert money[("All", "All", labels[stage], currency)] == value
    assert counts[("All", "All", "No-shows")] == whole["no_shows"]
    for dimension_label, dimension in (("Country", "country"), ("Cluster", "cluster"),
                                       ("Sector", "sector"), ("Target market", "market")):
        for label, ids in groups_of_smes([s.pk for s in world.smes])[dimension].items():
            figures = expected(None, ids)
            for stage in STAGES:
                assert counts[(dimension_label, label, labels[stage])] == figures[stage]
    for mission in world.missions:
        figures = expected(mission)
        for stage in STAGES:
            assert counts[("Mission", mission.title, labels[stage])] == figures[stage]
    smes = list(workbook["SMEs"].iter_rows(values_only=True))
    by_name = {row[0]: row for row in smes[1:]}
    for sme in world.smes:
        figures = expected(None, [sme.pk])
        assert list(by_name[sme.name][2:11]) == [figures[s] for s in STAGES], sme.name


def test_the_csv_exports_hold_the_same_numbers(world, staff_client):
    url = reverse("matchmaking:kpis_export", args=["csv"])
    mission = world.missions[0]
    text = staff_client.get(url + f"?mission={mission.pk}").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    figures = expected(mission)
    total = [r for r in rows[1:] if r[0] == "All" and r[3] != ""]
    assert [int(r[3]) for r in total[:9]] == [figures[s] for s in STAGES]
    smes = list(csv.reader(io.StringIO(
        staff_client.get(url + f"?mission={mission.pk}&part=smes").content.decode("utf-8-sig"))))
    names = sorted(r[0] for r in smes[1:])
    involved = Organisation.objects.filter(
        Q(mission_applications__mission=mission) | Q(pk__in=MeetingRequest.objects.filter(
            mission=mission).values("sme"))).distinct()
    assert names == sorted(o.name for o in involved)


def test_kpi_page_query_count_does_not_grow_with_rows(staff_client, db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.fixtures import CompanyProfileFactory
    from tests.matchmaking.conftest import delegate, mission_with_agenda

    counts = []
    mission = mission_with_agenda()
    for rows in (1, 2):  # one SME, then three
        for _index in range(rows):
            delegate(mission, CompanyProfileFactory().organisation)
        with CaptureQueriesContext(connection) as queries:
            assert staff_client.get(reverse("matchmaking:kpis")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
