"""Investor pages for every role: who gets what (404 for anyone the object is not theirs),
the SME's contact details absent from everything the investor reaches before the SME
accepts, and the KPI page and its exports holding the pipeline."""

import io
import json
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from matchmaking.investors import services
from matchmaking.investors.models import Pipeline, Stage
from tests.fixtures import ALL_PERSONAS

from .conftest import client_for

ROLES = [*ALL_PERSONAS, "investor", "other_investor", "unapproved_investor"]


@pytest.fixture
def clients(persona_client, request):
    def get(role):
        if role in ("investor", "other_investor", "unapproved_investor"):
            return client_for(request.getfixturevalue(role))
        return persona_client(role)
    return get


@pytest.fixture
def pipeline(investor_org, investor, sme_org, sme_owner, sme_member, delegation_mission):
    return services.interest_mark(investor=investor_org, sme=sme_org,
                                  note="We back district heating.", actor=investor)


def _expected(role, allowed, *, anonymous=302):
    if role == "anonymous":
        return anonymous
    return 200 if role in allowed else 404


PAGES = {
    # url name → the roles that get 200 (anonymous is sent to log in; others get 404)
    "pipelines": set(ROLES) - {"anonymous"},
    "browse": {"investor", "other_investor", "staff", "admin"},
    "interest_create": {"investor", "other_investor"},
    "pipeline_detail": {"investor", "sme_owner", "sme_member", "staff", "admin"},
}


def _url(name, pipeline, sme_org):
    if name == "interest_create":
        return reverse("investors:interest_create", args=[sme_org.slug])
    if name == "pipeline_detail":
        return reverse("investors:pipeline_detail", args=[pipeline.pk])
    return reverse(f"investors:{name}")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", list(PAGES))
def test_each_page_for_each_role(clients, pipeline, sme_org, role, name):
    response = clients(role).get(_url(name, pipeline, sme_org))
    assert response.status_code == _expected(role, PAGES[name]), (role, name)
    if response.status_code == 302:
        assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("role", ROLES)
def test_only_the_smes_people_answer_the_introduction(clients, pipeline, role):
    url = reverse("investors:introduction_answer", args=[pipeline.pk])
    response = clients(role).post(url, {"answer": "accept"})
    pipeline.refresh_from_db()
    if role in ("sme_owner", "sme_member"):
        assert response.status_code == 302
        assert pipeline.stage == Stage.INTRODUCED
    else:
        assert response.status_code == (302 if role == "anonymous" else 404)
        assert pipeline.stage == Stage.INTEREST


@pytest.mark.parametrize("role", ROLES)
def test_only_the_investor_moves_the_pipeline(clients, pipeline, sme_owner, role):
    services.introduction_answer(pipeline=pipeline, accept=True, actor=sme_owner)
    url = reverse("investors:pipeline_move", args=[pipeline.pk])
    response = clients(role).post(url, {"stage": "due_diligence"})
    pipeline.refresh_from_db()
    if role == "investor":
        assert (response.status_code, pipeline.stage) == (302, Stage.DUE_DILIGENCE)
    else:
        assert response.status_code == (302 if role == "anonymous" else 404)
        assert pipeline.stage == Stage.INTRODUCED


def test_the_pipeline_list_shows_each_organisation_only_its_own(
    clients, pipeline, investor_org, other_investor, sme_org
):
    other = services.interest_mark(investor=other_investor.organisation, sme=sme_org,
                                   note="Also keen", actor=other_investor)

    def rows(role):
        html = clients(role).get(reverse("investors:pipelines")).content.decode()
        return sorted(int(pk) for pk in re.findall(r'data-pipeline="(\d+)"', html))

    assert rows("investor") == [pipeline.pk]
    assert rows("other_investor") == [other.pk]
    assert rows("sme_owner") == sorted([pipeline.pk, other.pk])
    assert rows("staff") == sorted([pipeline.pk, other.pk])
    assert rows("other_sme") == rows("approved_buyer") == rows("unapproved_investor") == []


def test_an_investor_marks_interest_through_the_form(clients, investor_org, sme_org,
                                                     delegation_mission):
    client = clients("investor")
    url = reverse("investors:interest_create", args=[sme_org.slug])
    response = client.post(url, {"note": "Keen on heat pumps."})
    pipeline = Pipeline.objects.get()
    assert response["Location"] == reverse("investors:pipeline_detail", args=[pipeline.pk])
    assert (pipeline.investor, pipeline.sme, pipeline.note, pipeline.mission) == (
        investor_org, sme_org, "Keen on heat pumps.", delegation_mission)
    again = client.post(url, {"note": "Twice"})
    assert again.status_code == 200
    assert "already marked interest" in again.content.decode()


def test_moving_to_an_investment_through_the_form_keeps_the_value(clients, pipeline, sme_owner):
    services.introduction_answer(pipeline=pipeline, accept=True, actor=sme_owner)
    clients("investor").post(reverse("investors:pipeline_move", args=[pipeline.pk]), {
        "stage": "investment", "value": "3000000", "currency": "EUR", "stake_percent": "15",
        "deal_date": "2027-06-15"})
    pipeline.refresh_from_db()
    assert (pipeline.stage, pipeline.value, pipeline.currency, str(pipeline.stake_percent),
            str(pipeline.deal_date)) == ("investment", 3_000_000, "EUR", "15.00", "2027-06-15")


def test_the_browse_page_shows_readiness_and_outcome_counts_without_contacts(
    clients, pipeline, sme_org, sme_profile, approved_buyer_org, delegation_mission
):
    from matchmaking.models import Outcome

    for kind in ("loi", "pilot", "pilot"):
        Outcome.objects.create(mission=delegation_mission, sme=sme_org, buyer=approved_buyer_org,
                               organisation=sme_org, kind=kind)
    html = clients("investor").get(reverse("investors:browse")).content.decode()
    card = html.split(f'data-slug="{sme_org.slug}"')[1].split('class="col"')[0]
    # Two pilots from one match, reported twice, are one deal.
    assert re.search(r'data-outcome="loi">1<', card) and re.search(r'data-outcome="pilot">1<', card)
    assert re.search(r'class="col-4 text-end readiness">\d+ %<', card)
    assert sme_profile.contact_email not in html


def test_list_pages_have_a_fixed_query_count(clients, investor_org, investor, sme_org,
                                             delegation_mission):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import CompanyProfileFactory
    from tests.matchmaking.conftest import delegate

    client = clients("investor")
    counts = []
    for new in (1, 2):  # one SME, then three
        for _ in range(new):
            sme = CompanyProfileFactory().organisation
            delegate(delegation_mission, sme)
            services.interest_mark(investor=investor_org, sme=sme, note="x", actor=investor)
        with CaptureQueriesContext(connection) as list_queries:
            assert client.get(reverse("investors:pipelines")).status_code == 200
        with CaptureQueriesContext(connection) as browse_queries:
            assert client.get(reverse("investors:browse")).status_code == 200
        counts.append((len(list_queries), len(browse_queries)))
    assert counts[0] == counts[1], counts


# --- Contact details stay hidden before the SME accepts -------------------------------------


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href") if tag == "a" else None
        if href and href.startswith("/") and not href.startswith("//"):
            self.links.append(href.split("#")[0])


SKIP = ("/accounts/logout", "/admin", "/static/", "/i18n/")


def _crawl(client, start: list[str], limit: int = 250) -> dict[str, str]:
    """GET every page reachable by links from ``start`` (same site, at most ``limit``)."""
    seen: dict[str, str] = {}
    queue = list(start)
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen or url.startswith(SKIP):
            continue
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode("utf-8", "replace")
        seen[url] = text
        if response.get("Content-Type", "").startswith("text/html"):
            parser = Links()
            parser.feed(text)
            queue += [link for link in parser.links if link not in seen]
    return seen


CONTACTS = ("Signe Kontakt", "sales@nordic-heat.example.com", "+46 40 600 70 80")


@pytest.fixture
def contacts(sme_profile):
    sme_profile.contact_name, sme_profile.contact_phone = CONTACTS[0], CONTACTS[2]
    sme_profile.save()
    assert sme_profile.contact_email == CONTACTS[1]
    return sme_profile


def _api_urls(sme_org) -> list[str]:
    from matchmaking.api.urls import router

    lists = [f"/api/v1/{prefix}/" for prefix, _viewset, _name in router.registry]
    return [*lists, f"/api/v1/organisations/{sme_org.slug}/", "/api/schema/"]


def test_contacts_are_absent_from_every_page_and_api_response_until_the_sme_accepts(
    clients, contacts, pipeline, sme_org, sme_owner, investor_org, delegation_mission
):
    from tests.factories import DemandProjectFactory

    # The investor has a demand project in the SME's mission, as buyers do: the matching
    # and meeting pages are then reachable too.
    DemandProjectFactory(buyer=investor_org, mission=delegation_mission,
                         title="Joint venture for heat networks")
    client = clients("investor")
    start = ["/", reverse("investors:pipelines"), reverse("investors:browse"),
             reverse("investors:pipeline_detail", args=[pipeline.pk]),
             reverse("companies:profile_detail", args=[sme_org.slug]),
             reverse("companies:directory"), reverse("landing:package_list"),
             reverse("matchmaking:notifications"), *_api_urls(sme_org)]
    pages = _crawl(client, start)
    assert len(pages) >= 25, sorted(pages)
    for url, text in pages.items():
        for secret in CONTACTS:
            assert secret not in text, (url, secret)
    api = json.loads(pages[f"/api/v1/organisations/{sme_org.slug}/"])
    assert (api["contacts_visible"], api["contact_email"], api["contact_name"]) == (False, "", "")
    catalogue = client.get(reverse("matchmaking:delegation_catalogue",
                                   args=[delegation_mission.pk]))
    assert catalogue.status_code == 403

    # Once the SME accepts, the same pages show them: the test above can fail.
    services.introduction_answer(pipeline=pipeline, accept=True, actor=sme_owner)
    detail = client.get(reverse("investors:pipeline_detail", args=[pipeline.pk])).content.decode()
    profile = client.get(reverse("companies:profile_detail", args=[sme_org.slug])).content.decode()
    api = client.get(f"/api/v1/organisations/{sme_org.slug}/").json()
    for secret in CONTACTS:
        assert secret in detail and secret in profile
    assert (api["contact_email"], api["contact_phone"]) == (CONTACTS[1], CONTACTS[2])


# --- KPIs -----------------------------------------------------------------------------------


def _pipeline_world(investor_org, investor, other_investor, sme_org, sme_owner, other_sme_org,
                    other_sme_owner, delegation_mission):
    from tests.matchmaking.conftest import delegate

    delegate(delegation_mission, other_sme_org)
    first = services.interest_mark(investor=investor_org, sme=sme_org, note="a", actor=investor)
    services.introduction_answer(pipeline=first, accept=True, actor=sme_owner)
    services.pipeline_move(pipeline=first, stage="investment", actor=investor, value=2_000_000,
                           currency="EUR")
    second = services.interest_mark(investor=other_investor.organisation, sme=sme_org, note="b",
                                    actor=other_investor)
    services.introduction_answer(pipeline=second, accept=True, actor=sme_owner)
    services.pipeline_move(pipeline=second, stage="joint_venture", actor=other_investor,
                           value=9_000_000, currency="CNY")
    services.pipeline_move(pipeline=second, stage="closed", actor=other_investor)
    third = services.interest_mark(investor=investor_org, sme=other_sme_org, note="c",
                                   actor=investor)
    services.introduction_answer(pipeline=third, accept=True, actor=other_sme_owner)
    services.pipeline_move(pipeline=third, stage="term_sheet", actor=investor)
    services.pipeline_move(pipeline=third, stage="dropped", actor=investor)
    return first, second, third


EXPECTED_TOTAL = {"interest": 3, "introduced": 3, "due_diligence": 3, "term_sheet": 3,
                  "investment": 2, "closed": 1}


def test_the_kpi_page_and_exports_hold_the_pipeline(
    staff_client, investor_org, investor, other_investor, sme_org, sme_owner, other_sme_org,
    other_sme_owner, delegation_mission
):
    from openpyxl import load_workbook

    from tests.matchmaking.outcomes.test_kpis import KpiPage

    _pipeline_world(investor_org, investor, other_investor, sme_org, sme_owner, other_sme_org,
                    other_sme_owner, delegation_mission)
    page = KpiPage()
    page.feed(staff_client.get(reverse("matchmaking:kpis")).content.decode())
    assert dict(page.figures[("kpi-pipeline", "total")]) == EXPECTED_TOTAL
    assert page.values[("kpi-pipeline", "total")] == {
        ("investment", "CNY"): 9_000_000, ("investment", "EUR"): 2_000_000}
    mission = page.figures[("kpi-pipeline-missions", str(delegation_mission.pk))]
    assert dict(mission) == EXPECTED_TOTAL
    # Sweden (sme_org) and Austria (other_sme_org, the factory's default country).
    assert dict(page.figures[("kpi-pipeline-by-country", "Sweden")]) == {
        "interest": 2, "introduced": 2, "due_diligence": 2, "term_sheet": 2, "investment": 2,
        "closed": 1}
    assert dict(page.figures[("kpi-pipeline-by-country", "Austria")]) == {
        "interest": 1, "introduced": 1, "due_diligence": 1, "term_sheet": 1, "investment": 0,
        "closed": 0}
    assert any(section == "kpi-pipeline-by-sector" for section, _group in page.figures)

    xlsx = staff_client.get(reverse("matchmaking:kpis_export", args=["xlsx"]))
    rows = list(load_workbook(io.BytesIO(xlsx.content))["Funnel"].iter_rows(values_only=True))
    counts = {(r[0], r[1], r[2]): r[3] for r in rows if r[3] not in ("", None)}
    money = {(r[0], r[1], r[2], r[4]): r[5] for r in rows if r[4]}
    labels = ["Investor interest", "Introductions accepted", "Due diligence", "Term sheets",
              "Investments and joint ventures", "Closed deals"]
    assert [counts[("Investment pipeline", "All", label)] for label in labels] == list(
        EXPECTED_TOTAL.values())
    assert money[("Investment pipeline", "All", labels[4], "EUR")] == 2_000_000
    assert money[("Investment pipeline", "All", labels[4], "CNY")] == 9_000_000
    assert counts[("Investment pipeline: Mission", delegation_mission.title, labels[0])] == 3
    assert counts[("Investment pipeline: Country", "Sweden", labels[4])] == 2
    csv_text = staff_client.get(reverse("matchmaking:kpis_export", args=["csv"])).content.decode(
        "utf-8-sig")
    assert "Investment pipeline,All,Investments and joint ventures,,EUR,2000000" in csv_text
